// Fetching a domain list for `observatory domains import <https URL>`. The server is not ours to
// trust: https only, bounded in time, redirects and size, and never to a private, loopback or
// link-local address (checked on the addresses the name resolves to, as the connection is made,
// so that DNS rebinding cannot get round it) unless the operator allows it.
import { lookup as dnsLookup } from "node:dns/promises";
import { Agent, fetch, type Response } from "undici";
import { isPublicAddress } from "../model/address.ts";
import { listText } from "../model/domain.ts";
import { withoutUserinfo } from "../model/uri.ts";
import { addressIn, checkHop } from "../model/redirects.ts";
import { ForbiddenAddressError, guardedLookup } from "../net/guarded-lookup.ts";
import { CliError, EXIT } from "./exit.ts";
import { IMPORT_TIMEOUT_MS, MAX_IMPORT_BYTES, MAX_IMPORT_REDIRECTS } from "../politeness.ts";

/**
 * Fetches a list over https only (a list is data people trust; a redirect to plain http is refused
 * too), bounded in time and in size while it streams, so a hostile server cannot fill memory.
 */
export async function fetchList(url: string, options: { allowPrivate?: boolean } = {}): Promise<string> {
  const fail = (why: string) => new CliError(`cannot import ${withoutUserinfo(url)}: ${why}`, EXIT.usage);
  const privateRefusal = (host: string) => fail(`${host} is a private, loopback or link-local address (give --allow-private to import from it anyway)`);
  const dispatcher = options.allowPrivate ? undefined : new Agent({ connect: { lookup: publicOnlyLookup } });
  // Redirects are followed by hand, so that each hop is checked (model/redirects.ts): never to plain http.
  let response: Response | undefined;
  // fetch() refuses credentials in a URL: send them as HTTP Basic authentication instead.
  const parsed = URL.parse(url);
  if (!parsed) throw fail("it is not a valid URL");
  const headers: Record<string, string> = {};
  if (parsed.username || parsed.password) {
    let userinfo: string;
    try {
      userinfo = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
    } catch {
      throw fail("its user name or password is not well percent-encoded");
    }
    headers.authorization = `Basic ${Buffer.from(userinfo).toString("base64")}`;
    parsed.username = "";
    parsed.password = "";
  }
  const policy = { maxRedirects: MAX_IMPORT_REDIRECTS, httpsOnly: true, permits: options.allowPrivate ? () => true : isPublicAddress };
  const visited = new Set<string>();
  let from: URL | undefined;
  let at = parsed.href;
  const signal = AbortSignal.timeout(IMPORT_TIMEOUT_MS);
  for (;;) {
    // The same rules as every redirect the observatory follows (model/redirects.ts), and an
    // address written in the URL, which is never looked up, is checked there.
    const hop = checkHop(at, from, visited, policy);
    if (!hop.ok) throw hop.kind === "forbidden-address" ? privateRefusal(addressIn(URL.parse(at, from)!) ?? at) : fail(hop.text);
    // The Fetch standard (HTTP-redirect fetch): the credentials are the list's origin's, and stay
    // behind when a redirect leaves it, for good.
    if (from && hop.url.origin !== from.origin) delete headers.authorization;
    visited.add(hop.url.href);
    try {
      response = await fetch(hop.url, { signal, redirect: "manual", headers, ...(dispatcher && { dispatcher }) });
    } catch (error) {
      const cause = (error as Error).cause;
      if (cause instanceof ForbiddenAddressError) throw privateRefusal(cause.host);
      throw fail(cause instanceof Error ? cause.message : (error as Error).message);
    }
    const location = response.status >= 300 && response.status < 400 ? response.headers.get("location") : null;
    if (location === null) break;
    await response.body?.cancel();
    from = hop.url;
    at = location;
    response = undefined;
  }
  if (!response.ok) throw fail(`HTTP ${response.status}`);
  if (!response.body) return "";
  if (Number(response.headers.get("content-length") ?? 0) > MAX_IMPORT_BYTES) {
    await response.body.cancel();
    throw fail(`it is larger than ${MAX_IMPORT_BYTES} bytes`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body) {
      size += chunk.byteLength;
      if (size > MAX_IMPORT_BYTES) throw fail(`it is larger than ${MAX_IMPORT_BYTES} bytes`);
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw fail((error as Error).message);
  }
  const text = listText(Buffer.concat(chunks));
  if (!text.ok) throw new CliError(`cannot read ${withoutUserinfo(url)}: ${text.reason}`, EXIT.usage);
  return text.text;
}

/** The system resolver (dns.lookup), refusing any name that resolves to an address that is not public. */
const publicOnlyLookup = guardedLookup(async (host) => (await dnsLookup(host, { all: true })).map((a) => a.address), isPublicAddress);
