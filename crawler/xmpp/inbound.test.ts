import { describe, expect, it } from "vitest";
import { xml } from "@xmpp/client";
import { NS_OBSERVATORY_REPLY, readInbound } from "./inbound.ts";

const OWN = "observatory@home.test";
const msg = (attrs: Record<string, string>, ...children: ReturnType<typeof xml>[]) =>
  xml("message", { from: "Boss@Good.test/phone", to: OWN, ...attrs }, xml("body", {}, "opt out good.test"), ...children);

describe("readInbound", () => {
  it("reads a chat or normal message from an account as its bare JID and body", () => {
    expect(readInbound(msg({ type: "chat" }), OWN)).toEqual({ kind: "message", sender: "boss@good.test", body: "opt out good.test" });
    expect(readInbound(msg({}), OWN)).toMatchObject({ kind: "message" });
  });

  it.each([
    ["a groupchat message", msg({ type: "groupchat" })],
    ["a headline", msg({ type: "headline" })],
    ["an error", msg({ type: "error" })],
    // XEP-0045 §7.8.2: a mediated invitation reaches us from the room's bare JID, with the inviter's reason as body.
    [
      "a mediated invitation",
      msg({ from: "support@muc.good.test" }, xml("x", { xmlns: "http://jabber.org/protocol/muc#user" }, xml("invite", { from: "mallory@evil.test" }))),
    ],
    ["a direct invitation", msg({}, xml("x", { xmlns: "jabber:x:conference", jid: "support@muc.good.test" }))],
    ["a private message in a room", msg({ from: "support@muc.good.test/mallory", type: "chat" }, xml("x", { xmlns: "http://jabber.org/protocol/muc#user" }))],
    ["a carbon copy", msg({ from: OWN }, xml("received", { xmlns: "urn:xmpp:carbons:2" }))],
    ["a forwarded message", msg({}, xml("forwarded", { xmlns: "urn:xmpp:forward:0" }))],
    ["our own kind of reply", msg({ type: "chat" }, xml("x", { xmlns: NS_OBSERVATORY_REPLY }))],
    ["a message from a server or service", msg({ from: "good.test" })],
    ["a message from ourselves", msg({ from: `${OWN}/other` })],
    [
      "a message without a body",
      xml("message", { from: "boss@good.test", type: "chat" }, xml("composing", { xmlns: "http://jabber.org/protocol/chatstates" })),
    ],
  ])("ignores %s", (_, stanza) => {
    expect(readInbound(stanza, OWN).kind).toBe("ignored");
  });

  it("reads at most 1,024 characters of a body", () => {
    const long = xml("message", { from: "boss@good.test", type: "chat" }, xml("body", {}, "x".repeat(100_000)));
    const read = readInbound(long, OWN);
    expect(read.kind === "message" && read.body.length).toBe(1024);
  });
});
