// Which URL a request may go to next: the one set of rules for every redirect the observatory
// follows (the contact checks' GETs, net/web.ts, and a list imported from a URL, cli/fetch-list.ts),
// applied to the first URL and to each hop after it. Pure: the caller does the request, and says
// which addresses it may connect to.
import { isIP } from "node:net";

/** Why a hop is refused (contact-target.ts's WebFailureKind names the same kinds). */
export type HopRefusal = { kind: "bad-redirect" | "downgrade" | "redirect-loop" | "too-many-redirects" | "forbidden-address" | "bad-port"; text: string };

export interface RedirectPolicy {
  /** Redirects followed after the first request. */
  maxRedirects: number;
  /** Only https: (a list people trust); otherwise http: too, but never from https: onto http:. */
  httpsOnly: boolean;
  /** Whether an address written in the URL may be connected to (names are checked at connection). */
  permits(address: string): boolean;
}

/**
 * The ports browsers refuse to fetch from (the Fetch standard's "bad port" list): a published
 * address must not make the observatory talk to an SMTP, SSH or IRC server, and readers could not
 * open it either.
 */
const BAD_PORTS = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137,
  139, 143, 161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049,
  3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

/** The host of a URL as an address, when it is one ([::1] → ::1), else undefined. */
export function addressIn(url: URL): string | undefined {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return isIP(host) ? host : undefined;
}

/**
 * Whether the request chain may go to `next`: `from` is the URL that redirected (undefined for the
 * first request), `visited` the URLs requested so far. The URL to request, or why not.
 */
export function checkHop(
  next: string,
  from: URL | undefined,
  visited: ReadonlySet<string>,
  policy: RedirectPolicy,
): { ok: true; url: URL } | ({ ok: false } & HopRefusal) {
  const refuse = (kind: HopRefusal["kind"], text: string) => ({ ok: false as const, kind, text });
  const url = URL.parse(next, from);
  if (!url) return refuse("bad-redirect", from ? `${from.href} redirects to a malformed address` : `${next} is not a valid URL`);
  if (url.protocol !== "https:" && (policy.httpsOnly || url.protocol !== "http:"))
    return refuse(
      from && url.protocol === "http:" ? "downgrade" : "bad-redirect",
      `${from ? `${from.href} redirects to ` : ""}${shown(url)}, which is not ${policy.httpsOnly ? "https" : "a web address"}`,
    );
  if (from?.protocol === "https:" && url.protocol === "http:")
    return refuse("downgrade", `${from.href} redirects to ${url.href}, plain http, which the observatory does not follow`);
  if (visited.has(url.href)) return refuse("redirect-loop", `The redirects loop back to ${url.href}`);
  if (visited.size > policy.maxRedirects) return refuse("too-many-redirects", `More than ${policy.maxRedirects} redirects`);
  if (url.port !== "" && BAD_PORTS.has(Number(url.port)))
    return refuse("bad-port", `${url.href} uses port ${url.port}, which browsers refuse to open and the observatory does not connect to`);
  // A list's own credentials are sent as a header (cli/fetch-list.ts), never in a URL.
  if (url.username !== "" || url.password !== "") return refuse("bad-redirect", `${shown(url)} carries credentials, which the observatory does not send`);
  const address = addressIn(url);
  if (address !== undefined && !policy.permits(address))
    return refuse("forbidden-address", `${address} is a private, loopback, link-local or multicast address`);
  return { ok: true, url };
}

/** A URL as messages show it: any user name and password hidden. */
const shown = (url: URL) => url.href.replace(/\/\/[^@/]*@/, "//…@");
