// Politeness towards one thing (a host name, an address): one task at a time, and the next one
// starts no sooner than a gap after the previous one ended. Counting the gap from the end, not the
// start, means a slow answer never lets the next request follow it closely: whatever the time each
// takes, two requests reach the server at least the gap apart.
import { setTimeout as sleep } from "node:timers/promises";

interface Lane {
  /** Settles when the lane's last task queued so far has ended (never rejects). */
  idle: Promise<void>;
  /** When that task ended (performance.now()); undefined while it runs or waits. */
  endedAt: number | undefined;
}

/** Lanes kept before idle ones (past their gap) are forgotten. */
const SWEEP_AT = 10_000;

export class Pacer {
  private readonly lanes = new Map<string, Lane>();

  constructor(private readonly gapMs: number) {}

  /** Runs `task` in `key`'s turn; its result comes back as soon as it ends, and the key stays busy for the gap. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.lanes.get(key);
    if (!previous && this.lanes.size >= SWEEP_AT) this.sweep();
    const result = (async () => {
      if (previous) {
        await previous.idle;
        // A timer counts from the event loop's cached time, so it may end a little early: measured again until the gap is over.
        for (let wait = this.waitAfter(previous); wait > 0; wait = this.waitAfter(previous)) await sleep(Math.ceil(wait));
      }
      return task();
    })();
    const lane = { endedAt: undefined } as Lane;
    const ended = () => {
      lane.endedAt = performance.now();
    };
    lane.idle = result.then(ended, ended);
    this.lanes.set(key, lane);
    return result;
  }

  /**
   * Runs `task` in the turn of every key at once. The keys are taken in one order, whoever asks,
   * so two tasks that share keys never each hold one the other waits for.
   */
  runAll<T>(keys: readonly string[], task: () => Promise<T>): Promise<T> {
    return [...new Set(keys)].sort().reduceRight<() => Promise<T>>((inner, key) => () => this.run(key, inner), task)();
  }

  private waitAfter(previous: Lane): number {
    return previous.endedAt! + this.gapMs - performance.now();
  }

  private sweep(): void {
    const now = performance.now();
    for (const [key, lane] of this.lanes) if (lane.endedAt !== undefined && now - lane.endedAt >= this.gapMs) this.lanes.delete(key);
  }
}
