// Issue 19: each judgement made once. Every case is the issue's own example, and each failed
// before the judgement was made in one place (the closing note lists where each lives now).
import { describe, expect, it } from "vitest";
import { emptyContacts, type AddressCheck, type DomainReport } from "../contract.ts";
import { planAddress, wellKnownSecurityTxt } from "../model/contact-target.ts";
import { componentTargets, analyzeProbe } from "../probe/analyze.ts";
import { answer, answers, discoInfo, reportWith, SERVER_IDENTITY, serverinfoForm } from "../../test/helpers/fixtures.ts";
import { field } from "../../test/helpers/rule-cases.ts";
import { discoveredDomains } from "../crawl/discovery.ts";
import { decideMembership } from "../operators/authbot.ts";
import { administratorsField } from "../rules/administrators.ts";
import { operatorJids } from "../operators/operators.ts";
import { judgeAddress, publishedChecks, targetKey } from "../rules/reachability.ts";
import { judge } from "./verdict.ts";
import type { TargetFacts } from "../model/contact-target.ts";

const AT = "2026-12-03T10:00:00.000Z";

describe("A. Is a domain reachable? One answer for the verdict and for an address on it", () => {
  it("x.example answers disco#info with <service-unavailable/>: unreachable, and xmpp:admin@x.example does not 'work'", () => {
    const facts: TargetFacts = {
      kind: "xmpp-domain",
      target: "x.example",
      checkedAt: AT,
      outcome: "error",
      condition: "service-unavailable",
      conference: false,
      record: undefined,
    };
    const judged = judgeAddress("xmpp:admin@x.example", ["admin-addresses"], planAddress("xmpp:admin@x.example", "admin-addresses"), (key) =>
      key === targetKey("xmpp-domain", "x.example") ? facts : undefined,
    );
    expect(judged.check).toMatchObject({
      status: "not-checked",
      why: "Not known: x.example answered disco#info with an error (service-unavailable), so the observatory counts it as unreachable and cannot tell whether messages reach it.",
    });
    const answeredWithError = reportWith({ domain: "x.example", outcome: "error", error: { condition: "service-unavailable" } });
    expect(judge(answeredWithError).level).toBe("unreachable");
  });
});

describe("B. Is an address a room? The check's answer counts for the operators too", () => {
  it("xmpp:ops@conference.other.example, checked as a room, is nobody's operator", () => {
    const room: AddressCheck = {
      value: "xmpp:ops@conference.other.example",
      fields: ["admin-addresses"],
      kind: "xmpp-room",
      status: "works",
      why: "The room exists.",
      records: [],
    };
    const report = reportWith({ contacts: { ...emptyContacts(), admin: ["xmpp:ops@conference.other.example", "xmpp:boss@example.org"] }, checks: [room] });
    expect([...operatorJids(report)]).toEqual(["boss@example.org"]);
  });
});

describe("D. An operator's reachability: the authbot mode asks each joiner's own server", () => {
  it("example.org lists only xmpp:boss@other.example: neither rule lets boss in on example.org's word", () => {
    const report = reportWith({ contacts: { ...emptyContacts(), admin: ["xmpp:boss@other.example"] } });
    expect(decideMembership(report, "boss@other.example", "observatory")).toEqual({
      grant: false,
      reason: "The authbot mode asks each joiner's own server (other.example), not example.org, whom it lists.",
    });
    expect(judge(report).authbotReady).toBe(false);
    expect(report.findings).toEqual([]); // (reportWith holds no findings; the rule's own test is in addresses.test.ts)
  });
});

describe("E. Which checks are contacts? One list for the verdict, the chat and the CSV", () => {
  it("an expired /.well-known/security.txt of the domain's own is not a published contact", () => {
    const own: AddressCheck = {
      value: "https://example.org/.well-known/security.txt",
      fields: [],
      kind: "security-txt",
      status: "broken",
      why: "It expired.",
      records: [],
    };
    const works: AddressCheck = { value: "mailto:abuse@example.org", fields: ["abuse-addresses"], kind: "mail", status: "works", why: "MX.", records: [] };
    const report = reportWith({ checks: [works, own] });
    expect(publishedChecks(report)).toEqual([works]);
    expect(judge(report).everyContactWorks).toBe(true);
  });
});

describe("F. Is a JID under the probed domain? One answer for the probe and for discovery", () => {
  it("bücher.example lists muc.xn--bcher-kva.example: probed as its component, never discovered as a server", () => {
    const items = answer(
      `<iq type="result" from="bücher.example" id="i"><query xmlns="http://jabber.org/protocol/disco#items"><item jid="muc.xn--bcher-kva.example"/></query></iq>`,
    );
    expect(componentTargets(items, "bücher.example", 20).targets.map((t) => t.jid)).toEqual(["muc.xn--bcher-kva.example"]);
    const report = analyzeProbe(
      {
        ...answers("bücher.example", { info: discoInfo("bücher.example", SERVER_IDENTITY) }),
        components: [{ jid: "muc.xn--bcher-kva.example", name: undefined, info: answer(discoInfo("muc.xn--bcher-kva.example", SERVER_IDENTITY)) }],
      },
      20,
    );
    expect(discoveredDomains(report)).toEqual([]);
  });
});

describe("G. Is this the domain's own security.txt? One form of its URL", () => {
  it("bücher.example lists https://bücher.example/.well-known/security.txt: one target", () => {
    const plan = planAddress("https://bücher.example/.well-known/security.txt", "security-addresses");
    expect(plan).toEqual({ kind: "web", url: "https://xn--bcher-kva.example/.well-known/security.txt" });
    expect(wellKnownSecurityTxt("bücher.example")).toBe("https://xn--bcher-kva.example/.well-known/security.txt");
  });
});

describe("H. Is an administrators field published? The rules' answer, for the page too", () => {
  it('<field var="administrators"/> with no value: published, listing nobody', () => {
    const empty = analyzeProbe(answers("example.org", { info: discoInfo("example.org", SERVER_IDENTITY + serverinfoForm(field("administrators", []))) }), 0);
    expect(administratorsField(empty)).toBe("empty");
    const none = analyzeProbe(answers("example.org", { info: discoInfo("example.org", SERVER_IDENTITY + serverinfoForm("")) }), 0);
    expect(administratorsField(none)).toBe("absent");
    const listed = analyzeProbe(
      answers("example.org", { info: discoInfo("example.org", SERVER_IDENTITY + serverinfoForm(field("administrators", ["admin@example.org"]))) }),
      0,
    );
    expect(administratorsField(listed)).toBe("listed");
  });
});

describe("I. Which form counts as serverinfo? A FORM_TYPE that is not hidden is not read", () => {
  it('FORM_TYPE type="text-single" with xmpp:admin@...: the error, and not authbot-ready', () => {
    const form = `<x xmlns="jabber:x:data" type="result"><field var="FORM_TYPE" type="text-single"><value>http://jabber.org/network/serverinfo</value></field>${field("admin-addresses", ["xmpp:admin@example.org"])}</x>`;
    const report = analyzeProbe(answers("example.org", { info: discoInfo("example.org", SERVER_IDENTITY + form) }), 0);
    expect(report.findings.map((f) => f.rule)).toContain("serverinfo-form-type-not-hidden");
    expect(judge(report).authbotReady).toBe(false);
    expect([...operatorJids(report)]).toEqual([]);
  });
});

describe("J. Does a domain publish administrators? Only when it names an account", () => {
  it('["xmpp:admin@example.org"] raises administrators-uri, yields no operator, and publishes no administrators', () => {
    const report: DomainReport = analyzeProbe(
      answers("example.org", { info: discoInfo("example.org", SERVER_IDENTITY + serverinfoForm(field("administrators", ["xmpp:admin@example.org"]))) }),
      0,
    );
    expect(report.findings.map((f) => f.rule)).toContain("administrators-uri");
    expect([...operatorJids(report)]).toEqual([]);
    expect(judge(report).publishesAdministrators).toBe(false);
    expect(judge({ ...report, administrators: ["example.org"] }).publishesAdministrators).toBe(false);
    expect(judge({ ...report, administrators: ["admin@example.org"] }).publishesAdministrators).toBe(true);
  });
});
