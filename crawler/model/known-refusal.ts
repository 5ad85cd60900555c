// Whether a crawl may answer a web check from a connection refused earlier in the same crawl
// (issue 34, decision 3's politeness: fewer attempts at strangers' hosts): the one decision, pure.
// Only a refused TCP connection (ECONNREFUSED) is remembered, keyed by the resolved address and
// port that refused it, never by host name: a timeout, a TLS or an HTTP failure may be the name's
// own or pass, and is asked every time. A refusal is known for a short while only
// (politeness.ts CONTACT_CHECKS.refusedConnectionMs), and only within the crawl (or `check`) that
// saw it: the next one connects again, so that a host that came up shows at the next crawl. The
// memo that holds refusals is the crawl's checker's (net/refused-connections.ts).

/** A refused connection, as it was seen: when, and by the check of which address. */
export interface Refusal {
  /** ISO 8601: when the refusal came back. */
  seenAt: string;
  /** The address (URL) whose check connected and was refused. */
  url: string;
  /** The error as it was shown then (`connect ECONNREFUSED 192.0.2.1:443`). */
  message: string;
}

/** The key of one address and port, however the address is written (IPv6 in brackets, as in a URL). */
export function connectionKey(address: string, port: number): string {
  return address.includes(":") ? `[${address}]:${port}` : `${address}:${port}`;
}

/** Whether a refusal seen earlier is still known at `now`: seen less than `holdMs` before it (and not in the future). */
export function stillKnown(refusal: Refusal | undefined, now: Date, holdMs: number): refusal is Refusal {
  if (!refusal) return false;
  const age = now.getTime() - Date.parse(refusal.seenAt);
  return age >= 0 && age < holdMs;
}

/**
 * A request is answered from the memo only when every address it may connect to (a name's
 * addresses, each at the request's port) refused a connection that is still known: the refusal of
 * the first of them. A name with one address that was never tried is asked.
 */
export function knownRefusal(keys: readonly string[], known: (key: string) => Refusal | undefined, now: Date, holdMs: number): Refusal | undefined {
  if (keys.length === 0) return undefined;
  let first: Refusal | undefined;
  for (const key of keys) {
    const refusal = known(key);
    if (!stillKnown(refusal, now, holdMs)) return undefined;
    first ??= refusal;
  }
  return first;
}
