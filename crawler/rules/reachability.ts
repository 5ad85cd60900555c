// Do the published addresses work? The one judgement of what the contact checks found: each
// address gets a mark (works, broken, not checked) with the reason, and the rules below their
// findings. Pure: the facts come from probe/contact-checks.ts.
import type { AddressCheck, DomainReport, Finding } from "../contract.ts";
import { BOUNDS } from "../politeness.ts";
import {
  domainReached,
  isSecurityTxtUrl,
  namesRoom,
  namesServer,
  type AddressPlan,
  type MailFacts,
  type RoomFacts,
  type TargetFacts,
  type WebFacts,
  type XmppDomainFacts,
} from "../model/contact-target.ts";
import { judgeSecurityTxt, parseSecurityTxt } from "../model/security-txt.ts";
import { formatInstant } from "../model/dates.ts";
import { capFindings } from "./bounds.ts";
import { fitReport } from "./report-budget.ts";
import { defineRules, type RuleIdOf } from "./rule.ts";
import { SPEC } from "./specs.ts";
import { addressField } from "../model/serverinfo.ts";

const REACHES_NOBODY = "An abuse address that reaches nobody is an error: it is the one people need when something goes wrong.";

export const REACHABILITY_RULES = defineRules("reachability", [
  {
    id: "contact-domain-unreachable",
    severity: "warning",
    scope: "entity",
    title: "An XMPP address whose domain cannot be reached",
    why: `Nobody can write to an XMPP address whose server cannot be reached over server-to-server connections: the message bounces with remote-server-not-found or times out. The observatory asks the domain one disco#info question, from an ordinary account, as any sender's server would connect. ${REACHES_NOBODY}`,
    spec: [SPEC.rfc6120RemoteServerNotFound, SPEC.xep0157Uris],
    fix: {
      generic:
        "Make the address's domain reachable over s2s (DNS SRV or A records, port 5269 open, a valid certificate), or publish an address on a domain that is.",
    },
  },
  {
    id: "contact-room-missing",
    severity: "warning",
    scope: "entity",
    title: "A room address where no room exists",
    why: `A ?join address, or a JID on a conference service, names a room. When the service answers that no such room exists, readers who follow the address land nowhere (or create an empty room of their own). ${REACHES_NOBODY}`,
    spec: [SPEC.xep0045RoomInfo, SPEC.rfc5122, SPEC.rfc6120Gone],
    fix: { generic: "Create the room and make it persistent, or publish the address of a room that exists." },
  },
  {
    id: "contact-room-closed",
    severity: "warning",
    scope: "entity",
    title: "A room address readers cannot join",
    why: `A members-only or password-protected room turns away everyone who is not already in it, which is everyone a contact address is for. ${REACHES_NOBODY}`,
    spec: [SPEC.xep0045MembersOnly, SPEC.xep0157Uris],
    fix: { generic: "Open the room to non-members (and remove its password), or publish an address people can use without an invitation." },
  },
  {
    id: "mail-domain-no-mx",
    severity: "warning",
    scope: "entity",
    title: "A mail address whose domain cannot receive mail",
    why: `The domain of a mailto: address has no MX records and no address records for the fallback, or does not exist at all: mail to it bounces. The observatory only asks DNS; it never connects to a mail server and never sends mail. ${REACHES_NOBODY}`,
    spec: [SPEC.rfc5321Fallback, SPEC.rfc6068],
    fix: { generic: "Publish MX records for the mail domain (or fix the address's domain)." },
  },
  {
    id: "mail-domain-null-mx",
    severity: "warning",
    scope: "entity",
    title: "A mail address whose domain says it accepts no mail",
    why: `The domain of a mailto: address publishes a null MX (RFC 7505): it declares that it accepts no mail, so every message to the address is refused. ${REACHES_NOBODY}`,
    spec: [SPEC.rfc7505NullMx],
    fix: { generic: "Publish an address on a domain that receives mail, or replace the null MX with real MX records." },
  },
  {
    id: "mail-domain-unroutable",
    severity: "warning",
    scope: "entity",
    title: "A mail address that nobody on the internet can reach",
    why: `The mail domain, or every host its MX records name, is localhost or another special-use or private name (localhost, invalid, example, .local, home.arpa, .internal), or resolves only to loopback, private or link-local addresses. Mail from anywhere else cannot be delivered there. A template or an internal setup copied into the public configuration is the usual cause. ${REACHES_NOBODY}`,
    spec: [SPEC.rfc6761Localhost, SPEC.rfc6761Example, SPEC.rfc6762Local, SPEC.rfc8375HomeArpa, SPEC.icannInternal, SPEC.rfc5321Unusable],
    fix: { generic: "Publish an address on a public mail domain whose MX hosts have public addresses." },
  },
  {
    id: "mail-mx-no-address",
    severity: "warning",
    scope: "entity",
    title: "A mail domain whose MX hosts have no address",
    why: `The domain has MX records, but none of the hosts they name has an A or AAAA record, so no sender can connect to any of them; RFC 5321 makes that an error, and mail bounces. ${REACHES_NOBODY}`,
    spec: [SPEC.rfc5321Unusable, SPEC.rfc5321MxAddress],
    fix: { generic: "Give the MX hosts address records, or point the MX records at hosts that have them." },
  },
  {
    id: "https-contact-broken",
    severity: "warning",
    scope: "entity",
    title: "A web address that does not lead to a page",
    why: `One GET of the address (following up to 5 redirects, within 10 s) ended in an HTTP error, a redirect loop, a refused certificate, a timeout or no connection. Readers following the address see the same. ${REACHES_NOBODY}`,
    spec: [SPEC.rfc9110ClientError, SPEC.rfc9110ServerError],
    fix: { generic: "Make the page answer 200 at the published address (with a certificate browsers accept), or publish the address it moved to." },
  },
  {
    id: "https-contact-downgrade",
    severity: "warning",
    scope: "entity",
    title: "An https: address that redirects to plain http",
    why: `A redirect from https onto plain http hands the reader's request to anyone on the path; browsers warn, and the observatory does not follow it. ${REACHES_NOBODY}`,
    spec: [SPEC.rfc9110Https],
    fix: { generic: "Serve the page over https at its final address, and redirect only to https: addresses." },
  },
  {
    id: "securitytxt-expired",
    severity: "warning",
    scope: "entity",
    title: "A security.txt without a valid Expires in the future",
    why: "RFC 9116 requires an Expires field, once, with a date in the future; past it, the file's content is stale and researchers should not use it.",
    spec: [SPEC.rfc9116Expires],
    fix: { generic: "Add (or renew) one line 'Expires: <RFC 3339 date-time within a year>' to the security.txt, and renew it before it passes." },
  },
  {
    id: "securitytxt-no-contact",
    severity: "warning",
    scope: "entity",
    title: "A security.txt without a Contact",
    why: "RFC 9116 requires at least one Contact field: without it the file does not say where to report a vulnerability.",
    spec: [SPEC.rfc9116Contact],
    fix: { generic: "Add a line 'Contact: mailto:security@example.org' (or an https: page) to the security.txt." },
  },
]);

type ReachabilityRule = RuleIdOf<typeof REACHABILITY_RULES>;

/** The rules whose finding means the address reaches nobody: an error on an abuse address. */
const NOBODY_RULES: ReadonlySet<ReachabilityRule> = new Set([
  "contact-domain-unreachable",
  "contact-room-missing",
  "contact-room-closed",
  "mail-domain-no-mx",
  "mail-domain-null-mx",
  "mail-domain-unroutable",
  "mail-mx-no-address",
  "https-contact-broken",
  "https-contact-downgrade",
]);

const ABUSE_FIELD = addressField("abuse");

export interface Problem {
  rule: ReachabilityRule;
  message: string;
}

/** One address judged: its mark, and the problems behind a broken one. */
export interface JudgedAddress {
  check: AddressCheck;
  problems: Problem[];
}

const cut = (s: string) => (s.length > BOUNDS.maxFindingChars ? `${s.slice(0, BOUNDS.maxFindingChars - 1)}…` : s);

/** The privacy reason an account is never asked about, shown beside every account address. */
export const ACCOUNT_PRIVACY =
  "Whether the account exists is not asked: servers answer that only to its contacts, and asking would tell strangers who has an account (privacy).";

/**
 * Judges one address from the facts its targets' checks brought back. `facts` finds a target's
 * facts by its key (targetKey); a target missing from it was not checked.
 */
export function judgeAddress(value: string, fields: string[], plan: AddressPlan, facts: (key: string) => TargetFacts | undefined): JudgedAddress {
  const base = { value, fields };
  const notChecked = (why: string, kind: AddressCheck["kind"] = "none"): JudgedAddress => ({
    check: { ...base, kind, status: "not-checked", why: cut(why), records: [] },
    problems: [],
  });
  switch (plan.kind) {
    case "none":
      return notChecked(`Not checked: ${plan.why}.`);
    case "xmpp":
      return judgeXmpp(base, plan, facts, notChecked);
    case "mail":
      return judgeMail(base, plan.domains, facts, notChecked);
    case "web":
      return judgeWeb(base, plan.url, facts(targetKey("web", plan.url)), notChecked);
  }
}

export const targetKey = (kind: "xmpp-domain" | "xmpp-room" | "mail" | "web", target: string) => `${kind}:${target}`;

type Base = { value: string; fields: string[] };
type NotChecked = (why: string, kind?: AddressCheck["kind"]) => JudgedAddress;

/** Why a target has no facts to judge: skipped past the crawl's bound, or never reached by the checks. */
const whyUnchecked = (facts: TargetFacts | undefined) => `Not checked: ${facts?.kind === "skipped" ? facts.why : "past the checks' bounds"}.`;

const records = (...facts: Array<{ record?: { key: string } | undefined } | undefined>) =>
  facts.flatMap((f) => (f?.record ? [f.record.key] : [])).filter((k, i, all) => all.indexOf(k) === i);

function judgeXmpp(
  base: Base,
  plan: Extract<AddressPlan, { kind: "xmpp" }>,
  facts: (key: string) => TargetFacts | undefined,
  notChecked: NotChecked,
): JudgedAddress {
  const domain = facts(targetKey("xmpp-domain", plan.domain));
  const isRoomAddress = namesRoom(plan, domain);
  const kind = isRoomAddress ? "xmpp-room" : "xmpp-account";
  if (domain?.kind !== "xmpp-domain") return notChecked(whyUnchecked(domain), kind);
  const at = domain.checkedAt;
  if (domain.outcome === "internal-error") return notChecked("Not checked: the observatory failed on the domain's answer.", kind);
  if (domain.outcome === "unconfirmed")
    return notChecked("Not checked: only our own server failed on the domain, and no working vantage could confirm it.", kind);
  if (domain.outcome === "error") {
    // An error answer is no answer (contract isReachable): the domain's own page says unreachable, so the address cannot be said to work.
    const why = `Not known: ${plan.domain} answered disco#info with an error (${domain.condition ?? "no condition"}), so the observatory counts it as unreachable and cannot tell whether messages reach it.`;
    return { check: { ...base, kind, status: "not-checked", checkedAt: at, why: cut(why), records: records(domain) }, problems: [] };
  }
  if (!domainReached(domain)) {
    const how = domain.outcome === "timeout" ? "did not answer within our time limit" : `could not be reached over s2s (${domain.outcome})`;
    const why = `${plan.domain} ${how}: messages to this address bounce.`;
    return broken(base, kind, at, why, records(domain), "contact-domain-unreachable");
  }
  if (namesServer(plan)) {
    // The address rules say so (address-xmpp-domain-only, administrators-domain-only): no second finding here.
    const why = `${plan.domain} answers over s2s, but the address names the server itself, not a person: nobody reads what is sent to it.`;
    return { check: { ...base, kind, status: "broken", checkedAt: at, why: cut(why), records: records(domain) }, problems: [] };
  }
  if (!isRoomAddress) {
    // Reached through another vantage only: it works, with a note on who could not reach it.
    const note = domain.failedFrom?.length ? ` Not from every server: ${domain.failedFrom.join("; ")}.` : "";
    return {
      check: {
        ...base,
        kind,
        status: "works",
        checkedAt: at,
        why: cut(`${plan.domain} answers over s2s.${note} ${ACCOUNT_PRIVACY}`),
        records: records(domain),
      },
      problems: [],
    };
  }
  const room = facts(targetKey("xmpp-room", plan.bare));
  if (room?.kind !== "xmpp-room") return notChecked(whyUnchecked(room), kind);
  return judgeRoom(base, plan.bare, domain, room);
}

function judgeRoom(base: Base, bare: string, domain: XmppDomainFacts, room: RoomFacts): JudgedAddress {
  const evidence = records(domain, room);
  const at = room.checkedAt;
  const roomCheck = (exists: boolean) => ({
    exists,
    ...(room.public !== undefined && { public: room.public }),
    ...(room.membersOnly !== undefined && { membersOnly: room.membersOnly }),
  });
  if (room.outcome === "ok" && room.isRoom) {
    const closed = closedBecause(room);
    if (closed.length > 0) {
      return broken(
        base,
        "xmpp-room",
        at,
        `The room ${bare} exists but is ${closed.join(" and ")}: readers who are not members cannot join it.`,
        evidence,
        "contact-room-closed",
        {
          room: roomCheck(true),
        },
      );
    }
    const visibility = room.public === false ? "hidden from the room list, but open" : "public and open";
    return {
      check: {
        ...base,
        kind: "xmpp-room",
        status: "works",
        checkedAt: at,
        why: `The room ${bare} exists, ${visibility}.`,
        room: roomCheck(true),
        records: evidence,
      },
      problems: [],
    };
  }
  if (room.outcome === "error" && room.condition === "gone") {
    const why = `The service says the room ${bare} is gone (RFC 6120 §8.3.3.5: it can no longer be contacted at this address, typically for good).`;
    return broken(base, "xmpp-room", at, why, evidence, "contact-room-missing", { room: { exists: false } });
  }
  if ((room.outcome === "error" && room.condition === "item-not-found") || (room.outcome === "ok" && !room.isRoom)) {
    const why = room.outcome === "ok" ? `${bare} answers, but not as a room.` : `The service says the room ${bare} does not exist (item-not-found).`;
    return broken(base, "xmpp-room", at, why, evidence, "contact-room-missing", { room: { exists: false } });
  }
  const said = room.condition ?? room.outcome;
  return {
    check: { ...base, kind: "xmpp-room", status: "not-checked", checkedAt: at, why: cut(`Not known: the room ${bare} answered ${said}.`), records: evidence },
    problems: [],
  };
}

/** Why readers who are not members cannot join a room: members-only, password-protected, or neither. */
const closedBecause = (room: RoomFacts) => [room.membersOnly && "members-only", room.passwordProtected && "password-protected"].filter(Boolean);

function judgeMail(base: Base, domains: string[], facts: (key: string) => TargetFacts | undefined, notChecked: NotChecked): JudgedAddress {
  const found = domains.map((d) => [d, facts(targetKey("mail", d))] as const);
  const missing = found.find(([, f]) => !f || f.kind !== "mail");
  if (missing) return notChecked(whyUnchecked(missing[1]), "mail");
  const mail = found.map(([d, f]) => [d, f as MailFacts] as const);
  const at = mail.map(([, f]) => f.checkedAt).sort()[0]!;
  const evidence = records(...mail.map(([, f]) => f));
  const hosts = mail.flatMap(([d, f]) => {
    const v = f.verdict;
    if (v.kind === "mx" || v.kind === "mx-no-address") return v.hosts;
    if (v.kind === "unroutable") return v.hosts.map((h) => h.host);
    return v.kind === "address-fallback" ? [d] : [];
  });
  const mailFacts = { hosts: hosts.slice(0, 16), nullMx: mail.some(([, f]) => f.verdict.kind === "null-mx") };
  for (const [domain, f] of mail) {
    const v = f.verdict;
    if (v.kind === "null-mx")
      return broken(base, "mail", at, `${domain} publishes a null MX (RFC 7505): it accepts no mail.`, evidence, "mail-domain-null-mx", { mail: mailFacts });
    if (v.kind === "nxdomain")
      return broken(base, "mail", at, `${domain} does not exist in DNS: mail to it bounces.`, evidence, "mail-domain-no-mx", { mail: mailFacts });
    if (v.kind === "no-mx")
      return broken(base, "mail", at, `${domain} has no MX records and no address to fall back on: mail to it bounces.`, evidence, "mail-domain-no-mx", {
        mail: mailFacts,
      });
    if (v.kind === "special-name")
      return broken(base, "mail", at, `${domain} ${v.why}: no mail from the internet can reach it.`, evidence, "mail-domain-unroutable", { mail: mailFacts });
    if (v.kind === "unroutable") {
      const hosts = v.hosts.map((h) => `${h.host} ${h.why}`).join("; ");
      return broken(base, "mail", at, `No mail from the internet can reach ${domain}: ${hosts}.`, evidence, "mail-domain-unroutable", { mail: mailFacts });
    }
    if (v.kind === "mx-no-address")
      return broken(
        base,
        "mail",
        at,
        `${domain}'s MX hosts (${v.hosts.slice(0, 3).join(", ")}) have no address, so none is usable (RFC 5321 §5.1): mail to it bounces.`,
        evidence,
        "mail-mx-no-address",
        { mail: mailFacts },
      );
  }
  const failed = mail.find(([, f]) => f.verdict.kind === "dns-error");
  if (failed) {
    return {
      check: { ...base, kind: "mail", status: "not-checked", checkedAt: at, why: `Not known: DNS did not answer for ${failed[0]}.`, records: evidence },
      problems: [],
    };
  }
  const how = mail.map(([d, f]) =>
    f.verdict.kind === "mx"
      ? `${d} receives mail at ${f.verdict.hosts.slice(0, 3).join(", ")}`
      : `${d} has no MX records; mail goes to its own address (RFC 5321 §5.1)`,
  );
  return {
    check: { ...base, kind: "mail", status: "works", checkedAt: at, why: cut(`${how.join("; ")}. No mail was sent.`), mail: mailFacts, records: evidence },
    problems: [],
  };
}

function judgeWeb(
  base: Base,
  url: string,
  facts: TargetFacts | undefined,
  notChecked: NotChecked,
  kind: "web" | "security-txt" = isSecurityTxtUrl(url) ? "security-txt" : "web",
): JudgedAddress {
  if (facts?.kind !== "web") return notChecked(whyUnchecked(facts), kind);
  const at = facts.checkedAt;
  const http = {
    ...(facts.status !== undefined && { status: facts.status }),
    finalUrl: facts.finalUrl,
    redirects: facts.redirects,
    ...(facts.certificateValid !== undefined && { certificateValid: facts.certificateValid }),
  };
  const evidence = records(facts);
  if (facts.failure?.kind === "forbidden-address") {
    return {
      check: { ...base, kind, status: "not-checked", checkedAt: at, why: cut(`Not checked: ${facts.failure.text}.`), http, records: evidence },
      problems: [],
    };
  }
  if (facts.failure) {
    const rule = facts.failure.kind === "downgrade" ? "https-contact-downgrade" : "https-contact-broken";
    return broken(base, kind, at, `${facts.failure.text}.`, evidence, rule, { http });
  }
  const status = facts.status ?? 0;
  if (status < 200 || status >= 300) {
    return broken(
      base,
      kind,
      at,
      `${facts.finalUrl} answered HTTP ${status}${facts.redirects > 0 ? ` after ${facts.redirects} redirect(s)` : ""}.`,
      evidence,
      "https-contact-broken",
      { http },
    );
  }
  if (kind === "security-txt") return judgeSecurityTxtBody(base, facts, http, evidence);
  const where = facts.redirects > 0 ? `, after ${facts.redirects} redirect(s) to ${facts.finalUrl}` : "";
  return {
    check: { ...base, kind, status: "works", checkedAt: at, why: cut(`The page answered HTTP ${status}${where}.`), http, records: evidence },
    problems: [],
  };
}

function judgeSecurityTxtBody(base: Base, facts: WebFacts, http: AddressCheck["http"], evidence: string[]): JudgedAddress {
  const file = parseSecurityTxt(facts.body ?? "");
  const judged = judgeSecurityTxt(file, Date.parse(facts.checkedAt));
  const securityTxt = { contacts: file.contacts.length, ...(file.expires !== undefined && { expires: file.expires.slice(0, 64) }) };
  const problems: Problem[] = [];
  const expiredWhy = {
    missing: () => "it has no Expires field",
    unreadable: () => `its Expires '${file.expires ?? ""}' is not an RFC 3339 date-time`,
    past: () => `it expired on ${formatInstant(file.expires ?? "")}`,
  };
  if (judged.noContact) problems.push({ rule: "securitytxt-no-contact", message: cut(`The security.txt at ${facts.finalUrl} has no Contact field.`) });
  if (judged.expired)
    problems.push({ rule: "securitytxt-expired", message: cut(`The security.txt at ${facts.finalUrl} is stale: ${expiredWhy[judged.expired]()}.`) });
  const status = problems.length > 0 ? "broken" : "works";
  const why =
    problems.length > 0
      ? problems.map((p) => p.message).join(" ")
      : `The security.txt names ${file.contacts.length} contact(s) and is valid until ${formatInstant(file.expires ?? "")}.`;
  return { check: { ...base, kind: "security-txt", status, checkedAt: facts.checkedAt, why: cut(why), http, securityTxt, records: evidence }, problems };
}

/** The domain's own /.well-known/security.txt, when it serves one (a 2xx answer); otherwise nothing to say. */
export function judgeWellKnownSecurityTxt(url: string, facts: TargetFacts | undefined): JudgedAddress | undefined {
  if (!facts || facts.kind !== "web" || facts.failure || facts.status === undefined || facts.status < 200 || facts.status >= 300) return undefined;
  return judgeWeb(
    { value: url, fields: [] },
    url,
    facts,
    () => {
      throw new Error("unreachable: facts are present");
    },
    "security-txt",
  );
}

/**
 * How a target's facts, judged at `now`, mark an address that needs only it: what a crawl may
 * reuse a check for (rules/check-reuse.ts). An XMPP domain as an account on it is marked; a room
 * as a room address; a web page as a published address, or as the domain's own security.txt,
 * which is not shown at all when the domain serves none ("not-shown"). A security.txt is judged at
 * `now`, so that one that has expired since it was read is not taken as working.
 */
export function targetStatus(
  facts: XmppDomainFacts | RoomFacts | WebFacts,
  use: "address" | "own-security-txt",
  now: Date,
): AddressCheck["status"] | "not-shown" {
  switch (facts.kind) {
    case "xmpp-domain":
      // As judgeXmpp marks an account on it: an error answer, or our own failure, is not known; unreached is broken.
      if (facts.outcome === "internal-error" || facts.outcome === "error") return "not-checked";
      return domainReached(facts) ? "works" : "broken";
    case "xmpp-room":
      if (facts.outcome === "ok" && facts.isRoom) return closedBecause(facts).length > 0 ? "broken" : "works";
      return facts.outcome === "error" && (facts.condition === "gone" || facts.condition === "item-not-found") ? "broken" : "not-checked";
    case "web": {
      const asOfNow = { ...facts, checkedAt: now.toISOString() };
      if (use === "own-security-txt") return judgeWellKnownSecurityTxt(facts.target, asOfNow)?.check.status ?? "not-shown";
      return judgeWeb({ value: facts.target, fields: [] }, facts.target, asOfNow, (why) => ({
        check: { value: facts.target, fields: [], kind: "web", status: "not-checked", why, records: [] },
        problems: [],
      })).check.status;
    }
  }
}

function broken(
  base: Base,
  kind: AddressCheck["kind"],
  checkedAt: string,
  why: string,
  evidence: string[],
  rule: ReachabilityRule,
  extra: Partial<AddressCheck> = {},
): JudgedAddress {
  return { check: { ...base, kind, status: "broken", checkedAt, why: cut(why), ...extra, records: evidence }, problems: [{ rule, message: cut(why) }] };
}

/** The findings of judged addresses on `subject`: one per problem, an error when an abuse address reaches nobody. */
export function reachabilityFindings(subject: string, judged: JudgedAddress[]): Finding[] {
  return judged.flatMap(({ check, problems }) =>
    problems.map((p) =>
      REACHABILITY_RULES.finding(p.rule, subject, p.message, {
        ...(check.fields[0] !== undefined && { field: check.fields[0] }),
        value: check.value.slice(0, BOUNDS.maxFindingChars),
        ...(NOBODY_RULES.has(p.rule) && check.fields.includes(ABUSE_FIELD) && { severity: "error" as const }),
      }),
    ),
  );
}

/** The report with its addresses' marks and their findings, within the report's bounds again. */
export function withChecks(report: DomainReport, judged: JudgedAddress[]): DomainReport {
  const findings = capFindings([...report.findings, ...reachabilityFindings(report.domain, judged)]);
  return fitReport({ ...report, checks: judged.map((j) => j.check), findings });
}

/**
 * Whether a check is of the domain's own security.txt (RFC 9116), which no field published: the
 * one test that tells it from the published addresses' checks.
 */
export const isOwnSecurityTxt = (check: AddressCheck) => check.fields.length === 0;

/** The published addresses among a report's checks (not the domain's own security.txt): the one list of the contacts' checks. */
export const publishedChecks = (report: Pick<DomainReport, "checks">) => report.checks.filter((c) => !isOwnSecurityTxt(c));

/** The check of the domain's own security.txt, if it was checked. */
export const ownSecurityTxtCheck = (report: Pick<DomainReport, "checks">) => report.checks.find(isOwnSecurityTxt);

/** At least one abuse address was checked and works. */
export function abuseContactWorks(report: Pick<DomainReport, "checks">): boolean {
  return publishedChecks(report).some((c) => c.fields.includes(ABUSE_FIELD) && c.status === "works");
}

/** The domain publishes addresses, at least one works, and none that was checked is broken. */
export function everyContactWorks(report: Pick<DomainReport, "checks">): boolean {
  const checks = publishedChecks(report);
  return checks.some((c) => c.status === "works") && !checks.some((c) => c.status === "broken");
}
