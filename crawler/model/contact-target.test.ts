import { describe, expect, it } from "vitest";
import { isSecurityTxtUrl, planAddress, wellKnownSecurityTxt } from "./contact-target.ts";

describe("planAddress", () => {
  it("sends xmpp: addresses and administrators to their domain, and knows a ?join room", () => {
    expect(planAddress("xmpp:Admin@Example.org", "admin-addresses")).toEqual({ kind: "xmpp", domain: "example.org", bare: "admin@example.org", join: false });
    expect(planAddress(" xmpp:room@muc.example.org?join ", "support-addresses")).toMatchObject({ kind: "xmpp", bare: "room@muc.example.org", join: true });
    expect(planAddress("ops@example.org/laptop", "administrators")).toEqual({ kind: "xmpp", domain: "example.org", bare: "ops@example.org", join: false });
  });

  it("sends mailto: to its mail domains (A-labels), and web addresses to one GET", () => {
    expect(planAddress("mailto:a@bücher.example,b@example.org", "abuse-addresses")).toEqual({
      kind: "mail",
      domains: ["xn--bcher-kva.example", "example.org"],
    });
    expect(planAddress("https://example.org/contact", "support-addresses")).toEqual({ kind: "web", url: "https://example.org/contact" });
    expect(planAddress("http://example.org", "support-addresses")).toEqual({ kind: "web", url: "http://example.org/" });
  });

  it("checks nothing else, and says why", () => {
    expect(planAddress("tel:+49-30-1234567", "status-addresses")).toEqual({ kind: "none", why: "the observatory does not check tel: addresses" });
    expect(planAddress("abuse@example.org", "abuse-addresses")).toMatchObject({ kind: "none", why: expect.stringMatching(/no scheme/) });
    expect(planAddress("mailto:", "abuse-addresses")).toMatchObject({ kind: "none" });
    expect(planAddress("xmpp:not a jid@@x", "admin-addresses")).toMatchObject({ kind: "none" });
    expect(planAddress("javascript:alert(1)", "admin-addresses")).toMatchObject({ kind: "none" });
    expect(planAddress("https://example.org/ support", "support-addresses")).toEqual({ kind: "none", why: "it is not a well-formed web address" });
  });

  it("never asks a domainpart that is an IP address, which RFC 7622 allows and federation does not, and says why", () => {
    const why = (address: string) =>
      `its domain is an IP address (${address}): RFC 7622 allows one in a JID, but servers federate only by DNS name, so the observatory does not ask it`;
    expect(planAddress("xmpp:a@10.0.0.5", "admin-addresses")).toEqual({ kind: "none", why: why("10.0.0.5") });
    expect(planAddress("xmpp:a@[::1]", "abuse-addresses")).toEqual({ kind: "none", why: why("[::1]") });
    expect(planAddress("xmpp:room@127.1?join", "support-addresses")).toEqual({ kind: "none", why: why("127.0.0.1") });
    expect(planAddress("xmpp:a@2130706433", "security-addresses")).toEqual({ kind: "none", why: why("127.0.0.1") });
    expect(planAddress("root@10.0.0.5", "administrators")).toEqual({ kind: "none", why: why("10.0.0.5") });
    expect(planAddress("root@[::1]/laptop", "administrators")).toEqual({ kind: "none", why: why("[::1]") });
    // Nor a name that no server federates as: a single label such as localhost.
    expect(planAddress("xmpp:root@localhost", "admin-addresses")).toEqual({
      kind: "none",
      why: "its domain localhost is not a federated domain (it has a single label: a federated domain has at least two, such as example.org)",
    });
  });

  it("knows a security.txt by its path", () => {
    expect(isSecurityTxtUrl("https://example.org/.well-known/security.txt")).toBe(true);
    expect(isSecurityTxtUrl("https://example.org/SECURITY.TXT")).toBe(true);
    expect(isSecurityTxtUrl("https://example.org/security")).toBe(false);
    expect(wellKnownSecurityTxt("example.org")).toBe("https://example.org/.well-known/security.txt");
  });
});
