import { describe, expect, it } from "vitest";
import { judgeSecurityTxt, parseSecurityTxt } from "./security-txt.ts";

const NOW = Date.parse("2026-11-21T12:00:00Z");

describe("parseSecurityTxt", () => {
  it("reads Contact and Expires, case-insensitively, past comments and a byte-order mark", () => {
    const file = parseSecurityTxt(
      "\ufeff# Our policy\r\ncontact: mailto:security@example.org\r\nContact: https://example.org/security\r\nExpires: 2027-01-01T00:00:00.000Z\r\n",
    );
    expect(file).toEqual({
      contacts: ["mailto:security@example.org", "https://example.org/security"],
      expires: "2027-01-01T00:00:00.000Z",
      expiresAt: Date.parse("2027-01-01T00:00:00Z"),
      problems: [],
      signed: false,
    });
    expect(judgeSecurityTxt(file, NOW)).toEqual({ noContact: false, expired: false });
  });

  it("reads the text of a cleartext-signed file, and only that", () => {
    const file = parseSecurityTxt(
      [
        "-----BEGIN PGP SIGNED MESSAGE-----",
        "Hash: SHA512",
        "",
        "Contact: mailto:security@example.org",
        "Expires: 2026-01-01T00:00:00Z",
        "- -- a dash-escaped line",
        "-----BEGIN PGP SIGNATURE-----",
        "Contact: mailto:not-this@example.org",
        "-----END PGP SIGNATURE-----",
      ].join("\n"),
    );
    expect(file.signed).toBe(true);
    expect(file.contacts).toEqual(["mailto:security@example.org"]);
    expect(judgeSecurityTxt(file, NOW)).toEqual({ noContact: false, expired: "past" });
  });

  it("says what is missing or malformed", () => {
    expect(judgeSecurityTxt(parseSecurityTxt("Policy: https://example.org/policy\n"), NOW)).toEqual({ noContact: true, expired: "missing" });
    const twice = parseSecurityTxt("Contact: mailto:a@example.org\nExpires: 2027-01-01T00:00:00Z\nExpires: 2028-01-01T00:00:00Z\nnot a field\n");
    expect(twice.problems).toEqual(["line 4 is neither a field nor a comment", "Expires appears 2 times; it must appear once"]);
    const unreadable = parseSecurityTxt("Contact: mailto:a@example.org\nExpires: next year\n");
    expect(judgeSecurityTxt(unreadable, NOW)).toEqual({ noContact: false, expired: "unreadable" });
    expect(unreadable.problems).toEqual(['Expires "next year" is not an RFC 3339 date-time']);
  });

  it("stays bounded whatever the server sends", () => {
    const huge = parseSecurityTxt(`Contact: ${"x".repeat(100_000)}\n`.repeat(5000));
    expect(huge.contacts).toHaveLength(32);
    expect(huge.contacts.every((c) => c.length === 2048)).toBe(true);
    expect(huge.problems[0]).toBe("5001 lines; only the first 1000 were read");
  });
});
