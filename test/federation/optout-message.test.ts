// Opt-out by message through real servers: good.test's listed operator writes to the crawler's
// account while the daemon waits between crawls, and is answered at once; a stranger on the same
// server is refused. The next build leaves good.test out.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import type { ChildProcess } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { readState } from "../../crawler/schedule/state.ts";
import { Store } from "../../crawler/store/store.ts";
import { XmppSession } from "../../crawler/xmpp/session.ts";
import { PEOPLE } from "../../scripts/federation/spec.ts";
import { crawlerEnv, observatory, start } from "./cli.ts";

let daemon: ChildProcess | undefined;
const sessions: XmppSession[] = [];
afterAll(async () => {
  if (daemon && daemon.exitCode === null) daemon.kill("SIGKILL");
  for (const s of sessions) await s.close();
});

async function person(who: (typeof PEOPLE)[keyof typeof PEOPLE]) {
  const session = await XmppSession.open({ jid: `${who.username}@${who.domain}`, password: who.password, service: inject("federation").service });
  sessions.push(session);
  const replies: string[] = [];
  await session.acceptMessages((_from, body) => replies.push(body));
  return { session, replies };
}

async function until(what: string, seconds: number, check: () => boolean): Promise<void> {
  for (let i = 0; i < seconds * 10; i++) {
    if (check()) return;
    await sleep(100);
  }
  throw new Error(`timed out after ${seconds} s waiting for ${what}`);
}

describe("opt-out by message", () => {
  it("is taken from the domain's listed operator, refused from anyone else, and leaves the next build", async () => {
    const dir = mkdtempSync(join(tmpdir(), "observatory-optout-"));
    const db = join(dir, "store.sqlite");
    const publish = join(dir, "site");
    const env = crawlerEnv({ OBSERVATORY_DB: db, OBSERVATORY_SEEDS: "", OBSERVATORY_OPTOUT: "", OBSERVATORY_PUBLISH_DIR: publish });
    // The store must know whom good.test lists before anyone asks.
    expect((await observatory(["check", "good.test"], env)).code).toBe(0);
    writeFileSync(join(dir, "list.txt"), ["bad.test", "dup.test", "fields.test", "plain.test", "tarpit.test"].join("\n"));
    expect((await observatory(["domains", "import", join(dir, "list.txt")], env)).code).toBe(0);

    // No crawl is due for months: the daemon only waits, with its inbox online.
    const idle = start(["daemon", "--schedule", "0 0 1 1 *"], env);
    daemon = idle.child;
    let log = "";
    idle.child.stderr!.on("data", (d) => (log += d));
    await until("the inbox to be online", 30, () => log.includes('"event":"opt-out-inbox-online"'));

    const stranger = await person(PEOPLE.stranger);
    await stranger.session.sendMessage(inject("federation").jid, "Please opt out good.test");
    await until("the reply to the stranger", 20, () => stranger.replies.length > 0);
    expect(stranger.replies[0]).toContain("good.test does not list stranger@good.test");

    const operator = await person(PEOPLE.operator);
    await operator.session.sendMessage(inject("federation").jid, "opt out good.test");
    await until("the reply to the operator", 20, () => operator.replies.length > 0);
    expect(operator.replies[0]).toContain("Done: good.test is opted out.");
    expect(readState(db)?.last ?? null).toBeNull(); // answered between crawls, not by one

    idle.child.kill("SIGTERM");
    const idleResult = await idle.done;
    expect(idleResult.code, idleResult.stderr).toBe(0);
    expect(idleResult.stderr).toContain('"event":"opt-out-by-message"');
    expect(idleResult.stderr).toContain('"event":"opt-out-refused"');

    // The next run publishes a site without good.test.
    const run = start(["daemon", "--run-now", "--schedule", "0 0 1 1 *", "--concurrency", "4"], env);
    daemon = run.child;
    await until("a publish", 120, () => readState(db)?.last?.result === "published");
    run.child.kill("SIGTERM");
    const result = await run.done;
    expect(result.code, result.stderr).toBe(0);

    const store = Store.open(db);
    expect(store.isOptedOut("good.test")).toBe(true);
    expect(store.latestReport("good.test")).toBeUndefined();
    expect(store.listDomains().find((d) => d.domain === "good.test")).toMatchObject({ optout_at: expect.any(String) });
    store.close();
    const servers = JSON.parse(readFileSync(join(publish, "data/servers.json"), "utf8")).servers.map((s: { domain: string }) => s.domain);
    expect(servers).not.toContain("good.test");
    expect(servers).toContain("bad.test");
  }, 240_000);
});
