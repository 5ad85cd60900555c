// Fetching a domain list for `observatory domains import <https URL>`. The server is not ours to
// trust: https only, bounded in time, redirects and size.
import { CliError, EXIT } from "./exit.ts";

export const MAX_IMPORT_BYTES = 16 * 1024 * 1024;
const IMPORT_TIMEOUT_MS = 30_000;
const MAX_IMPORT_REDIRECTS = 5;

/**
 * Fetches a list over https only (a list is data people trust; a redirect to plain http is refused
 * too), bounded in time and in size while it streams, so a hostile server cannot fill memory.
 */
export async function fetchList(url: string): Promise<string> {
  const fail = (why: string) => new CliError(`cannot import ${url}: ${why}`, EXIT.usage);
  // Redirects are followed by hand, so that none is ever followed to plain http.
  let response: Response | undefined;
  let at = url;
  const signal = AbortSignal.timeout(IMPORT_TIMEOUT_MS);
  for (let hop = 0; hop <= MAX_IMPORT_REDIRECTS; hop++) {
    try {
      response = await fetch(at, { signal, redirect: "manual" });
    } catch (error) {
      throw fail((error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message);
    }
    const location = response.status >= 300 && response.status < 400 ? response.headers.get("location") : null;
    if (location === null) break;
    await response.body?.cancel();
    const next = URL.parse(location, at)?.href;
    if (next === undefined) throw fail("it redirects to a malformed address");
    if (!next.startsWith("https://")) throw fail(`it redirects to ${next}, which is not https`);
    at = next;
    response = undefined;
  }
  if (!response) throw fail(`more than ${MAX_IMPORT_REDIRECTS} redirects`);
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
  return new TextDecoder().decode(Buffer.concat(chunks));
}
