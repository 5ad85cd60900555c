import { checkServerIdentity, type PeerCertificate } from "node:tls";
import { describe, expect, it } from "vitest";
import { checkCertificateName, namesNoneLike } from "./certificate-name.ts";

/** A leaf as Node hands it to the name check: only its subject and subjectaltname are read. */
const certificate = (subjectaltname: string | undefined, cn?: string | string[]) =>
  ({ subject: cn === undefined ? {} : { CN: cn }, ...(subjectaltname !== undefined && { subjectaltname }) }) as unknown as PeerCertificate;

const verdict = (error: Error | undefined) => (error ? "refuses" : "accepts");

/** The federation's certificate: its 114 DNS names, the way Node reads them. */
const FEDERATION = `DNS:home.test, DNS:good.test, ${Array.from({ length: 112 }, (_, i) => `DNS:name${i}.test`).join(", ")}`;

// [host, subjectaltname, CN, what Node's tls.checkServerIdentity does, what the quick refusal does]
const CASES: Array<[string, string | undefined, string | string[] | undefined, "accepts" | "refuses", "refuses" | "leaves it to Node"]> = [
  // Exact names, and the case the quick refusal is for: a certificate that names other hosts.
  ["good.test", "DNS:home.test, DNS:good.test", undefined, "accepts", "leaves it to Node"],
  ["d1.local.test", "DNS:home.test, DNS:good.test", undefined, "refuses", "refuses"],
  ["d1.local.test", FEDERATION, "home.test", "refuses", "refuses"],
  ["good.test", FEDERATION, "home.test", "accepts", "leaves it to Node"],
  // Upper case, on either side (Node lowers A–Z only).
  ["GOOD.Test", "DNS:good.test", undefined, "accepts", "leaves it to Node"],
  ["good.test", "DNS:GOOD.TEST", undefined, "accepts", "leaves it to Node"],
  ["D1.LOCAL.TEST", "DNS:home.test", undefined, "refuses", "refuses"],
  ["other.TEST", "DNS:good.test", undefined, "refuses", "leaves it to Node"],
  // Trailing dots: one on a pattern, up to two on the host.
  ["good.test.", "DNS:good.test", undefined, "accepts", "leaves it to Node"],
  ["good.test", "DNS:good.test.", undefined, "accepts", "leaves it to Node"],
  ["good.test..", "DNS:good.test", undefined, "accepts", "leaves it to Node"],
  ["good.test...", "DNS:good.test", undefined, "refuses", "refuses"],
  ["good.test", "DNS:good.test..", undefined, "refuses", "leaves it to Node"],
  // Wildcards: only in the first label, never for a whole top-level domain, verbatim in an A-label.
  ["d1.local.test", "DNS:*.local.test", undefined, "accepts", "leaves it to Node"],
  ["D1.Local.Test", "DNS:*.LOCAL.test", undefined, "accepts", "leaves it to Node"],
  ["foo.local.test", "DNS:f*.local.test", undefined, "accepts", "leaves it to Node"],
  ["bar.local.test", "DNS:f*.local.test", undefined, "refuses", "leaves it to Node"],
  ["a.b.local.test", "DNS:*.local.test", undefined, "refuses", "refuses"],
  ["local.test", "DNS:*.local.test", undefined, "refuses", "leaves it to Node"],
  ["a.b.test", "DNS:*.*.test", undefined, "refuses", "refuses"],
  ["good.test", "DNS:*.test", undefined, "refuses", "leaves it to Node"],
  ["xn--abc.local.test", "DNS:xn--*.local.test", undefined, "refuses", "leaves it to Node"],
  // Punycode and U-labels: Node matches A-labels verbatim and refuses U-labels in a pattern.
  ["xn--strae-oqa.test", "DNS:xn--strae-oqa.test", undefined, "accepts", "leaves it to Node"],
  ["xn--strae-oqa.test", "DNS:straße.test", undefined, "refuses", "leaves it to Node"],
  ["straße.test", "DNS:straße.test", undefined, "refuses", "leaves it to Node"],
  ["xn--strae-oqa.example", "DNS:xn--strae-oqa.test", undefined, "refuses", "refuses"],
  ["a.é.test", "DNS:a.b.test", undefined, "refuses", "leaves it to Node"],
  ["k.local.test", "DNS:\u212a.local.test, DNS:\u0130.LOCAL.test", undefined, "refuses", "leaves it to Node"],
  // IP addresses: matched against IP altnames alone, and left to Node.
  ["127.0.0.1", "IP Address:127.0.0.1", undefined, "accepts", "leaves it to Node"],
  ["127.0.0.1", "DNS:home.test", undefined, "refuses", "leaves it to Node"],
  ["127.0.0.1.", "DNS:home.test, IP Address:127.0.0.1", undefined, "accepts", "leaves it to Node"],
  ["::1", "IP Address:0:0:0:0:0:0:0:1", undefined, "accepts", "leaves it to Node"],
  ["::1", "DNS:home.test, IP Address:127.0.0.1", undefined, "refuses", "leaves it to Node"],
  // A DNS altname hides the CN; a neighbour of the host (same parent) is left to Node.
  ["home.test", "DNS:good.test, IP Address:127.0.0.1", "home.test", "refuses", "leaves it to Node"],
  ["d1.local.test", "DNS:good.test, IP Address:127.0.0.1", "d1.local.test", "refuses", "refuses"],
  // No DNS altname: Node reads the CN (a string or several), and the quick refusal leaves it to Node.
  ["home.test", "IP Address:127.0.0.1", "home.test", "accepts", "leaves it to Node"],
  ["home.test", "URI:https://home.test/", "home.test", "accepts", "leaves it to Node"],
  ["home.test", undefined, "home.test", "accepts", "leaves it to Node"],
  ["home.test", undefined, "elsewhere", "refuses", "leaves it to Node"],
  ["home.test", undefined, ["a.test", "home.test"], "accepts", "leaves it to Node"],
  ["home.test", undefined, "*.test", "refuses", "leaves it to Node"],
  ["d1.local.test", undefined, "*.local.test", "accepts", "leaves it to Node"],
  ["home.test", undefined, undefined, "refuses", "leaves it to Node"],
  // Empty altnames, and empty names.
  ["home.test", "", "home.test", "accepts", "leaves it to Node"],
  ["home.test", "", undefined, "refuses", "leaves it to Node"],
  ["localhost", "DNS:", undefined, "refuses", "leaves it to Node"],
  ["home.test", "DNS:", undefined, "refuses", "refuses"],
  ["", "DNS:home.test", undefined, "refuses", "leaves it to Node"],
  // The host's tail inside a longer name, or in another kind of altname: left to Node.
  ["a.b.test", "DNS:x.a.b.test", undefined, "refuses", "leaves it to Node"],
  ["d1.local.test", "DNS:good.test, URI:https://x.local.test/", undefined, "refuses", "leaves it to Node"],
  ["home.test", "URI:DNS:good.test", "home.test", "accepts", "leaves it to Node"],
  ["d1.local.test", "DNS:*.LOCAL.TEST", undefined, "accepts", "leaves it to Node"],
  // Single labels.
  ["localhost", "DNS:localhost", undefined, "accepts", "leaves it to Node"],
  ["localhost", "DNS:home.test", undefined, "refuses", "leaves it to Node"],
  ["home.test", "DNS:localhost", undefined, "refuses", "refuses"],
  // Quoted altnames (Node's escaped reader), left to Node.
  ["home.test", 'DNS:"home.test", DNS:good.test', undefined, "accepts", "leaves it to Node"],
  ["d1.local.test", 'DNS:"a, b.test", DNS:good.test', undefined, "refuses", "leaves it to Node"],
];

describe("checkCertificateName: Node's name check, with a quicker refusal of a certificate that names other hosts", () => {
  it.each(CASES)("%s against %j (CN %j): Node %s, the quick refusal %s", (host, altnames, cn, node, quick) => {
    const cert = certificate(altnames, cn);
    const nodes = checkServerIdentity(host, cert);
    const early = namesNoneLike(host, cert);
    expect(verdict(nodes)).toBe(node);
    expect(early ? "refuses" : "leaves it to Node").toBe(quick);
    // The prediction: a quick refusal only where Node refuses, with Node's code and words.
    if (early) expect({ code: early.code, message: early.message }).toEqual({ code: "ERR_TLS_CERT_ALTNAME_INVALID", message: nodes!.message });
    // And the whole check decides as Node does, in the same words.
    expect(checkCertificateName(host, cert)?.message).toBe(nodes?.message);
  });

  it("reads as Node's refusal does: the host, and every name the certificate has; and has no stack to format", () => {
    const refusal = namesNoneLike("d1.local.test.", certificate("DNS:home.test, DNS:good.test, IP Address:127.0.0.1"));
    const message =
      "Hostname/IP does not match certificate's altnames: Host: d1.local.test. is not in the cert's altnames: DNS:home.test, DNS:good.test, IP Address:127.0.0.1";
    expect(refusal?.message).toBe(message);
    expect(refusal?.stack).toBe(`Error: ${message}`);
    // The stack trace limit is the process's again.
    expect(new Error("x").stack).toMatch(/\n +at /);
  });

  it("never refuses what Node accepts, nor in other words, over generated hosts and names", () => {
    // A fixed pseudo-random sequence (mulberry32), so that a failure can be replayed.
    let seed = 34;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
    const LABELS = ["a", "A", "b", "test", "TEST", "local", "*", "f*", "*o", "xn--a", "xn--*", "é", "\u212a", "\u0130", "", "127", "1"] as const;
    const name = () => Array.from({ length: 1 + Math.floor(random() * 4) }, () => pick(LABELS)).join(".") + pick(["", "", ".", ".."]);
    const KINDS = ["DNS:", "DNS:", "DNS:", "IP Address:", "URI:"] as const;
    let quick = 0;
    for (let i = 0; i < 20_000; i++) {
      const host = pick([name, name, name, () => pick(["127.0.0.1", "::1", "1.1"])])();
      const altnames = Array.from({ length: Math.floor(random() * 4) }, () => `${pick(KINDS)}${name()}`).join(", ");
      const cert = certificate(altnames, pick([undefined, name()]));
      const early = namesNoneLike(host, cert);
      if (!early) continue;
      quick++;
      const nodes = checkServerIdentity(host, cert);
      expect(nodes?.message, `${host} against ${altnames}`).toBe(early.message);
    }
    // The generated cases exercise the quick refusal, not only the cases left to Node.
    expect(quick).toBeGreaterThan(4_000);
  });
});
