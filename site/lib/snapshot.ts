// What the site is built from: the store's current state, read once per build process.
// An absent store builds a site that says there is no data yet.
import { existsSync } from "node:fs";
import { databasePath, siteUrl } from "../../crawler/config.ts";
import { currentStates, crawlSummaries, domainHistory, latestFinishedCrawl, type CrawlSummaryRow, type DomainState, type HistoryEntry } from "../../crawler/store/queries.ts";
import { Store } from "../../crawler/store/store.ts";

export interface Snapshot {
  generatedAt: string;
  siteUrl: string;
  crawl: { id: number; startedAt: string; finishedAt: string } | null;
  states: DomainState[];
  crawls: CrawlSummaryRow[];
}

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
  cached = {
    generatedAt: new Date().toISOString(),
    siteUrl: siteUrl(),
    crawl: s ? (latestFinishedCrawl(s) ?? null) : null,
    states: s ? currentStates(s) : [],
    crawls: s ? crawlSummaries(s) : [],
  };
  return cached;
}

export function history(domain: string): HistoryEntry[] {
  const s = openStore();
  return s ? domainHistory(s, domain) : [];
}
