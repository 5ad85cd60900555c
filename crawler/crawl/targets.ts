// Which domains a new crawl probes: every listed domain that has not opted out, but dormant
// ones (unreachable in the last DORMANT_AFTER_CRAWLS crawls) only in one crawl out of DORMANT_PROBE_EVERY.
import { DORMANT_AFTER_CRAWLS, DORMANT_PROBE_EVERY } from "../politeness.ts";
import type { Store } from "../store/store.ts";
import { applyDomainFiles, type ListsApplied } from "./lists.ts";

export interface DormancyPolicy {
  after: number;
  every: number;
}

export const DEFAULT_DORMANCY: DormancyPolicy = { after: DORMANT_AFTER_CRAWLS, every: DORMANT_PROBE_EVERY };

export function selectTargets(store: Store, policy: DormancyPolicy = DEFAULT_DORMANCY): { targets: string[]; dormantSkipped: number } {
  const all = store.domains.crawlable();
  const dormant = store.crawls.dormantDomains(policy.after);
  // Crawl n (counting from 1) includes the dormant domains when n is a multiple of `every`.
  const includeDormant = (store.crawls.finishedCount() + 1) % policy.every === 0;
  const targets = includeDormant ? all : all.filter((d) => !dormant.has(d));
  return { targets, dormantSkipped: all.length - targets.length };
}

/**
 * The targets of a new crawl: the domain files applied first (the opt-out list always, the seed
 * list unless an explicit list is given), then the explicit list minus opt-outs, or selectTargets.
 */
export function newCrawlTargets(
  store: Store,
  files: { seeds: string | undefined; optout: string | undefined },
  explicit?: string[],
): { targets: string[]; dormantSkipped: number; lists: ListsApplied } {
  const lists = applyDomainFiles(store, { seeds: explicit ? undefined : files.seeds, optout: files.optout });
  if (explicit) return { targets: explicit.filter((d) => !store.domains.isOptedOut(d)), dormantSkipped: 0, lists };
  return { ...selectTargets(store), lists };
}
