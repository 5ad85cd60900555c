// What checking a published address means, before any I/O: which targets it needs (a domain over
// s2s, a room, a mail domain's DNS, a web page), and the facts each target's check brings back.
// Pure. The probe layer (probe/contact-checks.ts) gathers the facts; the rules
// (rules/reachability.ts) judge them.
import { isReachable, type EvidenceKind, type Outcome } from "../contract.ts";
import type { MailDomainVerdict } from "./mail-domain.ts";
import { normalizeDomain } from "./domain.ts";
import { bareJid, isAddressDomainpart, parseJid, type Jid } from "./jid.ts";
import { isAbsoluteUri, isJoinQuery, mailtoDomains, parseXmppUri, schemeOf } from "./uri.ts";
import { ADMINISTRATORS_FIELD } from "./serverinfo.ts";

/** An address, as the checks see it. */
export type AddressPlan =
  /** An xmpp: URI or an administrators entry: its domain over s2s, and the room when it is one. */
  | { kind: "xmpp"; domain: string; bare: string; join: boolean }
  | { kind: "mail"; domains: string[] }
  | { kind: "web"; url: string }
  /** Not checked: another scheme, or a value the address rules already call malformed. */
  | { kind: "none"; why: string };

/**
 * An XMPP address's plan: its domain over s2s, once the domain passes the one domain check. An IP
 * address is a valid domainpart (RFC 7622 §3.2), but servers find each other by DNS name (RFC 6120
 * §13.7.2.1), and asking one would make our own server connect wherever a stranger says.
 */
function xmppPlan(jid: Jid, bare: string, join: boolean): AddressPlan {
  if (isAddressDomainpart(jid.domain))
    return {
      kind: "none",
      why: `its domain is an IP address (${jid.domain}): RFC 7622 allows one in a JID, but servers federate only by DNS name, so the observatory does not ask it`,
    };
  const domain = normalizeDomain(jid.domain);
  if (!domain.ok) return { kind: "none", why: `its domain ${jid.domain} is not a federated domain (${domain.reason})` };
  return { kind: "xmpp", domain: domain.domain, bare, join };
}

/** What an address needs checked. `field` is the form field that lists it. */
export function planAddress(raw: string, field: string): AddressPlan {
  const value = raw.trim();
  const scheme = schemeOf(value);
  if (field === ADMINISTRATORS_FIELD && scheme === undefined) {
    const parsed = parseJid(value);
    return parsed.ok ? xmppPlan(parsed.jid, bareJid(parsed.jid), false) : { kind: "none", why: "it is not a valid JID" };
  }
  switch (scheme) {
    case "xmpp": {
      const parsed = parseXmppUri(value);
      if (!parsed.ok) return { kind: "none", why: "it is not a valid xmpp: URI" };
      return xmppPlan(parsed.jid, parsed.bare, isJoinQuery(parsed.query));
    }
    case "mailto": {
      const domains = mailtoDomains(value);
      return domains.length > 0 ? { kind: "mail", domains } : { kind: "none", why: "it is not a well-formed mailto: URI" };
    }
    case "https":
    case "http": {
      // Only what a reader could follow: a well-formed URI (the address rules flag the rest).
      const url = isAbsoluteUri(value) ? URL.parse(value) : null;
      return url && url.hostname !== "" ? { kind: "web", url: url.href } : { kind: "none", why: "it is not a well-formed web address" };
    }
    case undefined:
      return { kind: "none", why: "it has no scheme, so nobody can tell how to use it" };
    default:
      return { kind: "none", why: `the observatory does not check ${scheme}: addresses` };
  }
}

/** Whether a web address names a security.txt (RFC 9116 §3), whose content is then read. */
export function isSecurityTxtUrl(url: string): boolean {
  return URL.parse(url)?.pathname.toLowerCase().endsWith("/security.txt") ?? false;
}

/** The well-known security.txt of a domain (RFC 9116 §3). */
export const wellKnownSecurityTxt = (domain: string) => new URL(`https://${domain}/.well-known/security.txt`).href;

/** The raw record behind a target's facts, kept as the probe's evidence. */
export interface TargetRecord {
  key: string;
  kind: EvidenceKind;
  subject: string;
  /** The answer as text; undefined when none came. */
  raw: string | undefined;
  cut?: string[];
}

export const recordKey = (kind: EvidenceKind, subject: string) => `${kind}:${subject}`;

/**
 * One DNS question about where a target's check connects, with its answer when the target was
 * checked: the address records of a web host, the SRV records of an XMPP domain, the address
 * records of its server hosts. `records` is sorted (the order DNS gives is no change), and empty
 * when the name has none (NXDOMAIN, NODATA). A check is reused only while DNS gives the same
 * answers to the same questions (rules/check-reuse.ts).
 */
export interface DnsAnswer {
  type: "addresses" | "srv";
  name: string;
  records: string[];
}

export interface XmppDomainFacts {
  kind: "xmpp-domain";
  target: string;
  checkedAt: string;
  outcome: Outcome;
  condition: string | undefined;
  /** Its disco#info names it a conference service, so a JID on it is a room. */
  conference: boolean;
  record: TargetRecord | undefined;
  /** Reached through another vantage only: who could not reach it, in words (crawl/vantages.ts). */
  failedFrom?: string[];
  /** Where the domain's server was, as DNS said when it was asked (SRV, then the hosts' addresses); absent when not known (a domain's own probe, a failed lookup). */
  dns?: DnsAnswer[];
}

export interface RoomFacts {
  kind: "xmpp-room";
  target: string;
  checkedAt: string;
  outcome: Outcome;
  condition: string | undefined;
  /** Whether it answered as a room (identity conference). */
  isRoom: boolean;
  public: boolean | undefined;
  membersOnly: boolean | undefined;
  passwordProtected: boolean | undefined;
  record: TargetRecord | undefined;
  /** Where its service's server was, as DNS said when it was asked; absent when not known. */
  dns?: DnsAnswer[];
}

export interface MailFacts {
  kind: "mail";
  target: string;
  checkedAt: string;
  verdict: MailDomainVerdict;
  record: TargetRecord | undefined;
}

export type WebFailureKind =
  "timeout" | "network" | "certificate" | "redirect-loop" | "too-many-redirects" | "downgrade" | "forbidden-address" | "bad-port" | "bad-redirect";

export interface WebFacts {
  kind: "web";
  target: string;
  checkedAt: string;
  /** The last status received, if any. */
  status: number | undefined;
  finalUrl: string;
  redirects: number;
  /** False when an https hop's certificate was refused; undefined when no https connection was made. */
  certificateValid: boolean | undefined;
  failure: { kind: WebFailureKind; text: string } | undefined;
  /** The body read (at most the bound), for a security.txt only. */
  body: string | undefined;
  record: TargetRecord | undefined;
  /** The addresses of the hosts it asked (the address's, and the last redirect's), as DNS gave them then; absent when not known. */
  dns?: DnsAnswer[];
}

/** A target left unchecked: past the crawl's bound. */
export interface SkippedFacts {
  kind: "skipped";
  target: string;
  why: string;
}

export type TargetFacts = XmppDomainFacts | RoomFacts | MailFacts | WebFacts | SkippedFacts;

/** Whether the domain check reached the domain, as the verdict judges reachability (contract isReachable). */
export function domainReached(facts: TargetFacts | undefined): boolean {
  return facts?.kind === "xmpp-domain" && isReachable(facts.outcome);
}

/** Whether an xmpp: address names a server (no localpart), which no person reads. */
export function namesServer(plan: Extract<AddressPlan, { kind: "xmpp" }>): boolean {
  return !plan.bare.includes("@");
}

/** Whether an xmpp: address names a room: a ?join, or a JID with a local part on a service that says it is a conference service. */
export function namesRoom(plan: Extract<AddressPlan, { kind: "xmpp" }>, domain: TargetFacts | undefined): boolean {
  return plan.bare.includes("@") && (plan.join || (domain?.kind === "xmpp-domain" && domain.conference));
}
