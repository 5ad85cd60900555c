import { describe, expect, it } from "vitest";
import { backoffDelay } from "./backoff.ts";

describe("backoffDelay", () => {
  it("doubles from the first pause, up to the ceiling", () => {
    expect([1, 2, 3, 4].map((retry) => backoffDelay(retry, 2_000))).toEqual([2_000, 4_000, 8_000, 16_000]);
    expect([1, 8, 9, 20].map((retry) => backoffDelay(retry, 1_000, 300_000))).toEqual([1_000, 128_000, 256_000, 300_000]);
  });
});
