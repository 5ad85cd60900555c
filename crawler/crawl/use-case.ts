// The crawl use case, written once for `crawl`, `daemon` and `check`: settings from flags, target
// selection, opening or resuming a crawl, the session, the run and its summary. The callers only
// present what happens (a progress bar, JSON log lines) and map errors to exit codes or log events.
import type { DomainReport, Outcome, ProbeResult } from "../contract.ts";
import { classifyAnswer, type IqAnswer } from "../model/answer.ts";
import { jidDomain } from "../model/jid.ts";
import { accountConfig, checkReuseMs, keepProbes, networkConfig, optoutPath, reconnectPatienceMs, seedsPath, vantagesConfig } from "../config.ts";
import type { DomainList, DomainListError } from "../model/domain.ts";
import { probeDomain, withContactChecks, type ProbeOutcome } from "../probe/probe.ts";
import { contactChecker, type ContactChecker } from "../probe/contact-checks.ts";
import { openContactNetwork, type ContactNetwork } from "../net/network.ts";
import type { CrawlCounts, Store } from "../store/store.ts";
import { XmppSession, type SessionConfig } from "../xmpp/session.ts";
import { DEFAULT_CRAWL_SETTINGS, openCrawl, runCrawl, type CrawlProgress, type CrawlSettings, type CrawlSummary } from "./crawl.ts";
import { addList } from "./lists.ts";
import { listedVia } from "./sources.ts";
import { newCrawlTargets } from "./targets.ts";
import { VantagePanel } from "./vantages.ts";
import { mayBeWorthAskingElsewhere } from "../rules/federation.ts";
import { recordProbe, rejudgeStored } from "./record.ts";
import { RULES_VERSION } from "../rules/version.ts";
import { KEEP_CHANGED_PROBES } from "../politeness.ts";

/** The politeness flags the commands share (README: command line). */
export interface CrawlFlags {
  concurrency?: number | undefined;
  /** Probes started per second; 0: no cap. */
  rate?: number | undefined;
  /** Seconds one IQ may take. */
  timeout?: number | undefined;
}

/** The crawl settings: the defaults (crawler/politeness.ts) with the configuration and the flags given. */
export function crawlSettings(flags: CrawlFlags = {}): CrawlSettings {
  return {
    ...DEFAULT_CRAWL_SETTINGS,
    reconnectPatienceMs: reconnectPatienceMs(),
    reuseChecksMs: checkReuseMs(),
    ...(flags.concurrency !== undefined && { concurrency: flags.concurrency }),
    ...(flags.rate !== undefined && { probesPerSecond: flags.rate }),
    ...(flags.timeout !== undefined && { iqTimeoutMs: flags.timeout * 1000 }),
  };
}

export type LoginRetryListener = NonNullable<SessionConfig["onLoginRetry"]>;

/** A logged-in session of the crawler's account, closed after use. A failed login (after its retries) throws LoginError. */
async function withSession<T>(use: (session: XmppSession) => Promise<T>, onLoginRetry?: LoginRetryListener): Promise<T> {
  const session = await XmppSession.open({ ...accountConfig(), ...(onLoginRetry && { onLoginRetry }) });
  try {
    return await use(session);
  } finally {
    await session.close();
  }
}

/** Our own server's domain: the account's, which accountConfig has checked is a bare JID. */
const homeDomain = (accountJid: string): string => jidDomain(accountJid)!;

/**
 * The session of the crawler's account and the panel of the other vantages (OBSERVATORY_VANTAGES),
 * each logged in and checked against the control domain, all closed after use.
 */
async function withVantages<T>(
  settings: CrawlSettings,
  use: (session: XmppSession, panel: VantagePanel) => Promise<T>,
  onLoginRetry?: LoginRetryListener,
): Promise<T> {
  const config = vantagesConfig(); // a bad value is a ConfigError before anything logs in
  const home = accountConfig();
  return withSession(async (session) => {
    const panel = await VantagePanel.open(homeDomain(home.jid), session, config, settings);
    try {
      return await use(session, panel);
    } finally {
      await panel.close();
    }
  }, onLoginRetry);
}

/**
 * The contact checks' network for the time of `use` (none when OBSERVATORY_CONTACT_CHECKS is off).
 * A process opens one and gives it to everything it checks with: politeness holds per process.
 */
export async function withContactNetwork<T>(use: (network: ContactNetwork | undefined) => Promise<T>, config = networkConfig()): Promise<T> {
  const network = openContactNetwork(config);
  try {
    return await use(network);
  } finally {
    await network?.close();
  }
}

/** One probe outside a crawl (check, chat), asked again through the other vantages when there are any, with its addresses checked when there is a checker. */
async function probeChecked(
  session: XmppSession,
  domain: string,
  settings: CrawlSettings,
  checker: ContactChecker | undefined,
  panel?: VantagePanel,
): Promise<ProbeOutcome> {
  let result = await probeDomain(session, domain, settings);
  if (panel) result = await panel.secondOpinion(result, settings);
  return checker ? withContactChecks(checker, result) : result;
}

/** What a crawl tells its caller besides the progress of the probes. */
export interface CrawlEvents {
  /** A line of a domain file was skipped. */
  listLineSkipped(error: DomainListError & { file: string }): void;
  /** A new crawl was opened over these targets. */
  targetsChosen(info: { targets: number; dormantSkipped: number; seeded: number; optedOut: number }): void;
  /** The history of these opted-out domains was purged: their grace period had ended. */
  optOutsPurged(domains: string[]): void;
  /** A login attempt failed and another follows. */
  loginRetry: LoginRetryListener;
  /** Stored probes that older rules judged were judged again (rules/version.ts RULES_VERSION). */
  probesRejudged(info: { probes: number; rulesVersion: number }): void;
  /** After a finished crawl, old probes that changed nothing were deleted (OBSERVATORY_KEEP_PROBES). */
  historyPruned(deleted: { probes: number; answers: number }): void;
  /** The crawl about to run: a new one, or the unfinished one resumed (an explicit list then waits for the next run). */
  opened(crawl: { crawlId: number; resumed: boolean }): void;
}

export interface CrawlRequest {
  settings: CrawlSettings;
  /** The process's contact network (withContactNetwork), shared with whatever else it checks. */
  network: ContactNetwork | undefined;
  /** Domains given to this crawl (crawl --domains): added to the list, and the only targets of a new crawl. */
  explicit?: { file: string; list: DomainList } | undefined;
  progress: CrawlProgress;
  events: CrawlEvents;
  signal?: AbortSignal | undefined;
}

export interface CrawlOutcome {
  summary: CrawlSummary;
  counts: CrawlCounts;
}

/** The stores whose every domain's history retention has looked at in this process (crawlOnce). */
const prunedEveryDomain = new WeakSet<Store>();

/**
 * One crawl: resumes the unfinished one, or opens a new one over the chosen targets, then probes
 * them through one session. Throws CrawlBusyError when another live process owns the crawl, and
 * LoginError when our account cannot log in.
 */
export async function crawlOnce(store: Store, request: CrawlRequest): Promise<CrawlOutcome> {
  const { explicit, events, settings } = request;
  const keepLast = keepProbes(); // a bad value is a ConfigError now, not after the crawl
  if (explicit) addList(store, explicit.list, (named) => listedVia.crawlFile(explicit.file, named));
  // Every crawl, new or resumed, by the daemon or by hand, applies the opt-outs' retention.
  const purged = store.domains.purgeOptOuts();
  if (purged.length > 0) events.optOutsPurged(purged);
  // Stored probes that older rules judged are judged again here: after the purge (less to judge),
  // before the targets are chosen (dormancy reads the stored levels) and before the site is next
  // built, which follows a crawl. Each batch holds the write lock, so a second process doing the
  // same at once (a crawl then refused as busy) finds only what is left, and judges it alike.
  const rejudged = await rejudgeStored(store);
  if (rejudged > 0) events.probesRejudged({ probes: rejudged, rulesVersion: RULES_VERSION });
  const crawl = openCrawl(
    store,
    () => {
      const { targets, dormantSkipped, lists } = newCrawlTargets(store, { seeds: seedsPath(), optout: optoutPath() }, explicit?.list.domains);
      for (const error of lists.errors) events.listLineSkipped(error);
      events.targetsChosen({ targets: targets.length, dormantSkipped, seeded: lists.seeded, optedOut: lists.optedOut });
      return targets;
    },
    settings,
  );
  events.opened(crawl);
  // The crawl's session stays unavailable (no presence): messages go to the daemon's inbox.
  const summary = await withVantages(
    settings,
    (session, panel) => runCrawl(store, session, crawl, settings, request.progress, request.signal, request.network, panel),
    events.loginRetry,
  );
  if (summary.finished) {
    // A process's first crawl on a store looks at every domain: retention's bounds come from the
    // environment, which only a new process changes (a lowered OBSERVATORY_KEEP_PROBES then reaches
    // the domains no longer crawled). Each later one looks only at the domains it probed and those
    // a check probed, the only histories that grew.
    const scope = prunedEveryDomain.has(store) ? crawl.crawlId : undefined;
    events.historyPruned(store.probes.pruneHistory(keepLast, KEEP_CHANGED_PROBES, scope));
    prunedEveryDomain.add(store);
    // Checks older than the reuse window are never reused again.
    store.probes.forgetChecksBefore(new Date(Date.now() - settings.reuseChecksMs).toISOString());
  }
  return { summary, counts: store.crawls.counts(crawl.crawlId) };
}

/** A domain that opted out was named to be probed. */
export class OptedOutError extends Error {
  override name = "OptedOutError";
}

/**
 * A check asked for in chat: probes one domain now on the session the chat already has, adds it to
 * the list if new, and records the probe outside any crawl. The caller refuses opted-out domains.
 * `network` is the process's: every check at once, and the crawl beside them, share its limits.
 */
export async function checkInChat(
  session: XmppSession,
  domain: string,
  settings: CrawlSettings,
  store: Store,
  network: ContactNetwork | undefined,
): Promise<{ report: DomainReport; probeId: number }> {
  // The chat's session lives for the daemon's life; the other vantages log in only when a check may need them
  // (any failure of our own server's, the domain's or a contact's: it may be sick), once, and decide as in a
  // crawl (VantagePanel.secondOpinion for the domain, askElsewhere for its contacts).
  const vantages = vantagesConfig();
  let opened: Promise<VantagePanel> | undefined;
  const panel = () => (opened ??= VantagePanel.open(homeDomain(accountConfig().jid), session, vantages, settings));
  const mayAsk = (outcome: Outcome) => vantages.vantages.length > 0 && mayBeWorthAskingElsewhere(outcome);
  const elsewhere = async (contactDomain: string, ours: IqAnswer) =>
    mayAsk(classifyAnswer(ours).outcome) ? (await panel()).askElsewhere(contactDomain, ours, settings.iqTimeoutMs) : undefined;
  try {
    let result = await probeDomain(session, domain, settings);
    if (mayAsk(result.report.outcome)) result = await (await panel()).secondOpinion(result, settings);
    if (network) result = await withContactChecks(contactChecker(session, network, settings.iqTimeoutMs, [], elsewhere), result);
    store.domains.add([domain], listedVia.chat());
    return { report: result.report, probeId: recordProbe(store, null, result) };
  } finally {
    if (opened)
      await opened.then(
        (p) => p.close(),
        () => undefined,
      );
  }
}

/**
 * `check`: probes some domains now, through the same probe a crawl uses. With a store, the domains
 * join the list and each probe is recorded outside any crawl.
 */
export async function checkDomains(
  domains: string[],
  settings: CrawlSettings,
  store: Store | undefined,
  onLoginRetry?: LoginRetryListener,
): Promise<ProbeResult[]> {
  // A domain that opted out asked never to be probed by this observatory: not even by hand.
  const optedOut = store ? domains.filter((d) => store.domains.isOptedOut(d)) : [];
  if (optedOut.length > 0)
    throw new OptedOutError(`${optedOut.join(", ")} opted out of this observatory and is not probed (observatory domains optout --undo takes it back)`);
  return withContactNetwork((network) =>
    withVantages(
      settings,
      async (session, panel) => {
        // One checker for them all: a target two of the domains list is checked once.
        const elsewhere = panel.empty ? undefined : (domain: string, ours: IqAnswer) => panel.askElsewhere(domain, ours, settings.iqTimeoutMs);
        const checker = network && contactChecker(session, network, settings.iqTimeoutMs, [], elsewhere);
        const results = await Promise.all(domains.map((d) => probeChecked(session, d, settings, checker, panel)));
        if (store) {
          store.domains.add(domains, listedVia.check());
          for (const result of results) recordProbe(store, null, result);
        }
        return results;
      },
      onLoginRetry,
    ),
  );
}
