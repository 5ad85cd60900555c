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

  it("knows a security.txt by its path", () => {
    expect(isSecurityTxtUrl("https://example.org/.well-known/security.txt")).toBe(true);
    expect(isSecurityTxtUrl("https://example.org/SECURITY.TXT")).toBe(true);
    expect(isSecurityTxtUrl("https://example.org/security")).toBe(false);
    expect(wellKnownSecurityTxt("example.org")).toBe("https://example.org/.well-known/security.txt");
  });
});
