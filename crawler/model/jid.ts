// RFC 7622 JIDs: splitting, validation and normalisation.
// No maintained PRECIS library exists for JavaScript, so the localpart check is an approximation
// of the UsernameCaseMapped profile (RFC 8265): width mapping, case mapping, NFC, and the
// IdentifierClass exclusions that matter in practice (spaces, controls, unassigned and private-use
// code points, non-ASCII symbols and punctuation). The domainpart goes through UTS #46 (node:url).
import { domainToASCII, domainToUnicode } from "node:url";
import { isIP } from "node:net";

export interface Jid {
  local: string | undefined;
  domain: string;
  resource: string | undefined;
}

export type JidResult = { ok: true; jid: Jid; normalized: string } | { ok: false; reason: string };

const MAX_PART_OCTETS = 1023;
const LOCALPART_EXCLUDED = /["&'/:<>@]/;
// IdentifierClass disallows these outright; ASCII punctuation and symbols stay allowed (ASCII7).
const IDENTIFIER_DISALLOWED = /[\p{Z}\p{Cc}\p{Cf}\p{Cn}\p{Co}\p{Cs}]|(?![\x21-\x7e])[\p{S}\p{P}]/u;
const OPAQUE_DISALLOWED = /[\p{Cc}\p{Cn}\p{Co}\p{Cs}]/u;

const octets = (s: string) => Buffer.byteLength(s, "utf8");

/**
 * The answers of parseJid and checkDomain for the strings seen lately. A probe asks about the same
 * few JIDs many times (the answer's sender, each contact address in several rules, discovery), and
 * each time costs IDNA and Unicode normalisation. The answers are frozen, since they are shared.
 * Bounded: emptied when full, so a crawl of many domains holds at most MEMO_SIZE of each.
 */
const MEMO_SIZE = 2048;
function memoized<R extends object>(compute: (input: string) => R): (input: string) => R {
  const memo = new Map<string, R>();
  return (input) => {
    let result = memo.get(input);
    if (result === undefined) {
      result = deepFreeze(compute(input));
      if (memo.size >= MEMO_SIZE) memo.clear();
      memo.set(input, result);
    }
    return result;
  };
}

/** Freezes a plain answer and what it holds, walking its keys without an array of its values (one answer per JID a crawl sees). */
function deepFreeze<T extends object>(value: T): T {
  for (const key in value) {
    const inner: unknown = value[key];
    if (typeof inner === "object" && inner !== null) deepFreeze(inner);
  }
  return Object.freeze(value);
}

/** Fullwidth and halfwidth forms to their decomposition (the width mapping rule of RFC 8265). */
function mapWidth(s: string): string {
  return s.replace(/[\uff01-\uffef]/g, (c) => c.normalize("NFKC"));
}

function checkLocal(raw: string): { ok: true; value: string } | { ok: false; reason: string } {
  if (raw.length === 0) return { ok: false, reason: "the localpart before '@' is empty" };
  const value = mapWidth(raw).toLowerCase().normalize("NFC");
  if (octets(value) > MAX_PART_OCTETS) return { ok: false, reason: "the localpart is longer than 1023 octets" };
  const excluded = LOCALPART_EXCLUDED.exec(value);
  if (excluded) return { ok: false, reason: `the localpart contains '${excluded[0]}', which RFC 7622 excludes` };
  if (IDENTIFIER_DISALLOWED.test(value)) return { ok: false, reason: "the localpart contains a space, a control character or a symbol that PRECIS disallows" };
  return { ok: true, value };
}

export type DomainpartResult = { ok: true; value: string; ascii: string } | { ok: false; reason: string };

/** A URL's host parser reads a name whose last label is a number (digits, or 0x and hex) as an IPv4 address (WHATWG URL, "ends in a number"). */
const NUMERIC_LABEL = /^(?:[0-9]+|0x[0-9a-f]*)$/i;

/**
 * Validates a domainpart and returns its canonical (Unicode, lower-case, NFC) form. An IP address
 * is canonical as the URL standard writes it: `127.1`, `2130706433` and `0x7f.1` are 127.0.0.1
 * (UTS #46 processing reads numbers as the WHATWG host parser does).
 * IP literals are valid domainparts in JIDs; whether a domain is one servers federate as is
 * model/domain.ts normalizeDomain's question, which refuses them (isAddressDomainpart).
 */
export const checkDomain: (raw: string) => DomainpartResult = memoized(checkDomainAfresh);

function checkDomainAfresh(raw: string): DomainpartResult {
  const domain = raw.endsWith(".") ? raw.slice(0, -1) : raw;
  if (domain.length === 0) return { ok: false, reason: "the domainpart is empty" };
  if (domain.startsWith("[") && domain.endsWith("]")) {
    return isIP(domain.slice(1, -1)) === 6
      ? { ok: true, value: domain.toLowerCase(), ascii: domain.toLowerCase() }
      : { ok: false, reason: "the domainpart is not a valid IPv6 literal" };
  }
  if (isIP(domain) === 4) return { ok: true, value: domain, ascii: domain };
  if (/[\p{Z}\p{C}]/u.test(domain)) return { ok: false, reason: "the domainpart contains a space or a control character" };
  const ascii = domainToASCII(domain);
  if (!ascii) {
    const last = domain
      .normalize("NFKC")
      .split(/[.\u3002\uff61]/)
      .at(-1)!;
    if (NUMERIC_LABEL.test(last)) return { ok: false, reason: "its last label is a number, so a URL reads it as an IPv4 address, and not a valid one" };
    return { ok: false, reason: "the domainpart is not a valid (IDNA) domain name" };
  }
  if (isIP(ascii) === 4) return { ok: true, value: ascii, ascii };
  if (octets(ascii) > 253) return { ok: false, reason: "the domainpart is longer than 253 octets" };
  for (const label of ascii.split(".")) {
    if (!/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(label)) {
      return { ok: false, reason: `the label '${label}' of the domainpart is not a valid host name label` };
    }
  }
  return { ok: true, value: domainToUnicode(ascii).normalize("NFC"), ascii };
}

/** Whether a canonical domainpart (checkDomain's value) is an IP address: an IPv6 literal in brackets, or IPv4. */
export function isAddressDomainpart(domain: string): boolean {
  return domain.startsWith("[") || isIP(domain) === 4;
}

function checkResource(raw: string): { ok: true; value: string } | { ok: false; reason: string } {
  if (raw.length === 0) return { ok: false, reason: "the resourcepart after '/' is empty" };
  const value = raw.normalize("NFC");
  if (octets(value) > MAX_PART_OCTETS) return { ok: false, reason: "the resourcepart is longer than 1023 octets" };
  if (OPAQUE_DISALLOWED.test(value)) return { ok: false, reason: "the resourcepart contains a control character" };
  return { ok: true, value };
}

/** Parses a JID as RFC 7622 §3.2 splits it: resource after the first '/', then localpart before the first '@'. */
export const parseJid: (input: string) => JidResult = memoized(parseJidAfresh);

function parseJidAfresh(input: string): JidResult {
  const slash = input.indexOf("/");
  const beforeResource = slash === -1 ? input : input.slice(0, slash);
  const at = beforeResource.indexOf("@");
  const localRaw = at === -1 ? undefined : beforeResource.slice(0, at);
  const domainRaw = at === -1 ? beforeResource : beforeResource.slice(at + 1);

  const local = localRaw === undefined ? undefined : checkLocal(localRaw);
  if (local && !local.ok) return local;
  const domain = checkDomain(domainRaw);
  if (!domain.ok) return domain;
  const resource = slash === -1 ? undefined : checkResource(input.slice(slash + 1));
  if (resource && !resource.ok) return resource;

  const jid: Jid = { local: local?.value, domain: domain.value, resource: resource?.value };
  return { ok: true, jid, normalized: formatJid(jid) };
}

export function formatJid({ local, domain, resource }: Jid): string {
  return `${local === undefined ? "" : `${local}@`}${domain}${resource === undefined ? "" : `/${resource}`}`;
}

export function bareJid(jid: Jid): string {
  return formatJid({ ...jid, resource: undefined });
}

/** The canonical bare form of a JID as written (RFC 7622), or undefined when it is no JID. */
export function canonicalBare(jid: string): string | undefined {
  const parsed = parseJid(jid);
  return parsed.ok ? bareJid(parsed.jid) : undefined;
}

/** The canonical domainpart of a JID as written, or undefined when it is no JID. */
export function jidDomain(jid: string): string | undefined {
  const parsed = parseJid(jid);
  return parsed.ok ? parsed.jid.domain : undefined;
}

/**
 * Whether two JIDs as written name the same entity: compared in canonical form (case, width and
 * IDNA folded as RFC 7622 says), resource and all. Two strings that are no JIDs are never the same.
 */
export function sameJid(a: string, b: string): boolean {
  const x = parseJid(a);
  const y = parseJid(b);
  return x.ok && y.ok && x.normalized === y.normalized;
}

/** Whether `domain` is `parent` or one of its subdomains (both canonical). */
export function isWithinDomain(domain: string, parent: string): boolean {
  return domain === parent || domain.endsWith(`.${parent}`);
}

/**
 * Whether a JID as published (any case, A-labels or U-labels) is `parent` or under it: compared in
 * canonical form, the one answer for the probe's components and for discovery.
 */
export function isUnder(jid: string, parent: string): boolean {
  const parsed = parseJid(jid);
  const canonical = checkDomain(parent);
  return parsed.ok && canonical.ok && isWithinDomain(parsed.jid.domain, canonical.value);
}
