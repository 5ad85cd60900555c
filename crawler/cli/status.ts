// observatory status: the last crawl, the one under way, and what the daemon is doing.
import { formatInstant } from "../model/dates.ts";
import { resolve } from "node:path";
import { databasePath } from "../config.ts";
import { readState } from "../schedule/state.ts";
import { Store, type CrawlCounts } from "../store/store.ts";
import { latestFinishedCrawl } from "../store/queries.ts";
import { EXIT } from "./exit.ts";
import { isProcessAlive } from "../process-identity.ts";

export interface Status {
  store: string;
  lastCrawl: ({ id: number; startedAt: string; finishedAt: string | null } & CrawlCounts) | null;
  running: { id: number; startedAt: string; total: number; done: number; pending: number } | null;
  domains: { listed: number; optedOut: number };
  daemon: { pid: number; alive: boolean; schedule: string; nextRun: string | null; publishDir: string; lastRun: unknown; lastError: unknown } | null;
}

export function readStatus(): Status {
  const db = resolve(databasePath());
  const store = Store.open(db);
  try {
    const finished = latestFinishedCrawl(store);
    const last = finished ? store.crawls.get(finished.id) : undefined;
    const unfinished = store.crawls.unfinished();
    const domains = store.domains.list();
    const state = readState(db);
    return {
      store: db,
      lastCrawl: last ? { id: last.id, startedAt: last.started_at, finishedAt: last.finished_at, ...store.crawls.counts(last.id) } : null,
      running: unfinished
        ? {
            id: unfinished.id,
            startedAt: unfinished.started_at,
            total: unfinished.total,
            done: store.crawls.counts(unfinished.id).done,
            pending: store.crawls.pendingTargets(unfinished.id).length,
          }
        : null,
      domains: { listed: domains.filter((d) => !d.optout_at).length, optedOut: domains.filter((d) => d.optout_at).length },
      daemon: state
        ? {
            pid: state.pid,
            alive: !state.stoppedAt && isProcessAlive(state.pid),
            schedule: state.schedule,
            nextRun: state.nextRun,
            publishDir: state.publishDir,
            lastRun: state.last,
            lastError: state.lastError,
          }
        : null,
    };
  } finally {
    store.close();
  }
}

export function statusCommand(options: { json: boolean }): number {
  const s = readStatus();
  if (options.json) {
    process.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
    return EXIT.ok;
  }
  const lines = [`store: ${s.store} (${s.domains.listed} domains listed, ${s.domains.optedOut} opted out)`];
  lines.push(
    s.lastCrawl
      ? `last crawl: #${s.lastCrawl.id}, ${formatInstant(s.lastCrawl.startedAt)} to ${s.lastCrawl.finishedAt ? formatInstant(s.lastCrawl.finishedAt) : "(not finished)"}: ${s.lastCrawl.done} probed, ${s.lastCrawl.ok} reachable, ${s.lastCrawl.unreachable} unreachable${s.lastCrawl.notJudged ? `, ${s.lastCrawl.notJudged} not judged (an error of ours)` : ""}; ${s.lastCrawl.discovered} domains discovered${s.lastCrawl.discoveryDropped ? `, ${s.lastCrawl.discoveryDropped} more left out past the discovery bounds` : ""}`
      : "last crawl: none finished yet",
  );
  lines.push(
    s.running
      ? `under way: crawl #${s.running.id} since ${formatInstant(s.running.startedAt)}: ${s.running.done}/${s.running.total} probed, ${s.running.pending} in the queue`
      : "under way: nothing",
  );
  if (!s.daemon) lines.push("daemon: has never run on this store");
  else {
    lines.push(
      `daemon: ${s.daemon.alive ? `running (pid ${s.daemon.pid})` : "not running"}, schedule "${s.daemon.schedule}", next run ${s.daemon.alive ? (s.daemon.nextRun ? formatInstant(s.daemon.nextRun) : "unknown") : "none"}, publishing to ${s.daemon.publishDir}`,
    );
    const last = s.daemon.lastRun as { result?: string; finishedAt?: string } | null;
    if (last) lines.push(`last run: ${last.result} at ${last.finishedAt ? formatInstant(last.finishedAt) : "(unknown)"}`);
    const error = s.daemon.lastError as { at: string; message: string } | null;
    lines.push(error ? `last error: ${error.at}: ${error.message}` : "last error: none");
  }
  process.stdout.write(`${lines.join("\n")}\n`);
  return EXIT.ok;
}
