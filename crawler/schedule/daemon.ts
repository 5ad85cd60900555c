// The daemon: on a cron schedule, crawl, build the site into a fresh release, and publish it
// with an atomic swap. The scheduler is kept apart from the work (runOnce), which the daemon and
// its tests share. Runs never overlap; a failure keeps the previous site; the next run resumes.
import cron, { type Logger as CronLogger } from "node-cron";
import { resolve } from "node:path";
import { accountConfig, databasePath, securityContacts, siteUrl } from "../config.ts";
import type { CrawlProgress, CrawlSettings } from "../crawl/crawl.ts";
import { crawlOnce } from "../crawl/use-case.ts";
import { Store } from "../store/store.ts";
import { XmppSession } from "../xmpp/session.ts";
import { ChatBot } from "../chat/bot.ts";
import { Authbot } from "../chat/authbot.ts";
import { ProbeBudget } from "../chat/probe-budget.ts";
import type { MembershipRule } from "../operators/authbot.ts";
import { AUTHBOT } from "../politeness.ts";
import { listenForCommands } from "../chat/listener.ts";
import { notifyWatchers } from "../chat/notices.ts";
import { checkInChat } from "../crawl/use-case.ts";
import { openContactNetwork, type ContactNetwork } from "../net/network.ts";
import { buildSite } from "./build.ts";
import { acquireLock, CHAT_LOCK, CHAT_LOCK_WHAT } from "./lock.ts";
import type { Logger } from "../log.ts";
import { checkPublishDir, discardRelease, newReleaseDir, publishRelease } from "./publish.ts";
import { writeState, type DaemonState, type RunRecord } from "./state.ts";

export interface DaemonOptions {
  schedule: string;
  publishDir: string;
  runNow: boolean;
  settings: CrawlSettings;
  authbot?: AuthbotSetting;
}

/** The rooms of the authbot mode and the rule it applies there (none: no authbot mode). */
export interface AuthbotSetting {
  rooms: string[];
  rule: MembershipRule;
}

/** One run: crawl (or resume), build, publish. Never throws: the outcome is in the record. */
export async function runOnce(
  store: Store,
  db: string,
  options: DaemonOptions,
  network: ContactNetwork | undefined,
  logger: Logger,
  signal: AbortSignal,
): Promise<RunRecord> {
  const record: RunRecord = { startedAt: new Date().toISOString() };
  try {
    const { summary, counts } = await crawlOnce(store, {
      network,
      settings: options.settings,
      progress: progressLogger(logger),
      signal,
      events: {
        listLineSkipped: (e) => logger.log("warn", "domain-list-line-skipped", { file: e.file, line: e.line, reason: e.reason }),
        targetsChosen: (info) => logger.log("info", "crawl-targets", info),
        optOutsPurged: (domains) => logger.log("info", "opt-outs-purged", { domains }),
        probesRejudged: (info) => logger.log("info", "probes-rejudged", info),
        historyPruned: (deleted) => logger.log("info", "history-pruned", deleted),
        loginRetry: (info) => logger.log("warn", "login-retry", info),
        opened: (crawl) => {
          record.crawlId = crawl.crawlId;
          logger.log("info", crawl.resumed ? "crawl-resumed" : "crawl-started", { crawlId: crawl.crawlId });
        },
      },
    });
    logger.log("info", summary.finished ? "crawl-finished" : "crawl-stopped", {
      crawlId: summary.crawlId,
      ...counts,
      discovered: summary.discovered,
      discoveryDropped: summary.discoveryDropped,
      interruption: summary.interruption,
      ...(summary.vantages && { vantages: summary.vantages }),
      ...(summary.checks && { checks: summary.checks }),
    });
    if (!summary.finished) {
      record.result = "crawl-interrupted";
      record.error = summary.interruption;
      return record;
    }
    const release = newReleaseDir(options.publishDir);
    const build = await buildSite(db, release);
    if (build.code !== 0) {
      discardRelease(release);
      throw new Error(`the site build failed (exit ${build.code}): ${build.output.trim().split("\n").slice(-5).join(" / ")}`);
    }
    publishRelease(options.publishDir, release);
    record.result = "published";
    record.published = release;
    logger.log("info", "site-published", { crawlId: summary.crawlId, release, publishDir: options.publishDir });
  } catch (error) {
    record.result = "failed";
    record.error = (error as Error).message;
    logger.log("error", "run-failed", { error: record.error });
  } finally {
    record.finishedAt = new Date().toISOString();
  }
  return record;
}

function progressLogger(logger: Logger): CrawlProgress {
  let done = 0;
  let total = 0;
  return {
    start: (t, already, crawlId) => {
      total = t;
      done = already;
      logger.log("info", "crawl-progress", { crawlId, done, total });
    },
    probed: () => {
      done++;
      if (done % 100 === 0 || done === total) logger.log("info", "crawl-progress", { done, total });
    },
    retrying: (domain, reason) => logger.log("info", "probe-retry-scheduled", { domain, reason }),
    connectionLost: (domain) => logger.log("warn", "connection-lost", { domain }),
    failed: (domain, error) => logger.log("error", "probe-internal-error", { domain, error: error.stack ?? error.message }),
    stop: () => {},
  };
}

/**
 * node-cron's own messages, into our log: left to itself it writes coloured text to stderr, which
 * would break the one-JSON-object-a-line log. Its overlap warning is dropped, since the
 * execution:overlap event already logs run-skipped.
 */
function schedulerLogger(logger: Logger): CronLogger {
  const text = (message: string | Error, error?: Error) => [message instanceof Error ? message.message : message, error?.message].filter(Boolean).join(": ");
  return {
    info: (message) => logger.log("info", "scheduler", { message: text(message) }),
    warn: (message) => {
      if (!/overlap/i.test(message)) logger.log("warn", "scheduler", { message: text(message) });
    },
    error: (message, error) => logger.log("error", "scheduler", { message: text(message, error) }),
    debug: () => {},
  };
}

/**
 * The account's inbox for chat commands (crawler/chat/): a session of its own, available for the
 * daemon's whole life, so that a message is answered at once and not at the next crawl. Its checks,
 * and authbot's, use the process's contact network, which the daemon's crawls use too. At start,
 * a failed login stops the daemon (exit 3: a wrong account shows at once, and systemd's restart
 * retries a server that was down); later, it is retried at each run. Once online, the session
 * reconnects by itself.
 */
export async function openInbox(
  store: Store,
  settings: CrawlSettings,
  network: ContactNetwork | undefined,
  logger: Logger,
  atStart: boolean,
  authbot?: AuthbotSetting,
): Promise<XmppSession | undefined> {
  try {
    const inbox = await XmppSession.open({ ...accountConfig(), onLoginRetry: (info) => logger.log("warn", "login-retry", { session: "inbox", ...info }) });
    // One budget for what strangers make us probe: chat checks and authbot's joiners together.
    const budget = new ProbeBudget();
    const bot = new ChatBot({
      store,
      logger,
      siteUrl: siteUrl(),
      budget,
      probe: async (domain) => (await checkInChat(inbox, domain, settings, store, network)).report,
    });
    await listenForCommands(inbox, bot, logger);
    if (authbot && authbot.rooms.length > 0) {
      // authbot's own timeout for the probe of a joiner's domain, fresh each time (Authbot reuses it for a minute).
      const fresh = { ...settings, iqTimeoutMs: AUTHBOT.probeTimeoutMs };
      const options = { ...authbot, nick: AUTHBOT.nick, siteUrl: siteUrl() };
      await new Authbot(inbox, store, logger, (domain) => checkInChat(inbox, domain, fresh, store, network), options, budget)
        .start()
        .catch(async (error: Error) => {
          await inbox.close();
          throw error;
        });
    }
    inbox.on("reconnecting", (info) => logger.log("warn", "inbox-reconnecting", info));
    // Why a reconnection failed: a dropped socket, or a server we refused (no TLS: no password was sent).
    inbox.on("connection-error", (error: Error) => logger.log("warn", "inbox-connection-error", { error: error.message }));
    logger.log("info", "chat-inbox-online", { jid: inbox.jid });
    return inbox;
  } catch (error) {
    // Later, a failure (our server away, a room we can no longer serve) waits for the next run.
    if (atStart) throw error;
    logger.log("warn", "chat-inbox-unavailable", { error: (error as Error).message });
    return undefined;
  }
}

export async function runDaemon(options: DaemonOptions, logger: Logger): Promise<void> {
  checkPublishDir(options.publishDir);
  // Fail now, not at the first run hours later, when the account, the site address or its security contact is wrong.
  accountConfig();
  siteUrl();
  securityContacts();
  // One contact network for the process: the crawls, the chat checks and authbot share its limits.
  const network = openContactNetwork();
  const db = resolve(databasePath());
  const store = Store.open(db);
  let lock: { release: () => void };
  try {
    const daemon = acquireLock(store, "daemon", "a daemon on this store");
    try {
      const chat = acquireLock(store, CHAT_LOCK, CHAT_LOCK_WHAT);
      lock = { release: () => (chat.release(), daemon.release()) };
    } catch (error) {
      daemon.release();
      throw error;
    }
  } catch (error) {
    store.close();
    await network?.close();
    throw error;
  }
  const controller = new AbortController();
  const state: DaemonState = {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    schedule: options.schedule,
    publishDir: resolve(options.publishDir),
    nextRun: null,
    current: null,
    last: null,
    lastError: null,
  };
  let running: Promise<void> | undefined;
  let inbox: XmppSession | undefined;
  try {
    inbox = await openInbox(store, options.settings, network, logger, true, options.authbot);
  } catch (error) {
    lock.release();
    store.close();
    await network?.close();
    throw error;
  }

  const run = async () => {
    state.current = { startedAt: new Date().toISOString() };
    writeState(db, state);
    inbox ??= await openInbox(store, options.settings, network, logger, false, options.authbot);
    const record = await runOnce(store, db, options, network, logger, controller.signal);
    state.current = null;
    state.last = record;
    if (record.result !== "published")
      state.lastError = { at: record.finishedAt ?? new Date().toISOString(), message: record.error ?? record.result ?? "unknown" };
    state.nextRun = task.getNextRun()?.toISOString() ?? null;
    writeState(db, state);
    // Watchers hear of a crawl once its site is published and the state says so, so that the link
    // and `status` show what they read.
    if (inbox && record.result === "published" && record.crawlId !== undefined) {
      const sent = await notifyWatchers(inbox, store, record.crawlId, siteUrl(), logger);
      if (sent > 0) logger.log("info", "watch-notices-sent", { crawlId: record.crawlId, sent });
    }
  };
  const guarded = () => {
    if (running || controller.signal.aborted) return running;
    running = run().finally(() => (running = undefined));
    return running;
  };

  const task = cron.schedule(options.schedule, () => guarded(), { name: "serverinfo-observatory", noOverlap: true, logger: schedulerLogger(logger) });
  task.on("execution:overlap", () => logger.log("warn", "run-skipped", { reason: "the previous run is still going" }));
  state.nextRun = task.getNextRun()?.toISOString() ?? null;
  writeState(db, state);
  logger.log("info", "daemon-started", { pid: process.pid, schedule: options.schedule, nextRun: state.nextRun, publishDir: state.publishDir, db });

  const unfinished = store.crawls.unfinished();
  if (options.runNow || unfinished) {
    if (unfinished) logger.log("info", "resuming-unfinished-crawl", { crawlId: unfinished.id });
    void guarded();
  }

  await new Promise<void>((done) => {
    const stop = async (signalName: string) => {
      logger.log("info", "daemon-stopping", { signal: signalName, running: running !== undefined });
      controller.abort();
      await task.destroy();
      await running;
      await inbox?.close();
      await network?.close();
      state.stoppedAt = new Date().toISOString();
      state.nextRun = null;
      writeState(db, state);
      lock.release();
      store.close();
      logger.log("info", "daemon-stopped", {});
      done();
    };
    process.once("SIGTERM", () => void stop("SIGTERM"));
    process.once("SIGINT", () => void stop("SIGINT"));
  });
}
