// One daemon per store: a lock file created exclusively, holding the owner's PID. A lock whose
// process is gone (a crash, SIGKILL) is stale and taken over.
import { openSync, readFileSync, unlinkSync, writeSync, closeSync } from "node:fs";
import { hostname } from "node:os";
import { isProcessAlive } from "../process-alive.ts";

export class LockBusyError extends Error {
  override name = "LockBusyError";
}

export function acquireLock(path: string, what: string): { release: () => void } {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), since: new Date().toISOString() }));
      closeSync(fd);
      return {
        release: () => {
          try {
            if ((JSON.parse(readFileSync(path, "utf8")) as { pid: number }).pid === process.pid) unlinkSync(path);
          } catch {
            // already gone
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      let owner: { pid?: number; host?: string; since?: string } = {};
      try {
        owner = JSON.parse(readFileSync(path, "utf8"));
      } catch {
        // unreadable: treat as stale
      }
      if (owner.pid && owner.host === hostname() && isProcessAlive(owner.pid)) {
        throw new LockBusyError(`${what} is already running (process ${owner.pid}, since ${owner.since}); the lock is ${path}`);
      }
      unlinkSync(path); // stale: its owner died
    }
  }
  throw new LockBusyError(`could not take the lock ${path}`);
}
