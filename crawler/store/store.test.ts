import { chmodSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { Store } from "./store.ts";
import { MIGRATIONS } from "./migrations.ts";
import { crawlSummaries, currentState, currentStates, domainHistory, probeEvidence } from "./queries.ts";
import { analyzeProbe } from "../probe/analyze.ts";
import { withVantages } from "../rules/federation.ts";
import { answers, fixture } from "../../test/helpers/fixtures.ts";
import { judgedForStore, recordProbe } from "../crawl/record.ts";

const result = (domain: string, file: string) => ({
  report: analyzeProbe(answers(domain, { info: fixture(file) }), 20),
  evidence: [{ jid: domain, kind: "disco-info" as const, raw: fixture(file) }],
});

/** What changes, kind by kind, when good.test's answer (prosody-0.12.3 fixture) turns into plain.test's, and back. */
const GOOD_TO_PLAIN = [
  ...Array(8).fill("contact-removed"),
  "administrator-removed",
  "administrator-removed",
  "finding-appeared",
  ...Array(7).fill("finding-resolved"),
];
const PLAIN_TO_GOOD = [
  ...Array(8).fill("contact-added"),
  "administrator-added",
  "administrator-added",
  ...Array(7).fill("finding-appeared"),
  "finding-resolved",
];

/** A store file as the first `version` migrations left it, open for the test to fill. */
function storeFileAt(version: number): { path: string; db: Database.Database } {
  const path = `${mkdtempSync(`${tmpdir()}/store-`)}/v${version}.sqlite`;
  const db = new Database(path);
  for (const migration of MIGRATIONS.slice(0, version)) {
    if (typeof migration === "string") db.exec(migration);
    else migration(db);
  }
  db.pragma(`user_version = ${version}`);
  return { path, db };
}

describe("Store", () => {
  it("migrates a new file, and reopens it without migrating again", () => {
    const path = `${mkdtempSync(`${tmpdir()}/store-`)}/s.sqlite`;
    Store.open(path).close();
    const store = Store.open(path);
    expect(store.db.pragma("user_version", { simple: true })).toBe(MIGRATIONS.length);
    expect(store.db.pragma("journal_mode", { simple: true })).toBe("wal");
    store.close();
  });

  it("is readable by its owner only, with its -wal and -shm files (0600): it holds watchers' JIDs and opt-out codes", () => {
    const modes = (path: string) => ["", "-wal", "-shm"].map((suffix) => (statSync(`${path}${suffix}`).mode & 0o777).toString(8));
    const previous = process.umask(0o022); // the usual umask, which makes new files 0644
    try {
      const path = `${mkdtempSync(`${tmpdir()}/store-`)}/s.sqlite`;
      const store = Store.open(path);
      store.addDomains(["good.test"], "test");
      expect(modes(path)).toEqual(["600", "600", "600"]);
      store.close();
      // A store made before, readable by everyone, is closed to them when it is next opened.
      const older = `${mkdtempSync(`${tmpdir()}/store-`)}/s.sqlite`;
      new Database(older).close();
      chmodSync(older, 0o644);
      const reopened = Store.open(older);
      reopened.addDomains(["good.test"], "test");
      expect(modes(older)).toEqual(["600", "600", "600"]);
      reopened.close();
      for (const file of [path, older]) rmSync(dirname(file), { recursive: true, force: true });
    } finally {
      process.umask(previous);
    }
  });

  it("records a crawl's batch of probes in one transaction: an opted-out domain left out, a failed batch kept whole or not at all", () => {
    const store = Store.open(":memory:");
    store.addDomains(["good.test", "bad.test", "plain.test"], "test");
    const id = store.startCrawl(store.crawlableDomains(), {});
    store.optOut("bad.test", "asked by its operator", "2099-01-01T00:00:00.000Z");
    const bounds = { perSource: 10, crawlCap: 100 };
    const written = store.recordCrawlProbes(
      id,
      [
        {
          result: judgedForStore(store, result("good.test", "prosody-0.12.3/disco-info.good.test.xml")),
          attempts: 2,
          found: [{ domain: "new.test", via: "good.test" }],
        },
        { result: judgedForStore(store, result("bad.test", "prosody-0.12.3/disco-info.bad.test.xml")), attempts: 1, found: [] },
      ],
      bounds,
    );
    expect(written).toEqual([
      { stored: true, added: 1, dropped: 0 },
      { stored: false, added: 0, dropped: 0 },
    ]);
    expect(store.db.prepare("SELECT domain, attempts FROM probes").all()).toEqual([{ domain: "good.test", attempts: 2 }]);
    expect(store.db.prepare("SELECT domain, discovered_in FROM domains WHERE domain = 'new.test'").get()).toEqual({ domain: "new.test", discovered_in: id });
    // good.test again breaks the one-probe-per-crawl rule: plain.test, before it in the batch, is not kept either.
    expect(() =>
      store.recordCrawlProbes(
        id,
        [
          {
            result: judgedForStore(store, result("plain.test", "prosody-0.12.3/disco-info.plain.test.xml")),
            attempts: 1,
            found: [{ domain: "other.test", via: "plain.test" }],
          },
          { result: judgedForStore(store, result("good.test", "prosody-0.12.3/disco-info.good.test.xml")), attempts: 1, found: [] },
        ],
        bounds,
      ),
    ).toThrow(/UNIQUE/);
    expect(store.db.prepare("SELECT domain FROM probes").all()).toEqual([{ domain: "good.test" }]);
    expect(store.db.prepare("SELECT COUNT(*) AS n FROM domains WHERE domain = 'other.test'").get()).toEqual({ n: 0 });
    expect(store.pendingTargets(id)).toEqual(["plain.test"]);
    store.close();
  });

  it("records a probe with everything read from it, and resumes a crawl with what is left", () => {
    const store = Store.open(":memory:");
    store.addDomains(["good.test", "bad.test", "plain.test"], "test");
    const id = store.startCrawl(store.crawlableDomains(), {});
    expect(store.pendingTargets(id)).toEqual(["bad.test", "good.test", "plain.test"]);
    recordProbe(store, id, result("good.test", "prosody-0.12.3/disco-info.good.test.xml"));
    expect(store.pendingTargets(id)).toEqual(["bad.test", "plain.test"]);
    expect(store.crawlCounts(id)).toEqual({ total: 3, done: 1, ok: 1, unreachable: 0, notJudged: 0, discovered: 0, discoveryDropped: 0 });
    const contacts = store.db.prepare("SELECT category, value FROM contacts ORDER BY category, position").all();
    expect(contacts).toContainEqual({ category: "abuse", value: "xmpp:abuse@good.test" });
    expect(store.db.prepare("SELECT value FROM administrators ORDER BY position").all()).toEqual([{ value: "admin@good.test" }, { value: "alice@good.test" }]);
    expect(store.evidenceOf(id, "good.test")[0]?.xml).toContain("serverinfo");
    // One probe per domain per crawl: recording twice is refused and leaves nothing half-written.
    expect(() => recordProbe(store, id, result("good.test", "prosody-0.12.3/disco-info.good.test.xml"))).toThrow(/UNIQUE/);
    expect(store.db.prepare("SELECT COUNT(*) AS n FROM findings").get()).toEqual({ n: store.latestReport("good.test")!.findings.length });
    expect(store.unfinishedCrawl()?.id).toBe(id);
    recordProbe(store, id, result("bad.test", "prosody-0.12.3/disco-info.bad.test.xml"));
    recordProbe(store, id, result("plain.test", "prosody-0.12.3/disco-info.plain.test.xml"));
    store.finishCrawl(id);
    expect(store.unfinishedCrawl()).toBeUndefined();
    expect(store.crawlReports(id).map((r) => r.domain)).toEqual(["bad.test", "good.test", "plain.test"]);
  });

  it("keeps the contact-check targets of an unfinished crawl for its resumption, and drops them when it finishes", () => {
    const store = Store.open(":memory:");
    store.addDomains(["good.test", "plain.test"], "test");
    const id = store.startCrawl(["good.test", "plain.test"], {});
    const mail = {
      kind: "mail",
      target: "good.test",
      checkedAt: "2026-11-21T00:00:00.000Z",
      verdict: { kind: "mx", hosts: ["mail.good.test"] },
      record: undefined,
    };
    recordProbe(store, id, { ...result("good.test", "prosody-0.12.3/disco-info.good.test.xml"), targets: [{ key: "mail:good.test", facts: mail }] });
    // A second probe listing the same target keeps the first facts; a one-off check keeps none.
    recordProbe(store, id, {
      ...result("plain.test", "prosody-0.12.3/disco-info.plain.test.xml"),
      targets: [{ key: "mail:good.test", facts: { ...mail, target: "x" } }],
    });
    recordProbe(store, null, { ...result("good.test", "prosody-0.12.3/disco-info.good.test.xml"), targets: [{ key: "web:https://x/", facts: mail }] });
    expect(store.crawlChecks(id)).toEqual([["mail:good.test", mail]]);
    store.finishCrawl(id);
    expect(store.crawlChecks(id)).toEqual([]);
    store.close();
  });

  it("keeps one-off checks apart from crawls, and history by domain", () => {
    const store = Store.open(":memory:");
    recordProbe(store, null, result("good.test", "prosody-0.12.3/disco-info.good.test.xml"));
    recordProbe(store, null, result("good.test", "prosody-0.12.3/disco-info.plain.test.xml"));
    expect(store.db.prepare("SELECT COUNT(*) AS n FROM probes WHERE domain = 'good.test'").get()).toEqual({ n: 2 });
  });

  it("stores each probe's verdict in columns, and migration 2 fills them for probes stored before it", () => {
    // A store as version 1 left it: probes without verdict columns.
    const { path, db: v1 } = storeFileAt(1);
    const files = {
      "good.test": "prosody-0.12.3/disco-info.good.test.xml",
      "bad.test": "prosody-0.12.3/disco-info.bad.test.xml",
      "dead.test": "errors/disco-info.dead.test.xml",
    };
    v1.prepare("INSERT INTO crawls (id, started_at, finished_at, status, total, settings) VALUES (1, '2026-01-01', '2026-01-01', 'finished', 3, '{}')").run();
    for (const [domain, file] of Object.entries(files)) {
      const { report } = result(domain, file);
      v1.prepare("INSERT INTO domains (domain, source, added_at) VALUES (?, 'test', '2026-01-01')").run(domain);
      v1.prepare(
        `INSERT INTO probes (crawl_id, domain, probed_at, duration_ms, attempts, outcome, serverinfo_forms, errors, warnings, infos, report)
         VALUES (1, ?, ?, 1, 1, ?, ?, 0, 0, 0, ?)`,
      ).run(domain, report.probedAt, report.outcome, report.serverinfo.forms, JSON.stringify(report));
    }
    v1.close();

    const store = Store.open(path);
    const rows = store.db
      .prepare("SELECT domain, report, level, authbot_ready, publishes_administrators, has_abuse_contact, errors, warnings, infos FROM probes ORDER BY domain")
      .all() as Array<Record<string, number | string>>;
    // The verdicts as literals (rules/verdict.ts judges; this is what it must have said of these answers).
    expect(rows.map(({ report: _report, ...columns }) => columns)).toEqual([
      { domain: "bad.test", level: "errors", authbot_ready: 0, publishes_administrators: 0, has_abuse_contact: 1, errors: 1, warnings: 8, infos: 5 },
      { domain: "dead.test", level: "unreachable", authbot_ready: 0, publishes_administrators: 0, has_abuse_contact: 0, errors: 0, warnings: 0, infos: 0 },
      { domain: "good.test", level: "clean", authbot_ready: 1, publishes_administrators: 1, has_abuse_contact: 1, errors: 0, warnings: 0, infos: 4 },
    ]);
    // The SQL summaries count the columns.
    expect(crawlSummaries(store)[0]).toMatchObject({
      probed: 3,
      reachable: 2,
      clean: 1,
      warningsOnly: 0,
      withErrors: 1,
      withAbuse: 2,
      withAdministrators: 1,
      authbotReady: 1,
    });
    // A probe recorded now carries its verdict too.
    recordProbe(store, null, result("plain.test", "prosody-0.12.3/disco-info.plain.test.xml"));
    expect(store.db.prepare("SELECT level FROM probes WHERE domain = 'plain.test'").get()).toEqual({ level: "warnings" });
    store.close();
  });

  it("stores what each probe changed since the domain's previous one", () => {
    const store = Store.open(":memory:");
    store.addDomains(["good.test"], "test");
    const good = result("good.test", "prosody-0.12.3/disco-info.good.test.xml");
    const plain = result("good.test", "prosody-0.12.3/disco-info.plain.test.xml");
    const at = (iso: string, r: typeof good) => ({ ...r, report: { ...r.report, probedAt: iso } });
    recordProbe(store, null, at("2026-01-01T00:00:00.000Z", good));
    recordProbe(store, null, at("2026-01-02T00:00:00.000Z", good));
    recordProbe(store, null, at("2026-01-03T00:00:00.000Z", plain));
    const history = domainHistory(store, "good.test");
    // On good.test itself its operators are on their own domain: no foreign-domain or authbot findings to resolve.
    const goodTestToPlain = [...GOOD_TO_PLAIN.slice(0, 11), ...Array(4).fill("finding-resolved")];
    expect(history.map((h) => h.changes.map((c) => c.kind))).toEqual([["first-seen"], [], goodTestToPlain]);
    expect(history[2]!.changes[0]).toEqual({ kind: "contact-removed", text: "abuse address removed: mailto:abuse@good.test" });
  });

  it("migration 3 fills each stored probe's changes, domain by domain, across its pages", () => {
    const { path, db: v2 } = storeFileAt(2);
    const reports = {
      good: result("a.test", "prosody-0.12.3/disco-info.good.test.xml").report,
      plain: result("a.test", "prosody-0.12.3/disco-info.plain.test.xml").report,
    };
    // More than one page (1,000 rows) of probes, two domains interleaved in time, so that the
    // previous report must be carried across a page boundary and never across domains.
    const insert = v2.prepare(
      "INSERT INTO probes (crawl_id, domain, probed_at, duration_ms, attempts, outcome, serverinfo_forms, errors, warnings, infos, report) VALUES (NULL, ?, ?, 1, 1, 'ok', 1, 0, 0, 0, ?)",
    );
    const expected = new Map<string, string[]>();
    v2.transaction(() => {
      for (const domain of ["a.test", "b.test"]) {
        v2.prepare("INSERT INTO domains (domain, source, added_at) VALUES (?, 'test', '2026-01-01')").run(domain);
        let previous: "good" | "plain" | undefined;
        const kinds: string[] = [];
        for (let i = 0; i < 700; i++) {
          const kind = i % 3 === 2 ? "plain" : "good";
          const report = { ...reports[kind], domain, probedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString() };
          insert.run(domain, report.probedAt, JSON.stringify(report));
          // Literal kinds of change: first seen, none (the same answer again), good to plain, plain to good.
          kinds.push(JSON.stringify(previous === undefined ? ["first-seen"] : previous === kind ? [] : kind === "plain" ? GOOD_TO_PLAIN : PLAIN_TO_GOOD));
          previous = kind;
        }
        expected.set(domain, kinds);
      }
    })();
    v2.close();
    const store = Store.open(path);
    for (const domain of ["a.test", "b.test"])
      expect(domainHistory(store, domain).map((h) => JSON.stringify(h.changes.map((c) => c.kind)))).toEqual(expected.get(domain));
    store.close();
  });

  it("migration 12 re-judges authbot-ready of the probes stored as the real authbot decides", () => {
    const { path, db: v11 } = storeFileAt(11);
    const base = result("a.test", "prosody-0.12.3/disco-info.good.test.xml").report;
    const listing = (admin: string[]) => ({ ...base, domain: "a.test", contacts: { ...base.contacts, abuse: [], security: [], admin } });
    v11.prepare("INSERT INTO domains (domain, source, added_at) VALUES ('a.test', 'test', '2026-01-01')").run();
    const insert = v11.prepare(
      "INSERT INTO probes (crawl_id, domain, probed_at, duration_ms, attempts, outcome, serverinfo_forms, errors, warnings, infos, report, authbot_ready) VALUES (NULL, 'a.test', ?, 1, 1, 'ok', 1, 0, 0, 0, ?, ?)",
    );
    // As stored before: the old string comparison said no to ?join and capitals, yes to a domain alone.
    insert.run("2026-01-01T00:00:00.000Z", JSON.stringify(listing(["XMPP:Boss@a.test?join"])), 0);
    insert.run("2026-01-02T00:00:00.000Z", JSON.stringify(listing(["xmpp:a.test"])), 1);
    v11.close();
    const store = Store.open(path);
    expect(store.db.prepare("SELECT authbot_ready FROM probes ORDER BY id").pluck().all()).toEqual([1, 0]);
    store.close();
  });

  it("migration 13 takes the IP addresses an older version let onto the list off it, with their crawl targets and watches", () => {
    const { path, db: v12 } = storeFileAt(12);
    // What `domains import` made of 2130706433, 10.1 and 0xa9fea9fe, and what the authbot mode listed for a joiner on [::1].
    const listed = ["127.0.0.1", "10.0.0.1", "169.254.169.254", "[::1]", "good.test", "123.example"];
    for (const domain of listed) v12.prepare("INSERT INTO domains (domain, source, added_at) VALUES (?, 'test', '2026-01-01')").run(domain);
    v12.prepare("INSERT INTO crawls (id, started_at, status, total, settings) VALUES (1, '2026-01-01', 'running', 3, '{}')").run();
    for (const domain of ["127.0.0.1", "[::1]", "good.test"]) v12.prepare("INSERT INTO crawl_targets (crawl_id, domain) VALUES (1, ?)").run(domain);
    for (const domain of ["10.0.0.1", "good.test"]) v12.prepare("INSERT INTO watches (jid, domain, since) VALUES ('a@good.test', ?, '2026-01-01')").run(domain);
    v12.close();
    const store = Store.open(path);
    expect(store.listDomains().map((d) => d.domain)).toEqual(["123.example", "good.test"]);
    expect(store.db.prepare("SELECT domain FROM crawl_targets").pluck().all()).toEqual(["good.test"]);
    expect(store.db.prepare("SELECT domain FROM watches").pluck().all()).toEqual(["good.test"]);
    store.close();
  });

  it("stores an answer once however many probes it is evidence for, with what reading it left out", () => {
    const store = Store.open(":memory:");
    const good = result("good.test", "prosody-0.12.3/disco-info.good.test.xml");
    const cut = ["elements nested deeper than 16 levels, dropped"];
    for (let i = 0; i < 5; i++) {
      const id = store.startCrawl(["good.test"], {});
      recordProbe(store, id, { ...good, evidence: [{ ...good.evidence[0]!, cut }] });
      store.finishCrawl(id);
    }
    expect(store.db.prepare("SELECT COUNT(*) AS n FROM answers").get()).toEqual({ n: 1 });
    expect(store.db.prepare("SELECT COUNT(*) AS n FROM evidence").get()).toEqual({ n: 5 });
    expect(store.evidenceOf(3, "good.test")).toEqual([{ jid: "good.test", kind: "disco-info", xml: good.evidence[0]!.raw, cut }]);
  });

  it("retention keeps every probe that changed something and the newest N, deletes the rest and their unused answers, and keeps the trends", () => {
    const store = Store.open(":memory:");
    store.addDomains(["good.test"], "test");
    const good = result("good.test", "prosody-0.12.3/disco-info.good.test.xml");
    const plain = result("good.test", "prosody-0.12.3/disco-info.plain.test.xml");
    // 20 crawls: good, then plain from crawl 8 on, then good again from crawl 15 on.
    for (let c = 0; c < 20; c++) {
      const id = store.startCrawl(["good.test"], {});
      const r = c >= 7 && c < 14 ? plain : good;
      const probedAt = new Date(Date.UTC(2026, 0, 1, c)).toISOString();
      recordProbe(store, id, { ...r, report: { ...r.report, probedAt } });
      store.finishCrawl(id, probedAt);
    }
    const before = crawlSummaries(store);
    expect(store.pruneHistory(3)).toEqual({ probes: 14, answers: 0 });
    const kept = domainHistory(store, "good.test").map((h) => h.crawlId);
    // The first probe, the two changes (crawls 8 and 15) and the newest three.
    expect(kept).toEqual([1, 8, 15, 18, 19, 20]);
    expect(crawlSummaries(store)).toEqual(before);
    expect(store.pruneHistory(3)).toEqual({ probes: 0, answers: 0 });
    // Past the changed probes kept per domain, the oldest changed ones go too.
    expect(store.pruneHistory(3, 2)).toEqual({ probes: 1, answers: 0 });
    expect(domainHistory(store, "good.test").map((h) => h.crawlId)).toEqual([8, 15, 18, 19, 20]);
    // An unfinished crawl's probes stay, whatever their age.
    const running = store.startCrawl(["good.test"], {});
    recordProbe(store, running, { ...good, report: { ...good.report, probedAt: "2026-01-02T00:00:00.000Z" } });
    store.pruneHistory(1);
    expect(domainHistory(store, "good.test").map((h) => h.crawlId)).toContain(running);
  });

  it("retention deletes answers no probe uses any more", () => {
    const store = Store.open(":memory:");
    const good = result("good.test", "prosody-0.12.3/disco-info.good.test.xml");
    const at = (iso: string, raw: string) => ({ ...good, report: { ...good.report, probedAt: iso }, evidence: [{ ...good.evidence[0]!, raw }] });
    // The same report with a different answer text (say, a reordered attribute): unchanged, yet a new answer.
    recordProbe(store, null, at("2026-01-01T00:00:00.000Z", "<iq a='1'/>"));
    recordProbe(store, null, at("2026-01-02T00:00:00.000Z", "<iq a='2'/>"));
    recordProbe(store, null, at("2026-01-03T00:00:00.000Z", "<iq a='3'/>"));
    recordProbe(store, null, at("2026-01-04T00:00:00.000Z", "<iq a='3'/>"));
    expect(store.pruneHistory(1)).toEqual({ probes: 2, answers: 1 });
    expect((store.db.prepare("SELECT xml FROM answers ORDER BY xml").all() as Array<{ xml: string }>).map((r) => r.xml)).toEqual([
      "<iq a='1'/>",
      "<iq a='3'/>",
    ]);
  });

  it("migration 5 stores each distinct answer once and counts the finished crawls' figures", () => {
    const { path, db: v4 } = storeFileAt(4);
    v4.prepare("INSERT INTO domains (domain, source, added_at) VALUES ('a.test', 'test', '2026-01-01')").run();
    v4.prepare("INSERT INTO crawls (id, started_at, finished_at, status, total, settings) VALUES (1, '2026-01-01', '2026-01-01', 'finished', 1, '{}')").run();
    v4.prepare("INSERT INTO crawls (id, started_at, finished_at, status, total, settings) VALUES (2, '2026-01-02', '2026-01-02', 'finished', 1, '{}')").run();
    const report = JSON.stringify(result("a.test", "prosody-0.12.3/disco-info.good.test.xml").report);
    for (const crawl of [1, 2]) {
      const id = v4
        .prepare(
          "INSERT INTO probes (crawl_id, domain, probed_at, duration_ms, attempts, outcome, serverinfo_forms, errors, warnings, infos, report, level, has_abuse_contact) VALUES (?, 'a.test', ?, 1, 1, 'ok', 1, 0, 0, 1, ?, 'clean', 1)",
        )
        .run(crawl, `2026-01-0${crawl}`, report).lastInsertRowid;
      v4.prepare(
        "INSERT INTO evidence (probe_id, position, jid, kind, xml) VALUES (?, 0, 'a.test', 'disco-info', '<iq/>'), (?, 1, 'a.test', 'version', NULL)",
      ).run(id, id);
    }
    v4.close();
    const store = Store.open(path);
    expect(store.db.prepare("SELECT COUNT(*) AS n FROM answers").get()).toEqual({ n: 1 });
    expect(store.evidenceOf(2, "a.test")).toEqual([
      { jid: "a.test", kind: "disco-info", xml: "<iq/>", cut: [] },
      { jid: "a.test", kind: "version", xml: null, cut: [] },
    ]);
    expect(crawlSummaries(store).map((c) => [c.id, c.probed, c.reachable, c.withAbuse, c.clean])).toEqual([
      [1, 1, 1, 1, 1],
      [2, 1, 1, 1, 1],
    ]);
    store.close();
  });

  it("adds discovered domains within the bounds, per source and per crawl, and counts the rest", () => {
    const store = Store.open(":memory:");
    store.addDomains(["known.test"], "test");
    const id = store.startCrawl(["known.test"], {});
    const found = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ domain: `${prefix}${i}.test`, via: `found in ${prefix}` }));
    expect(store.addDiscovered(id, [{ domain: "known.test", via: "x" }, ...found("a", 15)], { perSource: 10, crawlCap: 14 })).toEqual({
      added: 10,
      dropped: 5,
    });
    expect(store.addDiscovered(id, found("b", 6), { perSource: 10, crawlCap: 14 })).toEqual({ added: 4, dropped: 2 });
    expect(store.crawlCounts(id)).toMatchObject({ discovered: 14, discoveryDropped: 7 });
    // The cap counts what the crawl added before, also after a resume in another process.
    expect(store.addDiscovered(id, found("c", 3), { perSource: 10, crawlCap: 14 })).toEqual({ added: 0, dropped: 3 });
    expect(store.discoveryCap()).toBe(100);
  });

  it("tells each watcher once per watched domain that changed in a crawl, and nothing of the others", () => {
    const store = Store.open(":memory:");
    store.addDomains(["good.test", "plain.test"], "test");
    const good = result("good.test", "prosody-0.12.3/disco-info.good.test.xml");
    const plain = result("plain.test", "prosody-0.12.3/disco-info.plain.test.xml");
    const fallback = result("good.test", "prosody-0.12.3/disco-info.fallback.test.xml");
    const crawl = (n: number, results: (typeof good)[]) => {
      const id = store.startCrawl(["good.test", "plain.test"], {});
      for (const r of results) recordProbe(store, id, { ...r, report: { ...r.report, probedAt: new Date(Date.UTC(2026, 0, n)).toISOString() } });
      store.finishCrawl(id, new Date(Date.UTC(2026, 0, n, 1)).toISOString());
      return id;
    };
    crawl(1, [good, plain]);
    for (const jid of ["admin@good.test", "alice@good.test"]) store.addWatch(jid, "good.test", 20);
    store.addWatch("admin@plain.test", "plain.test", 20);
    const second = crawl(2, [{ ...fallback, report: { ...fallback.report, domain: "good.test" } }, plain]);
    const notices = store.watchNotices(second);
    expect(notices.map((n) => [n.jid, n.domain])).toEqual([
      ["admin@good.test", "good.test"],
      ["alice@good.test", "good.test"],
    ]);
    expect(notices[0]!.changes.map((c) => c.kind)).toContain("contact-added");
    expect(store.watchNotices(crawl(3, [good, plain])).map((n) => n.jid)).toEqual(["admin@good.test", "alice@good.test"]);
    expect(store.watchNotices(crawl(4, [good, plain]))).toEqual([]);
  });

  it("keeps each vantage's outcome and the failed answers as evidence beside the report's own; dormancy counts only what every vantage failed on", () => {
    const store = Store.open(":memory:");
    store.addDomains(["good.test", "dead.test"], "test");
    const refused =
      "<iq type='error' from='good.test'><error type='cancel'><remote-server-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>";
    const good = result("good.test", "prosody-0.12.3/disco-info.good.test.xml");
    const dead = result("dead.test", "errors/disco-info.dead.test.xml");
    for (let crawl = 1; crawl <= 2; crawl++) {
      const id = store.startCrawl(["good.test", "dead.test"], {});
      const partial = withVantages(
        good.report,
        [
          { vantage: "home.test", outcome: "remote-server-not-found", error: { condition: "remote-server-not-found", text: "certificate has expired" } },
          { vantage: "p13.test", outcome: "ok" },
        ],
        "p13.test",
      );
      recordProbe(store, id, { report: partial, evidence: [...good.evidence, { jid: "good.test", kind: "disco-info", raw: refused, vantage: "home.test" }] });
      const both = withVantages(
        dead.report,
        [
          { vantage: "home.test", outcome: dead.report.outcome },
          { vantage: "p13.test", outcome: "timeout" },
        ],
        undefined,
      );
      recordProbe(store, id, { report: both, evidence: dead.evidence });
      store.finishCrawl(id);
    }
    expect(store.vantagesOf(2, "good.test")).toEqual([
      { vantage: "home.test", outcome: "remote-server-not-found", errorText: "certificate has expired", reachedVia: false, xml: [refused] },
      { vantage: "p13.test", outcome: "ok", errorText: null, reachedVia: true, xml: [] },
    ]);
    // The report's own evidence is the probe through p13.test only.
    expect(store.evidenceOf(2, "good.test").map((e) => e.xml)).toEqual([good.evidence[0]!.raw]);
    expect([...store.dormantDomains(2)]).toEqual(["dead.test"]);
    store.close();
  });
  it("the history says when a partial failure began and when it ended: every vantage reaching the domain again, or none", () => {
    const store = Store.open(":memory:");
    store.addDomains(["good.test"], "test");
    const good = result("good.test", "prosody-0.12.3/disco-info.good.test.xml");
    const dead = result("good.test", "errors/disco-info.dead.test.xml");
    const homeFails = (text: string) => ({
      vantage: "home.test",
      outcome: "remote-server-not-found" as const,
      error: { condition: "remote-server-not-found", text },
    });
    const crawls = [
      good.report,
      withVantages(good.report, [homeFails("certificate has expired"), { vantage: "p13.test", outcome: "ok" }], "p13.test"),
      // Still partial, in other words: not a change.
      withVantages(good.report, [homeFails("connection refused"), { vantage: "p13.test", outcome: "ok" }], "p13.test"),
      withVantages(dead.report, [homeFails("connection refused"), { vantage: "p13.test", outcome: "timeout" }], undefined),
      withVantages(good.report, [homeFails("certificate has expired"), { vantage: "p13.test", outcome: "ok" }], "p13.test"),
      good.report,
    ];
    crawls.forEach((report, i) => {
      const id = store.startCrawl(["good.test"], {});
      recordProbe(store, id, { report: { ...report, probedAt: `2026-12-0${i + 1}T00:00:00.000Z` }, evidence: good.evidence });
      store.finishCrawl(id);
    });
    const partial = (text: string) => `good.test answered through p13.test, but one server could not reach it: home.test: remote-server-not-found (${text}).`;
    expect(domainHistory(store, "good.test").map((h) => [h.outcome, h.level, h.changes.map((c) => c.text)])).toEqual([
      ["ok", "clean", ["First probed: reachable"]],
      ["ok", "warnings", [`Partial failure began (federation-partial): ${partial("certificate has expired")}`]],
      ["ok", "warnings", []],
      [
        "remote-server-not-found",
        "unreachable",
        [
          "Outcome changed from ok to remote-server-not-found",
          `Partial failure ended (federation-partial): no vantage reaches it now (remote-server-not-found). It was: ${partial("connection refused")}`,
        ],
      ],
      [
        "ok",
        "warnings",
        ["Outcome changed from remote-server-not-found to ok", `Partial failure began (federation-partial): ${partial("certificate has expired")}`],
      ],
      ["ok", "clean", [`Partial failure ended (federation-partial): every vantage reaches it again. It was: ${partial("certificate has expired")}`]],
    ]);
    store.close();
  });
});

describe("latest_probes", () => {
  it("is each domain's newest probe: the latest probed_at, the higher id on a tie, whatever order they were written in", () => {
    const store = Store.open(":memory:");
    store.addDomains(["good.test"], "test");
    const at = (probedAt: string, software: string) => {
      const r = result("good.test", "prosody-0.12.3/disco-info.good.test.xml");
      return { ...r, report: { ...r.report, probedAt, software: { name: software } } };
    };
    recordProbe(store, null, at("2026-12-01T10:00:00.000Z", "second"));
    recordProbe(store, null, at("2026-12-01T09:00:00.000Z", "older, written later"));
    expect(store.latestReport("good.test")?.software?.name).toBe("second");
    recordProbe(store, null, at("2026-12-01T10:00:00.000Z", "same time, written later"));
    expect(store.latestReport("good.test")?.software?.name).toBe("same time, written later");
    expect(currentStates(store).map((s) => s.report.software?.name)).toEqual(["same time, written later"]);
  });

  it("gives one domain's current state as the list of every domain does, with its newest probe's evidence; none for a domain opted out or never probed", () => {
    const store = Store.open(":memory:");
    store.addDomains(["good.test", "bad.test", "new.test", "gone.test"], "test");
    for (const [domain, file] of [
      ["good.test", "prosody-0.12.3/disco-info.bad.test.xml"],
      ["good.test", "prosody-0.12.3/disco-info.good.test.xml"],
      ["bad.test", "prosody-0.12.3/disco-info.bad.test.xml"],
      ["gone.test", "prosody-0.12.3/disco-info.good.test.xml"],
    ] as const)
      recordProbe(store, null, result(domain, file));
    store.optOut("gone.test", "test", "2026-12-01T00:00:00.000Z");
    const one = currentState(store, "good.test", new Set(["good.test"]));
    expect(one?.state).toEqual({ ...currentStates(store).find((s) => s.domain === "good.test"), dormant: true });
    expect(probeEvidence(store, one!.probeId).map((e) => [e.jid, e.kind, e.xml?.includes("good.test")])).toEqual([["good.test", "disco-info", true]]);
    expect(currentState(store, "new.test", new Set())).toBeUndefined();
    expect(currentState(store, "gone.test", new Set())).toBeUndefined();
    expect(currentStates(store).map((s) => s.domain)).toEqual(["bad.test", "good.test"]);
  });
});

describe("the probe write", () => {
  it("writes the verdict, changes and operators it is given, and judges nothing itself", () => {
    const store = Store.open(":memory:");
    store.addDomains(["good.test"], "test");
    const probe = result("good.test", "prosody-0.12.3/disco-info.good.test.xml");
    const given = {
      ...probe,
      verdict: { ...judgedForStore(store, probe).verdict, level: "errors" as const, authbotReady: false },
      changes: [{ kind: "first-seen" as const, text: "given by the test" }],
      operators: ["someone@good.test"],
    };
    const id = store.recordProbe(null, given);
    expect(store.db.prepare("SELECT level, authbot_ready, changes FROM probes WHERE id = ?").get(id)).toEqual({
      level: "errors",
      authbot_ready: 0,
      changes: '[{"kind":"first-seen","text":"given by the test"}]',
    });
    expect(store.db.prepare("SELECT jid FROM operator_jids WHERE probe_id = ?").all(id)).toEqual([{ jid: "someone@good.test" }]);
  });
});
