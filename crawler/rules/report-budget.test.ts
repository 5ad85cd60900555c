import { describe, expect, it } from "vitest";
import { answers, discoInfo, SERVER_IDENTITY, serverinfoForm } from "../../test/helpers/fixtures.ts";
import { field } from "../../test/helpers/rule-cases.ts";
import type { AddressCheck, Finding } from "../contract.ts";
import { analyzeProbe } from "../probe/analyze.ts";
import { BOUNDS } from "../politeness.ts";
import { fitReport, trimFindings } from "./report-budget.ts";
import { judge } from "../judge/verdict.ts";

const json = (value: unknown) => JSON.stringify(value).length;
const many = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

/** A domain whose every answer is as large as the parser lets it be: long values in every field, administrators written as URIs (an error), and 20 such components. */
function sprawlingProbe() {
  const long = (i: number) => `xmpp:${"a".repeat(BOUNDS.maxValueChars - 30)}${i}@example.org`;
  const form = serverinfoForm(
    field(
      "administrators",
      many(20, (i) => `xmpp:admin${i}@example.org`),
      "jid-multi",
    ) + ["abuse", "admin", "security", "support"].map((c) => field(`${c}-addresses`, many(25, long))).join(""),
  );
  // Under BOUNDS.maxStanzaChars (256 KB) each, so that everything is read.
  const features = many(40, (i) => `<feature var="urn:example:${"f".repeat(900)}:${i}"/>`).join("");
  const info = (jid: string) => discoInfo(jid, SERVER_IDENTITY + features + form);
  const components = many(20, (i) => ({ jid: `c${i}.example.org`, info: info(`c${i}.example.org`) }));
  const items = `<iq type="result" from="example.org" id="t2"><query xmlns="http://jabber.org/protocol/disco#items">${components.map((c) => `<item jid="${c.jid}"/>`).join("")}</query></iq>`;
  return answers("example.org", { info: info("example.org"), items, components });
}

describe("fitReport", () => {
  it("keeps a hostile domain's report within its budget, contacts first, and says what it left out", () => {
    const probe = sprawlingProbe();
    expect(probe.info.kind === "stanza" && probe.info.cut).toBeFalsy();
    const report = analyzeProbe(probe, 20);
    expect(json(report)).toBeLessThanOrEqual(BOUNDS.maxReportChars);
    // The domain's own contacts come first; the components get what is left.
    expect(report.contacts.abuse.length).toBeGreaterThan(0);
    expect(report.components.length).toBeLessThan(20);
    const note = report.findings.find((f) => f.rule === "answer-exceeds-bounds" && f.message.includes("one report keeps"));
    expect(note?.message).toMatch(/: \d+ entries .* were left out of this report/);
    // Errors are judged on everything read, and kept first.
    expect(report.findings.some((f) => f.severity === "error")).toBe(true);
  });

  it("keeps every check of a report whose contacts overflow its budget, so that its verdict still sees them", () => {
    const report = analyzeProbe(sprawlingProbe(), 20);
    const abuse = report.contacts.abuse[0]!;
    const checks: AddressCheck[] = many(17, (i) => ({
      value: i === 0 ? abuse : `https://h${i}.example.org/${"p".repeat(400)}`,
      fields: [i === 0 ? "abuse-addresses" : "support-addresses"],
      kind: i === 0 ? "xmpp-account" : "web",
      status: "works",
      checkedAt: "2026-12-06T00:00:00.000Z",
      why: `reached ${"w".repeat(200)}`,
      records: [`http:https://h${i}.example.org/`],
    }));
    const fitted = fitReport({
      ...report,
      checks,
      contacts: { ...report.contacts, support: many(200, (i) => `https://s${i}.example.org/${"q".repeat(600)}`) },
    });
    expect(json(fitted)).toBeLessThanOrEqual(BOUNDS.maxReportChars);
    expect(fitted.contacts.support.length).toBeLessThan(200);
    expect(fitted.checks).toEqual(checks);
    expect(judge(fitted).abuseContactWorks).toBe(true);
  });

  it("leaves a report that fits as it is", () => {
    const probe = answers("example.org", {
      info: discoInfo("example.org", SERVER_IDENTITY + serverinfoForm(field("abuse-addresses", ["xmpp:abuse@example.org"]))),
    });
    const report = analyzeProbe(probe, 20);
    expect(report.contacts.abuse).toEqual(["xmpp:abuse@example.org"]);
    expect(report.findings.every((f) => !f.message.includes("one report keeps"))).toBe(true);
  });

  it("measures a report exactly when its text is short but its JSON is not: control characters written as escapes", () => {
    const report = analyzeProbe(answers("example.org", { info: discoInfo("example.org", SERVER_IDENTITY) }), 20);
    // 12,000 characters, each written as six in JSON (\u0001): 72,000, past the 65,536 a report keeps.
    const escaped = { ...report, contacts: { ...report.contacts, support: many(12, () => "\u0001".repeat(1000)) } };
    expect(json(escaped)).toBeGreaterThan(BOUNDS.maxReportChars);
    const fitted = fitReport(escaped);
    expect(json(fitted)).toBeLessThanOrEqual(BOUNDS.maxReportChars);
    expect(fitted.contacts.support.length).toBe(10);
    // The same characters as plain letters fit: the report is left as it is, though its bound (six a character) is past the budget.
    const plain = { ...report, contacts: { ...report.contacts, support: many(12, () => "a".repeat(1000)) } };
    expect(fitReport(plain).contacts.support.length).toBe(12);
  });
});

describe("trimFindings", () => {
  const finding = (severity: Finding["severity"], i: number): Finding => ({ rule: `r${i}`, severity, subject: "example.org", message: `m${i}` });

  it("keeps at most maxFindingsPerReport findings, errors first, and counts the rest", () => {
    const findings = [...many(150, (i) => i).map((i) => finding("info", i)), ...many(30, (i) => i).map((i) => finding("error", 1000 + i))];
    const trimmed = trimFindings(findings, "example.org");
    expect(trimmed).toHaveLength(BOUNDS.maxFindingsPerReport);
    expect(trimmed.slice(0, 30).every((f) => f.severity === "error")).toBe(true);
    expect(trimmed.at(-1)?.message).toContain(`gave 180 findings; the report keeps ${BOUNDS.maxFindingsPerReport - 1}`);
  });

  it("cuts long messages and values on a character boundary", () => {
    const [long] = trimFindings([{ ...finding("warning", 1), message: "€".repeat(5000), value: "😀".repeat(5000) }], "example.org");
    expect(Array.from(long!.message)).toHaveLength(BOUNDS.maxFindingChars);
    expect(long!.message.endsWith("…")).toBe(true);
    expect(long!.value).not.toMatch(/[\ud800-\udbff]…$/);
  });
});
