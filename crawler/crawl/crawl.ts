// A crawl: every pending domain through the queue, politely, checkpointed batch by batch of probes.
// A crawl interrupted (crash, signal, our own server gone too long) stays 'running' in the
// store, and the next run resumes it with the domains that have no probe yet.
import { setMaxListeners } from "node:events";
import PQueue from "p-queue";
import { isTransient, type IqAnswer } from "../model/answer.ts";
import type { DomainReport } from "../contract.ts";
import * as politeness from "../politeness.ts";
import { probeDomain, withContactChecks, type ProbeOptions, type ProbeOutcome } from "../probe/probe.ts";
import { contactChecker } from "../probe/contact-checks.ts";
import type { ContactNetwork } from "../net/network.ts";
import { StoreError, type Store } from "../store/store.ts";
import { discoveredDomains } from "./discovery.ts";
import { WriteBatch } from "./write-batch.ts";
import type { PanelReport, VantagePanel } from "./vantages.ts";
import { isHolderAlive } from "../process-identity.ts";
import { ConnectionLostError, type IqRequester } from "../xmpp/session.ts";
import { backoffDelay } from "../model/backoff.ts";

export interface CrawlSettings extends ProbeOptions {
  concurrency: number;
  /** 0: no cap. */
  probesPerSecond: number;
  retryDelayMs: number;
  reconnectPatienceMs: number;
}

export const DEFAULT_CRAWL_SETTINGS: CrawlSettings = {
  concurrency: politeness.DEFAULT_CONCURRENCY,
  probesPerSecond: politeness.DEFAULT_PROBES_PER_SECOND,
  iqTimeoutMs: politeness.DEFAULT_IQ_TIMEOUT_MS,
  budgetMs: politeness.DEFAULT_DOMAIN_BUDGET_MS,
  maxComponents: politeness.DEFAULT_MAX_COMPONENTS,
  retryDelayMs: politeness.RETRY_DELAY_MS,
  reconnectPatienceMs: politeness.RECONNECT_PATIENCE_MS,
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
    const unfinished = store.unfinishedCrawl();
    if (unfinished) {
      if (unfinished.pid !== process.pid && isHolderAlive(unfinished.pid, unfinished.process)) {
        throw new CrawlBusyError(`crawl #${unfinished.id} is running in process ${unfinished.pid}; wait for it or stop it first`);
      }
      store.claimCrawl(unfinished.id);
      return { crawlId: unfinished.id, resumed: true };
    }
    return { crawlId: store.startCrawl(domains(), settings), resumed: false };
  });
}

/** How long a transient failure waits before its retry: a timeout has waited already (politeness.ts RETRY_DELAY_MS). */
export function retryDelay(outcome: DomainReport["outcome"], attempt: number, retryDelayMs: number): number {
  return outcome === "timeout" || outcome === "remote-server-timeout" ? 0 : backoffDelay(attempt, retryDelayMs);
}

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
  const { crawlId } = crawl;
  // One checker per run: each contact target is checked once, and shared by every domain that lists it.
  // A resumed crawl starts from the targets its earlier run checked.
  const elsewhere = panel && !panel.empty ? (domain: string, ours: IqAnswer) => panel.askElsewhere(domain, ours, settings.iqTimeoutMs) : undefined;
  const checker = network && contactChecker(session, network, settings.iqTimeoutMs, crawl.resumed ? store.crawlChecks(crawlId) : [], elsewhere);
  const pending = store.pendingTargets(crawlId);
  const counts = store.crawlCounts(crawlId);
  progress.start(counts.total, counts.done, crawlId, crawl.resumed);

  const queue = new PQueue({
    concurrency: settings.concurrency,
    ...(settings.probesPerSecond > 0 && { intervalCap: settings.probesPerSecond, interval: 1000 }),
  });
  const summary: CrawlSummary = {
    crawlId,
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
  const crawlCap = store.discoveryCap();
  let storeFailure: Error | undefined;
  const retryTimers = new Set<NodeJS.Timeout>();
  const requeues = new Map<string, number>();
  let outstanding = 0;
  let settle!: () => void;
  const allDone = new Promise<void>((resolve) => (settle = resolve));

  // Stopping aborts every queued probe through its signal, so that each add() settles (p-queue's
  // clear() would drop them with their promises never settled, and the crawl would never end).
  // Probes already running see the interruption and finish; onIdle() below waits for them.
  const stopping = new AbortController();
  // Every queued probe listens on it: thousands of listeners are expected, not a leak.
  setMaxListeners(0, stopping.signal);
  const stop = (reason: string) => {
    if (summary.interruption) return;
    summary.interruption = reason;
    stopping.abort(new Error(reason));
    for (const timer of retryTimers) clearTimeout(timer);
    outstanding -= retryTimers.size;
    retryTimers.clear();
    if (outstanding <= 0) settle();
  };
  const onAbort = () => stop("stopped by a signal");
  signal?.addEventListener("abort", onAbort, { once: true });

  const schedule = (domain: string, attempt: number) => {
    outstanding++;
    void queue
      .add(() => probeOnce(domain, attempt), { signal: stopping.signal })
      .catch((error: Error) => {
        // Aborted by stop(), or a bug of ours: stop rather than lose it silently.
        if (!stopping.signal.aborted) stop(`internal error: ${error.message}`);
      })
      .finally(() => {
        outstanding--;
        if (outstanding <= 0) settle();
      });
  };

  const probeOnce = async (domain: string, attempt: number): Promise<void> => {
    if (summary.interruption) return;
    try {
      await session.waitOnline(settings.reconnectPatienceMs);
    } catch (error) {
      stop((error as Error).message);
      return;
    }
    if (summary.interruption) return;
    let result: ProbeOutcome;
    let retry: boolean;
    try {
      result = await probeDomain(session, domain, settings);
      retry = isTransient(result.report.outcome, result.report.error) && attempt <= politeness.MAX_RETRIES && !summary.interruption;
      // A failure of our own server's that stays (no retry left) is asked again through the other vantages, once.
      if (panel && !retry) result = await panel.secondOpinion(result, settings);
      // A probe retried later is checked then; an unreachable domain's report has no addresses to check.
      if (checker && !retry) result = await withContactChecks(checker, result);
    } catch (error) {
      // probeDomain turns every other failure into an internal-error report: this is our own connection dropping mid-probe.
      if (!(error instanceof ConnectionLostError)) throw error;
      // Nothing was stored for this domain; do it again.
      const times = (requeues.get(domain) ?? 0) + 1;
      requeues.set(domain, times);
      progress.connectionLost(domain);
      if (times <= politeness.MAX_REQUEUES && !summary.interruption) {
        summary.requeued++;
        schedule(domain, attempt);
      }
      return;
    }
    const { report } = result;
    if (result.failure) {
      summary.failedInternally.push(domain);
      progress.failed(domain, result.failure);
    }
    if (retry) {
      summary.retried++;
      progress.retrying(domain, report.error?.condition ?? report.outcome);
      outstanding++;
      const timer = setTimeout(
        () => {
          retryTimers.delete(timer);
          outstanding--;
          schedule(domain, attempt + 1);
        },
        retryDelay(report.outcome, attempt, settings.retryDelayMs),
      );
      retryTimers.add(timer);
      return;
    }
    if (storeFailure) return;
    writes.add({ result, attempts: attempt, found: discoveredDomains(report, result.itemsElsewhere) });
  };

  // Finished probes are stored in batches, each one transaction (politeness.ts STORE_BATCH).
  const writes = new WriteBatch<Parameters<Store["recordCrawlProbes"]>[1][number]>((batch) => {
    const record = (items: typeof batch) => store.recordCrawlProbes(crawlId, items, { perSource: politeness.DISCOVERY.perSource, crawlCap });
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
      summary.discovered += added;
      summary.discoveryDropped += dropped;
      summary.probedNow++;
      progress.probed(batch[i]!.result.report, batch[i]!.attempts);
    });
    if (failure) {
      // Stop, and let the next run probe the rest again.
      storeFailure ??= failure;
      writes.drop();
      stop(`the store could not be written: ${failure.message}`);
    }
  }, politeness.STORE_BATCH);

  try {
    for (const domain of pending) schedule(domain, 1);
    if (pending.length === 0) settle();
    await allDone;
    await queue.onIdle();
  } finally {
    writes.flush();
    signal?.removeEventListener("abort", onAbort);
    progress.stop();
  }
  if (storeFailure)
    throw new StoreError(
      `crawl #${crawlId} stopped: the store could not be written (${storeFailure.message}); every probe stored so far is kept, and the next run resumes`,
    );
  if (panel && !panel.empty) {
    summary.vantages = panel.report();
    if (summary.vantages.ownServerProblem) store.noteOwnServerProblem(crawlId, summary.vantages.ownServerProblem);
  }
  if (!summary.interruption && store.pendingTargets(crawlId).length === 0) {
    store.finishCrawl(crawlId);
    summary.finished = true;
  }
  return summary;
}
