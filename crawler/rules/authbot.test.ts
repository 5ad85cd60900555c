import { describe, expect, it } from "vitest";
import { emptyContacts, type DomainReport } from "../contract.ts";
import { analyzeProbe } from "../probe/analyze.ts";
import { answers, fixture } from "../../test/helpers/fixtures.ts";
import { authbotJids, decideMembership, normalisedBareJid, recognisedOperators, whyNobody } from "./authbot.ts";

const good = analyzeProbe(answers("good.test", { info: fixture("prosody-0.12.3/disco-info.good.test.xml") }), 20);

/** A reachable domain with one serverinfo form holding these contacts and administrators. */
function publishing(contacts: Partial<DomainReport["contacts"]>, administrators: string[] = []): DomainReport {
  return { ...good, domain: "example.org", contacts: { ...emptyContacts(), ...contacts }, administrators, components: [] };
}

describe("decideMembership", () => {
  it("grants an operator listed in admin-addresses, naming the field", () => {
    expect(decideMembership(publishing({ admin: ["xmpp:boss@example.org"] }), "boss@example.org")).toEqual({ grant: true, fields: ["admin-addresses"] });
  });

  it("grants an administrator, unless the room keeps authbot's own rule", () => {
    const report = publishing({ admin: ["mailto:boss@example.org"] }, ["boss@example.org"]);
    expect(decideMembership(report, "boss@example.org")).toEqual({ grant: true, fields: ["administrators"] });
    expect(decideMembership(report, "boss@example.org", { administrators: false })).toEqual({
      grant: false,
      reason:
        "example.org lists boss@example.org only in administrators, which this room does not trust (authbot's own rule); publish xmpp:boss@example.org in admin-addresses.",
    });
  });

  it("compares normalised JIDs: case, percent-escapes and IDNA", () => {
    const report = publishing({ abuse: ["xmpp:Boss@EXAMPLE.org", "xmpp:r%C3%A9my@example.org", "xmpp:x@b%C3%BCcher.example"] });
    for (const jid of ["boss@example.org", "rémy@example.org", "x@bücher.example"]) expect(decideMembership(report, jid).grant, jid).toBe(true);
    expect(normalisedBareJid("Boss@Example.ORG/phone")).toBe("boss@example.org");
  });

  it("explains a refusal in the words of the rules", () => {
    const reason = (report: DomainReport, jid = "boss@example.org") => {
      const decision = decideMembership(report, jid);
      return decision.grant ? "granted" : decision.reason;
    };
    expect(reason(publishing({ admin: ["boss@example.org"] }))).toBe(
      "example.org lists boss@example.org in admin-addresses without the xmpp: scheme; publish xmpp:boss@example.org.",
    );
    expect(reason(publishing({ admin: ["xmpp:boss@example.org?join"] }))).toContain("which is a room, not a person");
    expect(reason(publishing({ support: ["xmpp:boss@example.org"] }))).toBe(
      "example.org lists boss@example.org in support-addresses, which does not name operators; publish xmpp:boss@example.org in abuse-, admin- or security-addresses.",
    );
    expect(reason(publishing({ admin: ["xmpp:other@example.org"] }))).toBe(
      "example.org does not list boss@example.org as an xmpp: address in abuse-, admin- or security-addresses, nor in administrators.",
    );
    expect(reason({ ...publishing({}), serverinfo: { forms: 0 } })).toBe("example.org publishes no serverinfo form (XEP-0157), so it lists no operators.");
    expect(reason({ ...publishing({}), outcome: "remote-server-timeout", error: { condition: "remote-server-timeout" } })).toBe(
      "example.org could not be reached from here (remote-server-timeout), so I cannot read whom it lists.",
    );
  });
});

describe("authbotJids", () => {
  it("holds only what authbot's string comparison can match: xmpp:<bare JID> as written", () => {
    const report = publishing({
      admin: ["xmpp:ok@example.org", "xmpp:Upper@example.org", "xmpp:with@example.org/resource", "xmpp:room@muc.example.org?join"],
      security: ["xmpp:sec@example.org"],
    });
    expect(authbotJids(report)).toEqual(["ok@example.org", "sec@example.org"]);
    expect(authbotJids({ ...report, outcome: "timeout" })).toEqual([]);
  });
});

describe("recognisedOperators", () => {
  it("lists each operator once with every field that names them", () => {
    const report = publishing({ abuse: ["xmpp:boss@example.org"], admin: ["xmpp:boss@example.org"] }, ["boss@example.org", "ops@example.org"]);
    expect(recognisedOperators(report)).toEqual([
      { jid: "boss@example.org", fields: ["abuse-addresses", "admin-addresses", "administrators"] },
      { jid: "ops@example.org", fields: ["administrators"] },
    ]);
    expect(recognisedOperators(report, { administrators: false })).toEqual([{ jid: "boss@example.org", fields: ["abuse-addresses", "admin-addresses"] }]);
  });
});

describe("whyNobody", () => {
  it("names the first value authbot cannot match, and the fix", () => {
    expect(whyNobody(publishing({ abuse: ["mailto:abuse@example.org"], admin: ["boss@example.org"] }))).toBe(
      "example.org lists boss@example.org in admin-addresses without the xmpp: scheme; publish xmpp:boss@example.org.",
    );
    expect(whyNobody(publishing({ admin: ["xmpp:Boss@example.org/phone"] }))).toBe(
      'example.org lists "xmpp:Boss@example.org/phone" in admin-addresses, which authbot\'s comparison with xmpp:<bare JID> never matches; publish xmpp:boss@example.org.',
    );
    expect(whyNobody(publishing({ abuse: ["https://example.org/abuse"] }))).toBe("example.org lists no xmpp: address in abuse-, admin- or security-addresses.");
  });
});
