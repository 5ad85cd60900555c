// The decision whether a refused connection is still known within a crawl (issue 34), on literal
// times and keys.
import { describe, expect, it } from "vitest";
import { connectionKey, knownRefusal, stillKnown, type Refusal } from "./known-refusal.ts";

const TEN_MINUTES = 600_000;
const refusal: Refusal = { seenAt: "2026-12-08T02:00:00.000Z", url: "https://a.example/contact", message: "ECONNREFUSED: connect ECONNREFUSED 192.0.2.7:443" };

describe("a refused connection, still known", () => {
  it("keys an address and port, an IPv6 address in brackets", () => {
    expect(connectionKey("192.0.2.7", 443)).toBe("192.0.2.7:443");
    expect(connectionKey("2001:db8::7", 80)).toBe("[2001:db8::7]:80");
  });

  it("is known from when it was seen until the hold time, not after it nor before it was seen", () => {
    expect(stillKnown(refusal, new Date("2026-12-08T02:00:00.000Z"), TEN_MINUTES)).toBe(true);
    expect(stillKnown(refusal, new Date("2026-12-08T02:09:59.999Z"), TEN_MINUTES)).toBe(true);
    expect(stillKnown(refusal, new Date("2026-12-08T02:10:00.000Z"), TEN_MINUTES)).toBe(false);
    expect(stillKnown(refusal, new Date("2026-12-08T01:59:59.999Z"), TEN_MINUTES)).toBe(false);
    expect(stillKnown(undefined, new Date("2026-12-08T02:00:00.000Z"), TEN_MINUTES)).toBe(false);
  });

  it("answers a request only when every address it may connect to refused, with the first one's refusal", () => {
    const other: Refusal = { ...refusal, seenAt: "2026-12-08T02:05:00.000Z", message: "ECONNREFUSED: connect ECONNREFUSED 2001:db8::7:443" };
    const known = new Map([
      ["192.0.2.7:443", refusal],
      ["[2001:db8::7]:443", other],
    ]);
    const at = new Date("2026-12-08T02:06:00.000Z");
    expect(knownRefusal(["192.0.2.7:443", "[2001:db8::7]:443"], (k) => known.get(k), at, TEN_MINUTES)).toBe(refusal);
    // Another port of the same address, or one address never tried: asked.
    expect(knownRefusal(["192.0.2.7:80"], (k) => known.get(k), at, TEN_MINUTES)).toBeUndefined();
    expect(knownRefusal(["192.0.2.7:443", "192.0.2.8:443"], (k) => known.get(k), at, TEN_MINUTES)).toBeUndefined();
    // One of them past the hold time: asked.
    expect(knownRefusal(["192.0.2.7:443", "[2001:db8::7]:443"], (k) => known.get(k), new Date("2026-12-08T02:10:00.000Z"), TEN_MINUTES)).toBeUndefined();
    expect(knownRefusal([], (k) => known.get(k), at, TEN_MINUTES)).toBeUndefined();
  });
});
