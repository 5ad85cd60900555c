// Domain lists as people publish them: a plain list (one per line, '#' comments), or the
// XMPP Providers format (providers.json: an array of objects with a `jid` field). Pure.
import { parseDomainList, type DomainListError } from "./domain.ts";

export function parseDomainSource(text: string): { domains: string[]; errors: DomainListError[]; format: "providers" | "list" } {
  const trimmed = text.trimStart();
  if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (error) {
      return { domains: [], errors: [{ line: 0, input: "", reason: `not valid JSON: ${(error as Error).message}` }], format: "providers" };
    }
    const items = Array.isArray(data) ? data : (data as { providers?: unknown }).providers;
    if (!Array.isArray(items)) return { domains: [], errors: [{ line: 0, input: "", reason: "JSON without a list of providers (expected an array of objects with a jid field)" }], format: "providers" };
    const jids = items.map((item, index) => ({ index, jid: typeof item === "object" && item !== null ? (item as { jid?: unknown }).jid : undefined }));
    const list = parseDomainList(jids.map((j) => (typeof j.jid === "string" ? j.jid : "")).join("\n"));
    const missing = jids.filter((j) => typeof j.jid !== "string").map((j) => ({ line: j.index + 1, input: "", reason: "item has no jid field" }));
    return { domains: list.domains, errors: [...missing, ...list.errors.map((e) => ({ ...e, reason: `item ${e.line}: ${e.reason}` }))], format: "providers" };
  }
  return { ...parseDomainList(text), format: "list" };
}
