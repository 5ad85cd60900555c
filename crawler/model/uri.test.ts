import { describe, expect, it } from "vitest";
import { isAbsoluteUri, isLinkable, mailtoProblems, parseXmppUri, schemeOf, withoutUserinfo } from "./uri.ts";

describe("URI checks", () => {
  it("finds the scheme", () => {
    expect(schemeOf("XMPP:a@b.example")).toBe("xmpp");
    expect(schemeOf("a@b.example")).toBeUndefined();
  });

  it("accepts URIs and IRIs, refuses spaces, controls and broken escapes", () => {
    expect(isAbsoluteUri("https://example.org/support?x=1#y")).toBe(true);
    expect(isAbsoluteUri("https://bücher.example/hilfe")).toBe(true);
    expect(isAbsoluteUri("https://example.org/ a")).toBe(false);
    expect(isAbsoluteUri("https://example.org/%zz")).toBe(false);
    expect(isAbsoluteUri("https:///nohost")).toBe(false);
    expect(isAbsoluteUri("mailto:a@b.example\n")).toBe(false);
  });

  it("checks mailto: per RFC 6068", () => {
    expect(mailtoProblems("mailto:abuse@example.org")).toEqual([]);
    expect(mailtoProblems("mailto:a@example.org,b@example.org?subject=hi")).toEqual([]);
    expect(mailtoProblems("mailto:?to=a@example.org")).toEqual([]);
    expect(mailtoProblems("mailto:")).toEqual(["it names no address"]);
    expect(mailtoProblems("mailto:abuse")).toEqual(["'abuse' is not of the form local@domain"]);
    expect(mailtoProblems("mailto:a@exa_mple")[0]).toContain("label");
  });

  it("reads the JID out of xmpp: URIs per RFC 5122", () => {
    expect(parseXmppUri("xmpp:support@muc.example.org?join")).toMatchObject({ ok: true, bare: "support@muc.example.org", query: "join" });
    expect(parseXmppUri("xmpp://guest@example.com/support@example.org")).toMatchObject({ ok: true, bare: "support@example.org" });
    expect(parseXmppUri("xmpp:j%C3%BCrgen@example.org")).toMatchObject({ ok: true, bare: "jürgen@example.org" });
    expect(parseXmppUri("xmpp:Admin@Example.org/res")).toMatchObject({ ok: true, bare: "admin@example.org" });
    expect(parseXmppUri("xmpp:")).toMatchObject({ ok: false });
    expect(parseXmppUri("xmpp:a@@b")).toMatchObject({ ok: false });
  });

  it("makes links only of safe, well-formed URIs", () => {
    for (const safe of ["xmpp:a@b.example", "mailto:a@b.example", "https://b.example/", "http://b.example/"]) expect(isLinkable(safe)).toBe(true);
    for (const unsafe of [
      "javascript:alert(1)",
      "JavaScript:alert(1)",
      "data:text/html,x",
      "vbscript:x",
      "file:///etc/passwd",
      "tel:+1",
      'https://b.example/" onmouseover="x',
      "//b.example",
      " https://b.example",
    ]) {
      expect(isLinkable(unsafe), unsafe).toBe(false);
    }
  });
});

describe("withoutUserinfo", () => {
  it("prints a URL without its user name and password, whether or not it parses", () => {
    expect(withoutUserinfo("https://reader:s3cret@lists.example/a.txt?x=1#f")).toBe("https://lists.example/a.txt?x=1#f");
    expect(withoutUserinfo("https://reader@lists.example/")).toBe("https://lists.example/");
    expect(withoutUserinfo("https://lists.example/a@b")).toBe("https://lists.example/a@b");
    expect(withoutUserinfo("https://reader:s3cret@bad host/")).toBe("https://bad host/");
  });
});
