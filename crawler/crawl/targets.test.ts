import { describe, expect, it } from "vitest";
import { Store } from "../store/store.ts";
import { analyzeProbe, notJudgedReport } from "../probe/analyze.ts";
import { answers, fixture } from "../../test/helpers/fixtures.ts";
import { DEFAULT_DORMANCY, selectTargets } from "./targets.ts";
import { withVantages } from "../rules/federation.ts";
import { DORMANT_AFTER_CRAWLS } from "../politeness.ts";
import { crawlSummaries, currentStates } from "../store/queries.ts";
import { recordProbe, rejudgeWithOwnServerSick } from "./record.ts";
import { reportOf, type ReportColumns } from "../store/probes.ts";

const probe = (domain: string, file: string) => ({
  report: analyzeProbe(answers(domain, { info: fixture(file).replaceAll("good.test", domain).replaceAll("dead.test", domain) }), 20),
  evidence: [],
});

function crawlOnce(store: Store, domains: string[], outcomes: Record<string, "ok" | "dead">) {
  const id = store.crawls.start(domains, {});
  for (const d of domains)
    recordProbe(store, id, probe(d, outcomes[d] === "ok" ? "prosody-0.12.3/disco-info.good.test.xml" : "errors/disco-info.dead.test.xml"));
  store.crawls.finish(id);
}

describe("selectTargets", () => {
  it("leaves dormant domains out of most crawls, never deletes them, and skips opted-out ones", () => {
    const store = Store.open(":memory:");
    store.domains.add(["up.example", "down.example", "gone.example"], "test");
    const policy = { after: 2, every: 3 };
    expect(selectTargets(store, policy).targets).toEqual(["down.example", "gone.example", "up.example"]);
    crawlOnce(store, ["up.example", "down.example"], { "up.example": "ok", "down.example": "dead" });
    expect(store.crawls.dormantDomains(2)).toEqual(new Set());
    crawlOnce(store, ["up.example", "down.example"], { "up.example": "ok", "down.example": "dead" });
    expect(store.crawls.dormantDomains(2)).toEqual(new Set(["down.example"]));
    expect(currentStates(store, 2).map((s) => [s.domain, s.dormant])).toEqual([
      ["down.example", true],
      ["up.example", false],
    ]);
    // Crawl 3 is a multiple of 3: dormant domains are included.
    expect(selectTargets(store, policy)).toEqual({ targets: ["down.example", "gone.example", "up.example"], dormantSkipped: 0 });
    crawlOnce(store, ["up.example", "down.example"], { "up.example": "ok", "down.example": "dead" });
    expect(selectTargets(store, policy)).toEqual({ targets: ["gone.example", "up.example"], dormantSkipped: 1 });
    expect(store.domains.list().map((d) => d.domain)).toContain("down.example");
    store.domains.optOut("up.example", "asked by xmpp:admin@up.example", "2099-01-01T00:00:00.000Z");
    expect(selectTargets(store, policy).targets).toEqual(["gone.example"]);
  });

  it("turns a domain dormant when it answers with errors (unreachable), never when the observatory failed on its answer (not judged)", () => {
    const store = Store.open(":memory:");
    store.domains.add(["error.example", "ours.example"], "test");
    for (let i = 0; i < 2; i++) {
      const id = store.crawls.start(["error.example", "ours.example"], {});
      const error = analyzeProbe(
        answers("error.example", {
          info: `<iq type="error" from="error.example" id="t1"><error type="cancel"><service-unavailable xmlns="urn:ietf:params:xml:ns:xmpp-stanzas"/></error></iq>`,
        }),
        20,
      );
      expect(error.outcome).toBe("error");
      recordProbe(store, id, { report: error, evidence: [] });
      recordProbe(store, id, { report: notJudgedReport("ours.example", "2026-12-03T10:00:00.000Z", 1, new Error("a bug of ours")), evidence: [] });
      store.crawls.finish(id);
    }
    expect(store.crawls.dormantDomains(2)).toEqual(new Set(["error.example"]));
    // Reachable has one meaning, the verdict's: the crawl's summary (the trend's denominators) and
    // its counts agree with the overview's card, which counts a domain we failed on as reached.
    expect(crawlSummaries(store).map((c) => ({ probed: c.probed, reachable: c.reachable }))).toEqual([
      { probed: 2, reachable: 1 },
      { probed: 2, reachable: 1 },
    ]);
    expect(store.crawls.counts(1)).toMatchObject({ ok: 0, unreachable: 1, notJudged: 1 });
  });

  it("counts towards dormancy only confirmed failures: a domain another vantage reaches never goes dormant, nor one only our own sick server failed on; one every vantage fails does, after DORMANT_AFTER_CRAWLS crawls", () => {
    const store = Store.open(":memory:");
    const domains = ["dead.example", "partial.example", "unconfirmed.example"];
    store.domains.add(domains, "test");
    const failed = (domain: string) => probe(domain, "errors/disco-info.dead.test.xml").report;
    const home = { vantage: "home.test", outcome: "remote-server-not-found" as const };
    expect(DORMANT_AFTER_CRAWLS).toBe(8);
    for (let crawl = 1; crawl <= 8; crawl++) {
      expect(store.crawls.dormantDomains(DORMANT_AFTER_CRAWLS), `before crawl ${crawl}`).toEqual(new Set());
      const id = store.crawls.start(domains, {});
      // Every vantage failed: confirmed.
      recordProbe(store, id, { report: withVantages(failed("dead.example"), [home, { vantage: "p13.test", outcome: "timeout" }], undefined), evidence: [] });
      // Our own server failed, the second vantage reached it.
      const reached = probe("partial.example", "prosody-0.12.3/disco-info.good.test.xml").report;
      recordProbe(store, id, { report: withVantages(reached, [home, { vantage: "p13.test", outcome: "ok" }], "p13.test"), evidence: [] });
      // Our own server could not reach the domain known to work, and no other vantage worked: nobody confirmed it.
      recordProbe(store, id, { report: withVantages(failed("unconfirmed.example"), [home], undefined, true), evidence: [] });
      store.crawls.finish(id);
    }
    expect(store.db.prepare("SELECT domain, level FROM probes WHERE crawl_id = 8 ORDER BY domain").all()).toEqual([
      { domain: "dead.example", level: "unreachable" },
      { domain: "partial.example", level: "warnings" },
      { domain: "unconfirmed.example", level: "not-judged" },
    ]);
    expect(store.crawls.dormantDomains(DORMANT_AFTER_CRAWLS)).toEqual(new Set(["dead.example"]));
    // The ninth crawl, not a multiple of DORMANT_PROBE_EVERY, leaves the dormant one out.
    expect(selectTargets(store, DEFAULT_DORMANCY)).toEqual({ targets: ["partial.example", "unconfirmed.example"], dormantSkipped: 1 });
  });

  it("our own server found sick only at the end of a crawl: the probes that crawl stored of what it alone failed on are written again, with no federation-partial and no step towards dormancy; a confirmed failure stays", () => {
    const store = Store.open(":memory:");
    const domains = ["dead.example", "partial.example", "alone.example", "up.example"];
    store.domains.add(domains, "test");
    const failed = (domain: string) => probe(domain, "errors/disco-info.dead.test.xml").report;
    const home = { vantage: "home.test", outcome: "remote-server-not-found" as const };
    const id = store.crawls.start(domains, {});
    recordProbe(store, id, { report: withVantages(failed("dead.example"), [home, { vantage: "p13.test", outcome: "timeout" }], undefined), evidence: [] });
    const reached = probe("partial.example", "prosody-0.12.3/disco-info.good.test.xml").report;
    recordProbe(store, id, { report: withVantages(reached, [home, { vantage: "p13.test", outcome: "ok" }], "p13.test"), evidence: [] });
    // Asked of nobody else (no other vantage worked then): our own server's word alone.
    recordProbe(store, id, { report: failed("alone.example"), evidence: [] });
    recordProbe(store, id, probe("up.example", "prosody-0.12.3/disco-info.good.test.xml"));
    // Each probe as stored, with its report's federation-partial findings counted (what the site and the chat read).
    const stored = () =>
      (
        store.db
          .prepare("SELECT p.domain, p.outcome, p.level, r.body, p.report_times FROM probes p JOIN probe_contents r ON r.id = p.content_id ORDER BY p.domain")
          .all() as Array<{ domain: string; outcome: string; level: string } & ReportColumns>
      ).map(({ body, report_times, ...probe }) => ({
        ...probe,
        partial: reportOf({ body, report_times }).findings.filter((f) => f.rule === "federation-partial").length,
      }));
    const before = stored();
    expect(before).toEqual([
      { domain: "alone.example", outcome: "remote-server-not-found", level: "unreachable", partial: 0 },
      { domain: "dead.example", outcome: "remote-server-not-found", level: "unreachable", partial: 0 },
      { domain: "partial.example", outcome: "ok", level: "warnings", partial: 1 },
      { domain: "up.example", outcome: "ok", level: expect.any(String), partial: 0 },
    ]);
    expect(rejudgeWithOwnServerSick(store, id, "home.test")).toEqual(["partial.example", "alone.example"]);
    expect(stored()).toEqual([
      { domain: "alone.example", outcome: "unconfirmed", level: "not-judged", partial: 0 },
      { domain: "dead.example", outcome: "remote-server-not-found", level: "unreachable", partial: 0 },
      { domain: "partial.example", outcome: "ok", level: "clean", partial: 0 },
      before[3],
    ]);
    expect(store.probes.latestReport("partial.example")?.findings.filter((f) => f.rule === "federation-partial")).toEqual([]);
    store.crawls.finish(id);
    expect(store.crawls.dormantDomains(1)).toEqual(new Set(["dead.example"]));
    // Judged again, the same: nothing more to write.
    expect(rejudgeWithOwnServerSick(store, id, "home.test")).toEqual([]);
  });

  it("keeps an opted-out domain's history through the grace period, then purges it and keeps only the opt-out record", () => {
    const store = Store.open(":memory:");
    store.domains.add(["up.example"], "test");
    crawlOnce(store, ["up.example"], { "up.example": "ok" });
    expect(store.probes.latestReport("up.example")).toMatchObject({ domain: "up.example", outcome: "ok" });
    expect(store.domains.optOut("up.example", "asked", "2026-01-08T00:00:00.000Z", "2026-01-01T00:00:00.000Z")).toBe(true);
    expect(store.domains.optOut("up.example", "again", "2026-01-09T00:00:00.000Z")).toBe(false);
    expect(store.domains.purgeOptOuts("2026-01-07T23:59:59.999Z")).toEqual([]);
    expect(store.probes.latestReport("up.example")).toMatchObject({ domain: "up.example", outcome: "ok" });
    expect(store.domains.purgeOptOuts("2026-01-08T00:00:00.000Z")).toEqual(["up.example"]);
    expect(store.probes.latestReport("up.example")).toBeUndefined();
    expect(store.domains.undoOptOut("up.example")).toBe("purged");
    for (const table of ["probes", "evidence", "probe_vantages", "operator_jids", "crawl_targets"]) {
      expect(store.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get(), table).toEqual({ n: 0 });
    }
    expect(store.domains.list()).toEqual([expect.objectContaining({ domain: "up.example", optout_at: expect.any(String) })]);
  });

  it("undoes an opt-out within the grace period, history and all", () => {
    const store = Store.open(":memory:");
    store.domains.add(["up.example"], "test");
    crawlOnce(store, ["up.example"], { "up.example": "ok" });
    store.domains.optOut("up.example", "asked", "2099-01-01T00:00:00.000Z");
    expect(store.domains.crawlable()).toEqual([]);
    expect(store.domains.undoOptOut("up.example")).toBe("restored");
    expect(store.domains.undoOptOut("up.example")).toBe("not-opted-out");
    expect(store.domains.crawlable()).toEqual(["up.example"]);
    expect(store.probes.latestReport("up.example")).toMatchObject({ domain: "up.example", outcome: "ok" });
  });
});
