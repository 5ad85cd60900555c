import { describe, expect, it } from "vitest";
import { parseDomainSource } from "./providers.ts";

describe("parseDomainSource", () => {
  it("reads the XMPP Providers format", () => {
    const text = JSON.stringify([{ jid: "Example.org", category: "A" }, { jid: "bücher.example" }, { name: "no jid" }, { jid: "bad domain" }]);
    const result = parseDomainSource(text);
    expect(result.format).toBe("providers");
    expect(result.domains).toEqual(["example.org", "bücher.example"]);
    expect(result.errors.map((e) => e.reason)).toEqual(["item has no jid field", expect.stringContaining("space")]);
  });

  it("never reads a jid value as a line of the plain format", () => {
    const result = parseDomainSource(JSON.stringify([{ jid: "# source: forged" }, { jid: "example.org # comment" }, { jid: "example.net" }]));
    expect(result.domains).toEqual(["example.net"]);
    expect(result.sourceOf.size).toBe(0);
    expect(result.errors).toHaveLength(2);
  });

  it("refuses a jid that a URL reads as an IP address", () => {
    const result = parseDomainSource(JSON.stringify([{ jid: "2130706433" }, { jid: "0xa9fea9fe" }, { jid: "example.net" }]));
    expect(result.domains).toEqual(["example.net"]);
    expect(result.errors.map((e) => e.reason)).toEqual([
      "item 1: it is an IP address (127.0.0.1): federated XMPP domains are DNS names",
      "item 2: it is an IP address (169.254.169.254): federated XMPP domains are DNS names",
    ]);
  });

  it("reads a plain list, and reports broken JSON", () => {
    expect(parseDomainSource("# x\nexample.org\n")).toMatchObject({ format: "list", domains: ["example.org"] });
    expect(parseDomainSource("[{").errors[0]?.reason).toContain("not valid JSON");
  });
});
