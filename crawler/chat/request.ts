// Opt-out by message: what a message asks, and who may ask it for which domain. Pure.
// A request is honoured only when the sender's bare JID is one of the domain's operators in its
// newest probe (crawler/rules/operators.ts: an xmpp: abuse, admin or security address, or an
// administrator; never a room), and only after the sender confirms it with a code.
import { normalizeDomain } from "../model/domain.ts";

export type Command = { kind: "opt-out"; domain: string | undefined } | { kind: "confirm"; code: string };

const OPT_OUT = /\bopt[\s-]?out\b/i;
const CONFIRM = /^\s*confirm\s+([A-Za-z0-9]{4,16})\s*$/i;

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

/** The command a message carries, if any: cheap, so that it runs before any limit or store. */
export function parseCommand(body: string): Command | undefined {
  const confirm = CONFIRM.exec(body);
  if (confirm) return { kind: "confirm", code: confirm[1]!.toUpperCase() };
  if (OPT_OUT.test(body)) return { kind: "opt-out", domain: requestedDomain(body) };
  return undefined;
}

export type OptOutDecision = { kind: "accept"; domain: string } | { kind: "refuse"; reply: string };

const OPERATOR = "an xmpp: abuse, admin or security address that is not a room, or in administrators";

/** Decides on an opt-out request from `sender` naming `named` (or nothing), given the domains that list the sender as an operator. */
export function decideOptOut(sender: string, named: string | undefined, listing: readonly string[]): OptOutDecision {
  if (named) {
    if (listing.includes(named)) return { kind: "accept", domain: named };
    return {
      kind: "refuse",
      reply: `${named} does not list ${sender} as an operator (${OPERATOR}), so I cannot take an opt-out for it from you. Publish your address in its serverinfo form (XEP-0157), or ask the operator of this observatory.`,
    };
  }
  if (listing.length === 1) return { kind: "accept", domain: listing[0]! };
  if (listing.length === 0)
    return { kind: "refuse", reply: `No domain I know lists ${sender} as an operator (${OPERATOR}), so I cannot take an opt-out from you.` };
  return { kind: "refuse", reply: `${sender} is listed by several domains (${listing.join(", ")}). Name the one to opt out: "opt out example.org".` };
}
