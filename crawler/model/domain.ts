// The one check of a domain the observatory may list, probe or ask over s2s, wherever it comes
// from (CLI arguments, imported lists, chat, discovery, authbot's joiners, the domainparts of
// published addresses): RFC 7622 domainpart rules (IDNA via UTS #46, lower case, no trailing dot),
// and a DNS name, never an IP address in any form a URL reads as one.
import { isIP } from "node:net";
import { checkDomain, isAddressDomainpart, parseJid } from "./jid.ts";
import { localOnlyName } from "./special-names.ts";

export type DomainResult = { ok: true; domain: string } | { ok: false; reason: string };

const addressReason = (address: string) => `it is an IP address (${address}): federated XMPP domains are DNS names`;

/**
 * The canonical form of a domain, or why it is none. The IP test is made on the converted form:
 * UTS #46 reads `127.1`, `2130706433`, `0xa9fea9fe` and fullwidth digits as the URL standard
 * does, as IPv4 addresses, so a test of the input alone lets them through.
 */
export function normalizeDomain(input: string): DomainResult {
  const value = input.trim();
  if (value === "") return { ok: false, reason: "it is empty" };
  if (value.includes("@")) return { ok: false, reason: "it is an address (with '@'), not a domain: give only the part after '@'" };
  const bare = value.endsWith(".") ? value.slice(0, -1) : value;
  if (isIP(bare) === 6) return { ok: false, reason: addressReason(bare) };
  const bracketed = bare.startsWith("[") && bare.endsWith("]");
  if (!bracketed && (value.includes("/") || value.includes(":")))
    return { ok: false, reason: "it holds '/' or ':': give a bare domain such as example.org, not a URL" };
  const checked = checkDomain(bare.toLowerCase());
  if (!checked.ok) return { ok: false, reason: checked.reason };
  if (isAddressDomainpart(checked.value)) return { ok: false, reason: addressReason(checked.value) };
  if (!checked.ascii.includes(".")) return { ok: false, reason: "it has a single label: a federated domain has at least two, such as example.org" };
  const local = localOnlyName(checked.ascii);
  if (local) return { ok: false, reason: `it ${local}: federated XMPP domains are public DNS names` };
  return { ok: true, domain: checked.value };
}

/** The domain of a JID (a joiner's, a sender's), through the same check; when it fails, the domainpart as the JID gives it. */
export function domainOfJid(jid: string): { ok: true; domain: string } | { ok: false; reason: string; domainpart: string } {
  const parsed = parseJid(jid.trim());
  if (!parsed.ok) return { ok: false, reason: parsed.reason, domainpart: "" };
  const checked = normalizeDomain(parsed.jid.domain);
  return checked.ok ? checked : { ok: false, reason: checked.reason, domainpart: parsed.jid.domain };
}

export interface DomainListError {
  line: number;
  input: string;
  reason: string;
}

export interface DomainList {
  domains: string[];
  errors: DomainListError[];
  /** The named source of each domain listed after a "# source: <name>" line; unnamed ones are absent. */
  sourceOf: Map<string, string>;
}

const SOURCE_LINE = /^#\s*source:\s*(.*?)\s*$/i;
const MAX_SOURCE_CHARS = 200;

/**
 * Reads a plain list: one domain a line, '#' starts a comment. A comment line "# source: <name>"
 * names where the domains after it come from, until the next such line. Bad lines are reported,
 * not fatal. A domain listed twice keeps its first source.
 */
export function parseDomainList(text: string): DomainList {
  const domains: string[] = [];
  const errors: DomainListError[] = [];
  const sourceOf = new Map<string, string>();
  const seen = new Set<string>();
  let source: string | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const named = SOURCE_LINE.exec(raw.trim());
    if (named) {
      source = named[1] === "" ? undefined : named[1]!.slice(0, MAX_SOURCE_CHARS);
      return;
    }
    const input = raw.replace(/#.*$/, "").trim();
    if (input === "") return;
    const result = normalizeDomain(input);
    if (!result.ok) {
      errors.push({ line: index + 1, input: input.slice(0, 200), reason: result.reason });
      return;
    }
    if (seen.has(result.domain)) return;
    seen.add(result.domain);
    domains.push(result.domain);
    if (source !== undefined) sourceOf.set(result.domain, source);
  });
  return { domains, errors, sourceOf };
}

/**
 * A list's bytes as text, or why they are not: a NUL byte, or bytes that are not UTF-8 (an image,
 * an archive, a database). Said once for the whole file, instead of a line for each line skipped.
 */
export function listText(bytes: Uint8Array): { ok: true; text: string } | { ok: false; reason: string } {
  if (bytes.includes(0)) return { ok: false, reason: "it is not a text file (it holds NUL bytes)" };
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, reason: "it is not a text file (it is not UTF-8)" };
  }
}
