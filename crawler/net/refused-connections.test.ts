// A crawl's memo of refused connections (issue 34), on a clock of its own: what it keeps, and for how long.
import { describe, expect, it } from "vitest";
import { RefusedConnections } from "./refused-connections.ts";

const TEN_MINUTES = 600_000;

describe("a crawl's memo of refused connections", () => {
  it("keeps the time each was seen, forgets it after the hold time, and keeps at most its count (the oldest dropped)", () => {
    let now = new Date("2026-12-08T02:00:00.000Z");
    const memo = new RefusedConnections({ holdMs: TEN_MINUTES, maxEntries: 2 }, () => now);
    memo.add("192.0.2.1:443", "https://one.example/", "ECONNREFUSED: one");
    now = new Date("2026-12-08T02:01:00.000Z");
    memo.add("192.0.2.2:443", "https://two.example/", "ECONNREFUSED: two");
    expect(memo.knownFor(["192.0.2.1:443"])).toEqual({ seenAt: "2026-12-08T02:00:00.000Z", url: "https://one.example/", message: "ECONNREFUSED: one" });
    now = new Date("2026-12-08T02:02:00.000Z");
    memo.add("192.0.2.3:443", "https://three.example/", "ECONNREFUSED: three");
    expect(memo.knownFor(["192.0.2.1:443"])).toBeUndefined();
    expect(memo.knownFor(["192.0.2.2:443"])?.url).toBe("https://two.example/");
    now = new Date("2026-12-08T02:11:30.000Z");
    expect(memo.knownFor(["192.0.2.2:443"])).toBeUndefined();
    expect(memo.knownFor(["192.0.2.3:443"])?.seenAt).toBe("2026-12-08T02:02:00.000Z");
  });

  it("holds nothing when its hold time or count is 0", () => {
    const memo = new RefusedConnections({ holdMs: 0, maxEntries: 10 }, () => new Date("2026-12-08T02:00:00.000Z"));
    memo.add("192.0.2.1:443", "https://one.example/", "ECONNREFUSED: one");
    expect(memo.knownFor(["192.0.2.1:443"])).toBeUndefined();
  });
});
