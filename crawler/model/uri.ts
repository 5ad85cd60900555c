// Checks on contact addresses: URI syntax (RFC 3986, with IRI characters as xs:anyURI allows),
// mailto (RFC 6068) and xmpp (RFC 5122) URIs.
import fastUri from "fast-uri";
import { checkDomain, parseJid, type Jid } from "./jid.ts";

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/;
// Every character RFC 3986 allows in a URI, plus non-ASCII ones (IRIs, RFC 3987), minus spaces and controls.
// eslint-disable-next-line no-control-regex -- the range names every non-ASCII character, on purpose
const URI_CHARACTERS = /^(?:[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2}|(?![\p{Z}\p{C}])[^\x00-\x7f])*$/u;

/**
 * The URL as it may be printed: without its user name and password (RFC 3986 userinfo), which
 * are credentials. A URL that does not parse loses whatever stands before an @ in its authority.
 */
export function withoutUserinfo(url: string): string {
  const parsed = URL.parse(url);
  if (!parsed) return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, "$1");
  parsed.username = "";
  parsed.password = "";
  return parsed.href;
}

export function schemeOf(value: string): string | undefined {
  return SCHEME.exec(value)?.[1]?.toLowerCase();
}

/** An absolute URI: a scheme, then only characters a URI may hold, with well-formed percent-escapes. */
export function isAbsoluteUri(value: string): boolean {
  if (!schemeOf(value) || !URI_CHARACTERS.test(value)) return false;
  const scheme = schemeOf(value);
  if (scheme === "http" || scheme === "https") {
    const parsed = fastUri.parse(value);
    return !parsed.error && !!parsed.host;
  }
  return true;
}

function decode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/** Problems with a mailto: URI, or an empty list when it is well-formed. */
export function mailtoProblems(value: string): string[] {
  const rest = value.slice("mailto:".length);
  const [to = "", query] = rest.split("?", 2);
  const hasHeaderTo = query?.split("&").some((h) => h.toLowerCase().startsWith("to=") && h.length > 3) ?? false;
  if (to === "") return hasHeaderTo ? [] : ["it names no address"];
  const problems: string[] = [];
  for (const encoded of to.split(",")) {
    const address = decode(encoded);
    if (address === undefined) {
      problems.push(`'${encoded}' has a broken percent-escape`);
      continue;
    }
    const at = address.lastIndexOf("@");
    if (at <= 0 || at === address.length - 1) {
      problems.push(`'${address}' is not of the form local@domain`);
      continue;
    }
    const domain = checkDomain(address.slice(at + 1));
    if (!domain.ok) problems.push(`in '${address}', ${domain.reason}`);
    else if (/[\s<>()[\]\\,;:"]/.test(address.slice(0, at)) && !address.startsWith('"')) {
      problems.push(`'${address}' has characters an unquoted local part may not hold`);
    }
  }
  return problems;
}

export type XmppUri = { ok: true; jid: Jid; bare: string; query: string | undefined } | { ok: false; reason: string };

/** Parses an xmpp: URI (RFC 5122) down to its JID. */
export function parseXmppUri(value: string): XmppUri {
  let rest = value.slice(value.indexOf(":") + 1);
  const hash = rest.indexOf("#");
  if (hash !== -1) rest = rest.slice(0, hash);
  const question = rest.indexOf("?");
  const query = question === -1 ? undefined : rest.slice(question + 1);
  let path = question === -1 ? rest : rest.slice(0, question);
  if (path.startsWith("//")) {
    // xmpp://auth@host/target: the authority names the sending account, not the target.
    const slash = path.indexOf("/", 2);
    if (slash === -1) return { ok: false, reason: "it has an authority but no JID after it" };
    path = path.slice(slash + 1);
  }
  if (path === "") return { ok: false, reason: "it names no JID" };
  const decoded = decode(path);
  if (decoded === undefined) return { ok: false, reason: "it has a broken percent-escape" };
  const parsed = parseJid(decoded);
  if (!parsed.ok) return { ok: false, reason: parsed.reason };
  const bare = `${parsed.jid.local === undefined ? "" : `${parsed.jid.local}@`}${parsed.jid.domain}`;
  return { ok: true, jid: parsed.jid, bare, query };
}

/** Whether an xmpp: URI's query is the join action (RFC 5122 §2.2; XEP-0147's registry): the address names a room. */
export function isJoinQuery(query: string | undefined): boolean {
  return query !== undefined && query.split(";")[0]!.toLowerCase() === "join";
}

/** Schemes that can run code or reach local files when made into a link: never linked, always an error. */
export const UNSAFE_SCHEMES = new Set(["javascript", "vbscript", "data", "file", "blob", "filesystem", "about", "view-source", "jar", "chrome", "resource"]);

/** The only schemes the site makes links for. */
export const SAFE_SCHEMES = new Set(["xmpp", "mailto", "https", "http"]);

/** Whether a value may be made into a link: a safe scheme and a well-formed URI. */
export function isLinkable(value: string): boolean {
  const scheme = schemeOf(value);
  return scheme !== undefined && SAFE_SCHEMES.has(scheme) && isAbsoluteUri(value);
}

/** The mail domains (A-labels, for DNS) of a well-formed mailto: URI's addresses, each once; none for a malformed one. */
export function mailtoDomains(value: string): string[] {
  if (schemeOf(value) !== "mailto" || mailtoProblems(value).length > 0) return [];
  const [to = ""] = value.slice("mailto:".length).split("?", 1);
  const domains = to
    .split(",")
    .filter((encoded) => encoded !== "")
    .flatMap((encoded) => {
      const address = decode(encoded) ?? "";
      const domain = checkDomain(address.slice(address.lastIndexOf("@") + 1));
      return domain.ok ? [domain.ascii] : [];
    });
  return [...new Set(domains)];
}
