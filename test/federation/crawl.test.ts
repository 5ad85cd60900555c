// Crawls the whole real federation once and checks what the observatory made of every domain.
import { writeFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import type { DomainReport } from "../../crawler/contract.ts";
import { answerFromXml } from "../../crawler/model/answer.ts";
import { analyzeProbe, type ProbeAnswers } from "../../crawler/probe/analyze.ts";
import { getRule, RULES } from "../../crawler/rules/catalogue.ts";
import { BOUNDS, CONTACT_CHECKS, DEFAULT_MAX_COMPONENTS, DISCOVERY } from "../../crawler/politeness.ts";
import { Store } from "../../crawler/store/store.ts";
import { fixFor } from "../../crawler/rules/catalogue.ts";
import { operatorJids } from "../../crawler/operators/operators.ts";
import { detectSoftware } from "../../crawler/rules/software.ts";
import { judge } from "../../crawler/judge/verdict.ts";
import { HOSTILE, HOSTILE_SIZES, SPRAWL } from "../../scripts/federation/spec.ts";
import { crawlerEnv, freshDb, observatory } from "./cli.ts";

const db = freshDb();
let reports: Map<string, DomainReport>;
let store: Store;
let crawlOutput: string;

const rules = (domain: string) => reports.get(domain)!.findings.map((f) => f.rule);
const severities = (domain: string) => new Set(reports.get(domain)!.findings.map((f) => f.severity));

beforeAll(async () => {
  const list = `${db}.domains.txt`;
  writeFileSync(list, `# the test federation\n${inject("federation").domains.join("\n")}\nnot a domain\n`);
  const result = await observatory(["crawl", "--domains", list, "--concurrency", "8"], crawlerEnv({ OBSERVATORY_DB: db }));
  expect(result.stderr).toContain('skipped "not a domain"');
  expect(result.code, result.stderr).toBe(0);
  crawlOutput = result.stderr;
  expect(result.stderr).toMatch(/Crawl #1 finished: 27\/27 probed \(23 reachable, 4 unreachable\)/);
  store = Store.open(db);
  reports = new Map(store.probes.crawlReports(1).map((r) => [r.domain, r]));
});

describe("a crawl of the real federation", () => {
  it("probes every domain once and finishes the crawl", () => {
    expect([...reports.keys()].sort()).toEqual([...inject("federation").domains].sort());
    expect(store.crawls.get(1)?.status).toBe("finished");
  });

  it("reads the crawler's home, whose admin address Prosody derives from admins", () => {
    const home = reports.get("home.test")!;
    expect(home.outcome).toBe("ok");
    expect(home.software).toMatchObject({ name: "Prosody", version: expect.stringMatching(/^0\.12\./) });
    expect(home.contacts.admin).toEqual(["xmpp:admin@home.test"]);
    expect(rules("home.test")).toEqual(expect.arrayContaining(["field-empty", "contacts-no-abuse", "administrators-missing"]));
    expect(severities("home.test")).toEqual(new Set(["info"]));
  });

  it("reads good.test completely: contacts, administrators and its MUC", () => {
    const good = reports.get("good.test")!;
    expect(good.contacts).toEqual({
      abuse: ["mailto:abuse@good.test", "xmpp:abuse@good.test"],
      admin: ["xmpp:admin@good.test", "mailto:admin@good.test"],
      feedback: [],
      sales: [],
      security: ["mailto:security@good.test", "https://good.test/.well-known/security.txt"],
      status: [],
      support: ["https://good.test/support", "xmpp:support@muc.good.test?join"],
    });
    expect(good.administrators).toEqual(["admin@good.test"]);
    expect(good.components).toEqual([
      expect.objectContaining({
        jid: "muc.good.test",
        outcome: "ok",
        serverinfo: true,
        identities: [expect.objectContaining({ category: "conference", type: "text" })],
      }),
    ]);
    expect(severities("good.test")).toEqual(new Set(["info"]));
    expect(rules("good.test")).toEqual(expect.arrayContaining(["component-serverinfo-differs", "component-administrators-differs"]));
    expect(rules("good.test")).not.toContain("administrators-admin-addresses-mismatch");
  });

  it("finds every defect of bad.test, and its ghost component", () => {
    expect(rules("bad.test")).toEqual(
      expect.arrayContaining([
        "address-unsafe-scheme",
        "value-empty",
        "value-whitespace",
        "address-missing-scheme",
        "address-mailto-invalid",
        "address-not-uri",
        "address-xmpp-invalid",
        "address-plain-http",
        "address-unusual-scheme",
        "component-unreachable",
      ]),
    );
    expect(reports.get("bad.test")!.components).toEqual([expect.objectContaining({ jid: "ghost.bad.test", outcome: "remote-server-not-found" })]);
  });

  it("reads only the first of dup.test's two serverinfo forms, as readers do", () => {
    // Prosody does not keep the order of its two forms stable across restarts: the raw answer says which came first.
    const dup = reports.get("dup.test")!;
    expect(dup.serverinfo.forms).toBe(2);
    expect(rules("dup.test")).toContain("serverinfo-duplicate-form");
    const raw = store.probes.evidenceOf(1, "dup.test").find((e) => e.jid === "dup.test" && e.kind === "disco-info")!.xml!;
    const forms = raw.split(/<x [^>]*xmlns=['"]jabber:x:data['"]/).slice(1);
    expect(forms).toHaveLength(2);
    // mod_serverinfo_administrators' form (the recipe's module) is the one with an administrators field; Prosody's own has none.
    const administratorsFirst = /var=['"]administrators['"]/.test(forms[0]!);
    expect(/var=['"]administrators['"]/.test(forms[1]!)).toBe(!administratorsFirst);
    expect(dup.administrators).toEqual(administratorsFirst ? ["admin@dup.test"] : []);
    expect(rules("dup.test").includes("administrators-missing")).toBe(!administratorsFirst);
    expect(dup.contacts.admin).toEqual(["xmpp:admin@dup.test"]);
  });

  it("judges configurations as operators write them, run on the real Prosody 0.12 (issue 18 §2)", () => {
    const finding = (domain: string, value: string) => reports.get(domain)!.findings.filter((f) => f.value === value);
    const mark = (domain: string, value: string) => reports.get(domain)!.checks.find((c) => c.value === value);

    // a. Values without braces: Prosody 0.12 drops them, and its fix says so.
    const braces = reports.get("braces.test")!;
    expect(braces.contacts).toMatchObject({ abuse: [], admin: [], security: ["mailto:security@braces.test"] });
    expect(detectSoftware(braces.software)).toBe("prosody-0.12");
    expect(braces.findings.filter((f) => f.rule === "field-empty" && ["abuse-addresses", "admin-addresses"].includes(f.field ?? ""))).toHaveLength(2);
    expect(rules("braces.test")).toContain("contacts-no-abuse");
    for (const rule of ["field-empty", "contacts-no-abuse"])
      expect(fixFor(rule, "prosody-0.12"), rule).toMatch(/Prosody 0\.12 drops a value (written )?without (braces|them)/);

    // b. A domain in admins: xmpp:serveradmin.test names a server, never works, is nobody's operator.
    const serverAdmin = reports.get("serveradmin.test")!;
    expect(serverAdmin.contacts.admin).toEqual(["xmpp:serveradmin.test"]);
    expect(finding("serveradmin.test", "xmpp:serveradmin.test")).toEqual([
      {
        rule: "address-xmpp-domain-only",
        severity: "warning",
        subject: "serveradmin.test",
        field: "admin-addresses",
        value: "xmpp:serveradmin.test",
        message: '"xmpp:serveradmin.test" in admin-addresses names the server serveradmin.test, not a person.',
      },
    ]);
    expect(mark("serveradmin.test", "xmpp:serveradmin.test")?.status).toBe("broken");
    expect([...operatorJids(serverAdmin)]).toEqual([]);
    expect(judge(serverAdmin).authbotReady).toBe(false);

    // b'. An operator written with a percent-escape: authbot reads it literally, so nobody it names is let in.
    const escaped = reports.get("escaped.test")!;
    expect(escaped.contacts.admin).toEqual(["xmpp:%6Aane@escaped.test"]);
    expect(finding("escaped.test", "xmpp:%6Aane@escaped.test").map((f) => `${f.severity} ${f.rule}: ${f.message}`)).toEqual([
      'warning address-xmpp-escaped: authbot reads "xmpp:%6Aane@escaped.test" in admin-addresses literally, as the JID "%6aane@escaped.test", and refuses "jane@escaped.test": write xmpp:jane@escaped.test.',
    ]);
    expect(judge(escaped).authbotReady).toBe(false);

    // c. Mail nobody on the internet can receive; d. a gone room; e. a template never filled in.
    const rule = (value: string) => finding("unreachable-mail.test", value).map((f) => `${f.severity} ${f.rule}`);
    expect(rule("mailto:abuse@localhost")).toEqual(["error mail-domain-unroutable"]);
    expect(rule("mailto:admin@corp.internal")).toEqual(["warning mail-domain-unroutable"]);
    expect(rule("mailto:admin@localmx.test")).toEqual(["warning mail-domain-unroutable"]);
    expect(rule("mailto:admin@privatemx.test")).toEqual(["warning mail-domain-unroutable"]);
    expect(rule("mailto:admin@noaddrmx.test")).toEqual(["warning mail-mx-no-address"]);
    expect(mark("unreachable-mail.test", "mailto:admin@privatemx.test")?.why).toBe(
      "No mail from the internet can reach privatemx.test: mx.privatemx.test resolves only to fd00::25, not public addresses.",
    );
    expect(mark("unreachable-mail.test", "mailto:admin@localmx.test")?.why).toBe(
      "No mail from the internet can reach localmx.test: localhost names this very machine (RFC 6761 §6.3).",
    );
    expect(mark("unreachable-mail.test", "xmpp:gone@muc.good.test?join")).toMatchObject({
      status: "broken",
      why: "The service says the room gone@muc.good.test is gone (RFC 6120 §8.3.3.5: it can no longer be contacted at this address, typically for good).",
    });
    expect(rule("xmpp:gone@muc.good.test?join")).toEqual(["warning contact-room-missing"]);
    expect(finding("unreachable-mail.test", "mailto:{{ feedback_email }}").map((f) => f.message)).toContain(
      '"mailto:{{ feedback_email }}" in feedback-addresses holds the template placeholder "{{ feedback_email }}", which was never filled in: write the real address there.',
    );
    // The mail hosts of the federation are on loopback, and count through OBSERVATORY_ALLOW_NETWORK, as web pages do.
    expect(mark("unreachable-mail.test", "xmpp:admin@unreachable-mail.test")?.status).toBe("works");
    expect(mark("good.test", "mailto:abuse@good.test")?.status).toBe("works");
  });

  it("reads fallback.test's derived admin address and plain.test's missing form", () => {
    expect(reports.get("fallback.test")!.contacts.admin).toEqual(["xmpp:boss@fallback.test"]);
    expect(rules("plain.test")).toEqual(["serverinfo-missing"]);
  });

  it("keeps hostile.test's values inert and bounded", () => {
    const hostile = reports.get("hostile.test")!;
    expect(hostile.contacts.abuse.slice(0, 2)).toEqual([HOSTILE.markup, HOSTILE.javascript]);
    expect(hostile.contacts.abuse).toHaveLength(128);
    expect(hostile.contacts.support[0]).toHaveLength(2048);
    expect(hostile.administrators).toEqual([HOSTILE.markup, "admin@hostile.test"]);
    expect(rules("hostile.test")).toEqual(
      expect.arrayContaining(["address-unsafe-scheme", "address-not-uri", "answer-exceeds-bounds", "administrators-invalid-jid"]),
    );
  });

  it("reads deep.test's answer, nested 5,000 levels, to the depth bound, and says so", () => {
    const deep = reports.get("deep.test")!;
    expect(deep.outcome).toBe("ok");
    expect(deep.contacts.abuse).toEqual(["mailto:abuse@deep.test"]);
    expect(deep.findings.find((f) => f.rule === "answer-exceeds-bounds")?.message).toContain(`elements nested deeper than ${BOUNDS.maxDepth} levels, dropped`);
    const raw = store.probes.evidenceOf(1, "deep.test").find((e) => e.kind === "disco-info")!;
    expect(raw.xml!.split("<deep").length - 1).toBe(BOUNDS.maxDepth - 2);
    expect(raw.cut).toEqual([`elements nested deeper than ${BOUNDS.maxDepth} levels, dropped`]);
  });

  it("reads huge.test's 3 MB answer up to the bound, keeps its characters whole across TLS records, and still shows its report", () => {
    const huge = reports.get("huge.test")!;
    expect(huge.outcome).toBe("ok");
    expect(huge.contacts.abuse).toEqual(["mailto:abuse@huge.test"]);
    expect(huge.contacts.support).toEqual([HOSTILE_SIZES.valueChar.repeat(BOUNDS.maxValueChars)]);
    expect(huge.findings.find((f) => f.rule === "answer-exceeds-bounds")?.message).toContain(
      `more than ${BOUNDS.maxStanzaChars} characters; the rest was not read`,
    );
    const raw = store.probes.evidenceOf(1, "huge.test").find((e) => e.kind === "disco-info")!.xml!;
    expect(raw.length).toBeGreaterThan(BOUNDS.maxStanzaChars - 100);
    expect(raw.length).toBeLessThanOrEqual(BOUNDS.maxEvidenceChars);
    // Each 16 KB TLS record ends inside a three-byte character two times in three: decoded read by read, they became U+FFFD.
    expect(raw).not.toContain("\uFFFD");
    expect(raw).toContain(HOSTILE_SIZES.valueChar.repeat(200_000));
  });

  it("finds every field and administrators defect of fields.test", () => {
    expect(rules("fields.test")).toEqual(
      expect.arrayContaining([
        "serverinfo-duplicate-field",
        "field-name-typo",
        "field-wrong-type",
        "field-no-type",
        "field-unregistered",
        "value-duplicate",
        "value-whitespace",
        "field-empty",
        "address-missing-scheme",
        "address-not-uri",
        "address-xmpp-invalid",
        "address-unusual-scheme",
        "administrators-outside-serverinfo",
        "administrators-wrong-type",
        "administrators-uri",
        "administrators-not-normalized",
        "administrators-full-jid",
        "administrators-domain-only",
        "administrators-foreign-domain",
        "administrators-invalid-jid",
        "administrators-duplicate",
        "administrators-admin-addresses-mismatch",
      ]),
    );
    const findings = reports.get("fields.test")!.findings;
    expect(findings.find((f) => f.rule === "field-name-typo")?.message).toContain("'abuse-addresses'");
    expect(findings.find((f) => f.rule === "address-not-uri" && f.field === "status-addresses")?.severity).toBe("error");
    expect(findings.find((f) => f.rule === "administrators-wrong-type")?.severity).toBe("info");
    // The {namespace}name field is allowed.
    expect(findings.filter((f) => f.rule === "field-unregistered").map((f) => f.field)).toEqual(["x-custom"]);
  });

  it("finds the broken structure of form.test, noidentity.test and gateway.test", () => {
    expect(rules("form.test")).toEqual(
      expect.arrayContaining([
        "disco-identity-incomplete",
        "disco-identity-conflict",
        "disco-no-discoinfo-feature",
        "disco-duplicate-feature",
        "serverinfo-duplicate-form",
        "serverinfo-form-type-not-hidden",
        "serverinfo-form-type-conflict",
        "serverinfo-form-not-result",
        "serverinfo-table-form",
        "serverinfo-empty",
      ]),
    );
    expect(rules("noidentity.test")).toEqual(["disco-no-identity", "serverinfo-missing"]);
    expect(rules("gateway.test")).toEqual(expect.arrayContaining(["disco-no-server-identity", "administrators-empty"]));
  });

  it("reads ejabberd over s2s: ej.test, its MUC, and bare.test's empty default form", () => {
    const ej = reports.get("ej.test")!;
    expect(ej.software?.name).toBe("ejabberd");
    expect(ej.contacts.abuse).toEqual(["mailto:abuse@ej.test", "xmpp:abuse@ej.test"]);
    expect(ej.administrators).toEqual(["admin@ej.test", "bob@ej.test"]);
    expect(ej.components).toEqual([expect.objectContaining({ jid: "conference.ej.test", outcome: "ok", administrators: ["admin@ej.test", "bob@ej.test"] })]);
    expect(severities("ej.test")).toEqual(new Set(["info"]));
    expect(rules("ej.test")).toContain("administrators-admin-addresses-mismatch");
    expect(rules("bare.test")).toEqual(expect.arrayContaining(["serverinfo-empty", "contacts-no-abuse", "contacts-no-xmpp-operator"]));
  });

  it("reads today's servers over s2s: p13.test on Prosody 13.0.1 and ej24.test on ejabberd 24.12, each with a MUC and a PubSub service", () => {
    const p13 = reports.get("p13.test")!;
    expect(p13.software).toMatchObject({ name: "Prosody", version: "13.0.1" });
    expect(detectSoftware(p13.software)).toBe("prosody-13");
    expect(p13.contacts).toEqual({
      abuse: ["mailto:abuse@p13.test"],
      admin: ["xmpp:admin@p13.test"],
      feedback: [],
      sales: [],
      security: [],
      status: [],
      support: [],
    });
    // Prosody 13's own mod_server_info: the field defined in server_info_extensions, its value in server_info.
    expect(p13.administrators).toEqual(["admin@p13.test"]);
    expect(p13.components.map((c) => [c.jid, c.outcome, c.identities[0]?.category]).sort()).toEqual([
      ["muc.p13.test", "ok", "conference"],
      ["pubsub.p13.test", "ok", "pubsub"],
    ]);

    const ej24 = reports.get("ej24.test")!;
    expect(ej24.software).toMatchObject({ name: "ejabberd", version: "24.12-3~bpo12+1" });
    expect(detectSoftware(ej24.software)).toBe("ejabberd-24");
    expect(ej24.contacts).toMatchObject({ abuse: ["mailto:abuse@ej24.test"], admin: ["xmpp:admin@ej24.test"] });
    expect(ej24.administrators).toEqual(["admin@ej24.test"]);
    // modules: all carries the form to both services.
    expect(ej24.components.map((c) => [c.jid, c.outcome, c.identities[0]?.category, c.administrators]).sort()).toEqual([
      ["conference.ej24.test", "ok", "conference", ["admin@ej24.test"]],
      ["pubsub.ej24.test", "ok", "pubsub", ["admin@ej24.test"]],
    ]);
  });

  it("classifies the unreachable domains, naming our own server as the source of the error", () => {
    expect(reports.get("error.test")).toMatchObject({ outcome: "error", error: { condition: "service-unavailable", by: "error.test" }, findings: [] });
    for (const [domain, text] of [
      ["dead.test", "connection refused"],
      ["nxdomain.test", "NXDomain"],
      ["tarpit.test", "timeout"],
    ] as const) {
      expect(reports.get(domain)).toMatchObject({
        outcome: "remote-server-not-found",
        error: { condition: "remote-server-not-found", by: "home.test", text: expect.stringContaining(text) },
      });
    }
  });

  it("bounds what sprawl.test can add to the list, and asks nothing outside it as its component", () => {
    const fromSprawl = store.domains.list().filter((d) => d.source.startsWith("found in sprawl.test"));
    expect(fromSprawl).toHaveLength(DISCOVERY.perSource);
    const counts = store.crawls.counts(1);
    // 300 contact domains (of which the first 128 values are read) and 21 items outside, less the 10 kept.
    expect(counts.discoveryDropped).toBeGreaterThanOrEqual(Math.min(SPRAWL.contacts, BOUNDS.maxValuesPerField) - DISCOVERY.perSource);
    expect(crawlOutput).toMatch(/more found but left out, past the discovery bounds/);
    expect(reports.get("sprawl.test")!.components).toEqual([]);
    // Its own three answers, then one disco#info of each contact domain the checks reached, within their bound: no component.
    const sprawl = reports.get("sprawl.test")!;
    const asked = store.probes
      .evidenceOf(1, "sprawl.test")
      .filter((e) => e.kind !== "http") // its own /.well-known/security.txt, looked for on sprawl.test
      .map((e) => e.jid);
    expect(asked.slice(0, 3)).toEqual(["sprawl.test", "sprawl.test", "sprawl.test"]);
    const checkedDomains = sprawl.checks.flatMap((c) => c.records.map((key) => key.replace(/^disco-info:/, "")));
    expect(asked.slice(3)).toEqual(checkedDomains);
    expect(asked.slice(3)).toHaveLength(CONTACT_CHECKS.maxAddressesPerDomain);
    expect(sprawl.checks.every((c) => c.status === "broken" && /remote-server-not-found/.test(c.why))).toBe(true);
  });

  it("adds the other domains that crawled servers name to the list, for the next crawl", () => {
    const listed = new Map(store.domains.list().map((d) => [d.domain, d.source]));
    // fields.test lists ops@elsewhere.test among its administrators.
    expect(listed.get("elsewhere.test")).toBe("found in fields.test's administrators");
    expect(store.probes.crawlReports(1).map((r) => r.domain)).not.toContain("elsewhere.test");
  });

  it("triggers every rule of the catalogue through real servers", () => {
    const triggered = new Set([...reports.values()].flatMap((r) => r.findings.map((f) => f.rule)));
    // The federation rules need a second vantage, which this crawl has not: test/federation/vantages.test.ts triggers them.
    const needsVantages = (id: string) => getRule(id).family === "federation";
    expect(RULES.map((r) => r.id).filter((id) => !triggered.has(id) && !needsVantages(id))).toEqual([]);
  });

  it("keeps the raw XML of every answer, and the findings follow from it alone", () => {
    let compared = 0;
    let cutCompared = 0;
    for (const report of [...reports.values()].filter((r) => r.outcome === "ok")) {
      const evidence = store.probes.evidenceOf(1, report.domain);
      const answer = (jid: string, kind: string) => {
        const e = evidence.find((x) => x.jid === jid && x.kind === kind);
        // What the live reading left out is stored beside the answer (reading the kept part again cuts nothing new).
        return e?.xml ? { ...answerFromXml(e.xml), ...(e.cut.length > 0 && { cut: e.cut }) } : e ? { kind: "timeout" as const } : undefined;
      };
      const answers: ProbeAnswers = {
        ...report,
        info: answer(report.domain, "disco-info")!,
        version: answer(report.domain, "version"),
        items: answer(report.domain, "disco-items"),
        components: report.components.map((c) => ({ jid: c.jid, name: c.name, info: answer(c.jid, "disco-info")! })),
      };
      // The contact checks came after, from other servers' answers (their raw records are kept too, below).
      const fromAnswers = { ...report, checks: [], findings: report.findings.filter((f) => getRule(f.rule).family !== "reachability") };
      const alone = analyzeProbe(answers, DEFAULT_MAX_COMPONENTS);
      if (report.findings.some((f) => f.rule === "answer-exceeds-bounds") && report.checks.length > 0) {
        // Cut to its budget again with its checks, the report keeps less than the answers alone give: every finding it
        // kept (but the count of what was cut) follows from the answers, and so does all that the budget never cuts.
        const key = (f: { rule: string; subject: string; field?: string; value?: string }) => `${f.rule} ${f.subject} ${f.field} ${f.value}`;
        const judgedAlone = new Set(alone.findings.map(key));
        expect(
          fromAnswers.findings.filter((f) => f.rule !== "answer-exceeds-bounds" && !judgedAlone.has(key(f))),
          report.domain,
        ).toEqual([]);
        const { domain, outcome, software, serverinfo } = report;
        expect({ domain: alone.domain, outcome: alone.outcome, software: alone.software, serverinfo: alone.serverinfo }).toEqual({
          domain,
          outcome,
          software,
          serverinfo,
        });
        cutCompared++;
      } else {
        expect(alone, report.domain).toEqual(fromAnswers);
        compared++;
      }
    }
    expect(compared).toBeGreaterThanOrEqual(12);
    // hostile.test and huge.test are cut to their budget with their checks.
    expect(cutCompared).toBeGreaterThanOrEqual(1);
  });

  it("checks every published address once per crawl, and marks each: works, broken or not checked", () => {
    const marks = (domain: string) => Object.fromEntries(reports.get(domain)!.checks.map((c) => [c.value, c.status]));
    const good = reports.get("good.test")!;
    expect(Object.values(marks("good.test"))).toEqual(Array(good.checks.length).fill("works"));
    expect(good.checks.find((c) => c.value === "xmpp:support@muc.good.test?join")).toMatchObject({
      kind: "xmpp-room",
      room: { exists: true, public: true, membersOnly: false },
    });
    expect(good.checks.find((c) => c.value === "mailto:abuse@good.test")).toMatchObject({ kind: "mail", mail: { hosts: ["mail.good.test"], nullMx: false } });
    expect(good.checks.find((c) => c.value === "https://good.test/.well-known/security.txt")).toMatchObject({
      kind: "security-txt",
      securityTxt: { contacts: 1 },
      http: { status: 200, certificateValid: true, redirects: 0 },
    });
    expect(good.checks.find((c) => c.value === "xmpp:admin@good.test")!.why).toMatch(/Whether the account exists is not asked/);
    expect(Object.values(marks("ej.test"))).toEqual(Array(reports.get("ej.test")!.checks.length).fill("works"));
    expect(marks("ej.test")["xmpp:support@conference.ej.test?join"]).toBe("works");

    const contacts = reports.get("contacts.test")!;
    const rule = (value: string) => contacts.findings.filter((f) => f.value === value).map((f) => `${f.severity} ${f.rule}`);
    expect(rule("mailto:abuse@nomail.test")).toEqual(["error mail-domain-null-mx"]);
    expect(rule("xmpp:abuse@dead.test")).toEqual(["error contact-domain-unreachable"]);
    expect(rule("mailto:admin@nomx.test")).toEqual(["warning mail-domain-no-mx"]);
    expect(rule("https://web.test/to-http")).toEqual(["warning https-contact-downgrade"]);
    expect(rule("https://web.test/expired/security.txt")).toEqual(["warning securitytxt-expired"]);
    expect(rule("https://web.test/nocontact/security.txt")).toEqual(["warning securitytxt-no-contact"]);
    for (const room of ["xmpp:missing@muc.good.test?join", "xmpp:missing@conference.ej.test?join"])
      expect(rule(room)).toEqual(["warning contact-room-missing"]);
    for (const room of ["xmpp:members@muc.good.test?join", "xmpp:members@conference.ej.test?join"]) expect(rule(room)).toEqual(["warning contact-room-closed"]);
    for (const page of ["https://web.test/missing", "https://web.test/loop", "https://web.test/slow"])
      expect(rule(page)).toEqual(["warning https-contact-broken"]);
    const why = (value: string) => contacts.checks.find((c) => c.value === value)!.why;
    expect(why("https://web.test/missing")).toMatch(/HTTP 404/);
    expect(why("https://web.test/loop")).toMatch(/redirects loop back/);
    expect(why("https://web.test/slow")).toMatch(/did not answer within 10 s/);
    expect(marks("contacts.test")).toMatchObject({ "https://web.test/page": "works", "mailto:feedback@plain.test": "works", "xmpp:admin@good.test": "works" });
    // Its only abuse addresses are broken: no working abuse contact; and not every contact works.
    const verdicts = store
      .sql(
        "SELECT domain, abuse_contact_works, every_contact_works FROM probes WHERE crawl_id = 1 AND domain IN ('good.test', 'contacts.test', 'ej.test') ORDER BY domain",
      )
      .all();
    expect(verdicts).toEqual([
      { domain: "contacts.test", abuse_contact_works: 0, every_contact_works: 0 },
      { domain: "ej.test", abuse_contact_works: 1, every_contact_works: 1 },
      { domain: "good.test", abuse_contact_works: 1, every_contact_works: 1 },
    ]);
  });

  it("checks each target once per crawl, and keeps its raw record: the DNS answer, the HTTP exchange, the room's answer", () => {
    // good.test and contacts.test both list addresses on good.test; web.test's pages are asked once each, whoever lists them.
    const records = [...reports.keys()].flatMap((d) => store.probes.evidenceOf(1, d).filter((e) => e.kind === "dns" || e.kind === "http"));
    const subjects = records.map((e) => `${e.kind} ${e.jid}`);
    expect(subjects.length).toBe(new Set(subjects).size);
    const dns = records.find((e) => e.jid === "nomail.test")!;
    expect(dns.xml).toBe("nomail.test. IN MX 0 .");
    const http = records.find((e) => e.jid === "https://web.test/to-http")!;
    expect(http.xml).toMatch(/^GET https:\/\/web\.test\/to-http\nHTTP 301\n[^]*location: http:\/\/web\.test\/page/);
    const room = store.probes.evidenceOf(1, "contacts.test").find((e) => e.jid === "members@muc.good.test")!;
    expect(room.xml).toMatch(/muc_membersonly/);
  });
  // Last: it crawls again (crawl #2, of good.test alone).
  it("judges again, when the next crawl opens, the stored probes that older rules judged, once", async () => {
    const judged = store.db.prepare(
      "SELECT level, authbot_ready, errors, warnings, infos, changes, rules_version FROM probes WHERE crawl_id = 1 AND domain = 'good.test'",
    );
    const asCrawled = judged.get() as { rules_version: number };
    expect(asCrawled.rules_version).toBe(1);
    // As if older rules had judged crawl #1's probe of good.test, and said otherwise.
    store.db.prepare("UPDATE probes SET rules_version = 0, level = 'not-judged', changes = '[]' WHERE crawl_id = 1 AND domain = 'good.test'").run();
    const list = `${db}.good.txt`;
    writeFileSync(list, "good.test\n");
    const again = await observatory(["crawl", "--domains", list], crawlerEnv({ OBSERVATORY_DB: db }));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toContain("Judged 1 stored probe again by the rules of version 1.");
    expect(judged.get()).toEqual(asCrawled);
    expect(store.db.prepare("SELECT COUNT(*) AS n FROM probes WHERE rules_version <> 1").get()).toEqual({ n: 0 });
  });
});
