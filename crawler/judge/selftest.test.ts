// The self-test's judgement, on answers written out by hand: each case a literal verdict.
import { describe, expect, it } from "vitest";
import { answerFromXml, type IqAnswer } from "../model/answer.ts";
import { reportWith } from "../../test/helpers/fixtures.ts";
import { judgeListed, judgeSelftest, selftestFix, type Asked, type NodeSeen, type RoomSeen, type SelftestSeen, type ServiceSeen } from "./selftest.ts";
import { renderSelftest, selftestExitCode } from "../cli/selftest.ts";

const ME = "admin@example.org";
const ROOM = "lobby@muc.example.org";
const asked = (request: string, raw: string | undefined, to = ROOM): Asked => ({
  to,
  request,
  answer: raw === undefined ? ({ kind: "timeout" } as IqAnswer) : answerFromXml(raw),
});
const list = (...items: Array<[string, string]>) =>
  `<iq type="result" from="${ROOM}"><query xmlns="http://jabber.org/protocol/muc#admin">${items.map(([jid, a]) => `<item jid="${jid}" affiliation="${a}"/>`).join("")}</query></iq>`;
const form = `<iq type="result" from="${ROOM}"><query xmlns="http://jabber.org/protocol/muc#owner"><x xmlns="jabber:x:data" type="form"/></query></iq>`;
const refused = (condition: string) =>
  `<iq type="error" from="${ROOM}"><error type="auth"><${condition} xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>`;
const items = `<iq type="result" from="muc.example.org"><query xmlns="http://jabber.org/protocol/disco#items"><item jid="${ROOM}"/></query></iq>`;

function room(lists: { owner?: string; admin?: string; member?: string }, ownerForm?: string): RoomSeen {
  const seen: RoomSeen = { room: ROOM, lists: {} };
  for (const [name, raw] of Object.entries(lists)) seen.lists[name as "owner"] = asked(`muc#admin get, affiliation ${name}`, raw);
  if (ownerForm !== undefined) seen.ownerForm = asked("muc#owner get", ownerForm);
  return seen;
}

function seenWith(rooms: RoomSeen[], over: Partial<SelftestSeen> = {}, nodes: NodeSeen[] = []): SelftestSeen {
  const muc: ServiceSeen<RoomSeen> = { jid: "muc.example.org", items: asked("disco#items", items, "muc.example.org"), targets: rooms };
  const pubsub: ServiceSeen<NodeSeen>[] =
    nodes.length > 0 ? [{ jid: "pubsub.example.org", items: asked("disco#items", items, "pubsub.example.org"), targets: nodes }] : [];
  return {
    domain: "example.org",
    administrator: ME,
    startedAt: "2026-12-03T10:00:00.000Z",
    durationMs: 1200,
    report: reportWith({ domain: "example.org", administrators: ["Admin@Example.org"], software: { name: "Prosody", version: "13.0.2" } }),
    muc: [muc],
    pubsub,
    requests: { get: 7, set: 0 },
    notes: [],
    ...over,
  };
}

const statuses = (seen: SelftestSeen) => judgeSelftest(seen, 10_000).results.map((r) => `${r.check} ${r.status}`);

describe("the self-test's judgement", () => {
  it("passes a room that gives the form and lists others as owners", () => {
    expect(statuses(seenWith([room({ owner: list(["other@example.org", "owner"]), admin: list(), member: list() }, form)]))).toEqual([
      "listed pass",
      "muc-owner-rights pass",
      "muc-not-listed pass",
      "pubsub-owner-rights skip",
    ]);
  });

  it("fails a refusal with Prosody 13's fix, and cannot see the owner list it refused", () => {
    const out = judgeSelftest(
      seenWith([room({ owner: refused("forbidden"), admin: refused("forbidden"), member: refused("forbidden") }, refused("forbidden"))]),
      10_000,
    );
    expect(out.results.map((r) => `${r.check} ${r.status}`)).toEqual([
      "listed pass",
      "muc-owner-rights fail",
      "muc-not-listed skip",
      "pubsub-owner-rights skip",
    ]);
    expect(out.results[1]!.fix).toBe(
      "Since Prosody 13.0 component admins are no longer room owners by default (`component_admins_as_room_owners` is false): add `component_admins_as_room_owners = true` to the MUC Component section, list your JID in that Component's own `admins` (or the global `admins`; a VirtualHost's `admins` does not reach its components), and restart Prosody. Rooms then treat you as an owner without listing you among their owners.",
    );
    expect(selftestExitCode(out)).toBe(1);
  });

  it("takes not-allowed as a refusal too, and other errors as saying nothing", () => {
    expect(statuses(seenWith([room({ owner: list() }, refused("not-allowed"))]))[1]).toBe("muc-owner-rights fail");
    expect(statuses(seenWith([room({ owner: list() }, refused("item-not-found"))]))[1]).toBe("muc-owner-rights skip");
    expect(statuses(seenWith([room({ owner: list() }, undefined)]))[1]).toBe("muc-owner-rights skip");
  });

  it("does not test rights where the administrator holds an affiliation, and fails the listing where they are an owner of record", () => {
    const owner = judgeSelftest(seenWith([room({ owner: list(["ADMIN@example.org", "owner"]) }, form)]), 10_000);
    expect(owner.results.map((r) => `${r.check} ${r.status}`)).toEqual([
      "listed pass",
      "muc-owner-rights skip",
      "muc-not-listed fail",
      "pubsub-owner-rights skip",
    ]);
    expect(owner.results[1]!.why).toBe(
      "You are an owner of this room, so its answer says nothing about administrator rights: the test needs a room where you have no affiliation.",
    );
    expect(owner.results[2]!.fix).toContain("Remove your owner affiliation");
    const member = statuses(seenWith([room({ owner: list(["other@example.org", "owner"]), admin: list(), member: list([ME, "member"]) }, form)]));
    expect(member).toEqual(["listed pass", "muc-owner-rights skip", "muc-not-listed pass", "pubsub-owner-rights skip"]);
  });

  it("judges nodes by their configuration form and affiliations", () => {
    const node = (affiliations: string, configure: string): NodeSeen => ({
      service: "pubsub.example.org",
      node: "news",
      affiliations: asked("pubsub#owner affiliations get", affiliations, "pubsub.example.org"),
      configure: asked("pubsub#owner configure get", configure, "pubsub.example.org"),
    });
    const affs = (...a: Array<[string, string]>) =>
      `<iq type="result"><pubsub xmlns="http://jabber.org/protocol/pubsub#owner"><affiliations node="news">${a.map(([j, x]) => `<affiliation jid="${j}" affiliation="${x}"/>`).join("")}</affiliations></pubsub></iq>`;
    const config = `<iq type="result"><pubsub xmlns="http://jabber.org/protocol/pubsub#owner"><configure node="news"><x xmlns="jabber:x:data" type="form"/></configure></pubsub></iq>`;
    const withNode = (n: NodeSeen) => statuses(seenWith([], {}, [n])).filter((s) => s.startsWith("pubsub"));
    expect(withNode(node(affs(["other@example.org", "owner"]), config))).toEqual(["pubsub-owner-rights pass", "pubsub-not-listed pass"]);
    expect(withNode(node(refused("forbidden"), refused("forbidden")))).toEqual(["pubsub-owner-rights fail", "pubsub-not-listed skip"]);
    expect(withNode(node(affs([ME, "owner"]), config))).toEqual(["pubsub-owner-rights skip", "pubsub-not-listed fail"]);
    expect(withNode(node(affs([ME, "publisher"]), config))).toEqual(["pubsub-owner-rights skip", "pubsub-not-listed pass"]);
    // A configure answer without a form of type form says nothing.
    expect(withNode(node(affs(), `<iq type="result"/>`))).toEqual(["pubsub-owner-rights skip", "pubsub-not-listed pass"]);
  });

  it("says when nothing was asked of a silent service, and how to make a room when there is none", () => {
    const silent: ServiceSeen<RoomSeen> = {
      jid: "muc.example.org",
      items: asked("disco#items", undefined, "muc.example.org"),
      targets: [],
      wentSilent: "disco#items to muc.example.org",
    };
    const out = judgeSelftest(seenWith([], { muc: [silent] }), 3_000);
    expect(out.results[1]).toMatchObject({
      check: "muc-owner-rights",
      status: "skip",
      entity: "muc.example.org",
      why: "The service did not list its rooms (disco#items) within 3 s; nothing more was asked of it.",
      evidence: [{ to: "muc.example.org", request: "disco#items", outcome: "timeout" }],
    });
    const empty: ServiceSeen<RoomSeen> = {
      jid: "muc.example.org",
      items: asked("disco#items", `<iq type="result"><query xmlns="http://jabber.org/protocol/disco#items"/></iq>`),
      targets: [],
    };
    expect(judgeSelftest(seenWith([], { muc: [empty] }), 3_000).results[1]!.why).toBe(
      "The service lists no rooms. To test, have another account (not an administrator) create a public room there, then run the self-test again.",
    );
    const cutShort = {
      ...seenWith([room({ owner: list() })]),
      muc: [{ ...seenWith([]).muc[0]!, targets: [room({ owner: list() })], wentSilent: "muc#admin get, affiliation admin to lobby@muc.example.org" }],
    };
    expect(judgeSelftest(cutShort, 3_000).results[1]!.why).toBe(
      "Not asked: the service did not answer muc#admin get, affiliation admin to lobby@muc.example.org within 3 s, and nothing more was asked of it.",
    );
  });

  it("reads the listing as the administrators rule does: bare JIDs, canonical, no scheme", () => {
    const report = (administrators: string[]) => reportWith({ domain: "example.org", administrators });
    expect(judgeListed(report(["admin@EXAMPLE.org"]), ME).status).toBe("pass");
    expect(judgeListed(report(["admin@example.org/laptop"]), ME).status).toBe("pass");
    expect(judgeListed(report(["xmpp:admin@example.org"]), ME)).toEqual({
      status: "fail",
      why: "example.org's administrators field lists no valid bare JID, not admin@example.org. The other checks still ran.",
    });
    expect(judgeListed(report([]), ME).why).toBe(
      "example.org publishes no administrators field, so nobody can tell that admin@example.org administers it. The other checks still ran.",
    );
    expect(judgeListed(reportWith({ domain: "example.org", outcome: "timeout" }), ME)).toEqual({
      status: "fail",
      why: "example.org did not answer disco#info (timeout), so its administrators field could not be read.",
    });
  });

  it("gives each software its own fix, and the generic one otherwise", () => {
    expect(selftestFix("muc-owner-rights", "ejabberd")).toContain("`mod_muc: access_admin: muc_admin`");
    expect(selftestFix("muc-owner-rights", "prosody-0.12")).toContain("a VirtualHost's `admins` does not reach its components");
    expect(selftestFix("muc-owner-rights", "openfire")).toBe(
      "Give the administrators you publish the MUC service's admin rights, so that it treats them as the owner of every room.",
    );
    expect(selftestFix("pubsub-owner-rights", undefined)).toBe(
      "Give the administrators you publish the PubSub service's admin rights, so that it treats them as the owner of every node.",
    );
  });

  it("keeps no private value of an owner form in its evidence, in JSON or in the text, and says which it took out", () => {
    const owner = `<iq type="result" from="${ROOM}" id="q1"><query xmlns="http://jabber.org/protocol/muc#owner"><x xmlns="jabber:x:data" type="form">
<field var="muc#roomconfig_roomname" type="text-single"><value>Lobby</value></field>
<field var="muc#roomconfig_passwordprotectedroom" type="boolean"><value>1</value></field>
<field var="muc#roomconfig_roomsecret" type="text-private" label="Password"><value>hunter2-room</value></field>
<field var="x-api_token"><value>tok-5eCr3t</value></field>
<field var="muc#roomconfig_roomsecret2" type="text-private"><value></value></field>
</x></query></iq>`;
    const out = judgeSelftest(seenWith([room({ owner: list() }, owner)]), 10_000);
    const evidence = out.results.find((r) => r.check === "muc-owner-rights")!.evidence[0]!;
    expect(evidence.redacted).toBe("the values of 2 private fields were replaced by [redacted]: muc#roomconfig_roomsecret, x-api_token");
    expect(evidence.answer).toBe(`<iq type="result" from="${ROOM}"><query xmlns="http://jabber.org/protocol/muc#owner"><x xmlns="jabber:x:data" type="form">
<field var="muc#roomconfig_roomname" type="text-single"><value>Lobby</value></field>
<field var="muc#roomconfig_passwordprotectedroom" type="boolean"><value>1</value></field>
<field var="muc#roomconfig_roomsecret" type="text-private" label="Password"><value>[redacted]</value></field>
<field var="x-api_token"><value>[redacted]</value></field>
<field var="muc#roomconfig_roomsecret2" type="text-private"><value/></field>
</x></query></iq>`);
    expect(out.results.find((r) => r.check === "muc-owner-rights")!.status).toBe("pass");
    for (const shown of [JSON.stringify(out), renderSelftest(out)]) {
      expect(shown).not.toContain("hunter2-room");
      expect(shown).not.toContain("tok-5eCr3t");
    }
    expect(renderSelftest(out)).toContain(
      "          (redacted: the values of 2 private fields were replaced by [redacted]: muc#roomconfig_roomsecret, x-api_token)",
    );
    // An answer without a private value is kept as received.
    const plain = judgeSelftest(seenWith([room({ owner: list() }, form)]), 10_000).results.find((r) => r.check === "muc-owner-rights")!.evidence[0]!;
    expect(plain).toEqual({ to: ROOM, request: "muc#owner get", answer: form, outcome: "ok" });
  });

  it("keeps results in check order, and writes hostile text safely on the terminal", () => {
    const hostile = room({ owner: list() }, form);
    hostile.room = "evil\u202e@muc.example.org";
    const out = judgeSelftest(seenWith([hostile]), 10_000);
    expect(out.results.map((r) => r.check)).toEqual(["listed", "muc-owner-rights", "muc-not-listed", "pubsub-owner-rights"]);
    const text = renderSelftest(out);
    expect(text).not.toContain("\u202e");
    expect(text).toContain("evil\\u{202e}@muc.example.org");
    expect(text).toContain("example.org: self-test as admin@example.org, 3 Dec 2026, 10:00 UTC");
    expect(text).toContain("7 requests, all of type get (0 set)");
  });
});
