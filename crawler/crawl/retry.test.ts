import { describe, expect, it } from "vitest";
import { retryDelay } from "./crawl.ts";

describe("the pause before a retry", () => {
  it("is none after a timeout, which has waited already, and otherwise the configured pause, doubled before each later retry", () => {
    expect(retryDelay("timeout", 1, 30_000)).toBe(0);
    expect(retryDelay("remote-server-timeout", 1, 30_000)).toBe(0);
    // A wait-type error: the server asked us to come back later.
    expect(retryDelay("error", 1, 30_000)).toBe(30_000);
    expect(retryDelay("error", 2, 30_000)).toBe(60_000);
    expect(retryDelay("error", 3, 30_000)).toBe(120_000);
  });
});
