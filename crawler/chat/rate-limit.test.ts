import { describe, expect, it } from "vitest";
import { RateLimit } from "./rate-limit.ts";

describe("RateLimit", () => {
  it("admits `limit` per window, refuses the rest and says when to try again, loudly only once", () => {
    const limit = new RateLimit(2, 1000, 10);
    expect(limit.take("a", 0)).toEqual({ ok: true });
    expect(limit.take("a", 100)).toEqual({ ok: true });
    expect(limit.take("a", 200)).toEqual({ ok: false, retryAt: 1000, first: true });
    expect(limit.take("a", 300)).toEqual({ ok: false, retryAt: 1000, first: false });
    expect(limit.take("b", 300)).toEqual({ ok: true }); // each key has its own window
    expect(limit.take("a", 1000)).toEqual({ ok: true }); // the first admission has left the window
    expect(limit.take("a", 1050)).toEqual({ ok: false, retryAt: 1100, first: true });
  });

  it("remembers a bounded number of keys, forgetting the longest unseen", () => {
    const limit = new RateLimit(1, 1000, 3);
    for (let i = 0; i < 1000; i++) limit.take(`sender${i}`, 0);
    expect(limit.size).toBe(3);
    expect(limit.take("sender999", 1)).toMatchObject({ ok: false });
    expect(limit.take("sender0", 1)).toEqual({ ok: true });
  });
});
