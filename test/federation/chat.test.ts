// Talking to the observatory through real servers: good.test's listed operator and a stranger
// chat with the crawler's account while the daemon runs. check probes (once), whoami says where
// the operator is listed, only the operator may watch good.test, and when good.test changes what
// it publishes between two crawls, the watcher hears of it exactly once.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import type { ChildProcess } from "node:child_process";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { readState } from "../../crawler/schedule/state.ts";
import { Store } from "../../crawler/store/store.ts";
import { paths } from "../../scripts/federation/render.ts";
import { PEOPLE } from "../../scripts/federation/spec.ts";
import { crawlerEnv, freshDb, observatory, startLogged } from "./cli.ts";
import { person, stopPeople } from "./people.ts";
import { until } from "../helpers/until.ts";
import { setTimeout as sleep } from "node:timers/promises";
import { INBOX } from "../../crawler/politeness.ts";

let daemon: ChildProcess | undefined;
const override = () => join(paths(inject("federation").dir).discoOverrides, "good.test.xml");
// A test that fails half-way must not leave its observatory answering on the shared account.
const others: ChildProcess[] = [];
afterEach(() => {
  for (const child of [daemon, ...others.splice(0)]) if (child && child.exitCode === null) child.kill("SIGKILL");
});
afterAll(async () => {
  await stopPeople();
  rmSync(override(), { force: true });
});

describe("chat with the observatory", () => {
  it("answers check, whoami and watch, and tells a watcher once what changed between two crawls", async () => {
    const db = freshDb();
    const env = crawlerEnv({ OBSERVATORY_DB: db, OBSERVATORY_SEEDS: "", OBSERVATORY_OPTOUT: "", OBSERVATORY_PUBLISH_DIR: join(db, "..", "site") });
    const list = join(db, "..", "list.txt");
    writeFileSync(list, "good.test\n");
    expect((await observatory(["domains", "import", list], env)).code).toBe(0);
    // A run every 10 seconds: a run that is still going when the next is due makes it wait.
    const run = startLogged(["daemon", "--run-now", "--schedule", "*/10 * * * * *"], env);
    daemon = run.child;
    await until("the inbox to be online", () => run.log().includes('"event":"chat-inbox-online"'));
    await until("a first publish", () => readState(db)?.last?.result === "published");

    const operator = await person(PEOPLE.operator);
    const stranger = await person(PEOPLE.stranger);

    // check: a domain the store does not know is probed now, and a second check reads that probe.
    const bad = await operator.ask("check bad.test");
    expect(bad).toMatch(/^bad\.test: reachable; errors \(\d+ errors?, \d+ warnings?, \d+ notes?\); probed just now\./);
    expect(bad).toContain("- error address-unsafe-scheme: ");
    expect(bad).toContain("authbot would recognise nobody: bad.test lists ");
    expect(bad.split("\n").at(-1)).toBe("http://localhost:4321/servers/bad.test/");
    // Asked again within 10 minutes: the stored result, its age, and when a new probe is possible.
    expect(await stranger.ask("check bad.test")).toMatch(
      /^bad\.test: reachable; errors .*; stored result from (\d+ sec|1 min( \d+ sec)?) ago \(\d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d UTC\); I probe a domain at most once every 10 min, next in \d+ min( \d+ sec)?\./,
    );
    // One probe by chat (outside any crawl): the second check read it. (bad.test is now listed, so a crawl may probe it too.)
    expect(chatProbes(db, "bad.test")).toBe(1);

    expect(await operator.ask("whoami")).toContain(
      "good.test lists you in admin-addresses, administrators. authbot would let you in: yes; this observatory's authbot mode: yes.",
    );
    expect(await stranger.ask("watch good.test")).toContain("good.test does not list you as an operator");
    expect(await operator.ask("watch good.test")).toContain("You watch good.test: after each crawl");
    expect(await operator.ask("watching")).toBe("You watch: good.test.");

    // good.test's operator changes its admin address; the next crawl sees it.
    const published = () => readState(db)?.last?.published;
    const before = published();
    mkdirSync(paths(inject("federation").dir).discoOverrides, { recursive: true });
    writeFileSync(override(), changedAnswer(db));
    const repliesBefore = operator.replies.length;
    await until("the watch notice", () => operator.replies.length > repliesBefore);
    const notice = operator.replies[repliesBefore]!;
    expect(notice).toMatch(/^good\.test changed \(probed \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d UTC\):/);
    expect(notice).toContain("- admin address added: xmpp:boss@good.test");
    expect(notice).toContain("- admin address removed: xmpp:admin@good.test");
    expect(published()).not.toBe(before);
    // Later crawls see the same answer: no more notices.
    const noticed = published();
    await until("another publish", () => published() !== noticed);
    expect(operator.replies.slice(repliesBefore)).toHaveLength(1);
    expect(stranger.replies.filter((r) => r.includes("changed"))).toEqual([]);

    run.child.kill("SIGTERM");
    const result = await run.done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('"event":"watch-notices-sent"');
    rmSync(override(), { force: true });
  }, 120_000);
});

describe("chat under misuse", () => {
  it("answers a flood of 200 messages from one sender within its limits, and two observatories never talk in a loop", async () => {
    const db = freshDb();
    const a = startLogged(["bot"], crawlerEnv({ OBSERVATORY_DB: db, OBSERVATORY_SEEDS: "", OBSERVATORY_OPTOUT: "" }));
    // A second observatory, on the stranger's account with its own store.
    const stranger = PEOPLE.stranger;
    const b = startLogged(
      ["bot"],
      crawlerEnv({
        OBSERVATORY_DB: freshDb(),
        OBSERVATORY_SEEDS: "",
        OBSERVATORY_OPTOUT: "",
        OBSERVATORY_JID: `${stranger.username}@${stranger.domain}`,
        OBSERVATORY_PASSWORD: stranger.password,
      }),
    );
    others.push(a.child, b.child);
    await until("both observatories online", () => [a, b].every((o) => o.log().includes('"event":"chat-inbox-online"')));

    // The stranger's account, from a client of its own beside the second observatory, writes to the first.
    const manual = await person(stranger);
    await manual.say("hello");
    await until("the first observatory's help", () => manual.replies.length > 0);
    await sleep(3000);
    // The reply reached the second observatory too, which ignored it: one message each way, no more.
    expect(manual.replies).toHaveLength(1);
    expect(b.log()).toContain('"event":"inbox-ignored"');
    expect(b.log()).toContain("urn:xmpp:serverinfo-observatory:reply:0");
    expect(a.log()).not.toContain('"event":"inbox-ignored"');

    // A flood: 200 commands at once from good.test's operator.
    const flooder = await person(PEOPLE.operator);
    for (let i = 0; i < 200; i++) void flooder.say("whoami");
    await until("the replies to the flood", () => flooder.replies.length >= INBOX.commandsPerSender + 1);
    await sleep(3000);
    expect(flooder.replies).toHaveLength(INBOX.commandsPerSender + 1);
    expect(flooder.replies.filter((r) => r.startsWith("You are admin@good.test."))).toHaveLength(INBOX.commandsPerSender);
    expect(flooder.replies.at(-1)).toMatch(
      /^Too many messages from you: I take 20 commands an hour\. Try again after \d{1,2} [A-Z][a-z]{2} \d{4}, \d\d:\d\d UTC\.$/,
    );

    for (const instance of [a, b]) instance.child.kill("SIGTERM");
    for (const instance of [a, b]) expect((await instance.done).code).toBe(0);
  }, 45_000);
});

/** good.test's answer as the store last read it, with its admin address changed: what an operator's edit would publish. */
function changedAnswer(db: string): string {
  const store = Store.open(db);
  try {
    // The crawl of good.test's newest probe: the daemon may have started another one, which has not reached it yet.
    const newest = store
      .sql("SELECT crawl_id FROM probes WHERE domain = 'good.test' AND crawl_id IS NOT NULL ORDER BY probed_at DESC, id DESC LIMIT 1")
      .get() as { crawl_id: number } | undefined;
    const info = newest && store.probes.evidenceOf(newest.crawl_id, "good.test").find((e) => e.kind === "disco-info");
    if (!info?.xml) throw new Error("no stored answer of good.test");
    const query = /<query[\s\S]*<\/query>/.exec(info.xml)?.[0];
    if (!query) throw new Error("no query in good.test's answer");
    return query.replace("xmpp:admin@good.test", "xmpp:boss@good.test");
  } finally {
    store.close();
  }
}

/** The probes of `domain` made outside any crawl (by chat). */
function chatProbes(db: string, domain: string): number {
  const store = Store.open(db);
  try {
    return (store.sql("SELECT COUNT(*) AS n FROM probes WHERE domain = ? AND crawl_id IS NULL").get(domain) as { n: number }).n;
  } finally {
    store.close();
  }
}
