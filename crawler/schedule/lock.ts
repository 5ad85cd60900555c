// One daemon per store: a lock held in the store itself (store.crawls.takeLock), taken over only when
// its holder is gone: a crash, SIGKILL, or a pid now used by an unrelated process
// (process-identity.ts). Taking it is one transaction, so two daemons never both hold it.
import { isHolderAlive } from "../process-identity.ts";
import type { Store } from "../store/store.ts";

/** One account answers chat in one place: `observatory bot` and the daemon both hold this lock. */
export const CHAT_LOCK = "chat";
export const CHAT_LOCK_WHAT = "a chat bot (observatory bot or daemon) on this store";

export class LockBusyError extends Error {
  override name = "LockBusyError";
}

export function acquireLock(store: Store, name: string, what: string): { release: () => void } {
  const held = store.crawls.takeLock(name, (holder) => isHolderAlive(holder.pid, holder.process));
  if (held) throw new LockBusyError(`${what} is already running (process ${held.pid}, since ${held.since})`);
  return { release: () => store.crawls.releaseLock(name) };
}
