// One way for an integration test to wait for something: poll until it holds, for as long as the
// running test has left. A wait longer than its test could never end with its own message (the
// test's timeout fires first, naming nothing), so each wait ends a little before the test would,
// and says what it was waiting for.
import { setTimeout as sleep } from "node:timers/promises";
import { TestRunner } from "vitest";

/** Time kept back from the test's timeout, so that the wait's own message is what the run shows. */
const MARGIN_MS = 2_000;
/** Outside a test (a hook, a helper's setup), where no test's timeout applies: the hooks' timeout (vitest.config.ts). */
const OUTSIDE_A_TEST_MS = 60_000;
const POLL_MS = 100;

/** The milliseconds the running test has left, less the margin. */
export function timeLeft(now = Date.now()): number {
  const test = TestRunner.getCurrentTest();
  const startedAt = test?.result?.startTime;
  if (!test || startedAt === undefined || !(test.timeout > 0)) return OUTSIDE_A_TEST_MS - MARGIN_MS;
  return startedAt + test.timeout - MARGIN_MS - now;
}

/**
 * Resolves with the first truthy value of `check`, polled until the running test's time is nearly
 * up; then throws, naming `what` and how long it waited.
 */
export async function until<T>(what: string, check: () => T | undefined | null | false): Promise<T> {
  const began = Date.now();
  const deadline = began + Math.max(timeLeft(began), 0);
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() >= deadline) throw new Error(`timed out after ${Math.round((Date.now() - began) / 1000)} s waiting for ${what}`);
    await sleep(POLL_MS);
  }
}
