import type { Finding } from "../contract.ts";
import type { DiscoInfo } from "../model/disco.ts";
import { templatePlaceholder } from "../model/template.ts";
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

/**
 * The findings on one published value, said for what they are when the value holds an unfilled
 * template placeholder: the rule stays, the message names the placeholder.
 */
export function sayPlaceholder(findings: Finding[], value: string, where: string): Finding[] {
  const placeholder = templatePlaceholder(value);
  if (placeholder === undefined || findings.length === 0) return findings;
  const message = `${quote(value.trim())} in ${where} holds the template placeholder ${quote(placeholder)}, which was never filled in: write the real address there.`;
  return findings.map((f) => ({ ...f, message }));
}
