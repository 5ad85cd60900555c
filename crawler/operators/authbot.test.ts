import { describe, expect, it } from "vitest";
import { emptyContacts, type DomainReport } from "../contract.ts";
import { analyzeProbe, notJudgedReport } from "../probe/analyze.ts";
import { answers, fixture } from "../../test/helpers/fixtures.ts";
import { authbotGrantsIn, authbotOperators, decideMembership, normalisedBareJid, recognisedOperators, whyNobody } from "./authbot.ts";

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
    expect(decideMembership(report, "boss@example.org", "authbot")).toEqual({
      grant: false,
      reason: "example.org lists you only in administrators, which authbot does not read; publish xmpp:boss@example.org in admin-addresses.",
    });
  });

  it("compares normalised JIDs: case, percent-escapes and IDNA", () => {
    const report = publishing({ abuse: ["xmpp:Boss@EXAMPLE.org", "xmpp:r%C3%A9my@example.org"] });
    for (const jid of ["boss@example.org", "rémy@example.org"]) expect(decideMembership(report, jid).grant, jid).toBe(true);
    const idn = { ...publishing({ abuse: ["xmpp:x@xn--bcher-kva.example", "xmpp:y@b%C3%BCcher.example"] }), domain: "bücher.example" };
    for (const jid of ["x@bücher.example", "y@bücher.example"]) expect(decideMembership(idn, jid).grant, jid).toBe(true);
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

describe("authbotOperators", () => {
  it("holds the people of the domain authbot lets in: capitals, ?join and ?message match; a resource, another domain, no localpart or percent-escapes never do", () => {
    const report = publishing({
      admin: [
        "xmpp:ok@example.org",
        "XMPP:Upper@EXAMPLE.org",
        "xmpp:with@example.org/resource",
        "xmpp:joined@example.org?join",
        "xmpp:room@muc.example.org?join",
        "xmpp:boss@other.example",
        "xmpp:example.org",
        "xmpp:%6Aj@example.org",
      ],
      security: ["xmpp:sec@example.org", "xmpp:ok@example.org"],
    });
    expect(authbotOperators(report)).toEqual([
      { jid: "ok@example.org", fields: ["admin-addresses", "security-addresses"] },
      { jid: "upper@example.org", fields: ["admin-addresses"] },
      { jid: "joined@example.org", fields: ["admin-addresses"] },
      // xmpp:%6Aj@example.org names jj@example.org, whom authbot refuses (it reads %6aj@example.org): no operator.
      { jid: "sec@example.org", fields: ["security-addresses"] },
    ]);
    expect(authbotOperators({ ...report, outcome: "timeout" })).toEqual([]);
  });

  it("decides a joiner under authbot's rule: their own domain only, compared after stringprep", () => {
    const report = publishing({ admin: ["xmpp:Straße@example.org?join", "xmpp:boss@example.org/laptop"] }, ["admin@example.org"]);
    expect(decideMembership(report, "strasse@example.org", "authbot")).toEqual({ grant: true, fields: ["admin-addresses"] });
    expect(decideMembership(report, "STRASSE@example.org/phone", "authbot")).toEqual({ grant: true, fields: ["admin-addresses"] });
    expect(decideMembership(report, "boss@example.org", "authbot")).toEqual({
      grant: false,
      reason:
        'example.org lists "xmpp:boss@example.org/laptop" in admin-addresses, which is a full JID with a resource, and authbot compares bare JIDs, so it never matches; publish xmpp:boss@example.org.',
    });
    expect(decideMembership(report, "admin@example.org", "authbot")).toEqual({
      grant: false,
      reason: "example.org lists you only in administrators, which authbot does not read; publish xmpp:admin@example.org in admin-addresses.",
    });
    expect(decideMembership(report, "admin@other.example", "authbot")).toEqual({
      grant: false,
      reason: "authbot asks each joiner's own server (other.example), never example.org, whom it lists.",
    });
  });
});

describe("authbotGrantsIn", () => {
  it("reads the same contacts again for another domain, not from what it read for the first", () => {
    const contacts = { ...emptyContacts(), admin: ["xmpp:ops@a.example", "xmpp:ops@b.example"], abuse: ["xmpp:abuse@b.example"] };
    expect(authbotGrantsIn("a.example", contacts)).toEqual([{ jid: "ops@a.example", fields: ["admin-addresses"] }]);
    expect(authbotGrantsIn("b.example", contacts)).toEqual([
      { jid: "abuse@b.example", fields: ["abuse-addresses"] },
      { jid: "ops@b.example", fields: ["admin-addresses"] },
    ]);
    expect(authbotGrantsIn("a.example", contacts)).toEqual([{ jid: "ops@a.example", fields: ["admin-addresses"] }]);
  });
});

describe("recognisedOperators", () => {
  it("lists each operator once with every field that names them", () => {
    const report = publishing({ abuse: ["xmpp:boss@example.org"], admin: ["xmpp:boss@example.org"] }, ["boss@example.org", "ops@example.org"]);
    expect(recognisedOperators(report)).toEqual([
      { jid: "boss@example.org", fields: ["abuse-addresses", "admin-addresses", "administrators"] },
      { jid: "ops@example.org", fields: ["administrators"] },
    ]);
  });
});

describe("whyNobody", () => {
  it("names the first value authbot cannot match, why, and the fix", () => {
    expect(whyNobody(publishing({ abuse: ["mailto:abuse@example.org"], admin: ["boss@example.org"] }))).toBe(
      'example.org lists "boss@example.org" in admin-addresses, which has no xmpp: scheme, and authbot reads only xmpp: URIs; publish xmpp:boss@example.org.',
    );
    expect(whyNobody(publishing({ admin: ["xmpp:Boss@example.org/phone"] }))).toBe(
      'example.org lists "xmpp:Boss@example.org/phone" in admin-addresses, which is a full JID with a resource, and authbot compares bare JIDs, so it never matches; publish xmpp:boss@example.org.',
    );
    expect(whyNobody(publishing({ admin: ["xmpp:%62oss@example.org"] }))).toBe(
      'example.org lists "xmpp:%62oss@example.org" in admin-addresses, which holds percent-escapes, which authbot does not decode: it reads "%62oss@example.org" literally; publish xmpp:boss@example.org.',
    );
    expect(whyNobody(publishing({ admin: ["xmpp://boss@example.org"] }))).toBe(
      'example.org lists "xmpp://boss@example.org" in admin-addresses, which is an authority form (xmpp://...), whose path holds no JID for authbot; publish xmpp:<an account on example.org>.',
    );
    expect(whyNobody(publishing({ admin: ["xmpp:boss@other.example"] }))).toBe(
      'example.org lists "xmpp:boss@other.example" in admin-addresses, which is on other.example: authbot asks each joiner\'s own server, so only JIDs on this domain can be let in through it; publish xmpp:<an account on example.org>.',
    );
    expect(whyNobody(publishing({ admin: ["xmpp:example.org"] }))).toBe(
      'example.org lists "xmpp:example.org" in admin-addresses, which names the server example.org, not a person; publish xmpp:<an account on example.org>.',
    );
    expect(whyNobody(publishing({ support: ["xmpp:help@example.org"] }))).toBe(
      'example.org lists "xmpp:help@example.org" only in support-addresses, which authbot does not read; list it in admin-addresses.',
    );
    expect(whyNobody(publishing({ abuse: ["https://example.org/abuse"] }))).toBe(
      "example.org lists no xmpp: address of an account on example.org in abuse-, admin- or security-addresses.",
    );
  });
});

describe("a domain we failed on", () => {
  it("is not called unreachable: it answered, and our failure is why no one is let in", () => {
    const failed = notJudgedReport("example.org", "2026-12-03T10:00:00.000Z", 1, new Error("a bug of ours"));
    expect(decideMembership(failed, "boss@example.org", "authbot")).toEqual({
      grant: false,
      reason: "example.org answered, but this observatory failed on its answer (a bug of ours, logged), so I cannot tell whom authbot would let in.",
    });
    expect(decideMembership(failed, "boss@example.org")).toEqual({
      grant: false,
      reason: "example.org answered, but this observatory failed on its answer (a bug of ours, logged), so I cannot read whom it lists.",
    });
  });
});

describe("a percent-escaped operator address", () => {
  it("makes no one authbot-ready: authbot lets in the literal JID, not the person it names", () => {
    const escaped = publishing({ admin: ["xmpp:%6A@example.org"] });
    expect(authbotOperators(escaped)).toEqual([]);
    expect(decideMembership(escaped, "j@example.org", "authbot")).toMatchObject({ grant: false });
    // The literal JID is what authbot compares, so that one would be let in: the prediction stays true to authbot.
    expect(decideMembership(escaped, "%6a@example.org", "authbot")).toEqual({ grant: true, fields: ["admin-addresses"] });
    // Listed plainly as well, the person is an operator.
    expect(authbotOperators(publishing({ admin: ["xmpp:%6A@example.org", "xmpp:j@example.org"] }))).toEqual([
      { jid: "j@example.org", fields: ["admin-addresses"] },
    ]);
  });
});
