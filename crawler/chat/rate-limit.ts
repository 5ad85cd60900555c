// A sliding-window limit per key (a sender, or everyone together), in bounded memory. Pure: the
// caller passes the time, so the tests need no clock.

export type Admission = { ok: true } | { ok: false; retryAt: number; /** the first refusal of this window: say so once, then stay quiet */ first: boolean };

interface Window {
  times: number[];
  refused: boolean;
}

export class RateLimit {
  private readonly windows = new Map<string, Window>();

  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    private readonly maxKeys: number,
  ) {}

  take(key: string, now: number): Admission {
    const window = this.windows.get(key) ?? { times: [], refused: false };
    // Map order is insertion order: re-inserting keeps the most recently seen keys last.
    this.windows.delete(key);
    this.windows.set(key, window);
    while (window.times.length > 0 && window.times[0]! <= now - this.windowMs) window.times.shift();
    if (this.windows.size > this.maxKeys) this.windows.delete(this.windows.keys().next().value!);
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
