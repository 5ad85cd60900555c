// A domain's change log: the probes of its history that changed something, newest first. What
// changed was decided when each probe was stored (crawler/judge/changes.ts); this only selects.
import type { Change, HistoryEntry } from "../../crawler/contract.ts";

export interface ChangeSet {
  at: string;
  domain: string;
  changes: Change[];
}

/**
 * Characters of change text that a server page, its JSON and its feed show. Each probe's changes
 * are bounded when stored; this bounds how many probes' worth a page carries, so that a domain
 * that changes at every crawl for years still has a small page.
 */
export const LOG_CHARS = 32 * 1024;

export interface ChangeLog {
  /** The newest change sets that fit LOG_CHARS (always the newest one). */
  sets: ChangeSet[];
  /** The older change sets left out. */
  older: number;
}

export function changeLog(domain: string, history: HistoryEntry[], maxChars: number = LOG_CHARS): ChangeLog {
  const all = history
    .filter((entry) => entry.changes.length > 0)
    .map((entry) => ({ at: entry.probedAt, domain, changes: entry.changes }))
    .reverse();
  let chars = 0;
  let shown = 0;
  for (const set of all) {
    chars += set.changes.reduce((sum, c) => sum + c.text.length, 0);
    if (shown > 0 && chars > maxChars) break;
    shown++;
  }
  return { sets: all.slice(0, shown), older: all.length - shown };
}
