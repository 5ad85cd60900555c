// Reachability from more than one vantage (issue 32): when our own server cannot reach a domain,
// the crawl asks other servers (crawler/crawl/vantages.ts). The judgements of what they answered
// are all here: which failures are worth a second opinion, when a domain is unreachable, and the
// finding of a domain that only some servers reach. Pure.
import { isReachable, type DomainReport, type Finding, type Outcome, type VantageOutcome } from "../contract.ts";
import { BOUNDS, OWN_SERVER_SICK } from "../politeness.ts";
import { capFindings } from "./bounds.ts";
import { fitReport } from "./report-budget.ts";
import { defineRules, type RuleIdOf } from "./rule.ts";
import { SPEC } from "./specs.ts";

export const FEDERATION_RULES = defineRules("federation", [
  {
    id: "federation-partial",
    severity: "warning",
    scope: "domain",
    title: "Some servers cannot reach this domain",
    why: "The observatory asks from more than one server. This domain answered one of them, and another could not reach it over server-to-server connections: users of that server cannot write to anyone here, and their messages bounce. The finding names who could not reach the domain, with that server's own error text. A broken federation link is often the domain's (a certificate others accept but strict servers refuse, DNS or SRV records some resolvers see differently, s2s reachable over IPv6 only), and sometimes a choice (a blocklist).",
    spec: [SPEC.rfc6120RemoteServerNotFound],
    fix: {
      generic:
        "Read the other server's error text. A certificate: serve one that is valid, unexpired and names the domain (servers that require valid certificates, s2s_secure_auth, refuse any other). DNS and SRV: check that _xmpp-server._tcp records and their targets resolve the same everywhere. IPv6 only: publish an IPv4 address for s2s as well. A blocklist: if the other server is on yours (ejabberd's s2s_access, Prosody's s2s blocklist modules) and that is not meant, take it off.",
    },
  },
]);
export type FederationRuleId = RuleIdOf<typeof FEDERATION_RULES>;

/**
 * The outcomes that may be our own server's fault, and are worth asking another vantage about:
 * a failed s2s link (remote-server-not-found, remote-server-timeout) or no answer in time. A
 * stanza error from the domain itself is its answer, the same from everywhere.
 */
export function isNetworkFailure(outcome: Outcome): boolean {
  return outcome === "remote-server-not-found" || outcome === "remote-server-timeout" || outcome === "timeout";
}

/**
 * Whether our own server's failure on a domain is asked again through the other vantages: a
 * network failure; or, while our own server is sick (it could not reach the domain known to work),
 * any failure, since even a stanza error may then be its own ("Communication with remote domains
 * is not enabled", from a server whose s2s is off).
 */
export function worthAskingElsewhere(outcome: Outcome, ownServerSick: boolean): boolean {
  return isNetworkFailure(outcome) || (ownServerSick && !isReachable(outcome));
}

/**
 * Whether our own server's failure may be worth asking elsewhere before anyone knows whether our
 * own server is sick: the chat's check, which logs the other vantages in only when it needs them,
 * opens them then; they ask the control domain, and worthAskingElsewhere decides, as in a crawl.
 */
export function mayBeWorthAskingElsewhere(outcome: Outcome): boolean {
  return worthAskingElsewhere(outcome, true);
}

/** One vantage's outcome, as the reports and the logs name it: "home.test: remote-server-not-found (the server's text)". */
export function describeVantage(v: VantageOutcome): string {
  const said = v.error?.text ? ` (${v.error.text})` : "";
  return `${v.vantage}: ${isReachable(v.outcome) ? "reached it" : `${v.error?.condition ?? v.outcome}${said}`}`;
}

/**
 * The domain's report, given what each working vantage got: `report` is the probe through the
 * first vantage that reached it (`via`), or else our own server's, and `outcomes` every working
 * vantage's, ours first. Reached from some only: reachable, with a federation-partial finding
 * naming who could not reach it, unless our own server is sick (it could not reach the control
 * domain either). Reached by none: unreachable, from every vantage asked, unless our own server
 * was sick and no other vantage could be asked: then nobody confirmed the failure, and the outcome
 * is unconfirmed, not judged (judge/verdict.ts), neither unreachable nor a step towards dormancy.
 */
export function withVantages(report: DomainReport, outcomes: VantageOutcome[], via: string | undefined, ownServerSick = false): DomainReport {
  const failed = outcomes.filter((o) => !isReachable(o.outcome));
  if (via === undefined && ownServerSick && outcomes.length === 1) return unconfirmed(report, outcomes);
  if (via === undefined || failed.length === 0) return fitReport({ ...report, vantages: outcomes });
  // Our own server could not reach even the domain known to work: the failure is ours, and no finding is held against the domain.
  if (ownServerSick) return fitReport({ ...report, via, vantages: outcomes });
  const who = failed.map(describeVantage).join("; ");
  const message = `${report.domain} answered through ${via}, but ${failed.length === 1 ? "one server" : `${failed.length} servers`} could not reach it: ${who}.`;
  const finding = FEDERATION_RULES.finding("federation-partial", report.domain, message.slice(0, BOUNDS.maxFindingChars));
  return fitReport({ ...report, via, vantages: outcomes, findings: capFindings([...report.findings, finding]) });
}

/**
 * A failure only our own server saw, in a crawl that found our own server to be the problem:
 * unconfirmed (not judged), with our own server's error and its outcome among the vantages'.
 */
function unconfirmed(report: DomainReport, outcomes: VantageOutcome[]): DomainReport {
  return fitReport({ ...report, outcome: "unconfirmed", findings: [], vantages: outcomes });
}

/**
 * A report of a crawl that found our own server sick only at its end (OWN_SERVER_SICK's share, not
 * the control domain), as withVantages would have judged it had that been known when it was
 * stored; undefined when that changes nothing. Only a network failure of our own server's that no
 * other working vantage confirmed changes: reached elsewhere, it keeps no federation-partial; asked
 * nowhere else, it is unconfirmed. `homeName` names our own server for a report no other vantage was asked about.
 */
export function judgedWithOwnServerSick(report: DomainReport, homeName: string): DomainReport | undefined {
  const home = report.vantages?.[0] ?? { vantage: homeName, outcome: report.outcome, ...(report.error && { error: report.error }) };
  const others = (report.vantages ?? []).slice(1);
  if (!isNetworkFailure(home.outcome)) return undefined;
  // Another working vantage failed too, and none reached it: the failure is confirmed.
  if (report.via === undefined && others.length > 0) return undefined;
  const withoutPartial = { ...report, findings: report.findings.filter((f) => f !== partialFailure(report)) };
  const judged = withVantages(withoutPartial, [home, ...others], report.via, true);
  return JSON.stringify(judged) === JSON.stringify(report) ? undefined : judged;
}

/** The partial failure a report shows (its federation-partial finding), if any: the history says when one began and ended (judge/changes.ts). */
export function partialFailure(report: Pick<DomainReport, "findings">): Finding | undefined {
  return report.findings.find((f) => f.rule === "federation-partial");
}

/**
 * Whether our own server is the problem, in words, or undefined: it could not reach the control
 * domain, or other vantages reached many of the domains it failed on (OWN_SERVER_SICK).
 */
export function ownServerProblem(crawl: {
  homeControl: { ok: boolean; said: string } | undefined;
  asked: number;
  reachedElsewhere: number;
}): string | undefined {
  if (crawl.homeControl && !crawl.homeControl.ok) return `our own server could not reach the domain known to work (${crawl.homeControl.said})`;
  if (crawl.reachedElsewhere >= OWN_SERVER_SICK.minReachedElsewhere && crawl.reachedElsewhere >= crawl.asked * OWN_SERVER_SICK.minShare)
    return `other vantages reached ${crawl.reachedElsewhere} of the ${crawl.asked} domains our own server could not reach`;
  return undefined;
}

/** How many vantages a report's outcome rests on: 1 when only our own server asked. */
export const vantagesAsked = (report: Pick<DomainReport, "vantages">) => report.vantages?.length ?? 1;

/** The vantages that could not reach the domain although another did (a federation-partial report), by name. */
export function vantagesThatFailed(report: Pick<DomainReport, "vantages" | "via">): string[] {
  if (report.via === undefined) return [];
  return (report.vantages ?? []).filter((v) => !isReachable(v.outcome)).map((v) => v.vantage);
}
