import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { isHolderAlive, ownIdentity, processIdentity } from "../process-identity.ts";
import { Store } from "../store/store.ts";
import { acquireLock, LockBusyError } from "./lock.ts";
import { DEFAULT_CRAWL_SETTINGS, openCrawl } from "../crawl/crawl.ts";

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));
import { hostname } from "node:os";
const DEAD_PID = 2 ** 22 + 1; // above Linux's pid_max: never a live process

function freshStore(): string {
  const path = `${mkdtempSync(`${tmpdir()}/lock-`)}/s.sqlite`;
  Store.open(path).close();
  return path;
}

/**
 * Runs `body` in `n` fresh Node processes at once: each opens the store and says "ready"; all are
 * told "go" together; each prints one word and holds on (its lock, its crawl) until all have answered.
 */
async function race(store: string, n: number, body: string): Promise<string[]> {
  const script = `import { createInterface } from "node:readline";
import { Store } from ${JSON.stringify(here("../store/store.ts"))};
import { acquireLock } from ${JSON.stringify(here("./lock.ts"))};
import { openCrawl, DEFAULT_CRAWL_SETTINGS } from ${JSON.stringify(here("../crawl/crawl.ts"))};
const store = Store.open(process.env.STORE);
const lines = createInterface({ input: process.stdin })[Symbol.asyncIterator]();
console.log("ready");
await lines.next();
try { ${body} } catch (error) { console.log(error.name); }
await lines.next();
process.exit(0);`;
  const children = Array.from({ length: n }, () =>
    spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { env: { ...process.env, STORE: store } }),
  );
  const exited = children.map((child) => once(child, "exit"));
  const readers = children.map((child) => createInterface({ input: child.stdout })[Symbol.asyncIterator]());
  const nextLine = async (i: number) => String((await readers[i]!.next()).value);
  expect(await Promise.all(children.map((_, i) => nextLine(i)))).toEqual(Array(n).fill("ready"));
  for (const child of children) child.stdin.write("go\n");
  const answers = await Promise.all(children.map((_, i) => nextLine(i)));
  for (const child of children) child.stdin.end("done\n");
  await Promise.all(exited);
  return answers;
}

describe("process identity", () => {
  it("tells this process from a dead one and from a pid reused by another process", () => {
    const me = ownIdentity();
    // Linux gives every process an identity: the boot and the start time (/proc/self/stat).
    expect(me.identity).toMatch(/^[^/]+\/\d+$/);
    expect(me.identity).toBe(processIdentity(process.pid));
    expect(isHolderAlive(me.pid, me.identity)).toBe(true);
    expect(isHolderAlive(DEAD_PID, null)).toBe(false);
    // A live pid, but recorded with another start time: the pid was reused, the holder is gone.
    expect(isHolderAlive(me.pid, `${me.identity!.split("/")[0]}/1`)).toBe(false);
  });
});

describe("the daemon lock", () => {
  it("is refused while its holder lives, taken over when the holder's pid now names another process, and released by its holder only", () => {
    const path = freshStore();
    const store = Store.open(path);
    const lock = acquireLock(store, "daemon", "a daemon");
    expect(() => acquireLock(store, "daemon", "a daemon")).toThrow(LockBusyError);
    lock.release();
    store.db.prepare("INSERT INTO locks (name, pid, process, host, since) VALUES ('daemon', ?, 'another-boot/42', ?, 'x')").run(process.pid, hostname());
    expect(() => acquireLock(store, "daemon", "a daemon").release()).not.toThrow();
    store.close();
  });

  it("goes to exactly one of several processes that race for a stale lock", async () => {
    const path = freshStore();
    const store = Store.open(path);
    store.db.prepare("INSERT INTO locks (name, pid, process, host, since) VALUES ('daemon', ?, NULL, ?, 'x')").run(DEAD_PID, hostname());
    store.close();
    const results = await race(path, 4, `acquireLock(store, "daemon", "a daemon"); console.log("won");`);
    expect(results.sort()).toEqual(["LockBusyError", "LockBusyError", "LockBusyError", "won"]);
  }, 60_000);
});

describe("openCrawl", () => {
  it("opens exactly one crawl when several processes start at once", async () => {
    const path = freshStore();
    const results = await race(path, 4, `console.log("crawl-" + openCrawl(store, () => ["a.test"], DEFAULT_CRAWL_SETTINGS).crawlId);`);
    expect(results.sort()).toEqual(["CrawlBusyError", "CrawlBusyError", "CrawlBusyError", "crawl-1"]);
  }, 60_000);

  it("resumes a crawl whose recorded process is gone, even when its pid is alive again", () => {
    const store = Store.open(freshStore());
    const id = store.crawls.start(["a.test"], {}, { pid: process.ppid, identity: "another-boot/42" });
    expect(openCrawl(store, () => [], DEFAULT_CRAWL_SETTINGS)).toEqual({ crawlId: id, resumed: true });
    store.close();
  });
});
