// Snowball discovery: the domains a probe names that the list may not know yet. Pure.
import type { DomainReport } from "../contract.ts";
import { isUnder, parseJid } from "../model/jid.ts";
import { normalizeDomain } from "../model/domain.ts";
import { administratorJids, xmppJids } from "../operators/operators.ts";
import { CONTACT_CATEGORIES } from "../contract.ts";
import { listedVia } from "./sources.ts";

export interface Discovered {
  domain: string;
  /** How it was found, recorded as the domain's source (crawler/crawl/sources.ts) */
  via: string;
}

/** The service domain of a JID's domainpart, through the one domain check (never an IP address): a MUC or upload host under a domain is not a server of its own. */
function candidate(domain: string, probed: string): string | undefined {
  if (isUnder(domain, probed)) return undefined; // the probed domain or one of its subdomains, in any form
  const normalized = normalizeDomain(domain);
  return normalized.ok ? normalized.domain : undefined;
}

/** The domains a report names, and the disco#items entries outside the domain (never probed as its components). */
export function discoveredDomains(report: DomainReport, itemsElsewhere: string[] = []): Discovered[] {
  if (report.outcome !== "ok") return [];
  const found = new Map<string, string>();
  const add = (domain: string | undefined, via: string) => {
    if (domain && !found.has(domain)) found.set(domain, via);
  };
  const contacts = CONTACT_CATEGORIES.flatMap((c) => report.contacts[c]);
  for (const jid of xmppJids(contacts)) {
    const parsed = parseJid(jid);
    if (parsed.ok) add(candidate(parsed.jid.domain, report.domain), listedVia.contactOf(report.domain));
  }
  for (const jid of administratorJids(report.administrators)) {
    const parsed = parseJid(jid);
    if (parsed.ok) add(candidate(parsed.jid.domain, report.domain), listedVia.administratorOf(report.domain));
  }
  for (const jid of [...report.components.map((c) => c.jid), ...itemsElsewhere]) add(candidate(jid, report.domain), listedVia.itemOf(report.domain));
  return [...found].map(([domain, via]) => ({ domain, via }));
}
