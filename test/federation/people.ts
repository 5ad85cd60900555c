// People of the federation with plain XMPP clients (not our session, whose replies carry the
// observatory's mark), writing to the crawler's account and reading its replies.
import { client, xml } from "@xmpp/client";
import { inject } from "vitest";
import { NS_OBSERVATORY_REPLY } from "../../crawler/xmpp/inbound.ts";
import { ADDRESSES, EJABBERD_PEOPLE } from "../../scripts/federation/spec.ts";
import { until } from "../helpers/until.ts";

export type Person = Awaited<ReturnType<typeof person>>;

const clients: Array<ReturnType<typeof client>> = [];

/** Stops every client that person() started (afterAll). */
export async function stopPeople(): Promise<void> {
  for (const c of clients.splice(0)) await c.stop().catch(() => {});
}

export async function person(who: { username: string; domain: string; password: string }) {
  // Each logs in to the server that hosts their account.
  const service = (EJABBERD_PEOPLE as ReadonlyArray<typeof who>).includes(who) ? `xmpp://${ADDRESSES.ejabberd}:5222` : inject("federation").service;
  const c = client({ service, domain: who.domain, username: who.username, password: who.password, timeout: 30_000 });
  c.on("error", () => {});
  const replies: string[] = [];
  c.on("stanza", (s) => {
    const body = s.is("message") ? s.getChildText("body") : null;
    if (body !== null) replies.push(s.getChild("x", NS_OBSERVATORY_REPLY) ? body : `(unmarked) ${body}`);
  });
  await c.start();
  clients.push(c);
  await c.send(xml("presence"));
  const say = (body: string) => c.send(xml("message", { to: inject("federation").jid, type: "chat" }, xml("body", {}, body)));
  /** Says `body` and waits for the next reply. */
  const ask = async (body: string): Promise<string> => {
    const before = replies.length;
    await say(body);
    await until(`a reply to ${JSON.stringify(body)}`, () => replies.length > before);
    return replies[before]!;
  };
  /** Our affiliation in each room, as the room last told us (its presences about us, status 110). */
  const affiliations = new Map<string, string>();
  c.on("stanza", (s) => {
    const x = s.is("presence") ? s.getChild("x", "http://jabber.org/protocol/muc#user") : undefined;
    const self = x?.getChildren("status").some((status: { attrs: Record<string, string> }) => status.attrs.code === "110");
    if (x && self) affiliations.set(String(s.attrs.from).split("/")[0]!, String(x.getChild("item")?.attrs.affiliation ?? "none"));
  });
  /** Joins a room under `nick` and waits until the room says we are in. */
  const join = async (room: string, nick: string) => {
    await c.send(xml("presence", { to: `${room}/${nick}` }, xml("x", { xmlns: "http://jabber.org/protocol/muc" })));
    await until(`${who.username}@${who.domain} in ${room}`, () => affiliations.has(room));
  };
  return { client: c, say, ask, replies, join, affiliations };
}
