import { describe, expect, it } from "vitest";
import { parseJid, canonicalBare, jidDomain, sameJid } from "./jid.ts";

describe("parseJid (RFC 7622)", () => {
  it.each([
    ["admin@example.org", "admin@example.org"],
    ["Admin@Example.ORG", "admin@example.org"],
    ["example.org", "example.org"],
    ["admin@example.org/phone", "admin@example.org/phone"],
    ["admin@example.org.", "admin@example.org"],
    ["ＡＤＭＩＮ@example.org", "admin@example.org"],
    ["jürgen@bücher.example", "jürgen@bücher.example"],
    ["admin@xn--bcher-kva.example", "admin@bücher.example"],
    ["admin@[::1]", "admin@[::1]"],
    ["a@b.example/with/slash and space", "a@b.example/with/slash and space"],
  ])("accepts %s as %s", (input, normalized) => {
    expect(parseJid(input)).toMatchObject({ ok: true, normalized });
  });

  it.each([
    ["@example.org", "localpart"],
    ["not a jid@example.org", "localpart"],
    ['a"b@example.org', "'\"'"],
    ["a@b@example.org", "domainpart"],
    ["admin@", "empty"],
    ["admin@exa mple.org", "space"],
    ["admin@-bad.example", "label"],
    ["admin@example.org/", "resourcepart"],
    [`${"a".repeat(1024)}@example.org`, "1023"],
    ["admin\u0000@example.org", "localpart"],
  ])("rejects %s, naming the problem", (input, reason) => {
    const result = parseJid(input);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain(reason);
  });
});

describe("comparing and cutting JIDs as written", () => {
  it("names the same entity across case and IDNA forms, resource included", () => {
    expect(sameJid("Admin@Example.ORG", "admin@example.org")).toBe(true);
    expect(sameJid("x@BÜCHER.example", "x@xn--bcher-kva.example")).toBe(true);
    // Resources are case-sensitive (RFC 7622 §3.4).
    expect(sameJid("room@muc.example/Nick", "room@muc.example/nick")).toBe(false);
    // Two strings that are no JIDs are not the same JID, even when they are the same string.
    expect(sameJid("a b@x", "a b@x")).toBe(false);
  });

  it("gives the canonical bare JID and domainpart, or nothing for what is no JID", () => {
    expect(canonicalBare("Room@MUC.Example/nick")).toBe("room@muc.example");
    expect(jidDomain("u@Sub.Example.org")).toBe("sub.example.org");
    expect(jidDomain("not a jid@@")).toBeUndefined();
  });
});
