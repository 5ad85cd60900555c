import { describe, expect, it } from "vitest";
import { Pacer } from "./pacer.ts";

/** A task that records when it started and ended, and ends when told (or at once). */
function recorder() {
  const log: string[] = [];
  const times = new Map<string, { start: number; end: number }>();
  const task =
    (name: string, until: Promise<void> = Promise.resolve(), fail = false) =>
    async () => {
      log.push(`start ${name}`);
      const start = performance.now();
      await until;
      times.set(name, { start, end: performance.now() });
      log.push(`end ${name}`);
      if (fail) throw new Error(`${name} failed`);
      return name;
    };
  return { log, times, task };
}

describe("Pacer", () => {
  it("runs one task of a key at a time, the next at least the gap after the previous one ended, failed or not", async () => {
    const pacer = new Pacer(100);
    const { times, task } = recorder();
    const results = await Promise.allSettled([pacer.run("a", task("1", undefined, true)), pacer.run("a", task("2")), pacer.run("a", task("3"))]);
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : (r.reason as Error).message))).toEqual(["1 failed", "2", "3"]);
    // Lower bounds only: a slow machine spreads them further.
    expect(times.get("2")!.start - times.get("1")!.end).toBeGreaterThanOrEqual(100);
    expect(times.get("3")!.start - times.get("2")!.end).toBeGreaterThanOrEqual(100);
  });

  it("lets other keys run while one is busy, and gives a result back before the gap", async () => {
    const pacer = new Pacer(60_000);
    const { log, task } = recorder();
    let release!: () => void;
    const held = pacer.run("a", task("a1", new Promise((r) => (release = r))));
    await expect(pacer.run("b", task("b1"))).resolves.toBe("b1");
    expect(log).toEqual(["start a1", "start b1", "end b1"]);
    release();
    // The result does not wait for the minute of the gap.
    await expect(held).resolves.toBe("a1");
  });

  it("runs a task in the turn of all its keys, taken in one order so that tasks sharing keys never wait on each other", async () => {
    const pacer = new Pacer(0);
    const { log, task } = recorder();
    let release!: () => void;
    const first = pacer.runAll(["y", "x"], task("xy", new Promise((r) => (release = r))));
    const second = pacer.runAll(["x", "y", "x"], task("yx"));
    const third = pacer.run("z", task("z"));
    await third;
    // z shares no key and ran; yx waits for both of xy's keys.
    expect(log).toEqual(["start xy", "start z", "end z"]);
    release();
    await expect(Promise.all([first, second])).resolves.toEqual(["xy", "yx"]);
    expect(log.slice(3)).toEqual(["end xy", "start yx", "end yx"]);
  });
});
