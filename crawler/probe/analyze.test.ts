import { describe, expect, it } from "vitest";
import { analyzeProbe, componentTargets } from "./analyze.ts";
import { answer, answers, discoInfo, fixture, SERVER_IDENTITY, serverinfoForm } from "../../test/helpers/fixtures.ts";
import type { DomainReport } from "../contract.ts";

const rulesOf = (report: DomainReport) => report.findings.map((f) => f.rule);
const analyze = (a: Parameters<typeof analyzeProbe>[0]) => analyzeProbe(a, 20);

describe("analyzeProbe on answers captured from Prosody 0.12.3", () => {
  it("reads good.test: contacts in order, administrators, its MUC, and only informational findings", () => {
    const report = analyze(
      answers("good.test", {
        info: fixture("prosody-0.12.3/disco-info.good.test.xml"),
        items: fixture("prosody-0.12.3/disco-items.good.test.xml"),
        components: [{ jid: "muc.good.test", info: fixture("prosody-0.12.3/disco-info.muc.good.test.xml") }],
      }),
    );
    expect(report.outcome).toBe("ok");
    expect(report.contacts.abuse).toEqual(["mailto:abuse@good.test", "xmpp:abuse@good.test"]);
    expect(report.contacts.support).toEqual(["https://good.test/support", "xmpp:support@muc.good.test?join"]);
    expect(report.contacts.sales).toEqual([]);
    expect(report.administrators).toEqual(["admin@good.test", "alice@good.test"]);
    expect(report.serverinfo.forms).toBe(1);
    expect(report.components).toHaveLength(1);
    expect(report.components[0]).toMatchObject({ jid: "muc.good.test", outcome: "ok", serverinfo: true });
    expect(report.findings.every((f) => f.severity === "info")).toBe(true);
    const rules = rulesOf(report);
    expect(rules).toContain("field-empty");
    expect(rules).toContain("administrators-admin-addresses-mismatch");
    expect(report.findings.find((f) => f.rule === "administrators-admin-addresses-mismatch")?.message).toContain("alice@good.test");
    // The MUC inherits an empty form: its contacts differ from the domain's.
    expect(report.findings.find((f) => f.rule === "component-serverinfo-differs")?.subject).toBe("muc.good.test");
    expect(report.findings.find((f) => f.rule === "component-administrators-differs")?.subject).toBe("muc.good.test");
  });

  it("finds every defect in bad.test", () => {
    const report = analyze(answers("bad.test", { info: fixture("prosody-0.12.3/disco-info.bad.test.xml") }));
    const byRule = (rule: string) => report.findings.filter((f) => f.rule === rule).map((f) => f.value);
    expect(byRule("address-missing-scheme")).toEqual(["abuse@bad.test", "admin@bad.test"]);
    expect(byRule("address-mailto-invalid")).toEqual(["mailto:"]);
    expect(byRule("address-unsafe-scheme")).toEqual(["javascript:alert(1)"]);
    expect(byRule("address-plain-http")).toEqual(["http://bad.test/security"]);
    expect(byRule("value-empty")).toEqual([""]);
    expect(byRule("value-whitespace")).toEqual(["  https://bad.test/ support "]);
    expect(byRule("address-not-uri")).toEqual(["  https://bad.test/ support ", "xmpp:not a jid@@bad.test"]);
    expect(byRule("address-xmpp-invalid")).toEqual(["xmpp:not a jid@@bad.test"]);
    // admin-addresses holds xmpp:admin@bad.test/resource: a valid xmpp: URI, but with a resource, so
    // authbot's comparison with xmpp:<the joiner's bare JID> never matches it.
    expect(rulesOf(report)).toContain("contacts-no-xmpp-operator");
    expect(rulesOf(report)).toContain("administrators-missing");
    expect(report.findings.find((f) => f.rule === "address-unsafe-scheme")?.severity).toBe("error");
  });

  it("flags the two serverinfo forms of dup.test, and still reads the first", () => {
    const report = analyze(answers("dup.test", { info: fixture("prosody-0.12.3/disco-info.dup.test.xml") }));
    expect(report.serverinfo.forms).toBe(2);
    expect(rulesOf(report)).toContain("serverinfo-duplicate-form");
    expect(report.administrators).toEqual(["admin@dup.test"]);
    expect(report.contacts.admin).toEqual(["xmpp:admin@dup.test"]);
    expect(rulesOf(report)).toContain("contacts-no-abuse");
  });

  it("reads the admin fallback of fallback.test and notes the missing abuse address", () => {
    const report = analyze(answers("fallback.test", { info: fixture("prosody-0.12.3/disco-info.fallback.test.xml") }));
    expect(report.contacts.admin).toEqual(["xmpp:boss@fallback.test"]);
    expect(rulesOf(report)).toEqual(expect.arrayContaining(["contacts-no-abuse", "administrators-missing", "field-empty"]));
    expect(rulesOf(report)).not.toContain("contacts-no-xmpp-operator");
  });

  it("warns that plain.test publishes no serverinfo form", () => {
    const report = analyze(answers("plain.test", { info: fixture("prosody-0.12.3/disco-info.plain.test.xml") }));
    expect(rulesOf(report)).toEqual(["serverinfo-missing"]);
    expect(report.serverinfo.forms).toBe(0);
  });
});

describe("analyzeProbe on answers captured from ejabberd 23.01", () => {
  it("reads ej.test and its conference component", () => {
    const report = analyze(
      answers("ej.test", {
        info: fixture("ejabberd-23.01/disco-info.ej.test.xml"),
        items: fixture("ejabberd-23.01/disco-items.ej.test.xml"),
        components: [{ jid: "conference.ej.test", info: fixture("ejabberd-23.01/disco-info.conference.ej.test.xml") }],
      }),
    );
    expect(report.contacts.security).toEqual(["https://ej.test/security"]);
    expect(report.administrators).toEqual(["admin@ej.test", "bob@ej.test"]);
    expect(report.components[0]?.administrators).toEqual(["admin@ej.test", "bob@ej.test"]);
    // The component publishes the same form as the domain: nothing differs.
    expect(rulesOf(report)).not.toContain("component-serverinfo-differs");
    expect(rulesOf(report)).not.toContain("component-administrators-differs");
    expect(rulesOf(report)).toContain("administrators-admin-addresses-mismatch");
    expect(report.findings.filter((f) => f.severity !== "info")).toEqual([]);
  });
});

describe("analyzeProbe on error answers", () => {
  it.each([
    ["dead.test", "connection refused"],
    ["nxdomain.test", "NXDomain in AAAA lookup"],
    ["tarpit.test", "connection-timeout"],
  ])("classifies %s as remote-server-not-found, produced by our own server", (domain, text) => {
    const report = analyze(answers(domain, { info: fixture(`errors/disco-info.${domain}.xml`) }));
    expect(report.outcome).toBe("remote-server-not-found");
    expect(report.error).toEqual({
      condition: "remote-server-not-found",
      type: "cancel",
      text: `Server-to-server connection failed: ${text}`,
      by: "home.test",
    });
    expect(report.findings).toEqual([]);
  });

  it("names the target as the producer of other errors when there is no by attribute", () => {
    const raw = `<iq type="error" from="x.test" id="a"><error type="cancel"><service-unavailable xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>`;
    const report = analyze(answers("x.test", { info: raw }));
    expect(report.outcome).toBe("error");
    expect(report.error).toEqual({ condition: "service-unavailable", type: "cancel", by: "x.test" });
  });

  it("reports an unanswered component", () => {
    const report = analyze(
      answers("good.test", { info: fixture("prosody-0.12.3/disco-info.good.test.xml"), components: [{ jid: "ghost.good.test", info: "timeout" }] }),
    );
    expect(report.components[0]).toMatchObject({ jid: "ghost.good.test", outcome: "timeout" });
    expect(report.findings.find((f) => f.rule === "component-unreachable")?.subject).toBe("ghost.good.test");
  });
});

describe("analyzeProbe on hostile and malformed answers", () => {
  it("keeps markup and script as inert values and flags them", () => {
    const fields = `<field var="abuse-addresses" type="list-multi"><value>&lt;script&gt;alert(1)&lt;/script&gt;</value><value>javascript:alert(document.domain)</value><value>data:text/html,&lt;b&gt;x</value></field>`;
    const report = analyze(answers("h.test", { info: discoInfo("h.test", SERVER_IDENTITY + serverinfoForm(fields)) }));
    expect(report.contacts.abuse).toEqual(["<script>alert(1)</script>", "javascript:alert(document.domain)", "data:text/html,<b>x"]);
    expect(report.findings.filter((f) => f.rule === "address-unsafe-scheme")).toHaveLength(2);
    expect(report.findings.find((f) => f.value === "<script>alert(1)</script>")?.rule).toBe("address-not-uri");
  });

  it("bounds over-long values and too many values, with a finding", () => {
    const long = `https://h.test/${"a".repeat(10_000)}`;
    const many = Array.from({ length: 500 }, (_, i) => `<value>mailto:a${i}@h.test</value>`).join("");
    const fields = `<field var="support-addresses" type="list-multi"><value>${long}</value></field><field var="abuse-addresses" type="list-multi">${many}</field>`;
    const report = analyze(answers("h.test", { info: discoInfo("h.test", SERVER_IDENTITY + serverinfoForm(fields)) }));
    expect(report.contacts.support[0]).toHaveLength(2048);
    expect(report.contacts.abuse).toHaveLength(128);
    const bound = report.findings.find((f) => f.rule === "answer-exceeds-bounds");
    expect(bound?.message).toContain("500 values in one field");
    expect(bound?.message).toContain("10015 characters");
  });

  it("notes an answer too large to keep whole as evidence", () => {
    const a = answers("h.test", { info: fixture("prosody-0.12.3/disco-info.good.test.xml") });
    if (a.info.kind === "stanza") a.info.cut = ["more than 262144 characters; the rest was not read"];
    const report = analyze(a);
    expect(report.findings.find((f) => f.rule === "answer-exceeds-bounds")?.message).toContain("more than 262144 characters; the rest was not read");
  });

  it("judges form structure: hidden FORM_TYPE, conflicting values, placement, tables and duplicate fields", () => {
    const notHidden = `<x xmlns="jabber:x:data" type="form"><field var="FORM_TYPE"><value>http://jabber.org/network/serverinfo</value><value>urn:other</value></field><field var="abuse-addresses"><value>mailto:a@h.test</value></field><field var="abuse-addresses" type="list-multi"/><reported/></x>`;
    const report = analyze(answers("h.test", { info: discoInfo("h.test", SERVER_IDENTITY + notHidden) }));
    expect(rulesOf(report)).toEqual(
      expect.arrayContaining([
        "serverinfo-form-type-not-hidden",
        "serverinfo-form-type-conflict",
        "serverinfo-form-not-result",
        "serverinfo-table-form",
        "serverinfo-duplicate-field",
        "field-no-type",
      ]),
    );
    // A FORM_TYPE that is not hidden is no FORM_TYPE to a reader (XEP-0068 §4.3): the form is judged, never read.
    expect(report.contacts.abuse).toEqual([]);
  });

  it("finds a form placed beside <query/> and an empty form", () => {
    const report = analyze(answers("h.test", { info: discoInfo("h.test", SERVER_IDENTITY, serverinfoForm("")) }));
    expect(rulesOf(report)).toEqual(expect.arrayContaining(["serverinfo-form-not-result", "serverinfo-empty", "contacts-no-abuse"]));
  });

  it("judges the disco#info structure itself", () => {
    const query = `<identity category="server" type="im" name="A"/><identity category="server" type="im" name="B"/><identity name="C"/><feature var="urn:xmpp:ping"/><feature var="urn:xmpp:ping"/>`;
    const report = analyze(answers("h.test", { info: discoInfo("h.test", query) }));
    expect(rulesOf(report)).toEqual(
      expect.arrayContaining([
        "disco-identity-conflict",
        "disco-identity-incomplete",
        "disco-no-discoinfo-feature",
        "disco-duplicate-feature",
        "serverinfo-missing",
      ]),
    );
    const empty = analyze(answers("h.test", { info: `<iq type="result" from="h.test" id="a"/>` }));
    expect(rulesOf(empty)).toEqual(["disco-no-identity", "serverinfo-missing"]);
    const component = analyze(
      answers("h.test", { info: discoInfo("h.test", `<identity category="gateway" type="irc"/><feature var="http://jabber.org/protocol/disco#info"/>`) }),
    );
    expect(rulesOf(component)).toContain("disco-no-server-identity");
  });

  it("judges field names, types and values", () => {
    const fields = [
      `<field var="abuse-address" type="list-multi"><value>mailto:a@h.test</value></field>`,
      `<field var="admin-adresses" type="list-multi"><value>xmpp:a@h.test</value></field>`,
      `<field var="x-custom"><value>1</value></field>`,
      `<field var="{urn:example}custom"><value>1</value></field>`,
      `<field var="support-addresses" type="text-single"><value>tel:+4930123</value><value>tel:+4930123</value></field>`,
      `<field var="security-addresses" type="list-multi"><value>gopher://h.test</value></field>`,
      `<field var="status-addresses" type="list-multi"><value>status page</value></field>`,
    ].join("");
    const report = analyze(answers("h.test", { info: discoInfo("h.test", SERVER_IDENTITY + serverinfoForm(fields)) }));
    const find = (rule: string) => report.findings.filter((f) => f.rule === rule);
    expect(find("field-name-typo").map((f) => f.message)).toEqual([expect.stringContaining("'abuse-addresses'"), expect.stringContaining("'admin-addresses'")]);
    expect(find("field-unregistered").map((f) => f.field)).toEqual(["x-custom"]);
    expect(find("field-wrong-type").map((f) => f.field)).toEqual(["support-addresses"]);
    expect(find("value-duplicate").map((f) => f.value)).toEqual(["tel:+4930123"]);
    expect(find("address-unusual-scheme").map((f) => f.value)).toEqual(["tel:+4930123", "tel:+4930123", "gopher://h.test"]);
    expect(find("address-not-uri")).toEqual([expect.objectContaining({ value: "status page", severity: "error" })]);
    // The misspelled fields are not read as contacts.
    expect(report.contacts.abuse).toEqual([]);
    expect(rulesOf(report)).toContain("contacts-no-xmpp-operator");
  });

  it("judges administrators", () => {
    const admins = ["xmpp:a@h.test", "not a jid@h.test", "b@h.test/phone", "h.test", "Carol@H.test", "d@h.test", "d@h.test", "e@elsewhere.example"]
      .map((v) => `<value>${v}</value>`)
      .join("");
    const fields = `<field var="admin-addresses" type="list-multi"><value>xmpp:d@h.test</value><value>xmpp:z@h.test</value></field><field var="administrators" type="text-multi">${admins}</field>`;
    const other = `<x xmlns="jabber:x:data" type="result"><field var="FORM_TYPE" type="hidden"><value>urn:example:other</value></field><field var="administrators"><value>a@h.test</value></field></x>`;
    const report = analyze(answers("h.test", { info: discoInfo("h.test", SERVER_IDENTITY + serverinfoForm(fields) + other) }));
    const find = (rule: string) => report.findings.filter((f) => f.rule === rule).map((f) => f.value);
    expect(find("administrators-uri")).toEqual(["xmpp:a@h.test"]);
    expect(find("administrators-invalid-jid")).toEqual(["not a jid@h.test"]);
    expect(find("administrators-full-jid")).toEqual(["b@h.test/phone"]);
    expect(find("administrators-domain-only")).toEqual(["h.test"]);
    expect(find("administrators-not-normalized")).toEqual(["Carol@H.test"]);
    expect(find("administrators-duplicate")).toEqual(["d@h.test"]);
    expect(find("administrators-foreign-domain")).toEqual(["e@elsewhere.example"]);
    expect(rulesOf(report)).toEqual(
      expect.arrayContaining(["administrators-wrong-type", "administrators-outside-serverinfo", "administrators-admin-addresses-mismatch"]),
    );
    const mismatch = report.findings.find((f) => f.rule === "administrators-admin-addresses-mismatch")?.message;
    expect(mismatch).toContain("only in admin-addresses: z@h.test");
    expect(mismatch).toContain("carol@h.test");
  });

  it("notes an empty administrators field and a jid-multi type as info", () => {
    const report = analyze(
      answers("h.test", { info: discoInfo("h.test", SERVER_IDENTITY + serverinfoForm(`<field var="administrators" type="jid-multi"/>`)) }),
    );
    expect(report.findings.filter((f) => f.rule.startsWith("administrators-"))).toEqual([
      expect.objectContaining({ rule: "administrators-wrong-type", severity: "info" }),
      expect.objectContaining({ rule: "administrators-empty" }),
    ]);
  });
});

describe("componentTargets", () => {
  it("asks only bare subdomains of the probed domain, and keeps the other items for discovery", () => {
    const items = answer(
      `<iq type="result" from="h.test" id="i1"><query xmlns="http://jabber.org/protocol/disco#items">` +
        `<item jid="muc.h.test"/><item jid="h.test"/><item jid="internal.home.test"/><item jid="bot@h.test"/><item jid="up.h.test/x"/><item jid="MUC.h.test"/><item jid="eviltest"/><item jid="pubsub.h.test" node="n"/>` +
        `</query></iq>`,
    );
    const plan = componentTargets(items, "h.test", 20);
    expect(plan.targets.map((t) => t.jid)).toEqual(["muc.h.test"]);
    expect(plan.elsewhere).toEqual(["internal.home.test", "bot@h.test", "up.h.test/x", "eviltest"]);
  });
});
