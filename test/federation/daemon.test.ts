// The daemon against the real federation: scheduled publishing with an atomic swap, one daemon
// per store, status, clean stops, and a crash (SIGKILL) mid-crawl with an opt-out before restart.
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import type { ChildProcess } from "node:child_process";
import { inject } from "vitest";
import { readState } from "../../crawler/schedule/state.ts";
import { Store } from "../../crawler/store/store.ts";
import { buildSite } from "../../crawler/schedule/build.ts";
import { releasesDir } from "../../crawler/schedule/publish.ts";
import { crawlerEnv, FAST_DOMAINS, observatory, probesPerDomain, start } from "./cli.ts";
import { until } from "../helpers/until.ts";

function setUp(domains: string[]) {
  const dir = mkdtempSync(join(tmpdir(), "observatory-daemon-"));
  const db = join(dir, "store.sqlite");
  const publish = join(dir, "site");
  const env = crawlerEnv({ OBSERVATORY_DB: db, OBSERVATORY_SEEDS: "", OBSERVATORY_OPTOUT: "", OBSERVATORY_PUBLISH_DIR: publish });
  writeFileSync(join(dir, "domains.txt"), domains.join("\n"));
  return { dir, db, publish, env, list: join(dir, "domains.txt") };
}

/** A small tmpfs stands in for a full disk; mounting one needs root, which CI and `npm test` on a fresh machine have. */
const isRoot = process.getuid?.() === 0;

/** Every daemon a test starts is killed when it ends, whatever happened. */
const started: ChildProcess[] = [];
const launch = (args: string[], env: NodeJS.ProcessEnv) => {
  const run = start(args, env);
  started.push(run.child);
  return run;
};

describe("observatory daemon", () => {
  afterEach(() => {
    for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });

  it("publishes twice on a 10-second schedule, swapping atomically, and refuses a second daemon", async () => {
    const t = setUp(inject("federation").domains);
    expect((await observatory(["domains", "import", t.list], t.env)).code).toBe(0);
    // node-cron's seconds field: a tick every 10 s; a tick during a run is skipped, so runs follow each other.
    const daemon = launch(["daemon", "--schedule", "*/10 * * * * *", "--concurrency", "8"], t.env);
    await until("the daemon to start", () => readState(t.db)?.pid === daemon.child.pid);
    const publishes = new Set<string>();
    let missing = 0;
    let watching = true;
    // Watch the published path the whole time: once it exists, it must always resolve to a whole site.
    const watcher = (async () => {
      while (watching) {
        if (publishes.size > 0 && !existsSync(join(t.publish, "index.html"))) missing++;
        const last = readState(t.db)?.last;
        if (last?.result === "published" && last.published) publishes.add(last.published);
        await sleep(50);
      }
    })();
    const second = await launch(["daemon", "--schedule", "*/10 * * * * *"], t.env).done;
    expect(second.code).toBe(4);
    expect(second.stderr).toMatch(/a daemon on this store is already running \(process \d+/);

    await until("two publishes", () => publishes.size >= 2);
    watching = false;
    await watcher;
    expect(missing).toBe(0);
    expect(readlinkSync(t.publish)).toBe([...publishes][1]);
    const servers = JSON.parse(readFileSync(join(t.publish, "data/servers.json"), "utf8"));
    expect(servers.servers.map((s: { domain: string }) => s.domain)).toContain("good.test");

    const status = await observatory(["status"], t.env);
    expect(status.stdout).toMatch(/daemon: running \(pid \d+\), schedule "\*\/10 \* \* \* \* \*", next run \d{1,2} [A-Z][a-z]{2} 20\d\d, \d\d:\d\d UTC,/);
    expect(status.stdout).toContain("last run: published");

    daemon.child.kill("SIGTERM");
    const result = await daemon.done;
    expect(result.code, result.stderr).toBe(0);
    const events = logEvents(result.stderr);
    expect(events.map((e) => e.event)).toEqual(
      expect.arrayContaining(["daemon-started", "crawl-started", "crawl-finished", "site-published", "daemon-stopped"]),
    );
    expect(daemonLocks(t.db)).toBe(0);
    expect((await observatory(["status"], t.env)).stdout).toContain("daemon: not running");
  }, 150_000);

  it("resumes after SIGKILL mid-crawl with no lost or duplicated probe, and leaves opted-out domains out of the next build", async () => {
    const domains = FAST_DOMAINS;
    const t = setUp(domains);
    expect((await observatory(["domains", "import", t.list], t.env)).code).toBe(0);
    const first = launch(["daemon", "--run-now", "--schedule", "0 0 1 1 *", "--concurrency", "1", "--rate", "2"], t.env);
    await until("four probes", () => [...(existsSync(t.db) ? probesPerDomain(t.db).values() : [])].reduce((a, b) => a + b, 0) >= 4);
    first.child.kill("SIGKILL");
    await first.done;
    const before = probesPerDomain(t.db);
    expect(before.size).toBeLessThan(domains.length);

    // An operator opts a domain out while the daemon is down; one already probed, so that its history must go
    // (with no grace period, at the next crawl: here the resumed one).
    const optedOut = [...before.keys()][0]!;
    expect((await observatory(["domains", "optout", optedOut, "--note", "test"], { ...t.env, OBSERVATORY_OPTOUT_GRACE_DAYS: "0" })).code).toBe(0);

    const second = launch(["daemon", "--schedule", "0 0 1 1 *", "--concurrency", "4"], t.env);
    await until("a publish", () => readState(t.db)?.last?.result === "published");
    second.child.kill("SIGTERM");
    const result = await second.done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('"event":"resuming-unfinished-crawl"');
    expect(result.stderr).toContain(`"event":"opt-outs-purged","domains":["${optedOut}"]`);

    const after = probesPerDomain(t.db);
    expect([...after.keys()].sort()).toEqual(domains.filter((d) => d !== optedOut));
    expect([...after.values()].every((n) => n === 1)).toBe(true);
    const servers = JSON.parse(readFileSync(join(t.publish, "data/servers.json"), "utf8")).servers.map((s: { domain: string }) => s.domain);
    expect(servers).not.toContain(optedOut);
    expect(servers).toHaveLength(domains.length - 1);
    expect(existsSync(join(t.publish, "servers", optedOut))).toBe(false);
  }, 60_000);

  it("refuses to start on a bad schedule, site address or publish path (exit 2) or account (exit 3), rather than failing hours later", async () => {
    const t = setUp([]);
    const badUrl = await observatory(["daemon"], { ...t.env, OBSERVATORY_SITE_URL: "ftp://observatory.example" });
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr).toContain("OBSERVATORY_SITE_URL");
    const badSchedule = await observatory(["daemon", "--schedule", "every six hours"], t.env);
    expect(badSchedule.code).toBe(2);
    expect(badSchedule.stderr).toContain("not a valid cron expression");
    const folder = join(t.dir, "real-folder");
    execFileSync("mkdir", [folder]);
    const badPublish = await observatory(["daemon"], { ...t.env, OBSERVATORY_PUBLISH_DIR: folder });
    expect(badPublish.code).toBe(2);
    expect(badPublish.stderr).toContain("is a folder, not a link");
    const badPassword = await observatory(["daemon"], { ...t.env, OBSERVATORY_PASSWORD: "not the password" });
    expect(badPassword.code).toBe(3);
    expect(badPassword.stderr).toContain("cannot log in as");
    expect(daemonLocks(t.db)).toBe(0);
  });

  // CI and npm test on a fresh machine run as root (scripts/setup.sh installs with apt), so there
  // it always runs, and a failed mount fails it. A developer's own account cannot mount: the skip
  // says so in the report.
  it("keeps the previous site when a build fails (disk full), logs it, runs again as scheduled, and skips runs that would overlap", async ({ skip }) => {
    skip(!isRoot, "mounting the tmpfs that stands in for a full disk needs root; run npm test as root, as CI does");
    const t = setUp(["bad.test", "good.test", "hostile.test", "plain.test"]);
    // How big one release of this site is: build it once outside the small disk.
    expect((await observatory(["crawl", "--domains", t.list], t.env)).code).toBe(0);
    const sample = join(t.dir, "sample");
    expect((await buildSite(t.db, sample)).code).toBe(0);
    const releaseKb = Number(execFileSync("du", ["-sk", sample], { encoding: "utf8" }).split(/\s/)[0]);
    // Room for one release and a half: the first publish fits, the next build runs out of space.
    const disk = join(t.dir, "disk");
    execFileSync("mkdir", [disk]);
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${Math.ceil(releaseKb * 1.5)}k`, "tmpfs", disk]);
    try {
      const publish = join(disk, "site");
      const daemon = launch(["daemon", "--run-now", "--schedule", "*/2 * * * * *", "--concurrency", "4"], { ...t.env, OBSERVATORY_PUBLISH_DIR: publish });
      // Releases differ a little in size, so one or two may fit before a build runs out of space.
      let first: string | undefined;
      const failed = await until("a failed run", () => {
        const last = readState(t.db)?.last;
        if (last?.result === "published") first = last.published;
        return last?.result === "failed" && first ? last : undefined;
      });
      expect(failed.error).toMatch(/^the site build failed/);
      // The site published before the failure is still published, whole, and the failed release is gone.
      expect(readlinkSync(publish)).toBe(first);
      expect(existsSync(join(publish, "index.html"))).toBe(true);
      const releases = readdirSync(releasesDir(publish)).map((r) => join(releasesDir(publish), r));
      expect(releases).toContain(first);
      expect(releases.filter((r) => r > first!)).toEqual([]);
      expect(readState(t.db)?.lastError?.message).toMatch(/^the site build failed/);
      const status = await observatory(["status"], { ...t.env, OBSERVATORY_PUBLISH_DIR: publish });
      expect(status.stdout).toContain("the site build failed");
      // The next run comes as scheduled.
      await until("the next run", () => readState(t.db)?.current);

      daemon.child.kill("SIGTERM");
      const result = await daemon.done;
      expect(result.code, result.stderr).toBe(0);
      // Every line of the log is one JSON object, the scheduler's own messages included.
      const events = logEvents(result.stderr);
      const names = events.map((e) => e.event);
      expect(names.indexOf("site-published")).toBeLessThan(names.indexOf("run-failed"));
      expect(names.lastIndexOf("crawl-started")).toBeGreaterThan(names.indexOf("run-failed"));
      // A run takes longer than two seconds, so ticks come while one is going: each is noted and skipped.
      expect(events.filter((e) => e.event === "run-skipped").length).toBeGreaterThan(0);
      expect(readlinkSync(publish)).toBe(first);
    } finally {
      for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await sleep(500);
      // A build the daemon left behind may still hold a file open: then detach the disk lazily.
      try {
        execFileSync("umount", [disk], { stdio: "ignore" });
      } catch {
        execFileSync("umount", ["-l", disk]);
      }
    }
  }, 90_000);
});

/** How many daemon locks the store holds (store.crawls.takeLock). */
function daemonLocks(db: string): number {
  const store = Store.open(db);
  try {
    return (store.db.prepare("SELECT COUNT(*) AS n FROM locks WHERE name = 'daemon'").get() as { n: number }).n;
  } finally {
    store.close();
  }
}

/** The daemon's log: every line of it one JSON object (JSON.parse throws on any other line). */
function logEvents(stderr: string): Array<{ event: string; reason?: string }> {
  return stderr
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { event: string; reason?: string });
}
