// What the commands share: the store, opened and closed around a command, and option parsing.
import { terminalSafe } from "../model/invisible.ts";
import { databasePath } from "../config.ts";
import { Store } from "../store/store.ts";
import { CliError, EXIT } from "./exit.ts";
import type { LoginRetryListener } from "../crawl/use-case.ts";

export async function withStore<T>(use: (store: Store) => Promise<T> | T): Promise<T> {
  const store = Store.open(databasePath());
  try {
    return await use(store);
  } finally {
    store.close();
  }
}

/** Parses a positive whole number option, or fails with a usage error naming it. */
/** A whole-number flag within bounds: past Node's timer limit (2^31 ms) a timeout would fire at once, so every flag has a maximum. */
export function wholeNumber(name: string, min: number, max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max)
      throw new CliError(`${name} must be a whole number from ${min} to ${max}, not ${JSON.stringify(value)}`, EXIT.usage);
    return n;
  };
}

/** Says on stderr that a login failed and another attempt follows (crawl and check). */
export const printLoginRetry: LoginRetryListener = ({ attempt, of, delayMs, error }) =>
  process.stderr.write(`${terminalSafe(`Login failed (${error}); attempt ${attempt} of ${of} in ${delayMs / 1000} s.`)}\n`);
