import type { DiscoInfo } from "../model/disco.ts";
import type { Serverinfo } from "../model/serverinfo.ts";

/** What the rules see of one entity (the bare domain or a component). */
export interface EntityContext {
  /** The JID findings are made on. */
  jid: string;
  /** The domain being probed (canonical form). */
  domain: string;
  isDomain: boolean;
  info: DiscoInfo;
  serverinfo: Serverinfo;
}

/** Quotes a published value for a message, cut short so that messages stay readable. */
export function quote(value: string, max = 80): string {
  const shown = value.length > max ? `${value.slice(0, max)}…` : value;
  return JSON.stringify(shown);
}

/** Values seen more than once, each reported once. */
export function repeated<T>(items: T[], key: (item: T) => string = String): T[] {
  const seen = new Set<string>();
  const reported = new Set<string>();
  const out: T[] = [];
  for (const item of items) {
    const k = key(item);
    if (seen.has(k) && !reported.has(k)) {
      out.push(item);
      reported.add(k);
    }
    seen.add(k);
  }
  return out;
}
