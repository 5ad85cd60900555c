import { describe, expect, it } from "vitest";
import { analyzeProbe } from "../probe/analyze.ts";
import { answers, fixture } from "../../test/helpers/fixtures.ts";
import { judge } from "./verdict.ts";
import { operatorJids } from "../operators/operators.ts";
import { emptyContacts, type AddressCheck } from "../contract.ts";

const report = (domain: string, file: string) => analyzeProbe(answers(domain, { info: fixture(file) }), 20);

describe("judge", () => {
  it("makes every judgement of a report at once", () => {
    const good = report("good.test", "prosody-0.12.3/disco-info.good.test.xml");
    expect(judge(good)).toEqual({
      level: "clean",
      authbotReady: true,
      publishesAdministrators: true,
      hasAbuseContact: true,
      // Nothing was checked: no address is known to work.
      abuseContactWorks: false,
      everyContactWorks: false,
      counts: { error: 0, warning: 0, info: good.findings.length },
    });
    expect(good.findings.every((f) => f.severity === "info")).toBe(true);
    expect(judge(report("dead.test", "errors/disco-info.dead.test.xml"))).toMatchObject({ level: "unreachable", authbotReady: false, hasAbuseContact: false });
    const bad = judge(report("bad.test", "prosody-0.12.3/disco-info.bad.test.xml"));
    expect(bad.level).toBe("errors");
    expect(bad.counts.error).toBeGreaterThan(0);
  });

  it("takes authbot-readiness from the operator categories only", () => {
    const r = report("plain.test", "prosody-0.12.3/disco-info.plain.test.xml");
    const withSupportOnly = { ...r, serverinfo: { forms: 1 }, contacts: { ...emptyContacts(), support: ["xmpp:help@plain.test"] } };
    expect(judge(withSupportOnly).authbotReady).toBe(false);
    expect(judge({ ...withSupportOnly, contacts: { ...emptyContacts(), security: ["xmpp:sec@plain.test"] } }).authbotReady).toBe(true);
  });
});

describe("judge, with the contact checks", () => {
  const check = (value: string, fields: string[], status: "works" | "broken" | "not-checked", kind: AddressCheck["kind"] = "xmpp-account"): AddressCheck => ({
    value,
    fields,
    kind,
    status,
    why: "",
    records: [],
  });
  const good = report("good.test", "prosody-0.12.3/disco-info.good.test.xml");

  it("says the abuse contact works when one checked abuse address works, and every contact when none is broken", () => {
    const checks = [check("mailto:abuse@good.test", ["abuse-addresses"], "works", "mail"), check("tel:+1", ["status-addresses"], "not-checked", "none")];
    expect(judge({ ...good, checks })).toMatchObject({ abuseContactWorks: true, everyContactWorks: true });
    const oneBroken = [...checks, check("https://good.test/support", ["support-addresses"], "broken", "web")];
    expect(judge({ ...good, checks: oneBroken })).toMatchObject({ abuseContactWorks: true, everyContactWorks: false });
    const abuseBroken = [check("mailto:abuse@good.test", ["abuse-addresses"], "broken", "mail")];
    expect(judge({ ...good, checks: abuseBroken })).toMatchObject({ abuseContactWorks: false, everyContactWorks: false });
  });

  it("is authbot-ready only through a person on the domain itself, since authbot asks each joiner's own server", () => {
    const listing = (admin: string[]) => judge({ ...good, contacts: { ...good.contacts, abuse: [], security: [], admin } }).authbotReady;
    expect(listing(["xmpp:admin@good.test"])).toBe(true);
    expect(listing(["xmpp:boss@other.test"])).toBe(false);
    expect(listing(["xmpp:good.test"])).toBe(false);
    expect(listing(["xmpp:admin@good.test/laptop"])).toBe(false);
    expect(listing(["XMPP:Admin@GOOD.test?join"])).toBe(true);
  });

  it("leaves the domain's own security.txt out of the contact figures", () => {
    const checks = [
      check("mailto:abuse@good.test", ["abuse-addresses"], "works", "mail"),
      check("https://good.test/.well-known/security.txt", [], "broken", "security-txt"),
    ];
    expect(judge({ ...good, checks }).everyContactWorks).toBe(true);
  });
});

describe("operators", () => {
  it("are the xmpp: abuse, admin and security addresses and the administrators, as bare JIDs", () => {
    const contacts = {
      ...emptyContacts(),
      abuse: ["xmpp:Abuse@Example.org", "mailto:abuse@example.org"],
      admin: ["xmpp:boss@example.org/phone"],
      support: ["xmpp:room@muc.example.org?join"],
    };
    expect([...operatorJids({ contacts, administrators: ["ops@example.org", "xmpp:nope@example.org"], components: [], checks: [] })]).toEqual([
      "abuse@example.org",
      "boss@example.org",
      "ops@example.org",
    ]);
  });

  it("leave out a server's own JID, in a contact field or in administrators: nobody logs in as it", () => {
    const contacts = { ...emptyContacts(), admin: ["xmpp:example.org", "xmpp:boss@example.org"] };
    expect([...operatorJids({ contacts, administrators: ["example.org"], components: [], checks: [] })]).toEqual(["boss@example.org"]);
  });

  it("leave out rooms: ?join addresses, and JIDs on the domain's conference service", () => {
    const room = (jid: string, category: string) => ({
      jid,
      outcome: "ok" as const,
      identities: [{ category, type: "text" }],
      features: [],
      serverinfo: false,
      contacts: emptyContacts(),
      administrators: [],
    });
    const contacts = {
      ...emptyContacts(),
      abuse: ["xmpp:support@muc.example.org?join", "xmpp:abuse@example.org"],
      admin: ["xmpp:ops@chat.example.org", "xmpp:boss@example.org?message"],
      security: ["xmpp:Sec@Example.org?JOIN;password=x"],
    };
    const components = [room("chat.example.org", "conference"), room("upload.example.org", "store")];
    expect([...operatorJids({ contacts, administrators: ["lobby@chat.example.org", "ann@upload.example.org"], components, checks: [] })]).toEqual([
      "abuse@example.org",
      "boss@example.org",
      "ann@upload.example.org",
    ]);
  });
});
