// Which domains a new crawl probes: every listed domain that has not opted out, but dormant
// ones (unreachable in the last DORMANT_AFTER_CRAWLS crawls) only in one crawl out of DORMANT_PROBE_EVERY.
import { DORMANT_AFTER_CRAWLS, DORMANT_PROBE_EVERY } from "../politeness.ts";
import type { Store } from "../store/store.ts";

export interface DormancyPolicy {
  after: number;
  every: number;
}

export const DEFAULT_DORMANCY: DormancyPolicy = { after: DORMANT_AFTER_CRAWLS, every: DORMANT_PROBE_EVERY };

export function selectTargets(store: Store, policy: DormancyPolicy = DEFAULT_DORMANCY): { targets: string[]; dormantSkipped: number } {
  const all = store.crawlableDomains();
  const dormant = store.dormantDomains(policy.after);
  // Crawl n (counting from 1) includes the dormant domains when n is a multiple of `every`.
  const includeDormant = (store.finishedCrawlCount() + 1) % policy.every === 0;
  const targets = includeDormant ? all : all.filter((d) => !dormant.has(d));
  return { targets, dormantSkipped: all.length - targets.length };
}
