import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import Database from "better-sqlite3";
import { Store } from "./store.ts";
import { MIGRATIONS } from "./migrations.ts";
import { crawlSummaries, probeEvidence } from "./queries.ts";
import { reportOf, type ReportColumns } from "./probes.ts";
import { judgeProbe } from "../judge/judged-probe.ts";
import type { DomainReport } from "../contract.ts";
import { fixtureProbe, storeFileAt } from "../../test/helpers/stored-probes.ts";

describe("Store: opening and migrating", () => {
  it("migrates a new file, and reopens it without migrating again", () => {
    const path = `${mkdtempSync(`${tmpdir()}/store-`)}/s.sqlite`;
    Store.open(path).close();
    const store = Store.open(path);
    expect(store.db.pragma("user_version", { simple: true })).toBe(MIGRATIONS.length);
    expect(store.db.pragma("journal_mode", { simple: true })).toBe("wal");
    store.close();
  });

  it("is made by one of several processes that open a new store at once, the others finding it made", async () => {
    const path = `${mkdtempSync(`${tmpdir()}/store-`)}/s.sqlite`;
    const opener = `import { Store } from ${JSON.stringify(new URL("./store.ts", import.meta.url).href)}; Store.open(process.argv[1]).close();`;
    const runs = Array.from(
      { length: 4 },
      () =>
        new Promise<{ code: number | null; stderr: string }>((resolve) => {
          const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", opener, path], { stdio: ["ignore", "ignore", "pipe"] });
          let stderr = "";
          child.stderr.on("data", (d) => (stderr += d));
          child.on("close", (code) => resolve({ code, stderr }));
        }),
    );
    expect(await Promise.all(runs)).toEqual(Array.from({ length: 4 }, () => ({ code: 0, stderr: "" })));
    const store = Store.open(path);
    expect(store.db.pragma("user_version", { simple: true })).toBe(MIGRATIONS.length);
    store.close();
  }, 60_000);

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

  it("migration 18 gives an unconfirmed failure stored as internal-error its own outcome, with our own server's error; a bug of ours stays internal-error", () => {
    const { path, db: v17 } = storeFileAt(17);
    const base = fixtureProbe("a.test", "errors/disco-info.dead.test.xml").report;
    const homeError = { condition: "not-allowed", type: "cancel", text: "Communication with remote domains is not enabled" };
    const unconfirmedText =
      "Not judged: our own server could not reach the domain known to work, and no other vantage could confirm its failure (home.test: not-allowed (Communication with remote domains is not enabled))";
    const stored = [
      {
        ...base,
        outcome: "internal-error",
        error: { condition: "internal-error", text: unconfirmedText },
        vantages: [{ vantage: "home.test", outcome: "error", error: homeError }],
      },
      { ...base, outcome: "internal-error", error: { condition: "internal-error", text: "TypeError: x is undefined" } },
    ];
    v17.prepare("INSERT INTO domains (domain, source, added_at) VALUES ('a.test', 'test', '2026-01-01')").run();
    const insert = v17.prepare(
      "INSERT INTO probes (crawl_id, domain, probed_at, duration_ms, attempts, outcome, error_condition, error_text, serverinfo_forms, errors, warnings, infos, report, level) VALUES (NULL, 'a.test', ?, 1, 1, 'internal-error', 'internal-error', ?, 0, 0, 0, 0, ?, 'not-judged')",
    );
    stored.forEach((report, i) => insert.run(`2026-01-0${i + 1}T00:00:00.000Z`, report.error.text, JSON.stringify(report)));
    v17.close();
    const store = Store.open(path);
    const rows = store.db
      .prepare(
        "SELECT p.outcome, p.error_condition, p.error_type, p.error_text, p.level, r.body, p.report_times FROM probes p JOIN probe_contents r ON r.id = p.content_id ORDER BY p.id",
      )
      .all() as ReportColumns[];
    expect(
      rows.map(({ body, report_times, ...columns }) => ({
        ...columns,
        reportOutcome: reportOf({ body, report_times }).outcome,
        error: reportOf({ body, report_times }).error,
      })),
    ).toEqual([
      {
        outcome: "unconfirmed",
        error_condition: "not-allowed",
        error_type: "cancel",
        error_text: "Communication with remote domains is not enabled",
        level: "not-judged",
        reportOutcome: "unconfirmed",
        error: homeError,
      },
      {
        outcome: "internal-error",
        error_condition: "internal-error",
        error_type: null,
        error_text: "TypeError: x is undefined",
        level: "not-judged",
        reportOutcome: "internal-error",
        error: { condition: "internal-error", text: "TypeError: x is undefined" },
      },
    ]);
    store.close();
  });

  it("migration 22 keeps each probe's report and evidence as it was, once per content, and drops probes_by_domain", () => {
    // A store as version 21 left it: three probes of a.test, the first two finding the same but for
    // their times, and b.test's, whose report has no durationMs (as none has), to show that nothing is added.
    const { path, db: v21 } = storeFileAt(21);
    for (const domain of ["a.test", "b.test"]) v21.prepare("INSERT INTO domains (domain, source, added_at) VALUES (?, 'test', '2026-01-01')").run(domain);
    v21.prepare("INSERT INTO crawls (id, started_at, finished_at, status, total, settings) VALUES (1, '2026-01-01', '2026-01-01', 'finished', 2, '{}')").run();
    const good = fixtureProbe("a.test", "prosody-0.12.3/disco-info.good.test.xml").report;
    const check = {
      value: "xmpp:admin@a.test",
      fields: ["admin-addresses"],
      kind: "xmpp-account",
      status: "works",
      checkedAt: "",
      why: "It answers.",
      records: [],
    };
    const { durationMs: _, ...b } = fixtureProbe("b.test", "prosody-0.12.3/disco-info.good.test.xml").report;
    const reports = [
      { ...good, probedAt: "2026-01-01T00:00:00.000Z", checks: [{ ...check, checkedAt: "2026-01-01T00:00:01.000Z" }] },
      { ...good, probedAt: "2026-01-02T00:00:00.000Z", checks: [{ ...check, checkedAt: "2026-01-02T00:00:01.000Z" }] },
      { ...good, probedAt: "2026-01-03T00:00:00.000Z", checks: [{ ...check, checkedAt: "2026-01-03T00:00:01.000Z" }] },
      { ...b, probedAt: "2026-01-01T00:00:00.000Z" },
    ].map((r) => JSON.stringify(r));
    const insert = v21.prepare(
      "INSERT INTO probes (crawl_id, domain, probed_at, duration_ms, attempts, outcome, serverinfo_forms, errors, warnings, infos, report, level) VALUES (?, ?, ?, 1, 1, 'ok', 1, 0, 0, 0, ?, 'clean')",
    );
    const evidence = v21.prepare("INSERT INTO evidence (probe_id, position, jid, kind, answer, cut, vantage) VALUES (?, ?, ?, ?, ?, ?, ?)");
    v21.prepare("INSERT INTO answers (hash, xml) VALUES ('h1', '<iq id=\"1\"/>'), ('h2', '<iq id=\"2\"/>')").run();
    const rows = [
      [1, "a.test", "2026-01-01T00:00:00.000Z", reports[0], [["a.test", "disco-info", "h1", null, null]]],
      [null, "a.test", "2026-01-02T00:00:00.000Z", reports[1], [["a.test", "disco-info", "h1", null, null]]],
      [
        null,
        "a.test",
        "2026-01-03T00:00:00.000Z",
        reports[2],
        [
          ["a.test", "disco-info", "h2", '["cut"]', null],
          ["a.test", "version", null, null, "p13.test"],
        ],
      ],
      [1, "b.test", "2026-01-01T00:00:00.000Z", reports[3], []],
    ] as const;
    for (const [crawl, domain, at, report, answers] of rows) {
      const id = insert.run(crawl, domain, at, report).lastInsertRowid;
      answers.forEach((e, position) => evidence.run(id, position, ...e));
    }
    v21.close();

    const store = Store.open(path);
    const stored = store.db.prepare("SELECT p.id, p.domain FROM probes p ORDER BY p.id").all() as Array<{ id: number; domain: string }>;
    expect(stored.map((p) => p.domain)).toEqual(["a.test", "a.test", "a.test", "b.test"]);
    // Every report as it was written, to the order of its keys; a.test's first two share a content, whose one evidence row they share.
    expect(store.probes.crawlReports(1).map((r) => JSON.stringify(r))).toEqual([reports[0], reports[3]]);
    expect(JSON.stringify(store.probes.latestReport("a.test"))).toBe(reports[2]);
    expect(store.db.prepare("SELECT COUNT(*) FROM probe_contents").pluck().get()).toBe(3);
    expect(store.db.prepare("SELECT content_id FROM probes ORDER BY id").pluck().all()).toEqual([1, 1, 2, 3]);
    expect(store.db.prepare("SELECT COUNT(*) FROM evidence").pluck().get()).toBe(3);
    expect(stored.map((p) => probeEvidence(store, p.id))).toEqual([
      [{ jid: "a.test", kind: "disco-info", xml: '<iq id="1"/>', cut: [] }],
      [{ jid: "a.test", kind: "disco-info", xml: '<iq id="1"/>', cut: [] }],
      [
        { jid: "a.test", kind: "disco-info", xml: '<iq id="2"/>', cut: ["cut"] },
        { jid: "a.test", kind: "version", xml: null, cut: [], vantage: "p13.test" },
      ],
      [],
    ]);
    expect(store.db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'probes' ORDER BY name").pluck().all()).toEqual([
      "probes_by_rules_version",
      "probes_for_retention",
      "sqlite_autoindex_probes_1",
    ]);
    // Judged again with another report, a probe leaves its content to the probe that shares it; the
    // last to leave it takes it with it, and its evidence row (the update trigger).
    const rejudged = { ...(JSON.parse(reports[0]!) as DomainReport), software: { name: "Rejudged", version: "1" } };
    const rewrite = (id: number) => store.probes.rewriteJudgement(id, judgeProbe({ report: rejudged, evidence: [] }, undefined));
    rewrite(stored[0]!.id);
    expect(store.db.prepare("SELECT content_id FROM probes ORDER BY id").pluck().all()).toEqual([4, 1, 2, 3]);
    expect(store.db.prepare("SELECT COUNT(*) FROM evidence WHERE content_id = 1").pluck().get()).toBe(1);
    rewrite(stored[1]!.id);
    expect(store.db.prepare("SELECT content_id FROM probes ORDER BY id").pluck().all()).toEqual([4, 4, 2, 3]);
    expect(store.db.prepare("SELECT id FROM probe_contents ORDER BY id").pluck().all()).toEqual([2, 3, 4]);
    expect(store.db.prepare("SELECT COUNT(*) FROM evidence WHERE content_id = 1").pluck().get()).toBe(0);
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
