import { describe, expect, it } from "vitest";
import { emptyContacts, type DomainReport } from "../contract.ts";
import { reportWith } from "../../test/helpers/fixtures.ts";
import { operatorJids } from "../operators/operators.ts";
import { parseCommand, requestedDomain } from "./commands.ts";
import { decideOptOut } from "./optout.ts";

const report = (domain: string, contacts: Partial<DomainReport["contacts"]>, administrators: string[] = []): DomainReport =>
  reportWith({ domain, contacts: { ...emptyContacts(), ...contacts }, administrators });

const reports = [
  report("one.example", { admin: ["xmpp:boss@one.example", "mailto:boss@one.example"] }, ["ops@shared.example"]),
  report("two.example", { admin: ["xmpp:Boss@Two.Example"] }, ["ops@shared.example"]),
  report("good.example", { support: ["xmpp:support@muc.good.example?join"], feedback: ["xmpp:fan@good.example"], abuse: ["xmpp:lobby@muc.good.example?join"] }),
];
/** What the store's operator index answers (crawler/store/domains.ts listingOperator). */
const listing = (sender: string) => reports.filter((r) => operatorJids(r).has(sender)).map((r) => r.domain);
const decide = (sender: string, body: string) => {
  const command = parseCommand(body);
  if (command?.kind !== "opt-out") throw new Error(`not an opt-out: ${body}`);
  return decideOptOut(sender, command.domain, listing(sender));
};

describe("parseCommand", () => {
  it("reads opt-out requests and confirmations, and nothing else", () => {
    expect(parseCommand("Please opt out one.example.")).toEqual({ kind: "opt-out", domain: "one.example" });
    expect(parseCommand("OPTOUT")).toEqual({ kind: "opt-out", domain: undefined });
    expect(parseCommand("  confirm k7pq2x ")).toEqual({ kind: "confirm", code: "K7PQ2X" });
    expect(parseCommand("hello")).toBeUndefined();
    expect(parseCommand("I confirm k7pq2x, and more")).toBeUndefined();
  });
});

describe("decideOptOut", () => {
  it("accepts a request from a listed JID, for the domain it names or the only one that lists it", () => {
    expect(decide("boss@one.example", "Please opt out one.example.")).toEqual({ kind: "accept", domain: "one.example" });
    expect(decide("boss@one.example", "opt-out")).toEqual({ kind: "accept", domain: "one.example" });
    // xmpp: URIs and JIDs compare after normalisation.
    expect(decide("boss@two.example", "OPTOUT")).toEqual({ kind: "accept", domain: "two.example" });
    expect(decide("ops@shared.example", "opt out two.example")).toEqual({ kind: "accept", domain: "two.example" });
  });

  it("refuses anyone else, and asks a JID listed by several domains to name one", () => {
    expect(decide("mallory@evil.example", "opt out one.example")).toMatchObject({
      kind: "refuse",
      reply: expect.stringContaining("does not list mallory@evil.example"),
    });
    expect(decide("boss@one.example", "opt out two.example")).toMatchObject({ kind: "refuse" });
    expect(decide("mallory@evil.example", "opt out")).toMatchObject({ kind: "refuse", reply: expect.stringContaining("No domain I know lists") });
    expect(decide("ops@shared.example", "opt out")).toMatchObject({
      kind: "refuse",
      reply: expect.stringContaining("several domains (one.example, two.example)"),
    });
  });

  it("takes operators only: not a support or feedback address, and never a room, even one listed as abuse", () => {
    expect(decide("support@muc.good.example", "opt out good.example")).toMatchObject({ kind: "refuse" });
    expect(decide("lobby@muc.good.example", "opt out good.example")).toMatchObject({ kind: "refuse" });
    expect(decide("fan@good.example", "opt out good.example")).toMatchObject({ kind: "refuse" });
  });

  it("reads the domain out of the message", () => {
    expect(requestedDomain("opt out <Example.ORG>!")).toBe("example.org");
    expect(requestedDomain("opt out please")).toBeUndefined();
  });
});
