// What the commands share: the store and a logged-in session, opened and closed around a command.
import { accountConfig, databasePath } from "../config.ts";
import { Store } from "../store/store.ts";
import { LoginError, XmppSession } from "../xmpp/session.ts";
import { CliError, EXIT } from "./exit.ts";

export async function withStore<T>(use: (store: Store) => Promise<T> | T): Promise<T> {
  const store = Store.open(databasePath());
  try {
    return await use(store);
  } finally {
    store.close();
  }
}

export async function withSession<T>(use: (session: XmppSession) => Promise<T>): Promise<T> {
  const account = accountConfig();
  let session: XmppSession;
  try {
    session = await XmppSession.open(account);
  } catch (error) {
    if (error instanceof LoginError) throw new CliError(error.message, EXIT.login);
    throw error;
  }
  try {
    return await use(session);
  } finally {
    await session.close();
  }
}

/** Parses a positive whole number option, or fails with a usage error naming it. */
export function positiveInt(name: string, min = 1) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < min) throw new CliError(`${name} must be a whole number of at least ${min}, not ${JSON.stringify(value)}`, EXIT.usage);
    return n;
  };
}
