// What the site is built from: the store's current state, read once per build process.
// An absent store builds a site that says there is no data yet.
import { existsSync } from "node:fs";
import { databasePath, siteUrl } from "../../crawler/config.ts";
import type { CrawlSummaryRow, DomainState, HistoryEntry } from "../../crawler/contract.ts";
import { currentStates, crawlSummaries, domainHistory, latestFinishedCrawl } from "../../crawler/store/queries.ts";
import { Store } from "../../crawler/store/store.ts";

export interface Snapshot {
  generatedAt: string;
  siteUrl: string;
  crawl: { id: number; startedAt: string; finishedAt: string } | null;
  states: DomainState[];
  crawls: CrawlSummaryRow[];
}

let store: Store | null | undefined;
// The pages and the integration that writes the downloads are separate module instances in one
// build process: they share the snapshot through the global object, so that it is read once.
const SHARED = Symbol.for("serverinfo-observatory.snapshot");
const shared = globalThis as { [SHARED]?: Snapshot };

function openStore(): Store | null {
  if (store === undefined) {
    const path = databasePath();
    store = existsSync(path) ? Store.openReadOnly(path) : null;
  }
  return store;
}

export function snapshot(): Snapshot {
  const cached = shared[SHARED];
  if (cached) return cached;
  const s = openStore();
  return (shared[SHARED] = {
    generatedAt: new Date().toISOString(),
    siteUrl: siteUrl(),
    crawl: s ? (latestFinishedCrawl(s) ?? null) : null,
    states: s ? currentStates(s) : [],
    crawls: s ? crawlSummaries(s) : [],
  });
}

export function history(domain: string): HistoryEntry[] {
  const s = openStore();
  return s ? domainHistory(s, domain) : [];
}
