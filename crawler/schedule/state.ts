// What the daemon is doing, in a small JSON file beside the store, for `observatory status`.
// Written whole and renamed into place, so a reader never sees half of it.
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";

export interface RunRecord {
  startedAt: string;
  finishedAt?: string;
  crawlId?: number;
  result?: "published" | "crawl-interrupted" | "failed";
  published?: string;
  error?: string;
}

export interface DaemonState {
  pid: number;
  startedAt: string;
  schedule: string;
  publishDir: string;
  nextRun: string | null;
  current: RunRecord | null;
  last: RunRecord | null;
  lastError: { at: string; message: string } | null;
  stoppedAt?: string;
}

export const statePath = (db: string) => `${db}.daemon.json`;

export function writeState(db: string, state: DaemonState): void {
  const file = statePath(db);
  writeFileSync(`${file}.tmp`, JSON.stringify(state, null, 2));
  renameSync(`${file}.tmp`, file);
}

export function readState(db: string): DaemonState | undefined {
  const file = statePath(db);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as DaemonState;
  } catch {
    return undefined;
  }
}
