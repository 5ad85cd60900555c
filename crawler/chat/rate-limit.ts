// A sliding-window limit per key (a sender, or everyone together), in bounded memory. Pure: the
// caller passes the time, so the tests need no clock. The keys are kept in an LRU cache: past
// maxKeys, the key seen longest ago is forgotten.
import { LRUCache } from "lru-cache";

export type Admission = { ok: true } | { ok: false; retryAt: number; /** the first refusal of this window: say so once, then stay quiet */ first: boolean };

interface Window {
  times: number[];
  refused: boolean;
}

export class RateLimit {
  private readonly windows: LRUCache<string, Window>;

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    maxKeys: number,
  ) {
    this.windows = new LRUCache({ max: maxKeys });
  }

  take(key: string, now: number): Admission {
    let window = this.windows.get(key);
    if (!window) {
      window = { times: [], refused: false };
      this.windows.set(key, window);
    }
    while (window.times.length > 0 && window.times[0]! <= now - this.windowMs) window.times.shift();
    if (window.times.length < this.limit) {
      window.times.push(now);
      window.refused = false;
      return { ok: true };
    }
    const first = !window.refused;
    window.refused = true;
    return { ok: false, retryAt: window.times[0]! + this.windowMs, first };
  }

  get size(): number {
    return this.windows.size;
  }
}
