// Which messages to our account may be read as a person writing to us. Pure: a stanza in, a sender
// and a body or the reason to ignore it out. Anything relayed (carbons, forwards, MUC invitations,
// room traffic) would let one person speak with another's or a room's address; anything automatic
// (errors, headlines, our own kind of reply) could start a loop between two bots.
import type { Element } from "@xmpp/xml";
import { bareJid, parseJid } from "../model/jid.ts";

/** Every reply we send carries this element, and a message that carries it is never answered. */
export const NS_OBSERVATORY_REPLY = "urn:xmpp:serverinfo-observatory:reply:0";

/** Of a message's body, this much is read. */
export const MAX_MESSAGE_CHARS = 1024;

const RELAYED = new Set([
  "http://jabber.org/protocol/muc#user", // MUC invitations, room messages and private messages in rooms (XEP-0045)
  "jabber:x:conference", // direct MUC invitations (XEP-0249)
  "urn:xmpp:carbons:2", // copies of our account's other sessions' traffic (XEP-0280)
  "urn:xmpp:forward:0", // forwarded messages (XEP-0297)
  "urn:xmpp:mam:2", // archive results (XEP-0313)
  NS_OBSERVATORY_REPLY,
]);

export type Inbound = { kind: "message"; sender: string; body: string } | { kind: "ignored"; reason: string };

export function readInbound(stanza: Element, ownBareJid: string | undefined): Inbound {
  const type = stanza.attrs.type ?? "normal";
  if (type !== "chat" && type !== "normal") return { kind: "ignored", reason: `type ${type}` };
  const relayed = stanza.children.find((c): c is Element => typeof c !== "string" && RELAYED.has(c.attrs.xmlns ?? ""));
  if (relayed) return { kind: "ignored", reason: `carries ${relayed.attrs.xmlns}` };
  const body = stanza.getChild("body")?.getText();
  if (!body || body.trim() === "") return { kind: "ignored", reason: "no body" };
  const from = parseJid(stanza.attrs.from ?? "");
  // A sender without a local part is a server or a service, never a person.
  if (!from.ok || from.jid.local === undefined) return { kind: "ignored", reason: "not from an account" };
  const sender = bareJid(from.jid);
  if (sender === ownBareJid) return { kind: "ignored", reason: "from ourselves" };
  return { kind: "message", sender, body: body.slice(0, MAX_MESSAGE_CHARS) };
}
