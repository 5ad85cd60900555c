// What the network-wide pages (the overview, the server list, the rules) need of one domain: a
// few hundred bytes, where its report is kilobytes. A build holds one per domain (100,000 fit in
// tens of MB); a server's full report is read from the store only for its own page and files.
import { CONTACT_CATEGORIES, isReachable, type ContactCategory, type DomainState, type Software, type Verdict } from "../../crawler/contract.ts";
import { hasValue } from "../../crawler/model/serverinfo.ts";
import { vantagesThatFailed } from "../../crawler/rules/federation.ts";

export interface DomainSummary {
  domain: string;
  verdict: Verdict;
  reachable: boolean;
  /** Reachable, but not from every vantage that asked (rules/federation.ts): a federation link is broken. */
  fromSomeVantagesOnly: boolean;
  serverinfoForms: number;
  /** The contact categories with at least one address that is not blank. */
  categories: ContactCategory[];
  /** How many administrators it lists, blank ones left out. */
  administrators: number;
  software: Software | undefined;
  /** The rules its findings trip, each once. */
  rules: string[];
}

export function summarize({ domain, report: r, verdict }: DomainState): DomainSummary {
  return {
    domain,
    verdict,
    reachable: isReachable(r.outcome),
    fromSomeVantagesOnly: isReachable(r.outcome) && vantagesThatFailed(r).length > 0,
    serverinfoForms: r.serverinfo.forms,
    categories: CONTACT_CATEGORIES.filter((c) => hasValue(r.contacts[c])),
    administrators: r.administrators.filter((a) => a.trim() !== "").length,
    software: r.software,
    rules: [...new Set(r.findings.map((f) => f.rule))],
  };
}
