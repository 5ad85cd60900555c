// Nodeprep and Nameprep (RFC 3454 stringprep; RFC 6122 Appendix A, RFC 3491), exactly as aioxmpp
// applies them (aioxmpp/stringprep.py over Python's stringprep module), so that the observatory can
// say what authbot, which uses aioxmpp, will make of a JID. The observatory's own JIDs are RFC 7622
// PRECIS (model/jid.ts); these older profiles differ from it in places (ß, ligatures, spaces in a
// domainpart), and authbot compares JIDs in this form. Pure; the tables are generated
// (scripts/stringprep-tables.py) and tested against Python on every code point.
import {
  A1_UNASSIGNED,
  B1_MAPPED_TO_NOTHING,
  B2_CASE_FOLDING,
  D1_RAND_AL,
  D2_L,
  NAMEPREP_PROHIBITED,
  NFKC_3_2,
  NODEPREP_PROHIBITED,
} from "./stringprep-tables.ts";

const mappedToNothing = new Set(B1_MAPPED_TO_NOTHING);
const caseFolding = new Map(Object.entries(B2_CASE_FOLDING).map(([cp, to]) => [Number(cp), to]));
const nfkc32 = new Map(Object.entries(NFKC_3_2).map(([cp, to]) => [Number(cp), to]));

/** Whether a code point is in a flat list of inclusive ranges (binary search). */
function inRanges(ranges: readonly number[], cp: number): boolean {
  let low = 0;
  let high = ranges.length / 2 - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (cp < ranges[2 * mid]!) high = mid - 1;
    else if (cp > ranges[2 * mid + 1]!) low = mid + 1;
    else return true;
  }
  return false;
}

const codePoints = (s: string) => Array.from(s, (c) => c.codePointAt(0)!);

/** ASCII, printable or not: nearly every JID the crawler reads. */
const ASCII = /^\p{ASCII}*$/u;

function prepare(input: string, prohibited: readonly number[]): string | undefined {
  // No ASCII code point is unassigned in Unicode 3.2, changed by NFKC, or R/AL, B.1 maps none of
  // them to nothing, and B.2 folds A-Z alone, as toLowerCase does within ASCII: for ASCII, only
  // the folding and the prohibition apply (the oracle test runs every ASCII character through both).
  if (ASCII.test(input)) {
    const mapped = input.toLowerCase();
    for (let i = 0; i < mapped.length; i++) if (inRanges(prohibited, mapped.charCodeAt(i))) return undefined;
    return mapped;
  }
  // Mapping: B.1 to nothing, B.2 case folding (Nodeprep and Nameprep both map with B.2).
  let mapped = "";
  for (const cp of codePoints(input)) {
    if (mappedToNothing.has(cp)) continue;
    mapped += caseFolding.get(cp) ?? String.fromCodePoint(cp);
  }
  // A code point unassigned in Unicode 3.2 passes Unicode 3.2 NFKC unchanged and is then refused
  // (A.1); refusing it before today's NFKC, which may know it, gives the same answer.
  if (codePoints(mapped).some((cp) => inRanges(A1_UNASSIGNED, cp))) return undefined;
  const normalized = Array.from(mapped, (c) => nfkc32.get(c.codePointAt(0)!) ?? c)
    .join("")
    .normalize("NFKC");
  const output = codePoints(normalized);
  if (output.some((cp) => inRanges(prohibited, cp) || inRanges(A1_UNASSIGNED, cp))) return undefined;
  // RFC 3454 §6: a string with R/AL characters has no L characters and starts and ends with R/AL.
  if (output.some((cp) => inRanges(D1_RAND_AL, cp))) {
    if (output.some((cp) => inRanges(D2_L, cp))) return undefined;
    if (!inRanges(D1_RAND_AL, output[0]!) || !inRanges(D1_RAND_AL, output[output.length - 1]!)) return undefined;
  }
  return normalized;
}

/** Whether every character of a text is one stringprep maps to nothing (table B.1): SASLprep leaves nothing of it. */
export function mapsToNothing(text: string): boolean {
  for (const c of text) if (!mappedToNothing.has(c.codePointAt(0)!)) return false;
  return true;
}

/** Nodeprep, or undefined where aioxmpp raises. */
export function nodeprep(localpart: string): string | undefined {
  return prepare(localpart, NODEPREP_PROHIBITED);
}

/** aioxmpp's Nameprep: the stringprep steps on the whole domain, with no IDNA ToASCII or label checks. */
export function nameprep(domain: string): string | undefined {
  return prepare(domain, NAMEPREP_PROHIBITED);
}

const MAX_PART_OCTETS = 1023;
const tooLong = (s: string) => Buffer.byteLength(s, "utf8") > MAX_PART_OCTETS;

/** A JID as aioxmpp's JID.fromstr makes it; the resource is only noted, since a full JID never matches a bare one. */
export interface StringprepJid {
  local: string | undefined;
  domain: string;
  hasResource: boolean;
  /** The bare JID as aioxmpp prints it. */
  bare: string;
}

/**
 * aioxmpp.JID.fromstr (strict): split at the first '/', then the first '@', prepare each part, and
 * refuse an empty domain, an empty localpart or resource, and a part over 1023 octets. The
 * resource is not prepared: any resource makes a full JID, which never equals a joiner's bare JID.
 */
export function stringprepJid(input: string): StringprepJid | undefined {
  const slash = input.indexOf("/");
  const nodeDomain = slash === -1 ? input : input.slice(0, slash);
  if (slash !== -1 && input.length === slash + 1) return undefined;
  const at = nodeDomain.indexOf("@");
  const rawLocal = at === -1 ? undefined : nodeDomain.slice(0, at);
  if (rawLocal === "") return undefined;
  const local = rawLocal === undefined ? undefined : nodeprep(rawLocal);
  if (rawLocal !== undefined && (local === undefined || local === "" || tooLong(local))) return undefined;
  const domain = nameprep(at === -1 ? nodeDomain : nodeDomain.slice(at + 1));
  if (!domain || tooLong(domain)) return undefined;
  const bare = local === undefined ? domain : `${local}@${domain}`;
  return { local, domain, hasResource: slash !== -1, bare };
}
