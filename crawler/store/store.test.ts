import { chmodSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { Store } from "./store.ts";
import { MIGRATIONS } from "./migrations.ts";
import { crawlSummaries, domainHistory } from "./queries.ts";
import { recordProbe } from "../crawl/record.ts";
import { fixtureProbe, GOOD_TO_PLAIN, PLAIN_TO_GOOD, storeFileAt } from "../../test/helpers/stored-probes.ts";

describe("Store: opening and migrating", () => {
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
      store.domains.add(["good.test"], "test");
      expect(modes(path)).toEqual(["600", "600", "600"]);
      store.close();
      // A store made before, readable by everyone, is closed to them when it is next opened.
      const older = `${mkdtempSync(`${tmpdir()}/store-`)}/s.sqlite`;
      new Database(older).close();
      chmodSync(older, 0o644);
      const reopened = Store.open(older);
      reopened.domains.add(["good.test"], "test");
      expect(modes(older)).toEqual(["600", "600", "600"]);
      reopened.close();
      for (const file of [path, older]) rmSync(dirname(file), { recursive: true, force: true });
    } finally {
      process.umask(previous);
    }
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
      const { report } = fixtureProbe(domain, file);
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
    recordProbe(store, null, fixtureProbe("plain.test", "prosody-0.12.3/disco-info.plain.test.xml"));
    expect(store.db.prepare("SELECT level FROM probes WHERE domain = 'plain.test'").get()).toEqual({ level: "warnings" });
    store.close();
  });

  it("migration 3 fills each stored probe's changes, domain by domain, across its pages", () => {
    const { path, db: v2 } = storeFileAt(2);
    const reports = {
      good: fixtureProbe("a.test", "prosody-0.12.3/disco-info.good.test.xml").report,
      plain: fixtureProbe("a.test", "prosody-0.12.3/disco-info.plain.test.xml").report,
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
    const base = fixtureProbe("a.test", "prosody-0.12.3/disco-info.good.test.xml").report;
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
    expect(store.domains.list().map((d) => d.domain)).toEqual(["123.example", "good.test"]);
    expect(store.db.prepare("SELECT domain FROM crawl_targets").pluck().all()).toEqual(["good.test"]);
    expect(store.db.prepare("SELECT domain FROM watches").pluck().all()).toEqual(["good.test"]);
    store.close();
  });

  it("migration 5 stores each distinct answer once and counts the finished crawls' figures", () => {
    const { path, db: v4 } = storeFileAt(4);
    v4.prepare("INSERT INTO domains (domain, source, added_at) VALUES ('a.test', 'test', '2026-01-01')").run();
    v4.prepare("INSERT INTO crawls (id, started_at, finished_at, status, total, settings) VALUES (1, '2026-01-01', '2026-01-01', 'finished', 1, '{}')").run();
    v4.prepare("INSERT INTO crawls (id, started_at, finished_at, status, total, settings) VALUES (2, '2026-01-02', '2026-01-02', 'finished', 1, '{}')").run();
    const report = JSON.stringify(fixtureProbe("a.test", "prosody-0.12.3/disco-info.good.test.xml").report);
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
    expect(store.probes.evidenceOf(2, "a.test")).toEqual([
      { jid: "a.test", kind: "disco-info", xml: "<iq/>", cut: [] },
      { jid: "a.test", kind: "version", xml: null, cut: [] },
    ]);
    expect(crawlSummaries(store).map((c) => [c.id, c.probed, c.reachable, c.withAbuse, c.clean])).toEqual([
      [1, 1, 1, 1, 1],
      [2, 1, 1, 1, 1],
    ]);
    store.close();
  });
});
