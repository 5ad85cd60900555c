// What the commands share: the store, opened and closed around a command, and option parsing.
import { terminalSafe } from "../model/invisible.ts";
import { databasePath } from "../config.ts";
import { Store } from "../store/store.ts";
import type { LoginRetryListener } from "../crawl/use-case.ts";

export async function withStore<T>(use: (store: Store) => Promise<T> | T): Promise<T> {
  const store = Store.open(databasePath());
  try {
    return await use(store);
  } finally {
    store.close();
  }
}

/** Says on stderr that a login failed and another attempt follows (crawl and check). */
export const printLoginRetry: LoginRetryListener = ({ attempt, of, delayMs, error }) =>
  process.stderr.write(`${terminalSafe(`Login failed (${error}); attempt ${attempt} of ${of} in ${delayMs / 1000} s.`)}\n`);
