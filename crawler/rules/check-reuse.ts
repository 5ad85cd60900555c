// Whether a crawl may reuse a target's last check instead of asking its host again (issue 34): the
// one decision, pure. A daemon crawls every 6 hours; a target whose check worked is not asked
// again within the reuse window (politeness.ts CONTACT_CHECKS.reuseWorkingMs), while its target
// is unchanged: the same address (the target's key) and the same DNS answer. Anything else (broken,
// not known, older, moved, or a kind whose check is DNS alone) is checked afresh, so that a fix
// shows at the next crawl. The checker (probe/contact-checks.ts) brings the last check from the
// store and asks DNS again; `check`, on the command line and in chat, never reuses.
import type { DnsAnswer, RoomFacts, TargetFacts, WebFacts, XmppDomainFacts } from "../model/contact-target.ts";
import { targetStatus } from "./reachability.ts";

/**
 * How a check is used: for a published address, or as the domain's own /.well-known/security.txt,
 * which nobody published and which is shown only when the domain serves one.
 */
export type CheckUse = "address" | "own-security-txt";

/** The checks that cost a request to someone's host, and so are worth reusing. A mail domain's check is its DNS answer: asking DNS again is the check itself. */
export type ReusableFacts = XmppDomainFacts | RoomFacts | WebFacts;

export function isReusableKind(facts: TargetFacts): facts is ReusableFacts {
  return facts.kind === "xmpp-domain" || facts.kind === "xmpp-room" || facts.kind === "web";
}

/**
 * The first half of the decision, before DNS is asked: the last check may be reused if it is of a
 * kind worth reusing, ran less than `windowMs` before `now` (and not in the future), knows the DNS
 * answers it was made with, and, judged now, works. For the domain's own security.txt, a file the
 * domain does not serve (nothing shown: a 404, no https at all) is as settled as a working one.
 * Returns the DNS questions whose answers must not have changed, or undefined: check afresh.
 */
export function reusableIf(previous: TargetFacts | undefined, use: CheckUse, now: Date, windowMs: number): DnsAnswer[] | undefined {
  if (!previous || !isReusableKind(previous) || previous.dns === undefined) return undefined;
  const age = now.getTime() - Date.parse(previous.checkedAt);
  if (!(age >= 0 && age < windowMs)) return undefined;
  const status = targetStatus(previous, use, now);
  const settled = status === "works" || (use === "own-security-txt" && status === "not-shown");
  return settled ? previous.dns : undefined;
}

/** The second half: the target is unchanged when DNS now gives the same answers to the same questions (a failed lookup tells nothing: not unchanged). */
export function sameDnsAnswers(then: readonly DnsAnswer[], now: readonly DnsAnswer[] | undefined): boolean {
  if (!now || now.length !== then.length) return false;
  return then.every((a, i) => {
    const b = now[i]!;
    return a.type === b.type && a.name === b.name && a.records.length === b.records.length && a.records.every((r, j) => r === b.records[j]);
  });
}
