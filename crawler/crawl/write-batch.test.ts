// When a crawl's finished probes are written: a full batch at once, a partial one after its first
// item's wait, everything on flush, nothing after drop.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { WriteBatch } from "./write-batch.ts";

describe("WriteBatch", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("writes a full batch at once, a partial one when its first item has waited, and the rest on flush", () => {
    const written: number[][] = [];
    const batch = new WriteBatch<number>((items) => written.push(items), { maxProbes: 3, maxDelayMs: 100 });
    batch.add(1);
    batch.add(2);
    expect(written).toEqual([]);
    batch.add(3);
    expect(written).toEqual([[1, 2, 3]]);
    batch.add(4);
    vi.advanceTimersByTime(60);
    batch.add(5);
    vi.advanceTimersByTime(39);
    expect(written).toEqual([[1, 2, 3]]);
    // 100 ms after 4 came, not after 5.
    vi.advanceTimersByTime(1);
    expect(written).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    batch.add(6);
    batch.flush();
    expect(written).toEqual([[1, 2, 3], [4, 5], [6]]);
    vi.advanceTimersByTime(1000);
    batch.flush();
    expect(written).toHaveLength(3);
  });

  it("forgets what waits on drop, and writes nothing later", () => {
    const written: number[][] = [];
    const batch = new WriteBatch<number>((items) => written.push(items), { maxProbes: 10, maxDelayMs: 100 });
    batch.add(1);
    batch.add(2);
    expect(batch.drop()).toBe(2);
    vi.advanceTimersByTime(1000);
    expect(written).toEqual([]);
  });
});
