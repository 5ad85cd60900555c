// Reading a room's presence (XEP-0045) for the authbot mode. Pure: a presence stanza in, what it
// says about an occupant out. Only what the room itself sends counts: the occupant's real JID is
// the one in the room's muc#user <item jid=.../>, never anything the occupant wrote.
import type { Element } from "@xmpp/xml";
import { bareJid, canonicalBare, parseJid } from "../model/jid.ts";

export const NS_MUC = "http://jabber.org/protocol/muc";
export const NS_MUC_USER = "http://jabber.org/protocol/muc#user";
export const NS_MUC_ADMIN = "http://jabber.org/protocol/muc#admin";

/** Status codes of XEP-0045 §15.6.2 that the authbot mode reads. */
export const STATUS = { nonAnonymous: "100", self: "110", created: "201" } as const;

export type Affiliation = "owner" | "admin" | "member" | "outcast" | "none";

export type RoomPresence =
  | { kind: "self"; room: string; nick: string; affiliation: Affiliation; role: string; codes: string[] }
  | {
      kind: "occupant";
      room: string;
      nick: string;
      affiliation: Affiliation;
      role: string;
      /** The occupant's bare JID, RFC 7622-normalised. */
      realJid: string | undefined;
      /** The item's jid attribute as the room sent it (authbot's rule prepares it its own way). */
      itemJid: string | undefined;
    }
  | { kind: "left"; room: string; nick: string }
  | { kind: "error"; room: string; condition: string };

const AFFILIATIONS = new Set<Affiliation>(["owner", "admin", "member", "outcast", "none"]);

/** What a presence from one of `rooms` (bare room JIDs, canonical: canonicalBare) says, or undefined for any other presence. */
export function readRoomPresence(stanza: Element, rooms: ReadonlySet<string>): RoomPresence | undefined {
  const from = String(stanza.attrs.from ?? "");
  // The nick is kept as the room sent it (any text a room allows); the room's JID is compared canonical.
  const slash = from.indexOf("/");
  const room = canonicalBare(slash === -1 ? from : from.slice(0, slash));
  if (room === undefined || !rooms.has(room)) return undefined;
  if (stanza.attrs.type === "error") {
    const error = stanza.getChild("error");
    const condition = error?.children.find((c): c is Element => typeof c !== "string" && c.name !== "text")?.name ?? "undefined-condition";
    return { kind: "error", room, condition };
  }
  if (slash === -1) return undefined;
  const nick = from.slice(slash + 1);
  if (stanza.attrs.type === "unavailable") return { kind: "left", room, nick };
  if (stanza.attrs.type !== undefined) return undefined;
  const x = stanza.getChild("x", NS_MUC_USER);
  const item = x?.getChild("item");
  const affiliation = AFFILIATIONS.has(item?.attrs.affiliation as Affiliation) ? (item!.attrs.affiliation as Affiliation) : "none";
  const role = String(item?.attrs.role ?? "none");
  const codes = (x?.getChildren("status") ?? []).map((s) => String(s.attrs.code ?? ""));
  if (codes.includes(STATUS.self)) return { kind: "self", room, nick, affiliation, role, codes };
  const real = item?.attrs.jid === undefined ? undefined : parseJid(String(item.attrs.jid));
  const itemJid = item?.attrs.jid === undefined ? undefined : String(item.attrs.jid);
  return { kind: "occupant", room, nick, affiliation, role, realJid: real?.ok ? bareJid(real.jid) : undefined, itemJid };
}

/** Why the authbot mode cannot serve a room, from our own presence in it; undefined when it can. */
export function cannotServe(self: Extract<RoomPresence, { kind: "self" }>): string | undefined {
  if (self.affiliation !== "owner" && self.affiliation !== "admin")
    return `our account is ${self.affiliation === "none" ? "not affiliated" : `a ${self.affiliation}`} in ${self.room}: make it an admin or owner, so that it can grant membership`;
  if (!self.codes.includes(STATUS.nonAnonymous))
    return `${self.room} is not non-anonymous: configure it so that every occupant's real JID is visible (muc#roomconfig_whois = anyone), which the authbot mode needs to know who joined`;
  return undefined;
}
