// What the site is built from, and its only door to the store: the current state of every domain
// and the per-domain view (entry, history, change log) that the server page and its downloads share.
// An absent store builds a site that says there is no data yet.
import { existsSync } from "node:fs";
import { databasePath, siteUrl } from "../../crawler/config.ts";
import type { CrawlSummaryRow, DomainState, HistoryEntry, RawRecord } from "../../crawler/contract.ts";
import { changeLog, type ChangeLog } from "./changes.ts";
import { currentStates, crawlSummaries, domainHistory, latestFinishedCrawl, newestEvidence, ownServerProblemOf } from "../../crawler/store/queries.ts";
import { rawRecords } from "./records.ts";
import { Store } from "../../crawler/store/store.ts";

export interface Snapshot {
  generatedAt: string;
  siteUrl: string;
  crawl: { id: number; startedAt: string; finishedAt: string } | null;
  states: DomainState[];
  crawls: CrawlSummaryRow[];
  /** The newest finished crawl found our own server to be the problem (OBSERVATORY_VANTAGES), in words. */
  ownServerProblem: string | undefined;
}

/** One domain as its page, its JSON, its badge and its feed show it. */
export interface ServerView {
  state: DomainState;
  /** Every stored probe, oldest first, each with its verdict and what it changed. */
  history: HistoryEntry[];
  /** The newest probes that changed something, newest first, as many as a page shows. */
  log: ChangeLog;
  /** What the servers answered in the newest probe: its XMPP answers and its contact checks' records. */
  records: RawRecord[];
}

// Astro renders the pages and runs the integration that writes the downloads from two module
// instances of this file; each reads the store once. The judgements are in the store's columns
// (the verdict, each probe's changes), so the two readings agree and nothing is decided twice.
let store: Store | null | undefined;
let cached: Snapshot | undefined;

function openStore(): Store | null {
  if (store === undefined) {
    const path = databasePath();
    store = existsSync(path) ? Store.openReadOnly(path) : null;
  }
  return store;
}

export function snapshot(): Snapshot {
  if (cached) return cached;
  const s = openStore();
  const crawl = s ? (latestFinishedCrawl(s) ?? null) : null;
  return (cached = {
    generatedAt: new Date().toISOString(),
    siteUrl: siteUrl(),
    crawl,
    ownServerProblem: s && crawl ? ownServerProblemOf(s, crawl.id) : undefined,
    states: s ? currentStates(s) : [],
    crawls: s ? crawlSummaries(s) : [],
  });
}

export function serverView(state: DomainState): ServerView {
  const s = openStore();
  const history = s ? domainHistory(s, state.domain) : [];
  return { state, history, log: changeLog(state.domain, history), records: s ? rawRecords(newestEvidence(s, state.domain)) : [] };
}
