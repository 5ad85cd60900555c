// A domain's change log: the probes of its history that changed something, newest first. What
// changed was decided when each probe was stored (crawler/rules/changes.ts); this only selects.
import type { Change, HistoryEntry } from "../../crawler/contract.ts";

export interface ChangeSet {
  at: string;
  domain: string;
  changes: Change[];
}

export function changeLog(domain: string, history: HistoryEntry[]): ChangeSet[] {
  return history
    .filter((entry) => entry.changes.length > 0)
    .map((entry) => ({ at: entry.probedAt, domain, changes: entry.changes }))
    .reverse();
}
