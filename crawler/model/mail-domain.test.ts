import { describe, expect, it } from "vitest";
import { judgeMailDomain } from "./mail-domain.ts";
import { mailtoDomains } from "./uri.ts";

describe("judgeMailDomain", () => {
  // In production only public addresses count; the tests' loopback network is allowed where a test says so.
  const publicOnly = (address: string) => !/^(127\.|10\.|192\.168\.|::1$|fe80:)/.test(address);
  const judge = (domain: string, answers: Parameters<typeof judgeMailDomain>[1]) => judgeMailDomain(domain, answers, publicOnly);

  it("orders the mail hosts by preference", () => {
    expect(
      judge("mail.test", {
        mx: [
          { exchange: "backup.mail.test.", priority: 20 },
          { exchange: "MX.mail.test", priority: 10 },
        ],
        mxAddresses: { "mx.mail.test": ["192.0.2.25"], "backup.mail.test": ["192.0.2.26"] },
      }),
    ).toEqual({ kind: "mx", hosts: ["mx.mail.test", "backup.mail.test"] });
  });

  it("knows a null MX (RFC 7505), however the resolver writes the root", () => {
    expect(judge("mail.test", { mx: [{ exchange: "", priority: 0 }] })).toEqual({ kind: "null-mx" });
    expect(judge("mail.test", { mx: [{ exchange: ".", priority: 0 }] })).toEqual({ kind: "null-mx" });
  });

  it("falls back to the domain's own address without MX records (RFC 5321 §5.1), and says when there is none", () => {
    expect(judge("mail.test", { mx: "nodata", hasAddress: true, fallbackAddresses: ["192.0.2.1"] })).toEqual({ kind: "address-fallback" });
    expect(judge("mail.test", { mx: [], hasAddress: false })).toEqual({ kind: "no-mx" });
    expect(judge("mail.test", { mx: "nxdomain" })).toEqual({ kind: "nxdomain" });
    expect(judge("mail.test", { mx: "error" })).toEqual({ kind: "dns-error" });
    expect(judge("mail.test", { mx: "nodata", hasAddress: "error" })).toEqual({ kind: "dns-error" });
  });

  it("knows the names no mail from the internet reaches: the domain itself, or every MX host", () => {
    expect(judge("localhost", { mx: "nxdomain" })).toEqual({ kind: "special-name", name: "localhost", why: "names this very machine (RFC 6761 §6.3)" });
    expect(judge("mail.home.arpa", { mx: "nxdomain" })).toEqual({
      kind: "special-name",
      name: "mail.home.arpa",
      why: "is for names inside a home network (RFC 8375)",
    });
    expect(judge("corp.internal", { mx: "nxdomain" })).toMatchObject({ kind: "special-name", why: "is reserved for private networks (ICANN, 2024)" });
    expect(judge("printer.local", { mx: "nxdomain" })).toMatchObject({ kind: "special-name" });
    expect(judge("x.invalid", { mx: "nxdomain" })).toMatchObject({ kind: "special-name" });
    expect(judge("example.com", { mx: "nxdomain" })).toMatchObject({ kind: "special-name", why: "is reserved for documentation (RFC 6761 §6.5)" });
    // A near miss: names that only look alike are ordinary.
    expect(judge("notlocalhost.test", { mx: "nodata", hasAddress: true, fallbackAddresses: ["192.0.2.1"] })).toEqual({ kind: "address-fallback" });
    expect(judge("mylocal.test", { mx: "nodata", hasAddress: true, fallbackAddresses: ["192.0.2.1"] })).toEqual({ kind: "address-fallback" });
    expect(
      judge("mail.test", {
        mx: [
          { exchange: "localhost.", priority: 10 },
          { exchange: "mx.mail.test", priority: 20 },
        ],
        mxAddresses: { localhost: "special", "mx.mail.test": ["10.0.0.25", "127.0.0.1"] },
      }),
    ).toEqual({
      kind: "unroutable",
      hosts: [
        { host: "localhost", why: "names this very machine (RFC 6761 §6.3)" },
        { host: "mx.mail.test", why: "resolves only to 10.0.0.25, 127.0.0.1, not public addresses" },
      ],
    });
    expect(judge("mail.test", { mx: "nodata", hasAddress: true, fallbackAddresses: ["127.0.0.1"] })).toEqual({
      kind: "unroutable",
      hosts: [{ host: "mail.test", why: "resolves only to 127.0.0.1, not public addresses" }],
    });
  });

  it("needs only one usable MX host, trusts hosts past the bound, and calls MX hosts without any address an error (RFC 5321 §5.1)", () => {
    const twoHosts = [
      { exchange: "a.mail.test", priority: 10 },
      { exchange: "b.mail.test", priority: 20 },
    ];
    expect(judge("mail.test", { mx: twoHosts, mxAddresses: { "a.mail.test": ["127.0.0.1"], "b.mail.test": ["192.0.2.2"] } })).toMatchObject({ kind: "mx" });
    expect(judge("mail.test", { mx: twoHosts, mxAddresses: { "a.mail.test": ["127.0.0.1"] } })).toMatchObject({ kind: "mx" });
    expect(judge("mail.test", { mx: twoHosts, mxAddresses: { "a.mail.test": [], "b.mail.test": [] } })).toEqual({
      kind: "mx-no-address",
      hosts: ["a.mail.test", "b.mail.test"],
    });
    expect(judge("mail.test", { mx: twoHosts, mxAddresses: { "a.mail.test": [], "b.mail.test": "error" } })).toEqual({ kind: "dns-error" });
    // The allowed network (OBSERVATORY_ALLOW_NETWORK in tests) makes loopback hosts count.
    expect(judgeMailDomain("mail.test", { mx: twoHosts, mxAddresses: { "a.mail.test": ["127.0.0.12"] } }, () => true)).toMatchObject({ kind: "mx" });
  });
});

describe("mailtoDomains", () => {
  it("gives the A-label domains of a well-formed mailto: URI's addresses, each once", () => {
    expect(mailtoDomains("mailto:abuse@example.org,postmaster@EXAMPLE.org?subject=spam")).toEqual(["example.org"]);
    expect(mailtoDomains("mailto:info@bücher.example")).toEqual(["xn--bcher-kva.example"]);
    expect(mailtoDomains("mailto:")).toEqual([]);
    expect(mailtoDomains("mailto:not an address")).toEqual([]);
    expect(mailtoDomains("xmpp:admin@example.org")).toEqual([]);
  });
});
