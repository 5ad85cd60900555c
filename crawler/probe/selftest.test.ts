import { afterEach, describe, expect, it, vi } from "vitest";
import type { IqAnswer } from "../model/answer.ts";
import { runSelftest, type ReadOnlyRequester } from "./selftest.ts";

afterEach(() => {
  vi.useRealTimers();
});

/** Stands in for the session (the self-test's only I/O): nothing ever answers, each question waits its whole timeout. */
function silent(): ReadOnlyRequester & { timeouts: number[] } {
  const timeouts: number[] = [];
  return {
    timeouts,
    get: (_to, _payload, timeoutMs) => {
      timeouts.push(timeoutMs);
      return new Promise<IqAnswer>((resolve) => setTimeout(() => resolve({ kind: "timeout" }), timeoutMs));
    },
    sentIqs: () => ({ get: timeouts.length, set: 0 }),
  };
}

describe("runSelftest", () => {
  it("keeps every question, the probe's too, within the run's 5 minutes, whatever --timeout says (600 s here)", async () => {
    vi.useFakeTimers();
    const session = silent();
    const run = runSelftest(session, { domain: "silent.test", administrator: "admin@silent.test", timeoutMs: 600_000 });
    await vi.runAllTimersAsync();
    const output = await run;
    expect(session.timeouts.length).toBeGreaterThan(0);
    expect(Math.max(...session.timeouts)).toBeLessThanOrEqual(300_000);
    expect(output.durationMs).toBeLessThanOrEqual(300_000);
  });
});
