// Domain lists as people publish them: a plain list (one per line, '#' comments), or the
// XMPP Providers format (providers.json: an array of objects with a `jid` field). Pure.
import { normalizeDomain, parseDomainList, type DomainList, type DomainListError } from "./domain.ts";

export function parseDomainSource(text: string): DomainList & { format: "providers" | "list" } {
  const trimmed = text.trimStart();
  if (!(trimmed.startsWith("[") || trimmed.startsWith("{"))) return { ...parseDomainList(text), format: "list" };
  const failed = (reason: string) => ({
    domains: [],
    errors: [{ line: 0, input: "", reason }],
    sourceOf: new Map<string, string>(),
    format: "providers" as const,
  });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return failed(`not valid JSON: ${(error as Error).message}`);
  }
  const items = Array.isArray(data) ? data : (data as { providers?: unknown }).providers;
  if (!Array.isArray(items)) return failed("JSON without a list of providers (expected an array of objects with a jid field)");
  // Each jid is checked on its own: a value is never read as a line of the plain format, so it
  // cannot smuggle in a comment or a "# source:" line.
  const domains = new Set<string>();
  const errors: DomainListError[] = [];
  items.forEach((item, index) => {
    const jid = typeof item === "object" && item !== null ? (item as { jid?: unknown }).jid : undefined;
    if (typeof jid !== "string") {
      errors.push({ line: index + 1, input: "", reason: "item has no jid field" });
      return;
    }
    const result = normalizeDomain(jid);
    if (result.ok) domains.add(result.domain);
    else errors.push({ line: index + 1, input: jid.slice(0, 200), reason: `item ${index + 1}: ${result.reason}` });
  });
  return { domains: [...domains], errors, sourceOf: new Map(), format: "providers" };
}
