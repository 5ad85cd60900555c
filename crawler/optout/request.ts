// Opt-out by message: who may ask for which domain. Pure.
// A request is honoured only when the sender's bare JID is one of the domain's operators
// (crawler/rules/operators.ts: an xmpp: abuse, admin or security address, or an administrator)
// in its newest probe.
import type { DomainReport } from "../contract.ts";
import { normalizeDomain } from "../model/domain.ts";
import { operatorJids } from "../rules/operators.ts";

export type OptOutDecision = { kind: "not-a-request" } | { kind: "accept"; domain: string } | { kind: "refuse"; reply: string };

const REQUEST = /\bopt[\s-]?out\b/i;

/** The domain a request names: the first word that is a valid domain. */
export function requestedDomain(body: string): string | undefined {
  for (const word of body.split(/[\s,;]+/)) {
    const cleaned = word.replace(/^[<("']+|[>)"'.!?:]+$/g, "");
    if (!cleaned.includes(".")) continue;
    const result = normalizeDomain(cleaned);
    if (result.ok) return result.domain;
  }
  return undefined;
}

/**
 * Decides on a message. `reports` are the newest reports of the domains the store knows;
 * `sender` is the message's bare JID (normalised).
 */
export function decideOptOut(sender: string, body: string, reports: DomainReport[]): OptOutDecision {
  if (!REQUEST.test(body)) return { kind: "not-a-request" };
  const listing = reports.filter((r) => operatorJids(r).has(sender)).map((r) => r.domain);
  const named = requestedDomain(body);
  if (named) {
    if (listing.includes(named)) return { kind: "accept", domain: named };
    return {
      kind: "refuse",
      reply: `${named} does not list ${sender} as an operator (an xmpp: abuse, admin or security address, or in administrators), so I cannot take an opt-out for it from you. Publish your address in its serverinfo form (XEP-0157), or ask the operator of this observatory.`,
    };
  }
  if (listing.length === 1) return { kind: "accept", domain: listing[0]! };
  if (listing.length === 0)
    return {
      kind: "refuse",
      reply: `No domain I know lists ${sender} as an operator (an xmpp: abuse, admin or security address, or in administrators), so I cannot take an opt-out from you.`,
    };
  return { kind: "refuse", reply: `${sender} is listed by several domains (${listing.join(", ")}). Name the one to opt out: "opt out example.org".` };
}
