import { describe, expect, it } from "vitest";
import { domainOfJid, normalizeDomain, parseDomainList } from "./domain.ts";

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

  // Names our own server would resolve to itself or a private network for s2s (RFC 6761 §6.3), outside every guard of ours.
  it.each([
    ["foo.localhost", "it names this very machine (RFC 6761 §6.3): federated XMPP domains are public DNS names"],
    ["127.0.0.1.LOCALHOST.", "it names this very machine (RFC 6761 §6.3): federated XMPP domains are public DNS names"],
    ["server.invalid", "it is reserved never to exist (RFC 6761 §6.4): federated XMPP domains are public DNS names"],
    ["printer.local", "it is resolved only by multicast DNS on the local link (RFC 6762 §3): federated XMPP domains are public DNS names"],
    ["nas.home.arpa", "it is for names inside a home network (RFC 8375): federated XMPP domains are public DNS names"],
    ["chat.corp.internal", "it is reserved for private networks (ICANN, 2024): federated XMPP domains are public DNS names"],
  ])("refuses %j: it never names a federated server", (input, reason) => {
    expect(normalizeDomain(input)).toEqual({ ok: false, reason });
    expect(domainOfJid(`someone@${input}`)).toMatchObject({ ok: false, reason });
  });

  it("keeps the documentation names and .test, which fail as any dead domain does", () => {
    expect(normalizeDomain("example.org")).toEqual({ ok: true, domain: "example.org" });
    expect(normalizeDomain("good.test")).toEqual({ ok: true, domain: "good.test" });
    expect(normalizeDomain("xmpp.onion.example")).toEqual({ ok: true, domain: "xmpp.onion.example" });
  });

  // Issue 30: a URL's host parser (and so domainToASCII) rewrites numbers into IPv4 addresses.
  it.each([
    ["2130706433", "127.0.0.1"],
    ["127.1", "127.0.0.1"],
    ["10.1", "10.0.0.1"],
    ["0xa9fea9fe", "169.254.169.254"],
    ["0x7f.1", "127.0.0.1"],
    ["\uff11\uff12\uff17\uff0e\uff10\uff0e\uff10\uff0e\uff11", "127.0.0.1"],
    ["127.0.0.1.", "127.0.0.1"],
    ["[::1]", "[::1]"],
    ["::1", "::1"],
    ["[::ffff:127.0.0.1]", "[::ffff:127.0.0.1]"],
  ])("refuses %j: a URL reads it as the IP address %s", (input, address) => {
    expect(normalizeDomain(input)).toEqual({ ok: false, reason: `it is an IP address (${address}): federated XMPP domains are DNS names` });
  });

  it("refuses a name whose last label is a number, which a URL reads as an IPv4 address", () => {
    for (const input of ["example.123", "example.0x1f"])
      expect(normalizeDomain(input)).toEqual({ ok: false, reason: "its last label is a number, so a URL reads it as an IPv4 address, and not a valid one" });
    expect(normalizeDomain("123.example")).toEqual({ ok: true, domain: "123.example" });
    expect(normalizeDomain("0x.example")).toEqual({ ok: true, domain: "0x.example" });
  });
});

describe("domainOfJid", () => {
  it("gives a JID's domainpart through the one domain check", () => {
    expect(domainOfJid("Admin@Example.ORG/laptop")).toEqual({ ok: true, domain: "example.org" });
    expect(domainOfJid("a@xn--bcher-kva.example")).toEqual({ ok: true, domain: "bücher.example" });
    expect(domainOfJid("x@127.1/r")).toEqual({
      ok: false,
      reason: "it is an IP address (127.0.0.1): federated XMPP domains are DNS names",
      domainpart: "127.0.0.1",
    });
    expect(domainOfJid("x@[::1]")).toEqual({ ok: false, reason: "it is an IP address ([::1]): federated XMPP domains are DNS names", domainpart: "[::1]" });
    expect(domainOfJid("x@localhost")).toMatchObject({ ok: false, reason: expect.stringContaining("single label") });
    expect(domainOfJid("x@@y")).toMatchObject({ ok: false });
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

  it("skips the numbers a URL reads as IP addresses, each with its line", () => {
    const list = parseDomainList("2130706433\n127.1\n10.1\n0xa9fea9fe\nexample.org\n");
    expect(list.domains).toEqual(["example.org"]);
    expect(list.errors).toEqual([
      { line: 1, input: "2130706433", reason: "it is an IP address (127.0.0.1): federated XMPP domains are DNS names" },
      { line: 2, input: "127.1", reason: "it is an IP address (127.0.0.1): federated XMPP domains are DNS names" },
      { line: 3, input: "10.1", reason: "it is an IP address (10.0.0.1): federated XMPP domains are DNS names" },
      { line: 4, input: "0xa9fea9fe", reason: "it is an IP address (169.254.169.254): federated XMPP domains are DNS names" },
    ]);
  });

  it("bounds a source name", () => {
    const list = parseDomainList(`# source: ${"x".repeat(1000)}\na.example`);
    expect(list.sourceOf.get("a.example")).toHaveLength(200);
  });
});
