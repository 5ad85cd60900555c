// The authbot mode through real servers and real rooms: one on Prosody (muc.good.test) and one on
// ejabberd (conference.ej.test), owned by the observatory's account and non-anonymous. People join;
// the observatory probes their domain afresh and grants membership, or explains in private why not.
import { client, xml } from "@xmpp/client";
import type { ChildProcess } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { Store } from "../../crawler/store/store.ts";
import { Authbot } from "../../crawler/chat/authbot.ts";
import { ChatBot } from "../../crawler/chat/bot.ts";
import { ProbeBudget } from "../../crawler/chat/probe-budget.ts";
import { INBOX } from "../../crawler/politeness.ts";
import { emptyContacts } from "../../crawler/contract.ts";
import { XmppSession } from "../../crawler/xmpp/session.ts";
import { reportWith } from "../helpers/fixtures.ts";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { paths } from "../../scripts/federation/render.ts";
import { JOINER_NAMES, JOINERS, PEOPLE, type JoinerName } from "../../scripts/federation/spec.ts";
import { crawlerEnv, freshDb, probesPerDomain, startLogged } from "./cli.ts";
import { person, stopPeople } from "./people.ts";
import { until } from "../helpers/until.ts";
import { recordProbe } from "../../crawler/crawl/record.ts";

const PROSODY_ROOM = "operators@muc.good.test";
const EJABBERD_ROOM = "operators@conference.ej.test";
const STRICT_ROOM = "strict@muc.good.test";

const running: ChildProcess[] = [];
const goodTestOverride = () => join(paths(inject("federation").dir).discoOverrides, "good.test.xml");
afterAll(async () => {
  for (const child of running) if (child.exitCode === null) child.kill("SIGKILL");
  await stopPeople();
  rmSync(goodTestOverride(), { force: true });
});

const xmlValue = (v: string) => `<value>${v.replace(/&/g, "&amp;").replace(/</g, "&lt;")}</value>`;
const formField = (name: string, ...values: string[]) => `<field var='${name}' type='list-multi'>${values.map(xmlValue).join("")}</field>`;
const serverinfoForm = (fields: string) =>
  `<x xmlns='jabber:x:data' type='result'><field var='FORM_TYPE' type='hidden'><value>http://jabber.org/network/serverinfo</value></field>${fields}</x>`;

/**
 * What good.test publishes while the joiners come in: each of them listed in one of the ways
 * operators write it, and the literal verdicts of authbot's rule (as the real bot was seen to
 * decide, issue 18) and of the observatory's.
 */
const LISTED: Record<JoinerName, { authbot: boolean; observatory: boolean }> = {
  exact: { authbot: true, observatory: true }, // xmpp:exact@good.test
  caps: { authbot: true, observatory: true }, // xmpp:Caps@good.test
  domaincaps: { authbot: true, observatory: true }, // xmpp:domaincaps@GOOD.test
  schemecaps: { authbot: true, observatory: true }, // XMPP:schemecaps@good.test
  join: { authbot: true, observatory: false }, // xmpp:join@good.test?join: a room to the observatory
  message: { authbot: true, observatory: true }, // xmpp:message@good.test?message;subject=hi
  sec: { authbot: true, observatory: true }, // in security-addresses
  second: { authbot: true, observatory: true }, // the second value of abuse-addresses
  full: { authbot: false, observatory: true }, // xmpp:full@good.test/laptop
  noscheme: { authbot: false, observatory: false }, // noscheme@good.test
  authority: { authbot: false, observatory: false }, // xmpp://authority@good.test
  escaped: { authbot: false, observatory: true }, // xmpp:%65scaped@good.test
  onlyadmin: { authbot: false, observatory: true }, // only in administrators
  helper: { authbot: false, observatory: false }, // only in support-addresses
  secondform: { authbot: false, observatory: false }, // only in a second serverinfo form
  misspelt: { authbot: false, observatory: false }, // only in admin-address (misspelt)
};

const LISTING_QUERY =
  `<query xmlns='http://jabber.org/protocol/disco#info'><identity category='server' type='im' name='Prosody'/>` +
  `<feature var='http://jabber.org/protocol/disco#info'/><feature var='http://jabber.org/protocol/disco#items'/>` +
  serverinfoForm(
    formField("abuse-addresses", "mailto:abuse@good.test", "xmpp:second@good.test") +
      formField(
        "admin-addresses",
        "xmpp:exact@good.test",
        "xmpp:Caps@good.test",
        "xmpp:domaincaps@GOOD.test",
        "XMPP:schemecaps@good.test",
        "xmpp:join@good.test?join",
        "xmpp:message@good.test?message;subject=hi",
        "xmpp:full@good.test/laptop",
        "noscheme@good.test",
        "xmpp://authority@good.test",
        "xmpp:%65scaped@good.test",
      ) +
      formField("security-addresses", "xmpp:sec@good.test") +
      formField("support-addresses", "xmpp:helper@good.test") +
      formField("admin-address", "xmpp:misspelt@good.test") +
      formField("administrators", "onlyadmin@good.test"),
  ) +
  serverinfoForm(formField("admin-addresses", "xmpp:secondform@good.test")) +
  `</query>`;

/** Creates `room` as `owner` (by default the observatory's account), non-anonymous and persistent, and leaves it. */
async function createRoom(room: string, owner?: { username: string; domain: string; password: string }): Promise<void> {
  const f = inject("federation");
  const [username, domain] = f.jid.split("@") as [string, string];
  const who = owner ?? { username, domain, password: f.password };
  const c = client({ service: f.service, domain: who.domain, username: who.username, password: who.password, resource: "setup", timeout: 30_000 });
  c.on("error", () => {});
  await c.start();
  try {
    let joined = false;
    let configured = false;
    c.on("stanza", (s) => {
      if (s.is("presence") && s.attrs.from === `${room}/setup`) joined = true;
      if (s.is("iq") && s.attrs.id === `configure-${room}`) configured = s.attrs.type === "result";
    });
    await c.send(xml("presence", { to: `${room}/setup` }, xml("x", { xmlns: "http://jabber.org/protocol/muc" })));
    await until(`${room} to be created`, () => joined);
    const field = (name: string, value: string) => xml("field", { var: name }, xml("value", {}, value));
    await c.send(
      xml(
        "iq",
        { type: "set", to: room, id: `configure-${room}` },
        xml(
          "query",
          { xmlns: "http://jabber.org/protocol/muc#owner" },
          xml(
            "x",
            { xmlns: "jabber:x:data", type: "submit" },
            field("FORM_TYPE", "http://jabber.org/protocol/muc#roomconfig"),
            field("muc#roomconfig_whois", "anyone"),
            field("muc#roomconfig_persistentroom", "1"),
          ),
        ),
      ),
    );
    await until(`${room} to be configured`, () => configured);
  } finally {
    await c.stop().catch(() => {});
  }
}

function authbot(db: string, args: string[]) {
  const run = startLogged(["authbot", ...args], crawlerEnv({ OBSERVATORY_DB: db, OBSERVATORY_SEEDS: "", OBSERVATORY_OPTOUT: "" }));
  running.push(run.child);
  return { run, log: run.log };
}

describe("authbot mode", () => {
  it("grants operators (on Prosody and on ejabberd) and administrators membership in rooms on Prosody and ejabberd, and tells the others why not", async () => {
    for (const room of [PROSODY_ROOM, EJABBERD_ROOM, STRICT_ROOM]) await createRoom(room);
    const db = freshDb();
    const bot = authbot(db, ["--room", PROSODY_ROOM, EJABBERD_ROOM]);
    await until("the rooms to be joined", () => bot.log().split('"event":"authbot-joined"').length - 1 === 2);

    const operator = await person(PEOPLE.operator);
    const administrator = await person(PEOPLE.administrator);
    const schemeless = await person(PEOPLE.schemeless);
    const stranger = await person(PEOPLE.stranger);

    for (const room of [PROSODY_ROOM, EJABBERD_ROOM]) {
      await operator.join(room, "admin");
      await until(`admin@good.test to become a member of ${room}`, () => operator.affiliations.get(room) === "member");
    }
    // An account on ejabberd, whose domain ej.test lists it, in the room on ejabberd.
    const ejabberdOperator = await person(PEOPLE.ejabberdOperator);
    await ejabberdOperator.join(EJABBERD_ROOM, "ej-admin");
    await until("admin@ej.test to become a member", () => ejabberdOperator.affiliations.get(EJABBERD_ROOM) === "member");
    await administrator.join(PROSODY_ROOM, "hostile-admin");
    await until("admin@hostile.test to become a member", () => administrator.affiliations.get(PROSODY_ROOM) === "member");

    await schemeless.join(PROSODY_ROOM, "bad-abuse");
    await until("the explanation to abuse@bad.test", () => schemeless.replies.length > 0);
    expect(schemeless.replies[0]).toContain(
      `I cannot make you a member of ${PROSODY_ROOM}: bad.test lists abuse@bad.test in abuse-addresses without the xmpp: scheme; publish xmpp:abuse@bad.test.`,
    );
    expect(schemeless.replies[0]).toContain("http://localhost:4321/servers/bad.test/");
    expect(schemeless.affiliations.get(PROSODY_ROOM)).toBe("none");

    await stranger.join(PROSODY_ROOM, "stranger");
    await until("the explanation to the stranger", () => stranger.replies.length > 0);
    expect(stranger.replies[0]).toContain(
      "good.test does not list stranger@good.test as an xmpp: address in abuse-, admin- or security-addresses, nor in administrators.",
    );
    expect(stranger.affiliations.get(PROSODY_ROOM)).toBe("none");
    // A presence update of someone already in the room is no new join: no second probe, message or decision.
    await stranger.client.send(xml("presence", { to: `${PROSODY_ROOM}/stranger` }, xml("show", {}, "away")));
    await sleep(2000);
    expect(stranger.replies).toHaveLength(1);

    bot.run.child.kill("SIGTERM");
    expect((await bot.run.done).code).toBe(0);

    // A room that keeps authbot's own rule: an entry of administrators is not enough.
    const strict = authbot(db, ["--room", STRICT_ROOM, "--authbot-rule"]);
    await until("the strict room to be joined", () => strict.log().includes('"event":"authbot-joined"'));
    const before = administrator.replies.length;
    await administrator.join(STRICT_ROOM, "hostile-admin");
    await until("the explanation to admin@hostile.test", () => administrator.replies.length > before);
    expect(administrator.replies[before]).toContain(
      "hostile.test lists you only in administrators, which authbot does not read; publish xmpp:admin@hostile.test in admin-addresses.",
    );
    expect(administrator.affiliations.get(STRICT_ROOM)).toBe("none");
    strict.run.child.kill("SIGTERM");
    expect((await strict.run.done).code).toBe(0);

    // Every decision is kept, with the probe it was made on.
    const store = Store.open(db);
    const decisions = store.chat.authbotDecisions();
    store.close();
    expect(decisions.map((d) => [d.room, d.jid, d.granted]).sort()).toEqual(
      [
        [EJABBERD_ROOM, "admin@ej.test", true],
        [EJABBERD_ROOM, "admin@good.test", true],
        [PROSODY_ROOM, "abuse@bad.test", false],
        [PROSODY_ROOM, "admin@good.test", true],
        [PROSODY_ROOM, "admin@hostile.test", true],
        [PROSODY_ROOM, "stranger@good.test", false],
        [STRICT_ROOM, "admin@hostile.test", false],
      ].sort(),
    );
    expect(decisions.every((d) => d.probeId !== undefined)).toBe(true);
    expect(decisions.find((d) => d.jid === "admin@good.test")?.fields).toEqual(["admin-addresses", "administrators"]);
  }, 90_000);

  it("lets in under each rule exactly whom that rule names, for joiners listed in every way operators write them", async () => {
    const observatoryRoom = "listed@muc.good.test";
    const authbotRoom = "listed-strict@muc.good.test";
    for (const room of [observatoryRoom, authbotRoom]) await createRoom(room);
    mkdirSync(paths(inject("federation").dir).discoOverrides, { recursive: true });
    writeFileSync(goodTestOverride(), LISTING_QUERY);
    try {
      const db = freshDb();
      const joiners = await Promise.all(JOINER_NAMES.map(async (name) => [name, await person(JOINERS[name])] as const));
      for (const [room, rule] of [
        [observatoryRoom, "observatory"],
        [authbotRoom, "authbot"],
      ] as const) {
        const bot = authbot(db, ["--room", room, ...(rule === "authbot" ? ["--authbot-rule"] : [])]);
        await until(`${room} to be joined`, () => bot.log().includes('"event":"authbot-joined"'));
        for (const [name, joiner] of joiners) await joiner.join(room, name);
        // Each joiner is decided once: granted ones become members, the others hear why not.
        await until(`every decision in ${room}`, () => bot.log().split(/"event":"authbot-(granted|refused)"/).length - 1 >= 2 * JOINER_NAMES.length);
        for (const [name, joiner] of joiners.filter(([n]) => LISTED[n][rule]))
          await until(`${name}@good.test to become a member of ${room}`, () => joiner.affiliations.get(room) === "member");
        bot.run.child.kill("SIGTERM");
        expect((await bot.run.done).code).toBe(0);
      }
      const store = Store.open(db);
      const decisions = store.chat.authbotDecisions();
      store.close();
      const granted = (room: string) =>
        Object.fromEntries(decisions.filter((d) => d.room === room).map((d) => [d.jid.slice(0, d.jid.indexOf("@")), d.granted] as const));
      const expected = (rule: "authbot" | "observatory") => Object.fromEntries(JOINER_NAMES.map((n) => [n, LISTED[n][rule]]));
      expect(granted(authbotRoom)).toEqual(expected("authbot"));
      expect(granted(observatoryRoom)).toEqual(expected("observatory"));
      expect(decisions.every((d) => d.probeId !== undefined)).toBe(true);
      const [, full] = joiners.find(([n]) => n === "full")!;
      expect(full.replies.at(-1)).toContain(
        'good.test lists "xmpp:full@good.test/laptop" in admin-addresses, which is a full JID with a resource, and authbot compares bare JIDs, so it never matches; publish xmpp:full@good.test.',
      );
    } finally {
      rmSync(goodTestOverride(), { force: true });
    }
  }, 60_000);

  it("the Authbot class: refuses an opted-out domain without probing it, probes a domain once for many joins, explains a refusal once, and decides a rejoin within the minute no more", async () => {
    const room = "classroom@muc.good.test";
    await createRoom(room);
    const store = Store.open(freshDb());
    store.domains.add(["bad.test", "good.test"], "test");
    store.domains.optOut("bad.test", "asked by xmpp:abuse@bad.test", "2099-01-01T00:00:00.000Z");
    const probed: string[] = [];
    // The probe the mode makes (schedule/daemon.ts gives it the crawl's); here one that counts, on a stored report of good.test's listing.
    const probe = async (domain: string) => {
      probed.push(domain);
      const report = reportWith({ domain, contacts: { ...emptyContacts(), admin: ["xmpp:admin@good.test"] } });
      return { report, probeId: recordProbe(store, null, { report, evidence: [] }) };
    };
    const events: string[] = [];
    const logger = { log: (_level: string, event: string) => void events.push(event) };
    const f = inject("federation");
    const session = await XmppSession.open({ jid: f.jid, password: f.password, service: f.service });
    const bot = new Authbot(session, store, logger, probe, { rooms: [room], rule: "observatory", nick: "observatory", siteUrl: "http://localhost:4321" });
    try {
      await bot.start();
      const schemeless = await person(PEOPLE.schemeless);
      await schemeless.join(room, "bad-abuse");
      await until("the opted-out explanation", () => schemeless.replies.some((r) => r.includes(room)));
      expect(schemeless.replies.at(-1)).toBe(
        `I cannot make you a member of ${room}: bad.test opted out of this observatory, so I do not probe it. The room grants membership to operators their server lists. http://localhost:4321/servers/bad.test/`,
      );
      // Two joiners from good.test at once: one probe of good.test serves both.
      const operator = await person(PEOPLE.operator);
      const stranger = await person(PEOPLE.stranger);
      await Promise.all([operator.join(room, "admin"), stranger.join(room, "stranger")]);
      await until("admin@good.test to become a member", () => operator.affiliations.get(room) === "member");
      await until("the stranger's explanation", () => stranger.replies.some((r) => r.includes(room)));
      expect(probed).toEqual(["good.test"]);
      // The stranger leaves and comes back three times within the minute a decision holds: nothing is
      // decided, stored, logged or told again (before, each rejoin added a row to the store and a log line).
      const told = stranger.replies.filter((r) => r.includes(room)).length;
      const logged = events.length;
      for (let i = 0; i < 3; i++) {
        await stranger.client.send(xml("presence", { to: `${room}/stranger`, type: "unavailable" }));
        await sleep(500);
        await stranger.client.send(xml("presence", { to: `${room}/stranger` }, xml("x", { xmlns: "http://jabber.org/protocol/muc" })));
        await sleep(500);
      }
      await sleep(2000);
      expect(store.chat.authbotDecisions().filter((d) => d.jid === "stranger@good.test")).toHaveLength(1);
      expect(events.length).toBe(logged);
      expect(stranger.replies.filter((r) => r.includes(room))).toHaveLength(told);
      expect(told).toBe(1);
      expect(probed).toEqual(["good.test"]);
      expect(store.chat.authbotDecisions().map((d) => [d.jid, d.granted, d.probeId === undefined])).toEqual([
        expect.anything(),
        expect.anything(),
        ["abuse@bad.test", false, true],
      ]);
      expect(
        store.chat
          .authbotDecisions()
          .slice(0, 2)
          .map((d) => [d.jid, d.granted, d.probeId === undefined])
          .sort(),
      ).toEqual([
        ["admin@good.test", true, false],
        ["stranger@good.test", false, false],
      ]);
    } finally {
      await session.close();
      store.close();
    }
  }, 60_000);

  it("draws on the chat's probes a minute: ten chat checks leave no probe for a joiner within that minute", async () => {
    const room = "busy@muc.good.test";
    await createRoom(room);
    const db = freshDb();
    const bot = authbot(db, ["--room", room]);
    await until(`${room} to be joined`, () => bot.log().includes('"event":"authbot-joined"'));
    // Two senders, five checks each (the most one sender may ask an hour): INBOX.checkProbesPerMinute in all.
    const domains = [
      "bad.test",
      "bare.test",
      "dup.test",
      "error.test",
      "fallback.test",
      "fields.test",
      "form.test",
      "gateway.test",
      "noidentity.test",
      "plain.test",
    ];
    expect(domains).toHaveLength(INBOX.checkProbesPerMinute);
    const [first, second] = await Promise.all([person(JOINERS.exact), person(JOINERS.caps)]);
    await Promise.all(domains.map((domain, i) => (i % 2 === 0 ? first : second).say(`check ${domain}`)));
    // Each check takes its place in the minute's budget before it probes, and logs chat-check then.
    await until("every chat check to start", () => bot.log().split('"event":"chat-check"').length - 1 === domains.length);
    const operator = await person(PEOPLE.operator);
    const before = operator.replies.length;
    await operator.join(room, "admin");
    await until("the decision on admin@good.test", () => /"event":"authbot-(granted|refused)"/.test(bot.log()));
    await until("the explanation to admin@good.test", () => operator.replies.length > before);
    expect(operator.replies.at(-1)).toMatch(
      new RegExp(
        `^I cannot make you a member of ${room}: I am probing many domains right now \\(at most 10 a minute, for chat and joiners together\\); rejoin after \\d{1,2} [A-Z][a-z]{2} \\d{4}, \\d\\d:\\d\\d UTC\\. The room grants membership to operators their server lists\\. http://localhost:4321/servers/good\\.test/$`,
      ),
    );
    expect(operator.affiliations.get(room)).toBe("none");
    bot.run.child.kill("SIGTERM");
    expect((await bot.run.done).code).toBe(0);
    // good.test was never probed: the refusal was made before any probe, and kept without one.
    expect(probesPerDomain(db).get("good.test")).toBeUndefined();
    const store = Store.open(db);
    const decisions = store.chat.authbotDecisions();
    store.close();
    expect(decisions.map((d) => [d.jid, d.granted, d.probeId])).toEqual([["admin@good.test", false, undefined]]);
  }, 120_000);

  it("the Authbot class: never probes a joiner whose domain is an IP address", async () => {
    const room = "guarded@muc.good.test";
    await createRoom(room);
    const store = Store.open(freshDb());
    const probed: string[] = [];
    const probe = async (domain: string) => {
      probed.push(domain);
      const report = reportWith({ domain });
      return { report, probeId: recordProbe(store, null, { report, evidence: [] }) };
    };
    const f = inject("federation");
    const session = await XmppSession.open({ jid: f.jid, password: f.password, service: f.service });
    const logger = { log: () => {} };
    const bot = new Authbot(session, store, logger, probe, { rooms: [room], rule: "observatory", nick: "observatory", siteUrl: "http://localhost:4321" });
    try {
      await bot.start();
      // What a room says of an occupant who joined: a hostile room, or one a hostile server reaches, can name any JID.
      const occupant = (nick: string, jid: string) =>
        xml(
          "presence",
          { from: `${room}/${nick}`, to: f.jid },
          xml("x", { xmlns: "http://jabber.org/protocol/muc#user" }, xml("item", { affiliation: "none", role: "participant", jid })),
        );
      session.emit("presence", occupant("loopback", "x@127.1/r"));
      session.emit("presence", occupant("v6", "y@[::1]/r"));
      await until("both decisions", () => store.chat.authbotDecisions().length === 2);
      expect(probed).toEqual([]);
      expect(
        store.chat
          .authbotDecisions()
          .map((d) => [d.jid, d.domain, d.granted, d.reason, d.probeId])
          .sort(),
      ).toEqual(
        [
          ["x@127.0.0.1", "127.0.0.1", false, "Your domain cannot be asked: it is an IP address (127.0.0.1): federated XMPP domains are DNS names.", undefined],
          ["y@[::1]", "[::1]", false, "Your domain cannot be asked: it is an IP address ([::1]): federated XMPP domains are DNS names.", undefined],
        ].sort(),
      );
      expect(store.domains.list()).toEqual([]);
    } finally {
      await session.close();
      store.close();
    }
  });

  it("the Authbot class: takes new domains within the chat's daily cap, which both draw on", async () => {
    const room = "newcomers@muc.good.test";
    await createRoom(room);
    const store = Store.open(freshDb());
    store.domains.add(["good.test"], "test");
    const probed: string[] = [];
    const probe = async (domain: string) => {
      probed.push(domain);
      const report = reportWith({ domain, contacts: { ...emptyContacts(), admin: [`xmpp:admin@${domain}`] } });
      store.domains.add([domain], "chat");
      return { report, probeId: recordProbe(store, null, { report, evidence: [] }) };
    };
    const logger = { log: () => {} };
    const budget = new ProbeBudget();
    // The chat takes all the day's new domains but one, from ten senders over the last hours (five each, the most one sender may ask an hour).
    const chat = new ChatBot({ store, logger, probe: async (domain) => (await probe(domain)).report, siteUrl: "http://localhost:4321", budget });
    const start = Date.now() - 12 * 3_600_000;
    for (let i = 0; i < INBOX.newDomainsPerDay - 1; i++) await chat.handle(`sender${i % 10}@else.test`, `check new${i}.test`, start + i * 7 * 60_000);
    expect(probed).toHaveLength(INBOX.newDomainsPerDay - 1);
    const f = inject("federation");
    const session = await XmppSession.open({ jid: f.jid, password: f.password, service: f.service });
    const options = { rooms: [room], rule: "observatory" as const, nick: "observatory", siteUrl: "http://localhost:4321" };
    const bot = new Authbot(session, store, logger, probe, options, budget);
    try {
      await bot.start();
      // The last new domain of the day: bad.test is probed (and lists someone else).
      const schemeless = await person(PEOPLE.schemeless);
      await schemeless.join(room, "bad-abuse");
      await until("the explanation to abuse@bad.test", () => schemeless.replies.some((r) => r.includes(room)));
      expect(schemeless.replies.at(-1)).toContain("bad.test does not list abuse@bad.test as an xmpp: address");
      // Past the day's new domains: hostile.test is refused without a probe.
      const administrator = await person(PEOPLE.administrator);
      await administrator.join(room, "hostile-admin");
      await until("the explanation to admin@hostile.test", () => administrator.replies.some((r) => r.includes(room)));
      expect(administrator.replies.at(-1)).toBe(
        `I cannot make you a member of ${room}: hostile.test is new to me, and I take at most 50 new domains a day, for chat and joiners together; ask the operator of this observatory to add it, or rejoin tomorrow. The room grants membership to operators their server lists. http://localhost:4321/servers/hostile.test/`,
      );
      // A listed domain is still probed, and its operator let in.
      const operator = await person(PEOPLE.operator);
      await operator.join(room, "admin");
      await until("admin@good.test to become a member", () => operator.affiliations.get(room) === "member");
      expect(probed.slice(INBOX.newDomainsPerDay - 1)).toEqual(["bad.test", "good.test"]);
      expect(store.domains.isListed("hostile.test")).toBe(false);
      expect(store.chat.authbotDecisions().map((d) => [d.jid, d.granted, d.probeId === undefined])).toEqual([
        ["admin@good.test", true, false],
        ["admin@hostile.test", false, true],
        ["abuse@bad.test", false, false],
      ]);
      // The chat finds the day's cap reached too: the joiner's new domain counted in it.
      expect(await chat.handle("late@else.test", "check other.test", Date.now())).toBe(
        "I take at most 50 new domains a day, for chat and joiners together, and that is reached. Try again tomorrow, or ask the operator of this observatory to add other.test.",
      );
    } finally {
      await session.close();
      store.close();
    }
  });

  it("says at start when it cannot serve a room, and exits 2", async () => {
    // A room the observatory's account does not own: it cannot grant membership there.
    await createRoom("theirs@muc.good.test", PEOPLE.stranger);
    const db = freshDb();
    const bot = authbot(db, ["--room", "theirs@muc.good.test"]);
    const result = await bot.run.done;
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("cannot serve theirs@muc.good.test: our account is not affiliated in theirs@muc.good.test: make it an admin or owner");
  });
});
