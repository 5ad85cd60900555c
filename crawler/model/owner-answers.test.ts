import { describe, expect, it } from "vitest";
import { answerFromXml } from "./answer.ts";
import { isOwnTarget, pagedTotal } from "./owner-answers.ts";

describe("what the self-test may ask of a service", () => {
  it("asks only the service's own rooms and nodes, never JIDs its list names elsewhere", () => {
    const room = (jid: string, node?: string) => ({ jid, node, name: undefined });
    expect(isOwnTarget(room("lobby@muc.example.org"), "muc.example.org", "room")).toBe(true);
    expect(isOwnTarget(room("Lobby@MUC.Example.org"), "muc.example.org", "room")).toBe(true);
    expect(isOwnTarget(room("victim@other.example"), "muc.example.org", "room")).toBe(false);
    expect(isOwnTarget(room("x@evil.muc.example.org"), "muc.example.org", "room")).toBe(false);
    expect(isOwnTarget(room("lobby@muc.example.org/nick"), "muc.example.org", "room")).toBe(false);
    expect(isOwnTarget(room("muc.example.org"), "muc.example.org", "room")).toBe(false);
    expect(isOwnTarget(room("pubsub.example.org", "news"), "pubsub.example.org", "node")).toBe(true);
    expect(isOwnTarget(room("pubsub.other.example", "news"), "pubsub.example.org", "node")).toBe(false);
    expect(isOwnTarget(room("pubsub.example.org"), "pubsub.example.org", "node")).toBe(false);
  });

  it("reads the total a service gives for a paged list, and nothing else", () => {
    const items = (set: string) => answerFromXml(`<iq type="result"><query xmlns="http://jabber.org/protocol/disco#items">${set}</query></iq>`);
    const total = (set: string) => {
      const answer = items(set);
      return answer.kind === "stanza" ? pagedTotal(answer.stanza) : "timeout";
    };
    expect(total(`<set xmlns="http://jabber.org/protocol/rsm"><count>6</count></set>`)).toBe(6);
    expect(total(`<set xmlns="http://jabber.org/protocol/rsm"><count>-1</count></set>`)).toBe(undefined);
    expect(total(`<set xmlns="urn:example"><count>6</count></set>`)).toBe(undefined);
    expect(total("")).toBe(undefined);
  });
});
