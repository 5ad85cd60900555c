// What the site is built from, and its only door to the store: the newest crawl and the trends,
// a small summary of every domain for the network-wide pages, and one domain at a time (its
// entry, history, change log and raw answers) for its page and its downloads. No reader holds
// every domain's report: at 100,000 domains those are gigabytes (README: bench:site).
// An absent store builds a site that says there is no data yet.
import { existsSync } from "node:fs";
import { databasePath, siteUrl } from "../../crawler/config.ts";
import type { CrawlSummaryRow, DomainState, HistoryEntry, RawRecord } from "../../crawler/contract.ts";
import { changeLog, type ChangeLog } from "./changes.ts";
import {
  crawlSummaries,
  currentState,
  domainHistory,
  dormantNow,
  eachCurrentState,
  latestFinishedCrawl,
  ownServerProblemOf,
  probeEvidence,
  type Share,
  type StoredState,
} from "../../crawler/store/queries.ts";
import { rawRecords } from "./records.ts";
import { Store } from "../../crawler/store/store.ts";
import { summarize, type DomainSummary } from "./summary.ts";

export type { Share };

export interface Snapshot {
  generatedAt: string;
  siteUrl: string;
  crawl: { id: number; startedAt: string; finishedAt: string } | null;
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
// instances of this file; each reads the store itself. The judgements are in the store's columns
// (the verdict, each probe's changes), so the two readings agree and nothing is decided twice.
let store: Store | null | undefined;
let dormant: Set<string> | undefined;
let cached: Snapshot | undefined;
let summaries: DomainSummary[] | undefined;

function openStore(): Store | null {
  if (store === undefined) {
    const path = databasePath();
    store = existsSync(path) ? Store.openReadOnly(path) : null;
    // One read transaction for the whole build: every page reads the store as it was when the build
    // began, whatever the daemon writes meanwhile (a domain that opts out while 100,000 pages render
    // keeps the page the list links to, and goes at the next build). Never committed: it ends with
    // the process.
    store?.db.exec("BEGIN");
  }
  return store;
}

function dormantDomains(s: Store): Set<string> {
  return (dormant ??= dormantNow(s));
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
    crawls: s ? crawlSummaries(s) : [],
  });
}

/** Every listed domain's summary, by domain: what the overview, the server list and the rules count and list. Read in one pass, one report at a time. */
export function domainSummaries(): DomainSummary[] {
  if (summaries) return summaries;
  const s = openStore();
  return (summaries = s ? Array.from(eachCurrentState(s, dormantDomains(s)), ({ state }) => summarize(state)) : []);
}

function viewOf(s: Store, { state, probeId }: StoredState): ServerView {
  const history = domainHistory(s, state.domain);
  return { state, history, log: changeLog(state.domain, history), records: rawRecords(probeEvidence(s, probeId)) };
}

/** One listed domain, read when its page is rendered. */
export function serverView(domain: string): ServerView {
  const s = openStore();
  const stored = s && currentState(s, domain, dormantDomains(s));
  if (!s || !stored) throw new Error(`${domain} is not a listed domain with a probe`);
  return viewOf(s, stored);
}

/**
 * Every listed domain, by domain, one at a time (or those of a share: the server pages' threads
 * divide them): the downloads and the server pages write each and let it go. The states are read
 * on a connection of their own, which the iteration keeps busy; each one's history and raw answers
 * on the shared one.
 */
export function* eachServerView(share?: Share): Generator<ServerView> {
  const s = openStore();
  if (!s) return;
  const states = Store.openReadOnly(databasePath());
  try {
    for (const stored of eachCurrentState(states, dormantDomains(s), share)) yield viewOf(s, stored);
  } finally {
    states.close();
  }
}
