import { describe, expect, it } from "vitest";
import { judgeMailDomain } from "./mail-domain.ts";
import { mailtoDomains } from "./uri.ts";

describe("judgeMailDomain", () => {
  it("orders the mail hosts by preference", () => {
    expect(
      judgeMailDomain({
        mx: [
          { exchange: "backup.example.org.", priority: 20 },
          { exchange: "MX.example.org", priority: 10 },
        ],
      }),
    ).toEqual({ kind: "mx", hosts: ["mx.example.org", "backup.example.org"] });
  });

  it("knows a null MX (RFC 7505), however the resolver writes the root", () => {
    expect(judgeMailDomain({ mx: [{ exchange: "", priority: 0 }] })).toEqual({ kind: "null-mx" });
    expect(judgeMailDomain({ mx: [{ exchange: ".", priority: 0 }] })).toEqual({ kind: "null-mx" });
  });

  it("falls back to the domain's own address without MX records (RFC 5321 §5.1), and says when there is none", () => {
    expect(judgeMailDomain({ mx: "nodata", hasAddress: true })).toEqual({ kind: "address-fallback" });
    expect(judgeMailDomain({ mx: [], hasAddress: false })).toEqual({ kind: "no-mx" });
    expect(judgeMailDomain({ mx: "nxdomain" })).toEqual({ kind: "nxdomain" });
    expect(judgeMailDomain({ mx: "error" })).toEqual({ kind: "dns-error" });
    expect(judgeMailDomain({ mx: "nodata", hasAddress: "error" })).toEqual({ kind: "dns-error" });
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
