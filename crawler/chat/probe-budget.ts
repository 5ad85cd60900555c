// What strangers may make the observatory probe, for everyone together (politeness.ts INBOX): chat
// `check`s and the authbot mode's joiners draw on one budget, so that neither is a way around the
// other's caps. A probe the authbot mode reuses, or a check answered from the store, costs nothing.
// Pure: the caller passes the time.
import { INBOX } from "../politeness.ts";
import { RateLimit } from "./rate-limit.ts";

export type ProbeAdmission = { ok: true } | { ok: false; cap: "probes"; retryAt: number } | { ok: false; cap: "new-domains" };

const DAY_MS = 86_400_000;

export class ProbeBudget {
  private readonly probes = new RateLimit(INBOX.checkProbesPerMinute, 60_000, 1);
  private readonly newDomains = new RateLimit(INBOX.newDomainsPerDay, DAY_MS, 1);

  /** One probe, and one new domain on the list when `isNew`; past either cap, which one. */
  take(isNew: boolean, now: number): ProbeAdmission {
    const probe = this.probes.take("*", now);
    if (!probe.ok) return { ok: false, cap: "probes", retryAt: probe.retryAt };
    if (isNew && !this.newDomains.take("*", now).ok) return { ok: false, cap: "new-domains" };
    return { ok: true };
  }
}

/** The caps, as a reply says them. */
export const BUDGET_WORDS = {
  probes: `at most ${INBOX.checkProbesPerMinute} a minute, for chat and joiners together`,
  newDomains: `at most ${INBOX.newDomainsPerDay} new domains a day, for chat and joiners together`,
} as const;
