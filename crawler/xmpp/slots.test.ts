// The session's cap on IQs in flight, on its own: never more than its size, freed slots in order.
import { describe, expect, it } from "vitest";
import { Slots } from "./slots.ts";

describe("Slots", () => {
  it("hands out at most its size, and each freed slot to the longest waiting, in order", async () => {
    const slots = new Slots(2);
    const got: number[] = [];
    const take = (n: number) => slots.acquire().then(() => got.push(n));
    const all = [take(1), take(2), take(3), take(4), take(5)];
    await Promise.resolve();
    await Promise.resolve();
    expect(got).toEqual([1, 2]);
    expect(slots.inUse).toBe(2);
    expect(slots.queued).toBe(3);
    slots.release();
    await Promise.resolve();
    await Promise.resolve();
    expect(got).toEqual([1, 2, 3]);
    expect(slots.inUse).toBe(2);
    slots.release();
    slots.release();
    await Promise.all(all);
    expect(got).toEqual([1, 2, 3, 4, 5]);
    slots.release();
    slots.release();
    expect(slots.inUse).toBe(0);
    expect(slots.peakInUse).toBe(2);
    expect(slots.queued).toBe(0);
  });

  it("gives a free slot at once", async () => {
    const slots = new Slots(1);
    await slots.acquire();
    slots.release();
    await slots.acquire();
    expect(slots.inUse).toBe(1);
  });
});
