import { describe, expect, it } from "vitest";
import { Store } from "../store/store.ts";
import type { StoredReport } from "../store/probes.ts";
import { crawlSummaries, domainHistory } from "../store/queries.ts";
import { RULES_VERSION } from "../rules/version.ts";
import { judgeReport } from "../judge/judged-probe.ts";
import { recordProbe, rejudgeStored } from "./record.ts";
import { fixtureProbe, GOOD_TO_PLAIN, PLAIN_TO_GOOD, storeFileAt } from "../../test/helpers/stored-probes.ts";

const JUDGEMENT_COLUMNS =
  "domain, level, authbot_ready, publishes_administrators, has_abuse_contact, abuse_contact_works, every_contact_works, errors, warnings, infos, changes, rules_version";

describe("judging stored probes again (rejudgeStored)", async () => {
  it("judges once the probes of a store older rules judged, with literal verdicts, changes and operators; a second run judges nothing", async () => {
    // A store as version 1 left it, before any verdict was stored: the migrations add the columns and judge nothing.
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
    const columns = () => store.db.prepare(`SELECT ${JUDGEMENT_COLUMNS} FROM probes ORDER BY domain`).all();
    const operators = () => store.db.prepare("SELECT p.domain, o.jid FROM operator_jids o JOIN probes p ON p.id = o.probe_id ORDER BY p.domain, o.jid").all();
    // Migrated, not judged: the columns' defaults, and rules version 0.
    const unjudged = { level: "unreachable", authbot_ready: 0, publishes_administrators: 0, has_abuse_contact: 0, abuse_contact_works: 0 };
    const zeros = { every_contact_works: 0, errors: 0, warnings: 0, infos: 0, changes: "[]", rules_version: 0 };
    expect(columns()).toEqual(["bad.test", "dead.test", "good.test"].map((domain) => ({ domain, ...unjudged, ...zeros })));
    expect(operators()).toEqual([]);

    expect(await rejudgeStored(store)).toBe(3);
    // The verdicts as literals (judge/verdict.ts judges; this is what it must say of these answers).
    const first = '[{"kind":"first-seen","text":"First probed: reachable"}]';
    const judged = [
      {
        domain: "bad.test",
        level: "errors",
        authbot_ready: 0,
        publishes_administrators: 0,
        has_abuse_contact: 1,
        abuse_contact_works: 0,
        every_contact_works: 0,
        errors: 1,
        warnings: 8,
        infos: 5,
        changes: first,
        rules_version: 1,
      },
      {
        domain: "dead.test",
        level: "unreachable",
        authbot_ready: 0,
        publishes_administrators: 0,
        has_abuse_contact: 0,
        abuse_contact_works: 0,
        every_contact_works: 0,
        errors: 0,
        warnings: 0,
        infos: 0,
        changes: '[{"kind":"first-seen","text":"First probed: remote-server-not-found"}]',
        rules_version: 1,
      },
      {
        domain: "good.test",
        level: "clean",
        authbot_ready: 1,
        publishes_administrators: 1,
        has_abuse_contact: 1,
        abuse_contact_works: 0,
        every_contact_works: 0,
        errors: 0,
        warnings: 0,
        infos: 4,
        changes: first,
        rules_version: 1,
      },
    ];
    expect(columns()).toEqual(judged);
    // xmpp: addresses in abuse, admin and security, and the administrators (operators/operators.ts); bad.test's with its resource cut.
    expect(operators()).toEqual([
      { domain: "bad.test", jid: "admin@bad.test" },
      { domain: "good.test", jid: "abuse@good.test" },
      { domain: "good.test", jid: "admin@good.test" },
      { domain: "good.test", jid: "alice@good.test" },
    ]);
    // Once judged by today's rules, nothing is left to judge, and the store stays as it is.
    expect(await rejudgeStored(store)).toBe(0);
    expect(columns()).toEqual(judged);
    // A probe recorded now is stored with today's version, and is not judged again.
    recordProbe(store, null, fixtureProbe("plain.test", "prosody-0.12.3/disco-info.plain.test.xml"));
    expect(store.db.prepare("SELECT level, rules_version FROM probes WHERE domain = 'plain.test'").get()).toEqual({ level: "warnings", rules_version: 1 });
    expect(await rejudgeStored(store)).toBe(0);
    // The finished crawl of a store from before verdicts is counted once its probes are judged (not at migration 5, from the columns' defaults).
    expect(crawlSummaries(store)[0]).toMatchObject({ probed: 3, reachable: 2, clean: 1, withErrors: 1, withAbuse: 2, authbotReady: 1 });
    store.close();
  });

  it("judges each stored probe's changes against the domain's probe before it, domain by domain, across its batches", async () => {
    const { path, db: v2 } = storeFileAt(2);
    const reports = {
      good: fixtureProbe("a.test", "prosody-0.12.3/disco-info.good.test.xml").report,
      plain: fixtureProbe("a.test", "prosody-0.12.3/disco-info.plain.test.xml").report,
    };
    // More than one batch (REJUDGE_BATCH, 500) of probes, two domains interleaved in time, so that
    // the previous report is found across a batch boundary and never across domains.
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
    expect(await rejudgeStored(store)).toBe(1400);
    for (const domain of ["a.test", "b.test"])
      expect(domainHistory(store, domain).map((h) => JSON.stringify(h.changes.map((c) => c.kind)))).toEqual(expected.get(domain));
    store.close();
  });

  it("judges authbot-ready again as the real authbot decides, where an older rule stored another answer", async () => {
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
    // The migrations leave what was stored.
    expect(store.db.prepare("SELECT authbot_ready FROM probes ORDER BY id").pluck().all()).toEqual([0, 1]);
    expect(await rejudgeStored(store)).toBe(2);
    expect(store.db.prepare("SELECT authbot_ready FROM probes ORDER BY id").pluck().all()).toEqual([1, 0]);
    store.close();
  });

  it("keeps every batch whole when the judging stops in the middle: the next run goes on with the rest", async () => {
    const store = Store.open(":memory:");
    store.domains.add(["good.test"], "test");
    const good = fixtureProbe("good.test", "prosody-0.12.3/disco-info.good.test.xml");
    for (let day = 1; day <= 5; day++) recordProbe(store, null, { ...good, report: { ...good.report, probedAt: `2026-01-0${day}T00:00:00.000Z` } });
    // As if older rules had judged them all (nothing else about them changes).
    store.db.prepare("UPDATE probes SET rules_version = 0, level = 'errors'").run();
    store.db.prepare("DELETE FROM operator_jids").run();
    let judged = 0;
    const dying = ({ report, previous }: StoredReport) => {
      if (++judged === 4) throw new Error("killed");
      return judgeReport(report, previous);
    };
    // Batches of two: the first is kept, the second (the fourth probe's) is rolled back whole.
    expect(store.probes.rejudge(RULES_VERSION, dying, 2)).toBe(2);
    expect(() => store.probes.rejudge(RULES_VERSION, dying, 2)).toThrow("killed");
    const state = () =>
      store.db
        .prepare(
          "SELECT p.id, p.level, p.rules_version, COUNT(o.jid) AS operators FROM probes p LEFT JOIN operator_jids o ON o.probe_id = p.id GROUP BY p.id ORDER BY p.id",
        )
        .all();
    expect(state()).toEqual([
      { id: 1, level: "clean", rules_version: 1, operators: 3 },
      { id: 2, level: "clean", rules_version: 1, operators: 3 },
      { id: 3, level: "errors", rules_version: 0, operators: 0 },
      { id: 4, level: "errors", rules_version: 0, operators: 0 },
      { id: 5, level: "errors", rules_version: 0, operators: 0 },
    ]);
    expect(await rejudgeStored(store)).toBe(3);
    expect(state()).toEqual([1, 2, 3, 4, 5].map((id) => ({ id, level: "clean", rules_version: 1, operators: 3 })));
    // Judged again against the probe before each: the first was first seen, the others changed nothing.
    expect(domainHistory(store, "good.test").map((h) => h.changes.length)).toEqual([1, 0, 0, 0, 0]);
    store.close();
  });
});
