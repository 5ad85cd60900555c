import { describe, expect, it } from "vitest";
import { emptyContacts, type DomainReport } from "../contract.ts";
import { decideOptOut, requestedDomain } from "./request.ts";

const report = (domain: string, admin: string[], administrators: string[] = []): DomainReport => ({
  domain,
  probedAt: "2026-01-01T00:00:00Z",
  durationMs: 1,
  outcome: "ok",
  identities: [],
  features: [],
  serverinfo: { forms: 1 },
  contacts: { ...emptyContacts(), admin },
  administrators,
  components: [],
  findings: [],
});

const reports = [
  report("one.example", ["xmpp:boss@one.example", "mailto:boss@one.example"], ["ops@shared.example"]),
  report("two.example", ["xmpp:Boss@Two.Example"], ["ops@shared.example"]),
];

describe("decideOptOut", () => {
  it("ignores messages that are not requests", () => {
    expect(decideOptOut("boss@one.example", "hello", reports)).toEqual({ kind: "not-a-request" });
  });

  it("accepts a request from a listed JID, for the domain it names or the only one that lists it", () => {
    expect(decideOptOut("boss@one.example", "Please opt out one.example.", reports)).toEqual({ kind: "accept", domain: "one.example" });
    expect(decideOptOut("boss@one.example", "opt-out", reports)).toEqual({ kind: "accept", domain: "one.example" });
    // xmpp: URIs and JIDs compare after normalisation.
    expect(decideOptOut("boss@two.example", "OPTOUT", reports)).toEqual({ kind: "accept", domain: "two.example" });
    expect(decideOptOut("ops@shared.example", "opt out two.example", reports)).toEqual({ kind: "accept", domain: "two.example" });
  });

  it("refuses anyone else, and asks a JID listed by several domains to name one", () => {
    expect(decideOptOut("mallory@evil.example", "opt out one.example", reports)).toMatchObject({
      kind: "refuse",
      reply: expect.stringContaining("does not list mallory@evil.example"),
    });
    expect(decideOptOut("boss@one.example", "opt out two.example", reports)).toMatchObject({ kind: "refuse" });
    expect(decideOptOut("mallory@evil.example", "opt out", reports)).toMatchObject({
      kind: "refuse",
      reply: expect.stringContaining("No domain I know lists"),
    });
    expect(decideOptOut("ops@shared.example", "opt out", reports)).toMatchObject({
      kind: "refuse",
      reply: expect.stringContaining("several domains (one.example, two.example)"),
    });
  });

  it("takes operators only: a support or feedback address (such as a room) cannot opt a domain out", () => {
    const withRoom = {
      ...report("good.example", []),
      contacts: { ...emptyContacts(), support: ["xmpp:support@muc.good.example?join"], feedback: ["xmpp:fan@good.example"] },
    };
    expect(decideOptOut("support@muc.good.example", "opt out good.example", [withRoom])).toMatchObject({ kind: "refuse" });
    expect(decideOptOut("fan@good.example", "opt out good.example", [withRoom])).toMatchObject({ kind: "refuse" });
  });

  it("reads the domain out of the message", () => {
    expect(requestedDomain("opt out <Example.ORG>!")).toBe("example.org");
    expect(requestedDomain("opt out please")).toBeUndefined();
  });
});
