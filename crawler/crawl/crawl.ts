// A crawl: every pending domain through the queue, politely, checkpointed batch by batch of probes.
// A crawl interrupted (crash, signal, our own server gone too long) stays 'running' in the
// store, and the next run resumes it with the domains that have no probe yet.
import PQueue from "p-queue";
import { isTransient, type IqAnswer } from "../model/answer.ts";
import type { DomainReport } from "../contract.ts";
import * as politeness from "../politeness.ts";
import { probeDomain, withContactChecks, type ProbeOptions, type ProbeOutcome } from "../probe/probe.ts";
import { contactChecker, type CheckFigures } from "../probe/contact-checks.ts";
import type { ContactNetwork } from "../net/network.ts";
import { StoreError, type Store } from "../store/store.ts";
import type { CrawlWrite } from "../store/probes.ts";
import { discoveredDomains } from "./discovery.ts";
import { WriteBatch } from "./write-batch.ts";
import type { PanelReport, VantagePanel } from "./vantages.ts";
import { isHolderAlive } from "../process-identity.ts";
import { ConnectionLostError, type IqRequester } from "../xmpp/session.ts";
import { backoffDelay } from "../model/backoff.ts";
import { judgedForStore, rejudgeWithOwnServerSick } from "./record.ts";

export interface CrawlSettings extends ProbeOptions {
  concurrency: number;
  /** 0: no cap. */
  probesPerSecond: number;
  retryDelayMs: number;
  reconnectPatienceMs: number;
  /** How long a contact check that worked is reused by later crawls (OBSERVATORY_CHECK_REUSE); 0: never. */
  reuseChecksMs: number;
}

export const DEFAULT_CRAWL_SETTINGS: CrawlSettings = {
  concurrency: politeness.DEFAULT_CONCURRENCY,
  probesPerSecond: politeness.DEFAULT_PROBES_PER_SECOND,
  iqTimeoutMs: politeness.DEFAULT_IQ_TIMEOUT_MS,
  budgetMs: politeness.DEFAULT_DOMAIN_BUDGET_MS,
  maxComponents: politeness.DEFAULT_MAX_COMPONENTS,
  retryDelayMs: politeness.RETRY_DELAY_MS,
  reconnectPatienceMs: politeness.RECONNECT_PATIENCE_MS,
  reuseChecksMs: politeness.CONTACT_CHECKS.reuseWorkingMs,
};

/** What a crawl needs of the session beyond IQs: to wait for it to be back online. */
export interface CrawlSession extends IqRequester {
  waitOnline(patienceMs: number): Promise<void>;
}

export interface CrawlProgress {
  start(total: number, alreadyDone: number, crawlId: number, resumed: boolean): void;
  probed(report: DomainReport, attempts: number): void;
  retrying(domain: string, reason: string): void;
  connectionLost(domain: string): void;
  /** A bug of ours while probing a domain: recorded as internal-error, and the crawl goes on. */
  failed(domain: string, error: Error): void;
  stop(): void;
}

export interface CrawlSummary {
  crawlId: number;
  resumed: boolean;
  finished: boolean;
  /** Why it stopped early, if it did. */
  interruption: string | undefined;
  probedNow: number;
  retried: number;
  requeued: number;
  /** Domains that hit a bug of ours: recorded with outcome internal-error, and named in the log. */
  failedInternally: string[];
  /** New domains found in what the probed ones publish; they join the list for the next crawl. */
  discovered: number;
  /** New domains found but left out, past the discovery bounds (politeness.ts DISCOVERY). */
  discoveryDropped: number;
  /** What the other vantages did (OBSERVATORY_VANTAGES), when there are any. */
  vantages?: PanelReport;
  /** What this run's contact checks did, when they ran: checks that asked a host, DNS-only ones, and those reused from before. */
  checks?: CheckFigures;
}

export class CrawlBusyError extends Error {
  override name = "CrawlBusyError";
}

/**
 * Resumes the unfinished crawl if there is one (and no live process owns it), or starts a new one
 * over `domains`; the check and the claim are one transaction, so two processes never both win.
 */
export function openCrawl(store: Store, domains: () => string[], settings: CrawlSettings): { crawlId: number; resumed: boolean } {
  return store.exclusively(() => {
    const unfinished = store.crawls.unfinished();
    if (unfinished) {
      if (unfinished.pid !== process.pid && isHolderAlive(unfinished.pid, unfinished.process)) {
        throw new CrawlBusyError(`crawl #${unfinished.id} is running in process ${unfinished.pid}; wait for it or stop it first`);
      }
      store.crawls.claim(unfinished.id);
      return { crawlId: unfinished.id, resumed: true };
    }
    return { crawlId: store.crawls.start(domains(), settings), resumed: false };
  });
}

/** How long a transient failure waits before its retry: a timeout has waited already (politeness.ts RETRY_DELAY_MS). */
export function retryDelay(outcome: DomainReport["outcome"], attempt: number, retryDelayMs: number): number {
  return outcome === "timeout" || outcome === "remote-server-timeout" ? 0 : backoffDelay(attempt, retryDelayMs);
}

/**
 * Probes every pending domain of a crawl, at the politeness caps, and stores each result. A
 * transient failure is retried once, a probe cut by our own dropped connection is put back, and a
 * failed store write stops the run with everything written so far kept: the next run resumes.
 */
export async function runCrawl(
  store: Store,
  session: CrawlSession,
  crawl: { crawlId: number; resumed: boolean },
  settings: CrawlSettings,
  progress: CrawlProgress,
  signal?: AbortSignal,
  network?: ContactNetwork,
  panel?: VantagePanel,
): Promise<CrawlSummary> {
  return new CrawlRun(store, session, crawl, settings, progress, network, panel).run(signal);
}

/** One run of a crawl: its queue, its retries and requeues, its batch writer, and how it stops. */
class CrawlRun {
  private readonly crawlId: number;
  private readonly checker: ReturnType<typeof contactChecker> | undefined;
  private readonly queue: PQueue;
  private readonly summary: CrawlSummary;
  private readonly writes: WriteBatch<CrawlWrite>;
  private readonly crawlCap: number;
  private storeFailure: Error | undefined;
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private readonly requeues = new Map<string, number>();
  /** Probes queued, running or waiting for their retry: the run ends when none is left. */
  private outstanding = 0;
  private settle!: () => void;
  private readonly allDone = new Promise<void>((resolve) => (this.settle = resolve));

  constructor(
    private readonly store: Store,
    private readonly session: CrawlSession,
    crawl: { crawlId: number; resumed: boolean },
    private readonly settings: CrawlSettings,
    private readonly progress: CrawlProgress,
    network: ContactNetwork | undefined,
    private readonly panel: VantagePanel | undefined,
  ) {
    this.crawlId = crawl.crawlId;
    // One checker per run: each contact target is checked once, and shared by every domain that lists it.
    // A resumed crawl starts from the targets its earlier run checked; a target checked in an
    // earlier crawl or check may be reused (rules/check-reuse.ts), from the store's last checks.
    const elsewhere = panel && !panel.empty ? (domain: string, ours: IqAnswer) => panel.askElsewhere(domain, ours, settings.iqTimeoutMs) : undefined;
    const reuse = settings.reuseChecksMs > 0 ? { lastCheck: (key: string) => store.probes.lastCheck(key), windowMs: settings.reuseChecksMs } : undefined;
    this.checker =
      network && contactChecker(session, network, settings.iqTimeoutMs, crawl.resumed ? store.crawls.checkedTargets(this.crawlId) : [], elsewhere, reuse);
    this.queue = new PQueue({
      concurrency: settings.concurrency,
      ...(settings.probesPerSecond > 0 && { intervalCap: settings.probesPerSecond, interval: 1000 }),
    });
    this.summary = {
      crawlId: this.crawlId,
      resumed: crawl.resumed,
      finished: false,
      interruption: undefined,
      probedNow: 0,
      retried: 0,
      requeued: 0,
      failedInternally: [],
      discovered: 0,
      discoveryDropped: 0,
    };
    this.crawlCap = store.domains.discoveryCap();
    // Finished probes are stored in batches, each one transaction (politeness.ts STORE_BATCH).
    this.writes = new WriteBatch<CrawlWrite>((batch) => this.record(batch), politeness.STORE_BATCH);
  }

  /** The crawl's policy: every pending domain queued once, the run waited out, then finished unless stopped. */
  async run(signal?: AbortSignal): Promise<CrawlSummary> {
    const pending = this.store.crawls.pendingTargets(this.crawlId);
    const counts = this.store.crawls.counts(this.crawlId);
    this.progress.start(counts.total, counts.done, this.crawlId, this.summary.resumed);
    const onAbort = () => this.stop("stopped by a signal");
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      for (const domain of pending) this.schedule(domain, 1);
      if (pending.length === 0) this.settle();
      await this.allDone;
      await this.queue.onIdle();
    } finally {
      this.writes.flush();
      signal?.removeEventListener("abort", onAbort);
      this.progress.stop();
    }
    if (this.storeFailure)
      throw new StoreError(
        `crawl #${this.crawlId} stopped: the store could not be written (${this.storeFailure.message}); every probe stored so far is kept, and the next run resumes`,
      );
    if (this.checker) {
      this.summary.checks = this.checker.figures();
      this.store.crawls.addCheckFigures(this.crawlId, this.summary.checks);
    }
    if (this.panel && !this.panel.empty) {
      this.summary.vantages = this.panel.report();
      // Found by this run, or by a run of this crawl that was stopped before it had written every probe again.
      const problem = this.summary.vantages.ownServerProblem ?? this.store.crawls.ownServerProblem(this.crawlId);
      if (problem) {
        if (!this.summary.vantages.ownServerProblem) this.summary.vantages.ownServerProblem = problem;
        this.store.crawls.noteOwnServerProblem(this.crawlId, problem);
        // Found only at the end (the share of OWN_SERVER_SICK): the probes stored before it was known are judged again, through the record step.
        this.summary.vantages.rejudged = rejudgeWithOwnServerSick(this.store, this.crawlId, this.panel.homeName).length;
      }
    }
    if (!this.summary.interruption && this.store.crawls.pendingTargets(this.crawlId).length === 0) {
      this.store.crawls.finish(this.crawlId);
      this.summary.finished = true;
    }
    return this.summary;
  }

  /** Queues one probe of a domain, at the queue's rate and concurrency. */
  private schedule(domain: string, attempt: number): void {
    this.outstanding++;
    // No abort signal per probe: p-queue would add and remove a listener on it for each probe,
    // and a listener is found by walking the signal's list, past every queued probe's own (a
    // crawl's CPU then grows with the square of its domains). stop() clears the queue instead.
    void this.queue
      .add(() => this.probeOnce(domain, attempt))
      .catch((error: Error) => {
        // A bug of ours: stop rather than lose it silently.
        this.stop(`internal error: ${error.message}`);
      })
      .finally(() => this.done());
  }

  private done(): void {
    this.outstanding--;
    if (this.outstanding <= 0) this.settle();
  }

  /** One probe: once our own server is online; then a retry, a second opinion from the other vantages, the contact checks, and the write. */
  private async probeOnce(domain: string, attempt: number): Promise<void> {
    const { summary, settings } = this;
    if (summary.interruption) return;
    try {
      await this.session.waitOnline(settings.reconnectPatienceMs);
    } catch (error) {
      this.stop((error as Error).message);
      return;
    }
    if (summary.interruption) return;
    let result: ProbeOutcome;
    let retry: boolean;
    try {
      result = await probeDomain(this.session, domain, settings);
      retry = isTransient(result.report.outcome, result.report.error) && attempt <= politeness.MAX_RETRIES && !summary.interruption;
      // A failure of our own server's that stays (no retry left) is asked again through the other vantages, once.
      if (this.panel && !retry) result = await this.panel.secondOpinion(result, settings);
      // A probe retried later is checked then; an unreachable domain's report has no addresses to check.
      if (this.checker && !retry) result = await withContactChecks(this.checker, result);
    } catch (error) {
      // probeDomain turns every other failure into an internal-error report: this is our own connection dropping mid-probe.
      if (!(error instanceof ConnectionLostError)) throw error;
      this.requeue(domain, attempt);
      return;
    }
    const { report } = result;
    if (result.failure) {
      summary.failedInternally.push(domain);
      this.progress.failed(domain, result.failure);
    }
    if (retry) return this.retryLater(domain, attempt, report);
    if (this.storeFailure) return;
    this.writes.add({ result: judgedForStore(this.store, result), attempts: attempt, found: discoveredDomains(report, result.itemsElsewhere) });
  }

  /** Nothing was stored for a domain whose probe our dropped connection cut: it is probed again, up to MAX_REQUEUES times. */
  private requeue(domain: string, attempt: number): void {
    const times = (this.requeues.get(domain) ?? 0) + 1;
    this.requeues.set(domain, times);
    this.progress.connectionLost(domain);
    if (times <= politeness.MAX_REQUEUES && !this.summary.interruption) {
      this.summary.requeued++;
      this.schedule(domain, attempt);
    }
  }

  /** A transient failure waits its retryDelay, then goes back in the queue. */
  private retryLater(domain: string, attempt: number, report: DomainReport): void {
    this.summary.retried++;
    this.progress.retrying(domain, report.error?.condition ?? report.outcome);
    this.outstanding++;
    const timer = setTimeout(
      () => {
        this.retryTimers.delete(timer);
        this.outstanding--;
        this.schedule(domain, attempt + 1);
      },
      retryDelay(report.outcome, attempt, this.settings.retryDelayMs),
    );
    this.retryTimers.add(timer);
  }

  /** Writes a batch in one transaction; if that fails, what can still be kept, one probe at a time, and then stops. */
  private record(batch: CrawlWrite[]): void {
    const record = (items: CrawlWrite[]) =>
      this.store.probes.recordBatch(this.crawlId, items, { perSource: politeness.DISCOVERY.perSource, crawlCap: this.crawlCap });
    let written: ReturnType<typeof record> = [];
    let failure: Error | undefined;
    try {
      written = record(batch);
    } catch {
      // The batch is one transaction and nothing of it was kept. Keep what can still be kept,
      // one probe at a time up to the first that fails (a full disk, a locked database).
      for (const item of batch) {
        try {
          written.push(...record([item]));
        } catch (error) {
          failure = error as Error;
          break;
        }
      }
    }
    written.forEach(({ stored, added, dropped }, i) => {
      // Opted out while it was probed: nothing kept.
      if (!stored) return;
      this.summary.discovered += added;
      this.summary.discoveryDropped += dropped;
      this.summary.probedNow++;
      this.progress.probed(batch[i]!.result.report, batch[i]!.attempts);
    });
    if (failure) {
      // Stop, and let the next run probe the rest again.
      this.storeFailure ??= failure;
      this.writes.drop();
      this.stop(`the store could not be written: ${failure.message}`);
    }
  }

  /** Stops the run: queued probes and waiting retries are dropped; running ones finish. */
  private stop(reason: string): void {
    if (this.summary.interruption) return;
    this.summary.interruption = reason;
    // The queued probes are dropped: their add() never settles, so they are no longer outstanding.
    // Probes already running see the interruption and finish; onIdle() waits for them.
    this.outstanding -= this.queue.size;
    this.queue.clear();
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.outstanding -= this.retryTimers.size;
    this.retryTimers.clear();
    if (this.outstanding <= 0) this.settle();
  }
}
