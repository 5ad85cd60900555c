// Who may join an operators' room on the strength of what their server publishes: the one place
// that decides it, for the authbot-ready verdict, contacts-no-xmpp-operator, `whoami`, `check` and
// the authbot mode. Pure.
//
// authbot's rule, as the XSF operators channel's bot (horazont/authbot, on aioxmpp 0.13) decides:
// when someone joins with affiliation none, it asks the joiner's own domain for disco#info, reads
// the first form whose FORM_TYPE is serverinfo (model/serverinfo.ts), and takes every value of
// abuse-, admin- and security-addresses. It parses each with Python's urlparse
// (model/python-urlparse.ts): the scheme must be xmpp in any case; the JID is the path, so a query
// (?join, ?message) and a fragment are dropped, xmpp://... has no JID, and %-escapes stay as they
// are. The path goes through aioxmpp's JID.fromstr, with stringprep (model/stringprep.ts). The
// joiner's bare JID must equal one of these: so capitals match, a full JID never does, and only a
// JID of the joiner's own domain can ever be let in through it.
//
// The observatory's own rule differs where authbot's is accidental: it compares RFC 7622 JIDs
// (%-escapes decoded, PRECIS rather than stringprep), never counts a room (?join, or a JID on the
// domain's conference service) nor a JID without a localpart, and also trusts the `administrators`
// field of the proto-XEP "XMPP Service Administrators".
import { CONTACT_CATEGORIES, isJudged, type ContactCategory, type Contacts, type DomainReport } from "../contract.ts";
import { bareJid, checkDomain, parseJid } from "../model/jid.ts";
import { pythonUrlparse } from "../model/python-urlparse.ts";
import { nameprep, stringprepJid, type StringprepJid } from "../model/stringprep.ts";
import { administratorJids, OPERATOR_CATEGORIES, operatorJids, xmppJids } from "./operators.ts";
import { addressField, ADMINISTRATORS_FIELD } from "../model/serverinfo.ts";

/** Whom the authbot mode lets in: the observatory's rule, or authbot's exactly. */
export type MembershipRule = "observatory" | "authbot";
export const OBSERVATORY_RULE: MembershipRule = "observatory";

export type Decision = { grant: true; fields: string[] } | { grant: false; reason: string };

/** A JID authbot lets in, and the fields that list it. */
export interface Grant {
  jid: string;
  fields: string[];
  /**
   * Only percent-escaped addresses list it (xmpp:%6A@example.org): authbot lets in the literal JID
   * (%6a@example.org), which is not the person the address names (j@example.org).
   */
  literal?: true;
}

/** The contact categories that do not name operators: authbot never reads them. */
const OTHER_CATEGORIES = CONTACT_CATEGORIES.filter((c) => !OPERATOR_CATEGORIES.includes(c));
const quote = (value: string) => JSON.stringify(value);

/** The sender's bare JID, normalised as the observatory's rule compares it; undefined when it is no JID. */
export function normalisedBareJid(jid: string): string | undefined {
  const parsed = parseJid(jid.trim());
  return parsed.ok ? bareJid(parsed.jid) : undefined;
}

// ---- authbot's rule ----

/** The JID authbot reads from one value, or undefined where it skips the value. */
export function authbotReading(value: string): StringprepJid | undefined {
  if (value === "") return undefined;
  const url = pythonUrlparse(value);
  if (url === undefined || url.scheme !== "xmpp") return undefined;
  return stringprepJid(url.path);
}

/**
 * What an xmpp: value whose JID holds percent-escapes names, and what authbot reads instead: it
 * does not decode them (urlparse's path, as it is), so it lets in the literal JID, not the person.
 * Undefined for any other value.
 */
export function escapedReading(value: string): { literal: string; meant: string } | undefined {
  const url = pythonUrlparse(value);
  if (url === undefined || url.scheme !== "xmpp" || !url.path.includes("%")) return undefined;
  let meant: string;
  try {
    meant = decodeURIComponent(url.path);
  } catch {
    return undefined; // a broken escape: address-not-uri says so
  }
  const literal = stringprepJid(url.path)?.bare ?? url.path;
  return { literal, meant: normalisedBareJid(meant) ?? meant };
}

/**
 * The domainparts, after stringprep, of the JIDs a joiner of `domain` may have: the domain as the
 * observatory writes it (U-labels) and in A-labels, since a server may name itself either way and
 * authbot compares the strings.
 */
function ownDomainForms(domain: string): Set<string> {
  const checked = checkDomain(domain);
  const names = checked.ok ? [checked.value, checked.ascii] : [domain];
  return new Set(names.map((name) => nameprep(name)).filter((name): name is string => name !== undefined));
}

/** Every JID of `domain` that authbot lets in, given the contacts of the form it reads, with the fields that list it. */
export function authbotGrantsIn(domain: string, contacts: Contacts): Grant[] {
  // The lint, the verdict and the store's operator index each ask of the same contacts, and reading
  // a value as authbot does (urlparse, stringprep) is the costliest rule per probe: read them once.
  const known = grantsRead.get(contacts);
  if (known?.domain === domain) return known.grants;
  const grants = readGrants(domain, contacts);
  grantsRead.set(contacts, { domain, grants });
  return grants;
}

/** What authbotGrantsIn read, by the contacts object it read (reports are never changed in place). */
const grantsRead = new WeakMap<Contacts, { domain: string; grants: Grant[] }>();

function readGrants(domain: string, contacts: Contacts): Grant[] {
  const own = ownDomainForms(domain);
  const grants = new Map<string, { fields: string[]; literal: boolean }>();
  for (const category of OPERATOR_CATEGORIES) {
    for (const value of contacts[category]) {
      const jid = authbotReading(value);
      if (!jid || jid.hasResource || !own.has(jid.domain)) continue;
      const grant = grants.get(jid.bare) ?? { fields: [], literal: true };
      if (!grant.fields.includes(addressField(category))) grant.fields.push(addressField(category));
      grant.literal &&= escapedReading(value) !== undefined;
      grants.set(jid.bare, grant);
    }
  }
  return [...grants].map(([jid, { fields, literal }]) => ({ jid, fields, ...(literal && { literal: true as const }) }));
}

/**
 * The people (JIDs with a localpart) of `domain` authbot lets in: the domain is authbot-ready when
 * there is one. A JID listed only through percent-escapes is left out: authbot lets in the literal
 * JID, and readiness follows the person the address names, whom it refuses.
 */
export function authbotOperatorsIn(domain: string, contacts: Contacts): Grant[] {
  // A granted JID's domainpart is the domain's own name, which holds no "@": an "@" means a localpart.
  return authbotGrantsIn(domain, contacts).filter((g) => g.jid.includes("@") && !g.literal);
}

/** The same, of a report: nobody when authbot could not read the domain (it does nothing on an error or a timeout). */
export function authbotOperators(report: DomainReport): Grant[] {
  return report.outcome === "ok" ? authbotOperatorsIn(report.domain, report.contacts) : [];
}

/** Whether authbot lets `joiner` in, given the report of the joiner's own domain (of any other domain: never). */
function authbotDecision(report: DomainReport, joiner: string): Decision {
  const domain = report.domain;
  const jid = stringprepJid(joiner);
  if (jid === undefined) return { grant: false, reason: `${quote(joiner)} is no JID that authbot can read.` };
  if (!ownDomainForms(domain).has(jid.domain))
    return { grant: false, reason: `authbot asks each joiner's own server (${jid.domain}), never ${domain}, whom it lists.` };
  if (!isJudged(report.outcome)) return { grant: false, reason: `${unreachable(report)}, so I cannot tell whom authbot would let in.` };
  if (report.outcome !== "ok") return { grant: false, reason: `${unreachable(report)}, and authbot does nothing when a server does not answer.` };
  const grant = authbotGrantsIn(domain, report.contacts).find((g) => g.jid === jid.bare);
  if (grant) return { grant: true, fields: grant.fields };
  return { grant: false, reason: whyAuthbotRefuses(report, jid.bare) };
}

/**
 * Why authbot skips one value of abuse-, admin- or security-addresses for a joiner of `domain`
 * (undefined when it lets someone in through it): what is wrong, and what the words say.
 */
type Miss = { kind: "empty" | "not-xmpp" | "no-scheme" | "unreadable" | "server" | "other-domain"; text: string };

function authbotMiss(value: string, own: Set<string>): Miss | undefined {
  const miss = (kind: Miss["kind"], text: string): Miss => ({ kind, text });
  if (value.trim() === "") return miss("empty", "is empty");
  const url = pythonUrlparse(value);
  if (url === undefined) return miss("unreadable", "is a malformed URI, which authbot skips");
  if (url.scheme === "") return miss("no-scheme", "has no xmpp: scheme, and authbot reads only xmpp: URIs");
  if (url.scheme !== "xmpp") return miss("not-xmpp", "is not an xmpp: URI");
  if (url.netloc !== "" || value.trimStart().slice(5).startsWith("//"))
    return miss("unreadable", "is an authority form (xmpp://...), whose path holds no JID for authbot");
  if (url.path.includes("%")) return miss("unreadable", `holds percent-escapes, which authbot does not decode: it reads ${quote(url.path)} literally`);
  const jid = stringprepJid(url.path);
  if (!jid) return miss("unreadable", "is no JID authbot can read (stringprep refuses it)");
  if (jid.hasResource) return miss("unreadable", "is a full JID with a resource, and authbot compares bare JIDs, so it never matches");
  if (jid.local === undefined) return miss("server", `names the server ${jid.domain}, not a person`);
  if (!own.has(jid.domain))
    return miss("other-domain", `is on ${jid.domain}: authbot asks each joiner's own server, so only JIDs on this domain can be let in through it`);
  return undefined;
}

/** What the observatory reads a value as, to suggest the value authbot would match. */
function intended(value: string): string | undefined {
  const trimmed = value.trim();
  const parsed = /^xmpp:/i.test(trimmed) ? xmppJids([`xmpp:${trimmed.slice(5)}`])[0] : normalisedBareJid(trimmed);
  return parsed?.includes("@") ? parsed : undefined;
}

function entriesOf(contacts: Contacts, categories: readonly ContactCategory[]) {
  return categories.flatMap((c) => contacts[c].map((value) => ({ value, field: addressField(c) })));
}

/** Why authbot lets nobody of `domain` in, from the contacts of the form it reads, in the words of its rule. */
export function whyNobodyIn(domain: string, contacts: Contacts, administrators: string[]): string {
  const own = ownDomainForms(domain);
  for (const { value, field: where } of entriesOf(contacts, OPERATOR_CATEGORIES)) {
    const miss = authbotMiss(value, own);
    if (miss === undefined || miss.kind === "empty" || miss.kind === "not-xmpp") continue;
    const person = intended(value);
    // A value without a scheme counts only when it names someone (admin@example.org, not "call us").
    if (miss.kind === "no-scheme" && person === undefined) continue;
    const anotherAccount = miss.kind === "other-domain" || miss.kind === "server";
    const publish = person && !anotherAccount ? `publish xmpp:${person}` : `publish xmpp:<an account on ${domain}>`;
    return `${domain} lists ${quote(value)} in ${where}, which ${miss.text}; ${publish}.`;
  }
  const elsewhere = entriesOf(contacts, OTHER_CATEGORIES).find((e) => authbotReading(e.value)?.local !== undefined);
  if (elsewhere) return `${domain} lists ${quote(elsewhere.value)} only in ${elsewhere.field}, which authbot does not read; list it in admin-addresses.`;
  const admin = administratorJids(administrators)[0];
  if (admin) return `${domain} lists ${admin} only in administrators, which authbot does not read; publish xmpp:${admin} in admin-addresses.`;
  return `${domain} lists no xmpp: address of an account on ${domain} in abuse-, admin- or security-addresses.`;
}

/** Why authbot lets nobody in for `report` (authbotOperators is empty). */
export function whyNobody(report: DomainReport): string {
  if (report.outcome !== "ok") return `${unreachable(report)}.`;
  if (report.serverinfo.forms === 0) return `${report.domain} publishes no serverinfo form (XEP-0157).`;
  return whyNobodyIn(report.domain, report.contacts, report.administrators);
}

/** Why authbot refuses `jid` (a stringprepped bare JID of the report's domain). */
function whyAuthbotRefuses(report: DomainReport, jid: string): string {
  const domain = report.domain;
  if (report.serverinfo.forms === 0) return `${domain} publishes no serverinfo form (XEP-0157), so authbot finds no operators.`;
  const own = ownDomainForms(domain);
  const mine = entriesOf(report.contacts, OPERATOR_CATEGORIES).find((e) => {
    const person = intended(e.value);
    return person !== undefined && stringprepJid(person)?.bare === jid;
  });
  if (mine) {
    const miss = authbotMiss(mine.value, own)?.text ?? "does not match";
    return `${domain} lists ${quote(mine.value)} in ${mine.field}, which ${miss}; publish xmpp:${jid}.`;
  }
  const elsewhere = entriesOf(report.contacts, OTHER_CATEGORIES).find((e) => authbotReading(e.value)?.bare === jid);
  if (elsewhere) return `${domain} lists you only in ${elsewhere.field}, which authbot does not read; publish xmpp:${jid} in admin-addresses.`;
  if (administratorJids(report.administrators).some((a) => stringprepJid(a)?.bare === jid))
    return `${domain} lists you only in administrators, which authbot does not read; publish xmpp:${jid} in admin-addresses.`;
  return `${domain} does not list xmpp:${jid} in abuse-, admin- or security-addresses.`;
}

// ---- the observatory's rule ----

/** The fields where `report` lists `jid` as an operator the observatory's rule trusts. */
function operatorFields(report: DomainReport, jid: string): string[] {
  if (!operatorJids(report).has(jid)) return [];
  const fields: string[] = OPERATOR_CATEGORIES.filter((c) => xmppJids(report.contacts[c]).includes(jid)).map(addressField);
  if (administratorJids(report.administrators).includes(jid)) fields.push(ADMINISTRATORS_FIELD);
  return fields;
}

/** Why a domain that did not answer as it should has no operators to read: unreachable, or not judged (a failure of ours). */
function unreachable(report: DomainReport): string {
  if (report.outcome === "internal-error") return `${report.domain} answered, but this observatory failed on its answer (a bug of ours, logged)`;
  if (report.outcome === "unconfirmed")
    return `${report.domain} could not be reached from our own server while it was itself sick, and no working vantage could confirm the failure`;
  const why = report.error?.condition && report.error.condition !== report.outcome ? `${report.outcome}: ${report.error.condition}` : report.outcome;
  return `${report.domain} could not be reached from here (${why})`;
}

function observatoryDecision(report: DomainReport, joiner: string): Decision {
  const domain = report.domain;
  const parsed = parseJid(joiner.trim());
  if (!parsed.ok) return { grant: false, reason: `${quote(joiner)} is not a JID.` };
  const jid = bareJid(parsed.jid);
  const own = parsed.jid.domain;
  // The authbot mode probes each joiner's own domain: another domain's word, or whether it can be reached, never counts for them.
  if (own !== domain) return { grant: false, reason: `The authbot mode asks each joiner's own server (${own}), not ${domain}, whom it lists.` };
  if (report.outcome !== "ok") return { grant: false, reason: `${unreachable(report)}, so I cannot read whom it lists.` };
  if (report.serverinfo.forms === 0) return { grant: false, reason: `${domain} publishes no serverinfo form (XEP-0157), so it lists no operators.` };
  const fields = operatorFields(report, jid);
  if (fields.length > 0) return { grant: true, fields };
  const entries = entriesOf(report.contacts, OPERATOR_CATEGORIES).map((e) => ({ ...e, value: e.value.trim() }));
  const plain = entries.find((e) => !/^[a-z][a-z0-9+.-]*:/i.test(e.value) && normalisedBareJid(e.value) === jid);
  if (plain) return { grant: false, reason: `${domain} lists ${jid} in ${plain.field} without the xmpp: scheme; publish xmpp:${jid}.` };
  const room = entries.find((e) => /^xmpp:/i.test(e.value) && xmppJids([e.value]).includes(jid));
  if (room)
    return {
      grant: false,
      reason: `${domain} lists ${quote(room.value)} in ${room.field}, which is a room, not a person: anyone in a room can speak from its address. Publish xmpp:${jid}.`,
    };
  const elsewhere = OTHER_CATEGORIES.find((c) => xmppJids(report.contacts[c]).includes(jid));
  if (elsewhere)
    return {
      grant: false,
      reason: `${domain} lists ${jid} in ${addressField(elsewhere)}, which does not name operators; publish xmpp:${jid} in abuse-, admin- or security-addresses.`,
    };
  return { grant: false, reason: `${domain} does not list ${jid} as an xmpp: address in abuse-, admin- or security-addresses, nor in administrators.` };
}

/** Whether `report`, of the joiner's own domain, lets `joiner` in under `rule`, and if not, why, in the words of that rule. */
export function decideMembership(report: DomainReport, joiner: string, rule: MembershipRule = OBSERVATORY_RULE): Decision {
  return rule === "authbot" ? authbotDecision(report, joiner) : observatoryDecision(report, joiner);
}

/** Everyone `report` lets in under the observatory's rule, with the fields that list them, in order. */
export function recognisedOperators(report: DomainReport): Grant[] {
  if (report.outcome !== "ok" || report.serverinfo.forms === 0) return [];
  return [...operatorJids(report)].map((jid) => ({ jid, fields: operatorFields(report, jid) })).filter((o) => o.fields.length > 0);
}
