import { describe, expect, it } from "vitest";
import { parseXml } from "../model/xml.ts";
import { cannotServe, readRoomPresence } from "./muc.ts";

const ROOMS = new Set(["ops@muc.good.test"]);
const presence = (xml: string) => readRoomPresence(parseXml(xml), ROOMS);

describe("readRoomPresence", () => {
  it("reads an occupant's real bare JID from the room's own item, normalised", () => {
    expect(
      presence(
        `<presence from="ops@muc.good.test/Alice"><x xmlns="http://jabber.org/protocol/muc#user"><item affiliation="none" role="participant" jid="Alice@Good.test/laptop"/></x></presence>`,
      ),
    ).toEqual({
      kind: "occupant",
      room: "ops@muc.good.test",
      nick: "Alice",
      affiliation: "none",
      role: "participant",
      realJid: "alice@good.test",
      itemJid: "Alice@Good.test/laptop",
    });
  });

  it("tells our own presence (110) with its status codes, departures and errors, and ignores other rooms", () => {
    expect(
      presence(
        `<presence from="Ops@muc.good.test/observatory"><x xmlns="http://jabber.org/protocol/muc#user"><item affiliation="owner" role="moderator"/><status code="100"/><status code="110"/></x></presence>`,
      ),
    ).toMatchObject({ kind: "self", affiliation: "owner", codes: ["100", "110"] });
    expect(presence(`<presence type="unavailable" from="ops@muc.good.test/Alice"/>`)).toEqual({ kind: "left", room: "ops@muc.good.test", nick: "Alice" });
    expect(
      presence(
        `<presence type="error" from="ops@muc.good.test/observatory"><error type="auth"><forbidden xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></presence>`,
      ),
    ).toEqual({ kind: "error", room: "ops@muc.good.test", condition: "forbidden" });
    expect(presence(`<presence from="other@muc.good.test/Alice"/>`)).toBeUndefined();
    expect(
      presence(`<presence from="ops@muc.good.test/Mallory"><x xmlns="http://jabber.org/protocol/muc#user"><item jid="not a jid@@x"/></x></presence>`),
    ).toMatchObject({
      realJid: undefined,
    });
  });
});

describe("cannotServe", () => {
  const self = (affiliation: "owner" | "member", codes: string[]) => ({
    kind: "self" as const,
    room: "ops@muc.good.test",
    nick: "o",
    affiliation,
    role: "moderator",
    codes,
  });
  it("needs an admin or owner affiliation and a non-anonymous room", () => {
    expect(cannotServe(self("owner", ["100", "110"]))).toBeUndefined();
    expect(cannotServe(self("member", ["100", "110"]))).toContain("our account is a member in ops@muc.good.test: make it an admin or owner");
    expect(cannotServe(self("owner", ["110"]))).toContain("ops@muc.good.test is not non-anonymous");
  });
});
