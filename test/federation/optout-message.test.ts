// Opt-out by message through real servers: good.test's listed operator writes to the crawler's
// account while the daemon waits between crawls, gets a code and confirms it; a stranger on the same
// server is refused, and a stranger who invites the crawler into good.test's listed support room
// with the reason "opt out good.test" (the attack of issue 9) is ignored. The next build leaves
// good.test out; its history stays through the grace period, and the operator of the observatory
// can undo the opt-out.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import type { ChildProcess } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { readState } from "../../crawler/schedule/state.ts";
import { Store } from "../../crawler/store/store.ts";
import { client, xml } from "@xmpp/client";
import { PEOPLE } from "../../scripts/federation/spec.ts";
import { crawlerEnv, observatory, start } from "./cli.ts";
import { person, stopPeople } from "./people.ts";
import { until } from "../helpers/until.ts";

let daemon: ChildProcess | undefined;
afterAll(async () => {
  if (daemon && daemon.exitCode === null) daemon.kill("SIGKILL");
  await stopPeople();
});

/** Has a room on good.test's MUC service invite `invitee`, as any stranger can (XEP-0045 §7.8.2, mediated invitation). */
async function inviteFromRoom(invitee: string, room: string, reason: string): Promise<void> {
  const who = PEOPLE.stranger;
  const c = client({ service: inject("federation").service, domain: who.domain, username: who.username, password: who.password, timeout: 30_000 });
  c.on("error", () => {});
  await c.start();
  try {
    /** Waits, within 30 s, for a stanza that passes `test`. */
    const seen = (what: string, test: (s: ReturnType<typeof xml>) => boolean) => {
      let arrived = false;
      c.on("stanza", (s) => {
        if (test(s)) arrived = true;
      });
      return until(what, () => arrived);
    };
    const joined = seen(`mallory in ${room}`, (s) => s.is("presence") && s.attrs.from === `${room}/mallory`);
    await c.send(xml("presence", { to: `${room}/mallory` }, xml("x", { xmlns: "http://jabber.org/protocol/muc" })));
    await joined;
    // A new room is locked until its owner configures it; accept the defaults.
    const configured = seen(`the answer to configuring ${room}`, (s) => s.is("iq") && s.attrs.id === "configure");
    await c.send(
      xml(
        "iq",
        { type: "set", to: room, id: "configure" },
        xml("query", { xmlns: "http://jabber.org/protocol/muc#owner" }, xml("x", { xmlns: "jabber:x:data", type: "submit" })),
      ),
    );
    await configured;
    await c.send(
      xml("message", { to: room }, xml("x", { xmlns: "http://jabber.org/protocol/muc#user" }, xml("invite", { to: invitee }, xml("reason", {}, reason)))),
    );
    await sleep(1000);
  } finally {
    await c.stop().catch(() => {});
  }
}

describe("opt-out by message", () => {
  it("is taken from the domain's listed operator, refused from anyone else, and leaves the next build", async () => {
    const dir = mkdtempSync(join(tmpdir(), "observatory-optout-"));
    const db = join(dir, "store.sqlite");
    const publish = join(dir, "site");
    const env = crawlerEnv({ OBSERVATORY_DB: db, OBSERVATORY_SEEDS: "", OBSERVATORY_OPTOUT: "", OBSERVATORY_PUBLISH_DIR: publish });
    // The store must know whom good.test lists before anyone asks.
    expect((await observatory(["check", "good.test"], env)).code).toBe(0);
    // Domains that answer at once: a silent one (tarpit.test) could hold the crawl for two IQ
    // timeouts (30 s, then its retry), past this test's patience; crawl.test covers silence.
    writeFileSync(join(dir, "list.txt"), ["bad.test", "dup.test", "fields.test", "plain.test"].join("\n"));
    expect((await observatory(["domains", "import", join(dir, "list.txt")], env)).code).toBe(0);

    // No crawl is due for months: the daemon only waits, with its inbox online.
    const idle = start(["daemon", "--schedule", "0 0 1 1 *"], env);
    daemon = idle.child;
    let log = "";
    idle.child.stderr!.on("data", (d) => (log += d));
    await until("the inbox to be online", () => log.includes('"event":"chat-inbox-online"'));

    const crawler = inject("federation").jid;
    const stranger = await person(PEOPLE.stranger);
    await stranger.say("Please opt out good.test");
    await until("the reply to the stranger", () => stranger.replies.length > 0);
    expect(stranger.replies[0]).toContain("good.test does not list stranger@good.test");
    expect(stranger.replies[0], "every reply carries the observatory's mark").not.toMatch(/^\(unmarked\)/);

    // The stranger joins the room good.test lists as support and has the room invite the crawler,
    // with the reason "opt out good.test": the invitation reaches the crawler from the room's bare JID.
    await inviteFromRoom(crawler, "support@muc.good.test", "opt out good.test");
    await until("the invitation to be seen and ignored", () => log.includes('"event":"inbox-ignored"') && log.includes("muc#user"));
    expect(log).not.toContain('support@muc.good.test","domain');
    expect(log).not.toContain('"event":"opt-out-requested"');

    const operator = await person(PEOPLE.operator);
    await operator.say("opt out good.test");
    await until("the code for the operator", () => operator.replies.length > 0);
    const code = /confirm ([A-Z0-9]+)/.exec(operator.replies[0]!)?.[1];
    expect(code, operator.replies[0]).toBeDefined();
    // A request alone changes nothing: only the confirmation does.
    await operator.say(`confirm ${code}`);
    await until("the confirmation", () => operator.replies.length > 1);
    expect(operator.replies[1]).toContain("Done: good.test is opted out.");
    expect(readState(db)?.last ?? null).toBeNull(); // answered between crawls, not by one

    idle.child.kill("SIGTERM");
    const idleResult = await idle.done;
    expect(idleResult.code, idleResult.stderr).toBe(0);
    expect(idleResult.stderr).toContain('"event":"opt-out-by-message"');
    expect(idleResult.stderr).toContain('"event":"opt-out-refused"');

    // The next run publishes a site without good.test.
    const run = start(["daemon", "--run-now", "--schedule", "0 0 1 1 *", "--concurrency", "4"], env);
    daemon = run.child;
    await until("a publish", () => readState(db)?.last?.result === "published");
    run.child.kill("SIGTERM");
    const result = await run.done;
    expect(result.code, result.stderr).toBe(0);

    const store = Store.open(db);
    expect(store.domains.isOptedOut("good.test")).toBe(true);
    expect(store.domains.list().find((d) => d.domain === "good.test")).toMatchObject({ optout_at: expect.any(String) });
    // Kept through the grace period, so that it can be undone.
    expect(store.probes.latestReport("good.test")).toBeDefined();
    store.close();
    const servers = JSON.parse(readFileSync(join(publish, "data/servers.json"), "utf8")).servers.map((s: { domain: string }) => s.domain);
    expect(servers).not.toContain("good.test");
    expect(servers).toContain("bad.test");

    const undo = await observatory(["domains", "optout", "--undo", "good.test"], env);
    expect(undo.code, undo.stderr).toBe(0);
    expect(undo.stdout).toContain("good.test: opt-out undone");
    const again = await observatory(["domains", "optout", "--undo", "good.test"], env);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain("good.test: had not opted out.");
  }, 90_000);
});
