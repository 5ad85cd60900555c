// The chat bot against a real (in-memory) store, its probes made from answers captured from real
// servers: the commands, the two steps of an opt-out, the limits, and a flood.
import { describe, expect, it } from "vitest";
import { analyzeProbe } from "../probe/analyze.ts";
import { Store } from "../store/store.ts";
import { answers, fixture } from "../../test/helpers/fixtures.ts";
import type { Logger } from "../log.ts";
import { INBOX } from "../politeness.ts";
import { ChatBot } from "./bot.ts";
import { HELP } from "./replies.ts";
import { recordProbe } from "../crawl/record.ts";

// The time the captured answers are stamped with (test/helpers/fixtures.ts), so that ages count from it.
const T0 = Date.parse("2026-11-21T00:00:00Z");
const MINUTE = 60_000;

function setup() {
  const store = Store.open(":memory:");
  store.domains.add(["good.test"], "test");
  const file = "prosody-0.12.3/disco-info.good.test.xml";
  recordProbe(store, null, { report: analyzeProbe(answers("good.test", { info: fixture(file) }), 20), evidence: [] });
  const events: string[] = [];
  const logger: Logger = { log: (_level, event) => events.push(event) };
  let n = 0;
  const probed: string[] = [];
  const probe = async (domain: string) => {
    probed.push(domain);
    const report = analyzeProbe(answers(domain, { info: fixture(file).replaceAll("good.test", domain) }), 20);
    store.domains.add([domain], "chat");
    recordProbe(store, null, { report, evidence: [] });
    return report;
  };
  const inbox = new ChatBot({ store, logger, probe, siteUrl: "https://observatory.example", code: () => `CODE${++n}` });
  return { store, inbox, events, probed };
}

describe("ChatBot", () => {
  it("opts a domain out only when its operator confirms the code, within 15 minutes", async () => {
    const { store, inbox } = setup();
    expect(await inbox.handle("stranger@good.test", "opt out good.test", T0)).toContain("good.test does not list stranger@good.test");
    expect(await inbox.handle("abuse@good.test", "opt out good.test", T0)).toContain('reply "confirm CODE1" within 15 minutes');
    expect(store.domains.isOptedOut("good.test")).toBe(false);
    // The code is the sender's own, and single-use.
    expect(await inbox.handle("stranger@good.test", "confirm CODE1", T0 + MINUTE)).toContain("I have no opt-out request from you");
    expect(await inbox.handle("abuse@good.test", "confirm WRONG1", T0 + MINUTE)).toContain("I have no opt-out request from you");
    expect(await inbox.handle("abuse@good.test", "confirm code1", T0 + 2 * MINUTE)).toContain("Done: good.test is opted out");
    expect(store.domains.isOptedOut("good.test")).toBe(true);
    // Reversible for the grace period: the history stays until it is purged.
    expect(store.probes.latestReport("good.test")).toMatchObject({ domain: "good.test", outcome: "ok" });
    const row = store.db.prepare("SELECT purge_after FROM domains WHERE domain = 'good.test'").get() as { purge_after: string };
    expect(row.purge_after).toBe(new Date(T0 + 2 * MINUTE + 7 * 86_400_000).toISOString());
    expect(await inbox.handle("abuse@good.test", "confirm CODE1", T0 + 3 * MINUTE)).toContain("I have no opt-out request");
  });

  it("lets a code expire after 15 minutes", async () => {
    const { store, inbox } = setup();
    await inbox.handle("admin@good.test", "opt out", T0);
    expect(await inbox.handle("admin@good.test", "confirm CODE1", T0 + INBOX.confirmWithinMs + 1)).toContain("I have no opt-out request");
    expect(store.domains.isOptedOut("good.test")).toBe(false);
  });

  it("answers text that is not a command with the help, once a day per sender", async () => {
    const { inbox } = setup();
    expect(await inbox.handle("someone@else.test", "hello?", T0)).toBe(HELP);
    expect(await inbox.handle("someone@else.test", "hello??", T0 + MINUTE)).toBeUndefined();
    expect(await inbox.handle("someone@else.test", "hello???", T0 + INBOX.helpWindowMs)).toBe(HELP);
  });

  it("takes 20 commands an hour per sender, says so once, and a flood of 1,000 never reaches the store past them", async () => {
    const { store, inbox, events } = setup();
    let storeCalls = 0;
    for (const method of ["listingOperator", "takeOptOutRequest", "addOptOutRequest", "isOptedOut", "optOut"] as const) {
      const original = store.domains[method].bind(store.domains) as (...args: unknown[]) => unknown;
      (store.domains as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => (storeCalls++, original(...args));
    }
    const replies = await Promise.all(Array.from({ length: 1000 }, (_, i) => inbox.handle("mallory@evil.test", "opt out good.test", T0 + i)));
    const limit = INBOX.commandsPerSender;
    expect(replies.slice(0, limit).every((r) => r?.includes("does not list"))).toBe(true);
    expect(replies[limit]).toBe(`Too many messages from you: I take ${limit} commands an hour. Try again after 21 Nov 2026, 01:00 UTC.`);
    expect(replies.slice(limit + 1).every((r) => r === undefined)).toBe(true);
    expect(storeCalls).toBe(limit);
    expect(events.filter((e) => e === "inbox-rate-limited")).toHaveLength(1);
  });

  it("sends at most 60 replies a minute to everyone together", async () => {
    const { inbox } = setup();
    const replies = await Promise.all(Array.from({ length: 1000 }, (_, i) => inbox.handle(`bot${i}@spam.test`, "hi", T0 + i)));
    expect(replies.filter((r) => r !== undefined)).toHaveLength(INBOX.repliesPerMinute);
    expect(await inbox.handle("late@spam.test", "hi", T0 + MINUTE + 1000)).toBe(HELP);
  });

  it("survives a store it cannot use: the message is lost, not the process", async () => {
    const { store, inbox, events } = setup();
    store.close();
    expect(await inbox.handle("abuse@good.test", "opt out good.test", T0)).toContain("Something went wrong on my side");
    expect(events).toContain("inbox-error");
  });

  it("checks a domain: probes it, then answers from that probe for 10 minutes, then probes again", async () => {
    const { inbox, probed } = setup();
    const first = await inbox.handle("someone@else.test", "check other.test", T0);
    expect(probed).toEqual(["other.test"]);
    expect(first).toMatch(/^other\.test: reachable; no findings above info \(0 errors, 0 warnings, 4 notes\); probed just now\.\n- info field-empty: /);
    expect(first).toContain("authbot would recognise: abuse@other.test (abuse-addresses), admin@other.test (admin-addresses).");
    expect(first).toContain("This observatory's authbot mode would also let in: alice@other.test (administrators).");
    expect(first?.split("\n").at(-1)).toBe("https://observatory.example/servers/other.test/");
    const again = await inbox.handle("another@else.test", "check other.test", T0 + 3 * MINUTE);
    expect(probed).toEqual(["other.test"]);
    expect(again?.split("\n")[0]).toBe(
      "other.test: reachable; no findings above info (0 errors, 0 warnings, 4 notes); stored result from 3 min ago (21 Nov 2026, 00:00 UTC); I probe a domain at most once every 10 min, next in 7 min.",
    );
    await inbox.handle("another@else.test", "check other.test", T0 + INBOX.checkEveryMs + 1);
    expect(probed).toEqual(["other.test", "other.test"]);
  });

  it("probes a domain once when two ask at the same time, and refuses bad domains and opted-out ones", async () => {
    const { inbox, probed, store } = setup();
    const [a, b] = await Promise.all([inbox.handle("a@else.test", "check twice.test", T0), inbox.handle("b@else.test", "check twice.test", T0)]);
    expect(probed).toEqual(["twice.test"]);
    // One probe answers both: the first is told it was probed now, the second that it reads what that probe stored.
    expect(a?.split("\n")[0]).toMatch(/; probed just now\.$/);
    expect(b?.split("\n")[0]).toMatch(
      /; stored result from 0 sec ago \(21 Nov 2026, 00:00 UTC\); I probe a domain at most once every 10 min, next in 10 min\.$/,
    );
    expect(a?.split("\n").slice(1)).toEqual(b?.split("\n").slice(1));
    expect(await inbox.handle("a@else.test", "check", T0)).toBe("I cannot check that: name a domain: check example.org.");
    expect(await inbox.handle("a@else.test", "check http://x.test/", T0)).toContain("is not a domain");
    // Issue 30: a number that a URL reads as an address is no domain, whatever its form.
    expect(await inbox.handle("a@else.test", "check 127.1", T0)).toBe(
      'I cannot check that: "127.1" is not a domain: it is an IP address (127.0.0.1): federated XMPP domains are DNS names.',
    );
    expect(await inbox.handle("a@else.test", "check 0xa9fea9fe", T0)).toContain("it is an IP address (169.254.169.254)");
    store.domains.optOut("gone.test", "test", "2099-01-01T00:00:00.000Z");
    expect(await inbox.handle("a@else.test", "check gone.test", T0)).toBe("gone.test opted out of this observatory: I do not probe it.");
    expect(probed).toEqual(["twice.test"]);
  });

  it("probes at most 5 domains an hour for one sender", async () => {
    const { inbox, probed } = setup();
    for (let i = 0; i < INBOX.checksPerSender; i++) await inbox.handle("busy@else.test", `check d${i}.test`, T0 + i);
    expect(await inbox.handle("busy@else.test", "check d9.test", T0 + 10)).toBe(
      "You asked for 5 checks this hour, the most I take. Try again after 21 Nov 2026, 01:00 UTC.",
    );
    expect(probed).toHaveLength(INBOX.checksPerSender);
  });

  it("probes at most 10 domains a minute for everyone together", async () => {
    const { inbox, probed } = setup();
    for (let i = 0; i < INBOX.checkProbesPerMinute; i++) await inbox.handle(`sender${i % 2}@else.test`, `check d${i}.test`, T0 + i);
    expect(await inbox.handle("third@else.test", "check late.test", T0 + 20)).toBe(
      "I am checking many domains right now (at most 10 a minute, for chat and joiners together). Try again after 21 Nov 2026, 00:01 UTC.",
    );
    expect(probed).toHaveLength(INBOX.checkProbesPerMinute);
  });

  it("tells whoami which domains list the sender, where, and whether authbot would let them in", async () => {
    const { inbox } = setup();
    expect(await inbox.handle("Alice@good.test/laptop", "whoami", T0)).toBe(
      [
        "You are alice@good.test.",
        "good.test lists you in administrators. authbot would let you in: no (good.test lists you only in administrators, which authbot does not read; publish xmpp:alice@good.test in admin-addresses); this observatory's authbot mode: yes.",
        "https://observatory.example/servers/good.test/",
      ].join("\n"),
    );
    expect(await inbox.handle("admin@good.test", "whoami", T0)).toContain(
      "good.test lists you in admin-addresses, administrators. authbot would let you in: yes",
    );
    expect(await inbox.handle("bob@good.test", "whoami", T0)).toContain(
      "good.test does not list bob@good.test as an xmpp: address in abuse-, admin- or security-addresses, nor in administrators. authbot would let you in: no",
    );
    expect(await inbox.handle("carol@nowhere.test", "whoami", T0)).toBe(
      'You are carol@nowhere.test. No domain I know lists you as an operator, and I have not probed nowhere.test: send "check nowhere.test", and publish xmpp:carol@nowhere.test in its admin-addresses.',
    );
  });

  it("lets a domain's operators watch it, up to 20 domains, and ends watches on opt-out", async () => {
    const { inbox, store } = setup();
    expect(await inbox.handle("mallory@evil.test", "watch good.test", T0)).toContain("good.test does not list you as an operator");
    expect(await inbox.handle("admin@good.test", "watch good.test", T0)).toContain("You watch good.test: after each crawl");
    expect(await inbox.handle("admin@good.test", "watch good.test", T0)).toBe("You watch good.test already.");
    expect(await inbox.handle("admin@good.test", "watching", T0)).toBe("You watch: good.test.");
    expect(store.chat.allWatches()).toEqual([{ jid: "admin@good.test", domain: "good.test", since: new Date(T0).toISOString() }]);
    expect(await inbox.handle("admin@good.test", "unwatch good.test", T0)).toBe("You no longer watch good.test.");
    expect(await inbox.handle("admin@good.test", "unwatch good.test", T0)).toBe("You were not watching good.test.");
    for (let i = 0; i < INBOX.watchesPerJid; i++) expect(store.chat.addWatch("admin@good.test", `w${i}.test`, INBOX.watchesPerJid)).toBe("added");
    expect(await inbox.handle("admin@good.test", "watch good.test", T0)).toBe('You watch 20 domains, the most I keep for one address. "unwatch" one first.');
    store.domains.optOut("w0.test", "test", "2099-01-01T00:00:00.000Z");
    expect(store.chat.watchesOf("admin@good.test")).not.toContain("w0.test");
  });
});
