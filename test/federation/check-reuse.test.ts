// A daemon does not re-check what it checked today (issue 34), through the command and the real
// federation: the same store crawled again within the reuse window asks no working address's
// host, and asks every broken one again; `check` asks afresh; a crawl past the window asks
// everything again. Web requests are counted where they arrive, in the federation's web server's
// log; every check that asks a host (disco#info of a domain or a room, a GET) is counted by the
// crawl, which stores its figures.
import { readFileSync, writeFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import type { AddressCheck } from "../../crawler/contract.ts";
import { Store } from "../../crawler/store/store.ts";
import { crawlerEnv, freshDb, observatory } from "./cli.ts";

const db = freshDb();
const list = `${db}.domains.txt`;
const webLog = `${inject("federation").dir}/web.log`;

/**
 * One crawl of good.test and contacts.test, one domain at a time (contacts.test first: its checks
 * ask good.test and muc.good.test before good.test's own probe), and the web requests it made
 * ("host path", in the order they came).
 */
async function crawl(env: Record<string, string> = {}): Promise<{ crawlId: number; web: string[]; stderr: string }> {
  const before = readFileSync(webLog, "utf8").length;
  const result = await observatory(["crawl", "--domains", list, "--concurrency", "1"], crawlerEnv({ OBSERVATORY_DB: db, ...env }));
  expect(result.code, result.stderr).toBe(0);
  const crawlId = Number(/Crawl #(\d+) finished/.exec(result.stderr)![1]);
  return { crawlId, web: requestsSince(before), stderr: result.stderr };
}

const requestsSince = (offset: number) =>
  readFileSync(webLog, "utf8")
    .slice(offset)
    .split("\n")
    .filter(Boolean)
    .map((line) => line.split(" ").slice(2, 4).join(" "));

function stored<T>(use: (store: Store) => T): T {
  const store = Store.open(db);
  try {
    return use(store);
  } finally {
    store.close();
  }
}

/** Each address's mark in a crawl's report of a domain, by value. */
const marks = (crawlId: number, domain: string): Map<string, AddressCheck> =>
  stored(
    (store) =>
      new Map(
        store.probes
          .crawlReports(crawlId)
          .find((r) => r.domain === domain)!
          .checks.map((c) => [c.value, c]),
      ),
  );

let first: Awaited<ReturnType<typeof crawl>>;
let second: Awaited<ReturnType<typeof crawl>>;

beforeAll(async () => {
  writeFileSync(list, "good.test\ncontacts.test\n");
  // contacts.test's slow page takes the checks' 10 s, twice.
  first = await crawl();
  second = await crawl();
}, 120_000);

describe("a second crawl within the reuse window", () => {
  it("asks no working address's host again, and asks every broken one, as the web server saw", () => {
    expect(first.web.sort()).toEqual([
      "contacts.test /.well-known/security.txt",
      "good.test /.well-known/security.txt",
      "good.test /support",
      "web.test /expired/security.txt",
      "web.test /loop",
      "web.test /loop-again",
      "web.test /missing",
      "web.test /nocontact/security.txt",
      "web.test /page",
      "web.test /slow",
      "web.test /to-http",
    ]);
    // Not web.test/page, good.test's pages, nor contacts.test's own security.txt, which it does not serve (404): settled for the day.
    expect(second.web.sort()).toEqual([
      "web.test /expired/security.txt",
      "web.test /loop",
      "web.test /loop-again",
      "web.test /missing",
      "web.test /nocontact/security.txt",
      "web.test /slow",
      "web.test /to-http",
    ]);
  });

  it("counts every check that asks a host: the second time, only the broken and unknown targets", () => {
    const [one, two] = stored((store) => [store.crawls.checkFigures(first.crawlId)!, store.crawls.checkFigures(second.crawlId)!]);
    // The first: 4 XMPP domains (dead.test, good.test, muc.good.test, conference.ej.test), 5 rooms, 10 web targets; 4 mail domains.
    expect(one).toEqual({ requests: 19, lookups: 4, reused: 0 });
    // The second: dead.test (unreachable), the 4 missing and members-only rooms, the 6 broken web addresses;
    // the mail domains' DNS, as every time (a mail check is its DNS answer).
    expect(two).toEqual({ requests: 11, lookups: 4, reused: 8 });
    expect(second.stderr).toContain(
      "Contact checks: 11 asked an address's host (XMPP domains and rooms, web pages), 4 only DNS (mail domains), 8 reused from an earlier check that worked",
    );
    // Every working target (good.test, muc.good.test and conference.ej.test, the open room, 4 web targets) cost the second crawl DNS only.
    expect(one.requests - two.requests).toBe(two.reused);
  });

  it("keeps the time each reused check really ran, and checks the broken ones anew", () => {
    const before = marks(first.crawlId, "contacts.test");
    const after = marks(second.crawlId, "contacts.test");
    for (const working of ["https://web.test/page", "xmpp:admin@good.test"]) {
      expect(after.get(working)!.status).toBe("works");
      expect(after.get(working)!.checkedAt).toBe(before.get(working)!.checkedAt);
    }
    for (const broken of ["https://web.test/missing", "xmpp:abuse@dead.test", "xmpp:members@muc.good.test?join"]) {
      expect(after.get(broken)!.status).toBe("broken");
      expect(Date.parse(after.get(broken)!.checkedAt!)).toBeGreaterThan(Date.parse(before.get(broken)!.checkedAt!));
    }
    const good = marks(second.crawlId, "good.test").get("xmpp:support@muc.good.test?join")!;
    expect(good).toMatchObject({ status: "works", checkedAt: marks(first.crawlId, "good.test").get("xmpp:support@muc.good.test?join")!.checkedAt });
  });
});

describe("checking afresh", () => {
  it("check asks every address's host, whatever an earlier crawl found", async () => {
    const before = readFileSync(webLog, "utf8").length;
    const result = await observatory(["check", "good.test"], crawlerEnv({ OBSERVATORY_DB: db }));
    expect(result.code, result.stderr).toBe(0);
    expect(requestsSince(before).sort()).toEqual(["good.test /.well-known/security.txt", "good.test /support"]);
    // The readable report says when: now.
    expect(result.stdout).toMatch(/✓ works {3}https:\/\/good\.test\/support \(checked \d+ \w+ \d{4}, \d\d:\d\d UTC\): The page answered HTTP 200\./);
  });

  it("a crawl past the reuse window asks every host again", async () => {
    // A window of one second (OBSERVATORY_CHECK_REUSE), and more than that since the checks above.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const third = await crawl({ OBSERVATORY_CHECK_REUSE: "1" });
    expect(third.web).toEqual(expect.arrayContaining(["web.test /page", "good.test /support", "contacts.test /.well-known/security.txt"]));
    expect(stored((store) => store.crawls.checkFigures(third.crawlId))).toEqual({ requests: 19, lookups: 4, reused: 0 });
  }, 60_000);
});
