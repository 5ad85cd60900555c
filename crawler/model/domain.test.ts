import { describe, expect, it } from "vitest";
import { normalizeDomain, parseDomainList } from "./domain.ts";

describe("normalizeDomain", () => {
  it.each([
    ["Example.ORG", "example.org"],
    [" example.org. ", "example.org"],
    ["xn--bcher-kva.example", "bücher.example"],
    ["BÜCHER.example", "bücher.example"],
  ])("normalises %j to %s", (input, domain) => expect(normalizeDomain(input)).toEqual({ ok: true, domain }));

  it.each([
    ["", "empty"],
    ["user@example.org", "'@'"],
    ["https://example.org", "URL"],
    ["127.0.0.1", "IP address"],
    ["localhost", "single label"],
    ["exa mple.org", "space"],
    ["-x.example", "label"],
  ])("rejects %j with a reason", (input, reason) => {
    const result = normalizeDomain(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });
});

describe("parseDomainList", () => {
  it("reads domains, skips comments and blank lines, reports bad lines by number", () => {
    expect(parseDomainList("# list\nexample.org # main\n\nEXAMPLE.org\nbad domain\nother.example\n")).toEqual({
      domains: ["example.org", "other.example"],
      errors: [{ line: 5, input: "bad domain", reason: expect.stringContaining("space") }],
      sourceOf: new Map(),
    });
  });

  it("names each domain's source from the '# source:' line above it, keeping the first for a repeat", () => {
    const list = parseDomainList(
      ["a.example", "# Source: List One (2026)", "b.example", "#source:List Two", "c.example", "B.example", "# source:", "d.example"].join("\n"),
    );
    expect(list.domains).toEqual(["a.example", "b.example", "c.example", "d.example"]);
    expect([...list.sourceOf]).toEqual([
      ["b.example", "List One (2026)"],
      ["c.example", "List Two"],
    ]);
  });

  it("bounds a source name", () => {
    const list = parseDomainList(`# source: ${"x".repeat(1000)}\na.example`);
    expect(list.sourceOf.get("a.example")).toHaveLength(200);
  });
});
