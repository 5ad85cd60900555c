// Opt-out by message: who may ask it for which domain. Pure.
// A request is honoured only when the sender's bare JID is one of the domain's operators in its
// newest probe (crawler/operators/operators.ts: an xmpp: abuse, admin or security address, or an
// administrator; never a room), and only after the sender confirms it with a code.

export type OptOutDecision = { kind: "accept"; domain: string } | { kind: "refuse"; reply: string };

export const OPERATOR = "an xmpp: abuse, admin or security address that is not a room, or in administrators";

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
