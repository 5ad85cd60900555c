import { describe, expect, it } from "vitest";
import { Store } from "./store.ts";
import { crawlSummaries, currentState, currentStates, domainHistory, probeEvidence } from "./queries.ts";
import { withVantages } from "../rules/federation.ts";
import { judgedForStore, recordProbe } from "../crawl/record.ts";
import { fixtureProbe, GOOD_TO_PLAIN } from "../../test/helpers/stored-probes.ts";

/**
 * good.test's probes written out of time order (a later one first, then three of one instant) and
 * other.test's one between them; returns their ids. Retention's ranking tests start from it.
 */
function writeOneInstantHistory(store: Store): number[] {
  const good = fixtureProbe("good.test", "prosody-0.12.3/disco-info.good.test.xml");
  const other = fixtureProbe("other.test", "prosody-0.12.3/disco-info.good.test.xml");
  const at = (probe: typeof good, iso: string) => recordProbe(store, null, { ...probe, report: { ...probe.report, probedAt: iso } });
  return [
    at(good, "2026-01-03T00:00:00.000Z"),
    at(good, "2026-01-02T00:00:00.000Z"),
    at(good, "2026-01-02T00:00:00.000Z"),
    at(other, "2026-01-01T00:00:00.000Z"),
    at(good, "2026-01-02T00:00:00.000Z"),
  ];
}

describe("store.probes", () => {
  it("keeps each target's last check asked afresh, by a crawl or a check, with its raw record, until it is forgotten past the reuse window", () => {
    const store = Store.open(":memory:");
    store.domains.add(["good.test"], "test");
    const page = (checkedAt: string, status: number) => ({
      kind: "web",
      target: "https://good.test/support",
      checkedAt,
      status,
      finalUrl: "https://good.test/support",
      redirects: 0,
      certificateValid: true,
      record: {
        key: "http:https://good.test/support",
        kind: "http",
        subject: "https://good.test/support",
        raw: `GET https://good.test/support\nHTTP ${status}`,
      },
      dns: [{ type: "addresses", name: "good.test", records: ["192.0.2.2"] }],
    });
    const probe = (facts: object, remember: boolean) => ({
      ...fixtureProbe("good.test", "prosody-0.12.3/disco-info.good.test.xml"),
      targets: [{ key: "web:https://good.test/support", facts, ...(remember && { remember: true as const }) }],
    });
    recordProbe(store, store.crawls.start(["good.test"], {}), probe(page("2026-12-07T06:00:00.000Z", 200), true));
    expect(store.probes.lastCheck("web:https://good.test/support")).toEqual(page("2026-12-07T06:00:00.000Z", 200));
    // Reused (not asked afresh): nothing changes; a newer check, broken or not, replaces it; an older one does not.
    recordProbe(store, null, probe(page("2026-12-07T09:00:00.000Z", 500), false));
    expect(store.probes.lastCheck("web:https://good.test/support")).toMatchObject({ checkedAt: "2026-12-07T06:00:00.000Z" });
    recordProbe(store, null, probe(page("2026-12-07T12:00:00.000Z", 503), true));
    recordProbe(store, null, probe(page("2026-12-07T07:00:00.000Z", 200), true));
    expect(store.probes.lastCheck("web:https://good.test/support")).toEqual(page("2026-12-07T12:00:00.000Z", 503));
    expect(store.probes.lastCheck("web:https://good.test/other")).toBeUndefined();
    // The records of the checks replaced, or older than the one kept, are not kept either: only the probes' evidence and the 503.
    const records = () => store.sql("SELECT xml FROM answers WHERE xml LIKE 'GET %' ORDER BY xml").all();
    expect(records()).toEqual([{ xml: "GET https://good.test/support\nHTTP 503" }]);
    expect(store.probes.forgetChecksBefore("2026-12-07T12:00:00.000Z")).toBe(0);
    expect(store.probes.forgetChecksBefore("2026-12-07T12:00:00.001Z")).toBe(1);
    expect(store.probes.lastCheck("web:https://good.test/support")).toBeUndefined();
    // Its record goes with it; the probes' answers stay.
    expect(records()).toEqual([]);
    expect(store.sql("SELECT COUNT(*) AS n FROM answers").get()).toEqual({ n: 1 });
    store.close();
  });

  it("records a crawl's batch of probes in one transaction: an opted-out domain left out, a failed batch kept whole or not at all", () => {
    const store = Store.open(":memory:");
    store.domains.add(["good.test", "bad.test", "plain.test"], "test");
    const id = store.crawls.start(store.domains.crawlable(), {});
    store.domains.optOut("bad.test", "asked by its operator", "2099-01-01T00:00:00.000Z");
    const bounds = { perSource: 10, crawlCap: 100 };
    const written = store.probes.recordBatch(
      id,
      [
        {
          result: judgedForStore(store, fixtureProbe("good.test", "prosody-0.12.3/disco-info.good.test.xml")),
          attempts: 2,
          found: [{ domain: "new.test", via: "good.test" }],
        },
        { result: judgedForStore(store, fixtureProbe("bad.test", "prosody-0.12.3/disco-info.bad.test.xml")), attempts: 1, found: [] },
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
      store.probes.recordBatch(
        id,
        [
          {
            result: judgedForStore(store, fixtureProbe("plain.test", "prosody-0.12.3/disco-info.plain.test.xml")),
            attempts: 1,
            found: [{ domain: "other.test", via: "plain.test" }],
          },
          { result: judgedForStore(store, fixtureProbe("good.test", "prosody-0.12.3/disco-info.good.test.xml")), attempts: 1, found: [] },
        ],
        bounds,
      ),
    ).toThrow(/UNIQUE/);
    expect(store.db.prepare("SELECT domain FROM probes").all()).toEqual([{ domain: "good.test" }]);
    expect(store.db.prepare("SELECT COUNT(*) AS n FROM domains WHERE domain = 'other.test'").get()).toEqual({ n: 0 });
    expect(store.crawls.pendingTargets(id)).toEqual(["plain.test"]);
    store.close();
  });

  it("records a probe with everything read from it, and resumes a crawl with what is left", () => {
    const store = Store.open(":memory:");
    store.domains.add(["good.test", "bad.test", "plain.test"], "test");
    const id = store.crawls.start(store.domains.crawlable(), {});
    expect(store.crawls.pendingTargets(id)).toEqual(["bad.test", "good.test", "plain.test"]);
    recordProbe(store, id, fixtureProbe("good.test", "prosody-0.12.3/disco-info.good.test.xml"));
    expect(store.crawls.pendingTargets(id)).toEqual(["bad.test", "plain.test"]);
    expect(store.crawls.counts(id)).toEqual({ total: 3, done: 1, ok: 1, unreachable: 0, notJudged: 0, discovered: 0, discoveryDropped: 0 });
    const stored = store.probes.latestReport("good.test")!;
    expect(stored.contacts.abuse).toContain("xmpp:abuse@good.test");
    expect(stored.administrators).toEqual(["admin@good.test", "alice@good.test"]);
    expect(store.probes.evidenceOf(id, "good.test")[0]?.xml).toContain("serverinfo");
    // One probe per domain per crawl: recording twice is refused and leaves nothing half-written.
    expect(() => recordProbe(store, id, fixtureProbe("good.test", "prosody-0.12.3/disco-info.good.test.xml"))).toThrow(/UNIQUE/);
    expect(store.db.prepare("SELECT COUNT(*) AS n FROM probes").get()).toEqual({ n: 1 });
    expect(store.db.prepare("SELECT COUNT(*) AS n FROM evidence").get()).toEqual({ n: 1 });
    expect(store.crawls.unfinished()?.id).toBe(id);
    recordProbe(store, id, fixtureProbe("bad.test", "prosody-0.12.3/disco-info.bad.test.xml"));
    recordProbe(store, id, fixtureProbe("plain.test", "prosody-0.12.3/disco-info.plain.test.xml"));
    store.crawls.finish(id);
    expect(store.crawls.unfinished()).toBeUndefined();
    expect(store.probes.crawlReports(id).map((r) => r.domain)).toEqual(["bad.test", "good.test", "plain.test"]);
  });

  it("keeps one-off checks apart from crawls, and history by domain", () => {
    const store = Store.open(":memory:");
    recordProbe(store, null, fixtureProbe("good.test", "prosody-0.12.3/disco-info.good.test.xml"));
    recordProbe(store, null, fixtureProbe("good.test", "prosody-0.12.3/disco-info.plain.test.xml"));
    expect(store.db.prepare("SELECT COUNT(*) AS n FROM probes WHERE domain = 'good.test'").get()).toEqual({ n: 2 });
  });

  it("stores what each probe changed since the domain's previous one", () => {
    const store = Store.open(":memory:");
    store.domains.add(["good.test"], "test");
    const good = fixtureProbe("good.test", "prosody-0.12.3/disco-info.good.test.xml");
    const plain = fixtureProbe("good.test", "prosody-0.12.3/disco-info.plain.test.xml");
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

  it("stores an answer once however many probes it is evidence for, with what reading it left out", () => {
    const store = Store.open(":memory:");
    const good = fixtureProbe("good.test", "prosody-0.12.3/disco-info.good.test.xml");
    const cut = ["elements nested deeper than 16 levels, dropped"];
    for (let i = 0; i < 5; i++) {
      const id = store.crawls.start(["good.test"], {});
      recordProbe(store, id, { ...good, evidence: [{ ...good.evidence[0]!, cut }] });
      store.crawls.finish(id);
    }
    expect(store.db.prepare("SELECT COUNT(*) AS n FROM answers").get()).toEqual({ n: 1 });
    // Five probes that found the same: one content, whose evidence rows they share.
    expect(store.db.prepare("SELECT COUNT(*) AS n FROM probes").get()).toEqual({ n: 5 });
    expect(store.db.prepare("SELECT COUNT(*) AS n FROM probe_contents").get()).toEqual({ n: 1 });
    expect(store.db.prepare("SELECT COUNT(*) AS n FROM evidence").get()).toEqual({ n: 1 });
    for (const crawl of [1, 3, 5])
      expect(store.probes.evidenceOf(crawl, "good.test")).toEqual([{ jid: "good.test", kind: "disco-info", xml: good.evidence[0]!.raw, cut }]);
  });

  it("keeps a content once for the probes of a domain that found the same, each with its own times, and deletes it with the last of them", () => {
    const store = Store.open(":memory:");
    const good = fixtureProbe("good.test", "prosody-0.12.3/disco-info.good.test.xml");
    const check = (checkedAt?: string) => ({
      value: "xmpp:admin@good.test",
      fields: ["admin-addresses"],
      kind: "xmpp-account" as const,
      status: "works" as const,
      ...(checkedAt !== undefined && { checkedAt }),
      why: "good.test answers over s2s.",
      records: [],
    });
    // The same findings at every probe but the third; the times differ at each.
    const probeAt = (day: number, why = "good.test answers over s2s.") => ({
      ...good,
      report: {
        ...good.report,
        probedAt: `2026-01-0${day}T00:00:00.000Z`,
        durationMs: day * 10,
        checks: [{ ...check(`2026-01-0${day}T00:00:01.000Z`), why }, check(), check("2025-12-31T00:00:00.000Z")],
      },
    });
    store.domains.add(["good.test"], "test", "2026-01-01T00:00:00.000Z");
    const written = [probeAt(1), probeAt(2), probeAt(3, "good.test did not answer."), probeAt(4)];
    const ids = written.map((p) => recordProbe(store, store.crawls.start(["good.test"], {}), p));
    const contents = () => store.db.prepare("SELECT COUNT(*) FROM probe_contents").pluck().get();
    expect(contents()).toBe(2);
    // Each probe's report reads back as it was written, to the order of its keys.
    written.forEach((p, i) => expect(JSON.stringify(store.probes.crawlReports(i + 1)[0])).toBe(JSON.stringify(p.report)));
    expect(JSON.stringify(store.probes.latestReport("good.test"))).toBe(JSON.stringify(written[3]!.report));
    // The report before a fifth like the second: the fourth, with its own times; what judging compares it with is itself.
    const fifth = probeAt(5).report;
    expect(JSON.stringify(store.probes.previousReport(fifth))).toBe(JSON.stringify(written[3]!.report));
    expect(store.probes.reportToCompare(fifth)).toBe(fifth);
    // Before a fifth like the third: the fourth, read.
    const otherFifth = probeAt(5, "good.test did not answer.").report;
    expect(JSON.stringify(store.probes.reportToCompare(otherFifth))).toBe(JSON.stringify(written[3]!.report));
    expect(store.probes.reportToCompare({ ...fifth, domain: "new.test" })).toBeUndefined();
    // A check's words are not a change (judge/changes.ts): only the first probe changed something.
    expect(domainHistory(store, "good.test").map((h) => [h.probedAt, h.changes.length > 0])).toEqual([
      ["2026-01-01T00:00:00.000Z", true],
      ["2026-01-02T00:00:00.000Z", false],
      ["2026-01-03T00:00:00.000Z", false],
      ["2026-01-04T00:00:00.000Z", false],
    ]);
    // The content of the first, second and fourth stays while one of them does; the third's goes with it.
    store.db.prepare("DELETE FROM probes WHERE id IN (?, ?)").run(ids[0], ids[1]);
    expect(contents()).toBe(2);
    store.db.prepare("DELETE FROM probes WHERE id = ?").run(ids[2]);
    expect(contents()).toBe(1);
    expect(store.db.prepare("SELECT COUNT(*) FROM evidence").pluck().get()).toBe(1);
    expect(JSON.stringify(store.probes.latestReport("good.test"))).toBe(JSON.stringify(written[3]!.report));
  });

  it("retention keeps every probe that changed something and the newest N, deletes the rest and their unused answers, and keeps the trends", () => {
    const store = Store.open(":memory:");
    store.domains.add(["good.test"], "test");
    const good = fixtureProbe("good.test", "prosody-0.12.3/disco-info.good.test.xml");
    const plain = fixtureProbe("good.test", "prosody-0.12.3/disco-info.plain.test.xml");
    // 20 crawls: good, then plain from crawl 8 on, then good again from crawl 15 on.
    for (let c = 0; c < 20; c++) {
      const id = store.crawls.start(["good.test"], {});
      const r = c >= 7 && c < 14 ? plain : good;
      const probedAt = new Date(Date.UTC(2026, 0, 1, c)).toISOString();
      recordProbe(store, id, { ...r, report: { ...r.report, probedAt } });
      store.crawls.finish(id, probedAt);
    }
    const before = crawlSummaries(store);
    expect(store.probes.pruneHistory(3)).toEqual({ probes: 14, answers: 0 });
    const kept = domainHistory(store, "good.test").map((h) => h.crawlId);
    // The first probe, the two changes (crawls 8 and 15) and the newest three.
    expect(kept).toEqual([1, 8, 15, 18, 19, 20]);
    expect(crawlSummaries(store)).toEqual(before);
    expect(store.probes.pruneHistory(3)).toEqual({ probes: 0, answers: 0 });
    // Past the changed probes kept per domain, the oldest changed ones go too.
    expect(store.probes.pruneHistory(3, 2)).toEqual({ probes: 1, answers: 0 });
    expect(domainHistory(store, "good.test").map((h) => h.crawlId)).toEqual([8, 15, 18, 19, 20]);
    // An unfinished crawl's probes stay, whatever their age.
    const running = store.crawls.start(["good.test"], {});
    recordProbe(store, running, { ...good, report: { ...good.report, probedAt: "2026-01-02T00:00:00.000Z" } });
    store.probes.pruneHistory(1);
    expect(domainHistory(store, "good.test").map((h) => h.crawlId)).toContain(running);
  });

  it("retention after a crawl looks only at the domains that crawl probed and those a check probed: the only histories that grew", () => {
    const store = Store.open(":memory:");
    const probeOf = (domain: string, probedAt: string) => {
      const r = fixtureProbe(domain, "prosody-0.12.3/disco-info.good.test.xml");
      return { ...r, report: { ...r.report, probedAt } };
    };
    // Three crawls of crawled.test and idle.test, then a check of checked.test three times, then a crawl of crawled.test alone.
    for (let c = 0; c < 3; c++) {
      const id = store.crawls.start(["crawled.test", "idle.test"], {});
      for (const domain of ["crawled.test", "idle.test"]) recordProbe(store, id, probeOf(domain, new Date(Date.UTC(2026, 0, 1, c)).toISOString()));
      store.crawls.finish(id);
    }
    recordProbe(store, null, probeOf("checked.test", "2026-01-01T04:00:00.000Z"));
    recordProbe(store, null, probeOf("checked.test", "2026-01-01T05:00:00.000Z"));
    recordProbe(store, null, probeOf("checked.test", "2026-01-01T05:30:00.000Z"));
    const last = store.crawls.start(["crawled.test"], {});
    recordProbe(store, last, probeOf("crawled.test", "2026-01-01T06:00:00.000Z"));
    store.crawls.finish(last);
    const kept = () => store.db.prepare("SELECT domain, COUNT(*) AS n FROM probes GROUP BY domain ORDER BY domain").all();
    // The first probe of each domain changed something (nothing before it); the unchanged ones past the newest one go.
    expect(store.probes.pruneHistory(1, 200, last)).toEqual({ probes: 3, answers: 0 });
    expect(kept()).toEqual([
      { domain: "checked.test", n: 2 },
      { domain: "crawled.test", n: 2 },
      { domain: "idle.test", n: 3 },
    ]);
    // Every domain, as the first crawl of a process prunes.
    expect(store.probes.pruneHistory(1)).toEqual({ probes: 1, answers: 0 });
    expect(kept()).toEqual([
      { domain: "checked.test", n: 2 },
      { domain: "crawled.test", n: 2 },
      { domain: "idle.test", n: 2 },
    ]);
    store.close();
  });

  it("retention ranks probes of one instant by id, newest last written, each domain apart", () => {
    const store = Store.open(":memory:");
    expect(writeOneInstantHistory(store)).toEqual([1, 2, 3, 4, 5]);
    // Newest first: 1, then 5, 3, 2 (the higher id first at one instant). 2 had nothing before it in time, so it changed
    // something and stays; 3 goes; other.test's only probe stays. Ranked by lower id first, 5 would go too.
    expect(store.probes.pruneHistory(2)).toEqual({ probes: 1, answers: 0 });
    expect((store.db.prepare("SELECT id FROM probes ORDER BY id").all() as Array<{ id: number }>).map((r) => r.id)).toEqual([1, 2, 4, 5]);
    store.close();
  });

  it("retention ranks a domain with more changed probes than it keeps in JS, by id within an instant, and keeps a probe an authbot decision was made on", () => {
    const store = Store.open(":memory:");
    expect(writeOneInstantHistory(store)).toEqual([1, 2, 3, 4, 5]);
    const kept = () => (store.db.prepare("SELECT id FROM probes ORDER BY id").all() as Array<{ id: number }>).map((r) => r.id);
    // Newest first: 1, then 5, 3, 2. Keeping no changed probe past the newest two, 3 (unchanged) and 2 (changed) go.
    expect(store.probes.pruneHistory(2, 0)).toEqual({ probes: 2, answers: 0 });
    expect(kept()).toEqual([1, 4, 5]);
    // Again, with an authbot decision made on probe 2 (the ids start again once the table is empty): it stays.
    store.db.prepare("DELETE FROM probes").run();
    expect(writeOneInstantHistory(store)).toEqual([1, 2, 3, 4, 5]);
    store.chat.recordAuthbotDecision({
      room: "ops@muc.example",
      jid: "admin@good.test",
      domain: "good.test",
      decidedAt: "2026-01-04T00:00:00.000Z",
      granted: true,
      probeId: 2,
    });
    expect(store.probes.pruneHistory(2, 0)).toEqual({ probes: 1, answers: 0 });
    expect(kept()).toEqual([1, 2, 4, 5]);
    store.close();
  });

  it("retention deletes answers no probe uses any more", () => {
    const store = Store.open(":memory:");
    const good = fixtureProbe("good.test", "prosody-0.12.3/disco-info.good.test.xml");
    const at = (iso: string, raw: string) => ({ ...good, report: { ...good.report, probedAt: iso }, evidence: [{ ...good.evidence[0]!, raw }] });
    // The same report with a different answer text (say, a reordered attribute): unchanged, yet a new answer.
    recordProbe(store, null, at("2026-01-01T00:00:00.000Z", "<iq a='1'/>"));
    recordProbe(store, null, at("2026-01-02T00:00:00.000Z", "<iq a='2'/>"));
    recordProbe(store, null, at("2026-01-03T00:00:00.000Z", "<iq a='3'/>"));
    recordProbe(store, null, at("2026-01-04T00:00:00.000Z", "<iq a='3'/>"));
    expect(store.probes.pruneHistory(1)).toEqual({ probes: 2, answers: 1 });
    expect((store.db.prepare("SELECT xml FROM answers ORDER BY xml").all() as Array<{ xml: string }>).map((r) => r.xml)).toEqual([
      "<iq a='1'/>",
      "<iq a='3'/>",
    ]);
  });

  it("keeps each vantage's outcome and the failed answers as evidence beside the report's own; dormancy counts only what every vantage failed on", () => {
    const store = Store.open(":memory:");
    store.domains.add(["good.test", "dead.test"], "test");
    const refused =
      "<iq type='error' from='good.test'><error type='cancel'><remote-server-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>";
    const good = fixtureProbe("good.test", "prosody-0.12.3/disco-info.good.test.xml");
    const dead = fixtureProbe("dead.test", "errors/disco-info.dead.test.xml");
    for (let crawl = 1; crawl <= 2; crawl++) {
      const id = store.crawls.start(["good.test", "dead.test"], {});
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
      store.crawls.finish(id);
    }
    expect(store.probes.vantagesOf(2, "good.test")).toEqual([
      { vantage: "home.test", outcome: "remote-server-not-found", errorText: "certificate has expired", reachedVia: false, xml: [refused] },
      { vantage: "p13.test", outcome: "ok", errorText: null, reachedVia: true, xml: [] },
    ]);
    // The report's own evidence is the probe through p13.test only.
    expect(store.probes.evidenceOf(2, "good.test").map((e) => e.xml)).toEqual([good.evidence[0]!.raw]);
    expect([...store.crawls.dormantDomains(2)]).toEqual(["dead.test"]);
    store.close();
  });

  it("the history says when a partial failure began and when it ended: every vantage reaching the domain again, or none", () => {
    const store = Store.open(":memory:");
    store.domains.add(["good.test"], "test");
    const good = fixtureProbe("good.test", "prosody-0.12.3/disco-info.good.test.xml");
    const dead = fixtureProbe("good.test", "errors/disco-info.dead.test.xml");
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
      const id = store.crawls.start(["good.test"], {});
      recordProbe(store, id, { report: { ...report, probedAt: `2026-12-0${i + 1}T00:00:00.000Z` }, evidence: good.evidence });
      store.crawls.finish(id);
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
    store.domains.add(["good.test"], "test");
    const at = (probedAt: string, software: string) => {
      const r = fixtureProbe("good.test", "prosody-0.12.3/disco-info.good.test.xml");
      return { ...r, report: { ...r.report, probedAt, software: { name: software } } };
    };
    recordProbe(store, null, at("2026-12-01T10:00:00.000Z", "second"));
    recordProbe(store, null, at("2026-12-01T09:00:00.000Z", "older, written later"));
    expect(store.probes.latestReport("good.test")?.software?.name).toBe("second");
    recordProbe(store, null, at("2026-12-01T10:00:00.000Z", "same time, written later"));
    expect(store.probes.latestReport("good.test")?.software?.name).toBe("same time, written later");
    expect(currentStates(store).map((s) => s.report.software?.name)).toEqual(["same time, written later"]);
  });

  it("gives one domain's current state as the list of every domain does, with its newest probe's evidence; none for a domain opted out or never probed", () => {
    const store = Store.open(":memory:");
    store.domains.add(["good.test", "bad.test", "new.test", "gone.test"], "test");
    for (const [domain, file] of [
      ["good.test", "prosody-0.12.3/disco-info.bad.test.xml"],
      ["good.test", "prosody-0.12.3/disco-info.good.test.xml"],
      ["bad.test", "prosody-0.12.3/disco-info.bad.test.xml"],
      ["gone.test", "prosody-0.12.3/disco-info.good.test.xml"],
    ] as const)
      recordProbe(store, null, fixtureProbe(domain, file));
    store.domains.optOut("gone.test", "test", "2026-12-01T00:00:00.000Z");
    const one = currentState(store, "good.test", new Set(["good.test"]));
    expect(one?.state).toEqual({ ...currentStates(store).find((s) => s.domain === "good.test"), dormant: true });
    expect(probeEvidence(store, one!.probeId).map((e) => [e.jid, e.kind, e.xml?.includes("good.test")])).toEqual([["good.test", "disco-info", true]]);
    expect(currentState(store, "new.test", new Set())).toBeUndefined();
    expect(currentState(store, "gone.test", new Set())).toBeUndefined();
    expect(currentStates(store).map((s) => s.domain)).toEqual(["bad.test", "good.test"]);
  });
});

describe("the probe write", () => {
  it("writes the verdict, changes, operators and rules version it is given, and judges nothing itself", () => {
    const store = Store.open(":memory:");
    store.domains.add(["good.test"], "test");
    const probe = fixtureProbe("good.test", "prosody-0.12.3/disco-info.good.test.xml");
    const given = {
      ...probe,
      verdict: { ...judgedForStore(store, probe).verdict, level: "errors" as const, authbotReady: false },
      changes: [{ kind: "first-seen" as const, text: "given by the test" }],
      operators: ["someone@good.test"],
      rulesVersion: 7,
    };
    const id = store.probes.record(null, given);
    expect(store.db.prepare("SELECT level, authbot_ready, changes, rules_version FROM probes WHERE id = ?").get(id)).toEqual({
      level: "errors",
      authbot_ready: 0,
      changes: '[{"kind":"first-seen","text":"given by the test"}]',
      rules_version: 7,
    });
    expect(store.db.prepare("SELECT jid FROM operator_jids WHERE probe_id = ?").all(id)).toEqual([{ jid: "someone@good.test" }]);
  });
});
