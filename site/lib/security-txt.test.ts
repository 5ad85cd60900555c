import { describe, expect, it } from "vitest";
import { judgeSecurityTxt, parseSecurityTxt } from "../../crawler/model/security-txt.ts";
import { securityTxt } from "./security-txt.ts";

describe("the site's security.txt", () => {
  const builtAt = new Date("2026-03-01T12:00:00.250Z");

  it("names the contacts, expires a year after the build, and passes the observatory's own check until then", () => {
    const text = securityTxt(["mailto:security@observatory.example", "xmpp:security@observatory.example"], builtAt, "https://observatory.example");
    expect(text).toBe(
      [
        "# Serverinfo Observatory: how to report a security problem with this site (RFC 9116).",
        "Contact: mailto:security@observatory.example",
        "Contact: xmpp:security@observatory.example",
        "Expires: 2027-03-01T12:00:00Z",
        "Canonical: https://observatory.example/.well-known/security.txt",
        "Policy: https://github.com/serverinfo-observatory/serverinfo-observatory/security/policy",
        "Preferred-Languages: en",
        "",
      ].join("\n"),
    );
    const file = parseSecurityTxt(text);
    expect(file.problems).toEqual([]);
    expect(judgeSecurityTxt(file, Date.parse("2027-02-28T12:00:00Z"))).toEqual({ noContact: false, expired: false });
    expect(judgeSecurityTxt(file, Date.parse("2027-03-02T00:00:00Z"))).toEqual({ noContact: false, expired: "past" });
  });

  it("leaves out Canonical for a site not served over https (RFC 9116 §2.5.2)", () => {
    expect(securityTxt(["mailto:a@b.example"], builtAt, "http://localhost:4321")).not.toContain("Canonical");
  });
});
