// Crashes mid-crawl: our own server dies, or the crawler itself is killed. Nothing is lost or counted twice.
import { writeFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { Store } from "../../crawler/store/store.ts";
import { killHomeServer, startHomeServer } from "../../scripts/federation/federation.ts";
import { crawlerEnv, FAST_DOMAINS, freshDb, observatory, probesPerDomain, start } from "./cli.ts";

const DOMAINS = FAST_DOMAINS;

async function waitForProbes(db: string, atLeast: number): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try {
      if ([...probesPerDomain(db).values()].reduce((a, b) => a + b, 0) >= atLeast) return;
    } catch {
      // the store may not exist yet
    }
    await sleep(100);
  }
  throw new Error(`fewer than ${atLeast} probes after 30 s`);
}

/** The next crawl resumes the unfinished one, probes only the domains it had left, and then every domain has been probed once. */
async function expectResumed(db: string, env: NodeJS.ProcessEnv, probedBefore: number): Promise<void> {
  const second = await observatory(["crawl", "--concurrency", "4"], env);
  expect(second.code, second.stderr).toBe(0);
  expect(second.stderr).toContain(`Resuming crawl #1: ${DOMAINS.length - probedBefore} of ${DOMAINS.length} domains to probe.`);
  const after = probesPerDomain(db);
  expect([...after.keys()].sort()).toEqual(DOMAINS);
  expect([...after.values()].every((n) => n === 1)).toBe(true);
  // The finished crawl keeps no contact-check targets for a resumption.
  expect(checkedTargets(db)).toBe(0);
}

/** The contact-check targets kept for the resumption of crawl #1. */
function checkedTargets(db: string): number {
  const store = Store.open(db);
  try {
    return store.crawls.checkedTargets(1).length;
  } finally {
    store.close();
  }
}

function domainFile(): string {
  const file = `${freshDb()}.txt`;
  writeFileSync(file, DOMAINS.join("\n"));
  return file;
}

describe("a crawl that breaks in the middle", () => {
  afterEach(async () => {
    await startHomeServer(inject("federation").dir);
  });

  it("survives our own server being killed: it reconnects and completes, every domain probed once", async () => {
    const db = freshDb();
    const crawl = start(["crawl", "--domains", domainFile(), "--concurrency", "1", "--rate", "2"], crawlerEnv({ OBSERVATORY_DB: db }));
    await waitForProbes(db, 3);
    await killHomeServer(inject("federation").dir);
    await sleep(2000);
    await startHomeServer(inject("federation").dir);
    const result = await crawl.done;
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/Crawl #1 finished: 13\/13 probed \(12 reachable, 1 unreachable\)/);
    const counts = probesPerDomain(db);
    expect([...counts.keys()].sort()).toEqual(DOMAINS);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it("resumes after the crawler itself is killed (SIGKILL), without probing any domain twice", async () => {
    const db = freshDb();
    const env = crawlerEnv({ OBSERVATORY_DB: db });
    const file = domainFile();
    const first = start(["crawl", "--domains", file, "--concurrency", "1", "--rate", "2"], env);
    await waitForProbes(db, 4);
    first.child.kill("SIGKILL");
    await first.done;
    const before = probesPerDomain(db);
    expect(before.size).toBeGreaterThanOrEqual(4);
    expect(before.size).toBeLessThan(DOMAINS.length);

    await expectResumed(db, env, before.size);
    const store = Store.open(db);
    expect(store.crawls.get(1)?.status).toBe("finished");
    store.close();
  });

  it("stops with exit 3 when our own server stays away past the patience, and the next crawl resumes", async () => {
    const db = freshDb();
    const env = crawlerEnv({ OBSERVATORY_DB: db, OBSERVATORY_RECONNECT_PATIENCE: "3" });
    const crawl = start(["crawl", "--domains", domainFile(), "--concurrency", "1", "--rate", "2"], env);
    await waitForProbes(db, 3);
    await killHomeServer(inject("federation").dir);
    const stopped = await crawl.done;
    expect(stopped.code, stopped.stderr).toBe(3);
    expect(stopped.stderr).toContain("our own server did not come back within 3 s");
    expect(stopped.stderr).toContain("Run `observatory crawl` again to resume.");
    const before = probesPerDomain(db);

    await startHomeServer(inject("federation").dir);
    await expectResumed(db, env, before.size);
  });

  it.each(["SIGINT", "SIGTERM"] as const)(
    "stops on %s with probes still queued, says how to resume, and the next crawl probes only the rest",
    async (signal) => {
      const db = freshDb();
      const env = crawlerEnv({ OBSERVATORY_DB: db });
      const first = start(["crawl", "--domains", domainFile(), "--concurrency", "1", "--rate", "2"], env);
      await waitForProbes(db, 3);
      first.child.kill(signal);
      // Before the fix, p-queue's clear() left the queued probes' promises unsettled and this never returned.
      const stopped = await first.done;
      expect(stopped.code, stopped.stderr).toBe(0);
      expect(stopped.stderr).toContain("Stopping: finishing the probes in flight; the next `crawl` resumes.");
      expect(stopped.stderr).toMatch(new RegExp(`Crawl #1 stopped: \\d+/${DOMAINS.length} probed`));
      expect(stopped.stderr).toContain("Run `observatory crawl` again to resume.");
      const before = probesPerDomain(db);
      expect(before.size).toBeLessThan(DOMAINS.length);
      // What the stopped run checked is kept, so that the resumed run does not check it again.
      expect(checkedTargets(db)).toBeGreaterThan(0);

      await expectResumed(db, env, before.size);
    },
  );
});
