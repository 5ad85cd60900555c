import { describe, expect, it } from "vitest";
import type { TargetFacts, WebFacts } from "../model/contact-target.ts";
import { planAddress } from "../model/contact-target.ts";
import { reportWith } from "../../test/helpers/fixtures.ts";
import { emptyContacts } from "../contract.ts";
import { judgeAddress, judgeWellKnownSecurityTxt, reachabilityFindings, targetKey, withChecks } from "./reachability.ts";

const AT = "2026-11-21T12:00:00.000Z";
const domain = (target: string, outcome: "ok" | "remote-server-not-found" | "timeout" | "error", conference = false): TargetFacts => ({
  kind: "xmpp-domain",
  target,
  checkedAt: AT,
  outcome,
  condition: outcome === "ok" ? undefined : outcome,
  conference,
  record: { key: `disco-info:${target}`, kind: "disco-info", subject: target, raw: "<iq/>" },
});
const web = (target: string, over: Partial<WebFacts>): TargetFacts => ({
  kind: "web",
  target,
  checkedAt: AT,
  status: 200,
  finalUrl: target,
  redirects: 0,
  certificateValid: true,
  failure: undefined,
  body: undefined,
  record: { key: `http:${target}`, kind: "http", subject: target, raw: "GET" },
  ...over,
});
const judge = (value: string, field: string, facts: TargetFacts[]) => {
  const byKey = new Map(facts.map((f) => [targetKey(f.kind === "skipped" ? "web" : f.kind, f.target), f]));
  return judgeAddress(value, [field], planAddress(value, field), (key) => byKey.get(key));
};

describe("judgeAddress", () => {
  it("an account: works when its domain answers over s2s, and says it never asks about the account", () => {
    const { check, problems } = judge("xmpp:admin@example.org", "admin-addresses", [domain("example.org", "ok")]);
    expect(check).toMatchObject({ kind: "xmpp-account", status: "works", checkedAt: AT, records: ["disco-info:example.org"] });
    expect(check.why).toMatch(/Whether the account exists is not asked.*privacy/);
    expect(problems).toEqual([]);
    // A stanza error is no answer (contract isReachable), as the domain's own verdict says: not known, never "works".
    expect(judge("xmpp:admin@example.org", "admin-addresses", [domain("example.org", "error")]).check.status).toBe("not-checked");
  });

  it("a server's own JID (no localpart), in a contact field or in administrators: never works, and no second finding", () => {
    for (const [value, field] of [
      ["xmpp:example.org", "admin-addresses"],
      ["example.org", "administrators"],
    ] as const) {
      const judged = judge(value, field, [domain("example.org", "ok")]);
      expect(judged.check).toMatchObject({
        status: "broken",
        why: "example.org answers over s2s, but the address names the server itself, not a person: nobody reads what is sent to it.",
      });
      expect(judged.problems).toEqual([]);
    }
  });

  it("an account on an unreachable domain: broken, and an error only in abuse-addresses", () => {
    const abuse = judge("xmpp:abuse@dead.example", "abuse-addresses", [domain("dead.example", "remote-server-not-found")]);
    expect(abuse.check.status).toBe("broken");
    expect(reachabilityFindings("example.org", [abuse])).toEqual([
      expect.objectContaining({ rule: "contact-domain-unreachable", severity: "error", field: "abuse-addresses", value: "xmpp:abuse@dead.example" }),
    ]);
    const admin = judge("xmpp:admin@dead.example", "admin-addresses", [domain("dead.example", "timeout")]);
    expect(admin.check.why).toMatch(/did not answer within our time limit/);
    expect(reachabilityFindings("example.org", [admin])[0]!.severity).toBe("warning");
  });

  it("a room: exists and open, missing, members-only or password-protected", () => {
    const room = (over: Partial<Extract<TargetFacts, { kind: "xmpp-room" }>>): TargetFacts => ({
      kind: "xmpp-room",
      target: "ops@muc.example.org",
      checkedAt: AT,
      outcome: "ok",
      condition: undefined,
      isRoom: true,
      public: true,
      membersOnly: false,
      passwordProtected: false,
      record: undefined,
      ...over,
    });
    const value = "xmpp:ops@muc.example.org?join";
    const muc = domain("muc.example.org", "ok", true);
    expect(judge(value, "support-addresses", [muc, room({})]).check).toMatchObject({
      kind: "xmpp-room",
      status: "works",
      room: { exists: true, public: true },
    });
    expect(judge(value, "support-addresses", [muc, room({ outcome: "error", condition: "item-not-found", isRoom: false })]).problems[0]!.rule).toBe(
      "contact-room-missing",
    );
    expect(judge(value, "support-addresses", [muc, room({ membersOnly: true })]).problems[0]).toMatchObject({ rule: "contact-room-closed" });
    expect(judge(value, "support-addresses", [muc, room({ passwordProtected: true })]).check.why).toMatch(/password-protected/);
    // Without ?join, a JID on a conference service is a room too.
    expect(judge("xmpp:ops@muc.example.org", "support-addresses", [muc, room({})]).check.kind).toBe("xmpp-room");
    // RFC 6120 §8.3.3.5: a room that is gone can no longer be contacted at this address.
    expect(judge(value, "support-addresses", [muc, room({ outcome: "error", condition: "gone", isRoom: false })]).check).toMatchObject({
      status: "broken",
      why: "The service says the room ops@muc.example.org is gone (RFC 6120 §8.3.3.5: it can no longer be contacted at this address, typically for good).",
      room: { exists: false },
    });
    // A room that answers something else is not known either way.
    expect(judge(value, "support-addresses", [muc, room({ outcome: "error", condition: "forbidden", isRoom: false })]).check.status).toBe("not-checked");
  });

  it("a mail address: MX, the address fallback, a null MX, no MX, no such domain, a DNS failure", () => {
    const mail = (verdict: Extract<TargetFacts, { kind: "mail" }>["verdict"]): TargetFacts => ({
      kind: "mail",
      target: "example.org",
      checkedAt: AT,
      verdict,
      record: undefined,
    });
    const value = "mailto:abuse@example.org";
    expect(judge(value, "abuse-addresses", [mail({ kind: "mx", hosts: ["mx.example.org"] })]).check).toMatchObject({
      status: "works",
      mail: { hosts: ["mx.example.org"] },
    });
    expect(judge(value, "abuse-addresses", [mail({ kind: "address-fallback" })]).check.why).toMatch(/RFC 5321 §5.1/);
    const nullMx = judge(value, "abuse-addresses", [mail({ kind: "null-mx" })]);
    expect(reachabilityFindings("example.org", [nullMx])).toEqual([expect.objectContaining({ rule: "mail-domain-null-mx", severity: "error" })]);
    expect(judge(value, "abuse-addresses", [mail({ kind: "no-mx" })]).problems[0]!.rule).toBe("mail-domain-no-mx");
    expect(judge(value, "abuse-addresses", [mail({ kind: "nxdomain" })]).check.why).toMatch(/does not exist in DNS/);
    expect(judge(value, "abuse-addresses", [mail({ kind: "dns-error" })]).check.status).toBe("not-checked");
  });

  it("a mail address nobody on the internet can reach: a special-use name, private hosts, MX hosts without any address", () => {
    const mail = (target: string, verdict: Extract<TargetFacts, { kind: "mail" }>["verdict"]): TargetFacts => ({
      kind: "mail",
      target,
      checkedAt: AT,
      verdict,
      record: undefined,
    });
    const local = judge("mailto:abuse@localhost", "abuse-addresses", [
      mail("localhost", { kind: "special-name", name: "localhost", why: "names this very machine (RFC 6761 §6.3)" }),
    ]);
    expect(local.check).toMatchObject({ status: "broken", why: "localhost names this very machine (RFC 6761 §6.3): no mail from the internet can reach it." });
    expect(reachabilityFindings("example.org", [local])).toEqual([
      {
        rule: "mail-domain-unroutable",
        severity: "error",
        subject: "example.org",
        field: "abuse-addresses",
        value: "mailto:abuse@localhost",
        message: "localhost names this very machine (RFC 6761 §6.3): no mail from the internet can reach it.",
      },
    ]);
    const privateHosts = judge("mailto:admin@corp.test", "admin-addresses", [
      mail("corp.test", { kind: "unroutable", hosts: [{ host: "mx.corp.test", why: "resolves only to 10.0.0.25, not public addresses" }] }),
    ]);
    expect(privateHosts.check).toMatchObject({
      status: "broken",
      why: "No mail from the internet can reach corp.test: mx.corp.test resolves only to 10.0.0.25, not public addresses.",
      mail: { hosts: ["mx.corp.test"], nullMx: false },
    });
    expect(reachabilityFindings("example.org", [privateHosts])[0]).toMatchObject({ rule: "mail-domain-unroutable", severity: "warning" });
    const noAddress = judge("mailto:admin@corp.test", "admin-addresses", [mail("corp.test", { kind: "mx-no-address", hosts: ["mx1.corp.test"] })]);
    expect(noAddress.check.why).toBe("corp.test's MX hosts (mx1.corp.test) have no address, so none is usable (RFC 5321 §5.1): mail to it bounces.");
    expect(noAddress.problems.map((p) => p.rule)).toEqual(["mail-mx-no-address"]);
  });

  it("a web address: a page, an HTTP error, a failure, a downgrade, and a private address not checked", () => {
    const url = "https://example.org/contact";
    expect(judge(url, "support-addresses", [web(url, {})]).check).toMatchObject({
      kind: "web",
      status: "works",
      http: { status: 200, certificateValid: true },
    });
    expect(judge(url, "support-addresses", [web(url, { status: 404 })]).check.why).toMatch(/HTTP 404/);
    const downgrade = judge(url, "support-addresses", [web(url, { status: 301, failure: { kind: "downgrade", text: "to http" } })]);
    expect(downgrade.problems[0]!.rule).toBe("https-contact-downgrade");
    const certificate = judge(url, "support-addresses", [
      web(url, { status: undefined, certificateValid: false, failure: { kind: "certificate", text: "refused" } }),
    ]);
    expect(certificate.problems[0]!.rule).toBe("https-contact-broken");
    const privateAddress = judge(url, "support-addresses", [
      web(url, { status: undefined, failure: { kind: "forbidden-address", text: "example.org resolves to 10.0.0.1" } }),
    ]);
    expect(privateAddress.check).toMatchObject({ status: "not-checked", why: "Not checked: example.org resolves to 10.0.0.1." });
  });

  it("a security.txt: Contact present, Expires present and in the future", () => {
    const url = "https://example.org/.well-known/security.txt";
    const file = (body: string) => judge(url, "security-addresses", [web(url, { body })]);
    expect(file("Contact: mailto:s@example.org\nExpires: 2027-01-01T00:00:00Z\n").check).toMatchObject({
      kind: "security-txt",
      status: "works",
      securityTxt: { contacts: 1 },
    });
    expect(file("Contact: mailto:s@example.org\nExpires: 2026-01-01T00:00:00Z\n").problems.map((p) => p.rule)).toEqual(["securitytxt-expired"]);
    expect(file("Expires: 2027-01-01T00:00:00Z\n").problems.map((p) => p.rule)).toEqual(["securitytxt-no-contact"]);
    expect(file("Contact: mailto:s@example.org\n").check.why).toMatch(/has no Expires field/);
    // The domain's own file: judged only when served, never an error when absent.
    expect(judgeWellKnownSecurityTxt(url, web(url, { status: 404 }))).toBeUndefined();
    expect(judgeWellKnownSecurityTxt(url, web(url, { body: "Expires: 2027-01-01T00:00:00Z\n" }))!.check.fields).toEqual([]);
  });

  it("leaves unchecked what the checks did not reach, and other schemes", () => {
    expect(judge("xmpp:a@example.org", "admin-addresses", []).check).toMatchObject({
      status: "not-checked",
      why: expect.stringMatching(/past the checks' bounds/),
    });
    expect(judge("tel:+1", "status-addresses", []).check).toMatchObject({ status: "not-checked", kind: "none" });
  });
});

describe("withChecks", () => {
  it("adds the marks and their findings to the report, within its bounds", () => {
    const report = reportWith({ contacts: { ...emptyContacts(), abuse: ["mailto:abuse@example.org"] } });
    const judged = [
      judge("mailto:abuse@example.org", "abuse-addresses", [
        { kind: "mail", target: "example.org", checkedAt: AT, verdict: { kind: "null-mx" }, record: undefined },
      ]),
    ];
    const checked = withChecks(report, judged);
    expect(checked.checks).toHaveLength(1);
    expect(checked.findings.map((f) => `${f.severity} ${f.rule}`)).toEqual(["error mail-domain-null-mx"]);
  });
});
