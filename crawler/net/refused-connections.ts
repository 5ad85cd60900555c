// The connections refused in one crawl (or one `check`), by address and port: held by the crawl's
// checker (probe/contact-checks.ts), handed to the process's web client with each request. What is
// still known is decided by model/known-refusal.ts; this only holds the refusals, at most
// `maxEntries` of them (the oldest dropped first), and forgets each once it is no longer known.
import { knownRefusal, stillKnown, type Refusal } from "../model/known-refusal.ts";

export interface RefusalMemoSettings {
  holdMs: number;
  maxEntries: number;
}

export class RefusedConnections {
  private readonly refusals = new Map<string, Refusal>();

  constructor(
    private readonly settings: RefusalMemoSettings,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** The refusal that answers a request to all of `keys` (connectionKey), when each is still known. */
  knownFor(keys: readonly string[]): Refusal | undefined {
    const now = this.now();
    const refusal = knownRefusal(keys, (key) => this.refusals.get(key), now, this.settings.holdMs);
    if (!refusal)
      for (const key of keys) if (this.refusals.has(key) && !stillKnown(this.refusals.get(key), now, this.settings.holdMs)) this.refusals.delete(key);
    return refusal;
  }

  /** A connection to `key` was refused just now, by the check of `url`. */
  add(key: string, url: string, message: string): void {
    if (this.settings.maxEntries <= 0 || this.settings.holdMs <= 0) return;
    this.refusals.delete(key);
    this.refusals.set(key, { seenAt: this.now().toISOString(), url, message });
    if (this.refusals.size > this.settings.maxEntries) this.refusals.delete(this.refusals.keys().next().value!);
  }
}

/** A request not made: every address it would connect to refused a connection earlier in this crawl. */
export class KnownRefusalError extends Error {
  override name = "KnownRefusalError";
  constructor(
    readonly key: string,
    readonly refusal: Refusal,
  ) {
    super(`${key} refused a connection at ${refusal.seenAt}, when ${refusal.url} was checked (${refusal.message})`);
  }
}
