import { describe, expect, it } from "vitest";
import { analyzeProbe } from "../../crawler/probe/analyze.ts";
import type { DomainState } from "../../crawler/contract.ts";
import { answers, fixture, reportWith } from "../../test/helpers/fixtures.ts";
import { overview } from "./stats.ts";
import { summarize } from "./summary.ts";
import { judge } from "../../crawler/judge/verdict.ts";

const state = (domain: string, file: string, version?: string): DomainState => {
  const report = analyzeProbe(
    answers(domain, {
      info: fixture(file),
      ...(version && {
        version: `<iq type="result" from="${domain}" id="v"><query xmlns="jabber:iq:version"><name>Prosody</name><version>${version}</version></query></iq>`,
      }),
    }),
    20,
  );
  return { domain, source: "test", addedAt: "2026-01-01", dormant: false, crawlId: 1, report, verdict: judge(report) };
};

describe("overview", () => {
  it("counts the domains reachable from some vantages only", () => {
    const partial = state("good.test", "prosody-0.12.3/disco-info.good.test.xml");
    partial.report = {
      ...partial.report,
      via: "p13.test",
      vantages: [
        { vantage: "home.test", outcome: "timeout" },
        { vantage: "p13.test", outcome: "ok" },
      ],
    };
    const everywhere = state("bad.test", "prosody-0.12.3/disco-info.bad.test.xml");
    expect(overview([partial, everywhere].map(summarize))).toMatchObject({ domains: 2, reachable: 2, reachableFromSomeOnly: 1 });
  });

  it("counts adoption, levels, software and the commonest findings", () => {
    const o = overview(
      [
        state("good.test", "prosody-0.12.3/disco-info.good.test.xml", "0.12.3"),
        state("bad.test", "prosody-0.12.3/disco-info.bad.test.xml", "0.12.3"),
        state("plain.test", "prosody-0.12.3/disco-info.plain.test.xml", "13.0.1"),
        state("dead.test", "errors/disco-info.dead.test.xml"),
      ].map(summarize),
    );
    expect(o).toMatchObject({ domains: 4, reachable: 3, reachableFromSomeOnly: 0, withServerinfo: 2, withAdministrators: 1, authbotReady: 1 });
    expect(o.byCategory.abuse).toBe(2);
    expect(o.byCategory.sales).toBe(0);
    expect(o.levels).toEqual({ clean: 1, warnings: 1, errors: 1, unreachable: 1, "not-judged": 0 });
    // By the generation whose fixes each domain gets.
    expect(o.software).toEqual([
      { name: "Prosody 0.12 (and older)", count: 2, versions: [{ version: "0.12.3", count: 2 }] },
      { name: "Prosody 13", count: 1, versions: [{ version: "13.0.1", count: 1 }] },
    ]);
    expect(o.topFindings[0]).toEqual({ rule: "field-empty", domains: 2 });
    expect(o.topFindings).toContainEqual({ rule: "serverinfo-missing", domains: 1 });
  });

  it("counts the domains whose abuse contact works, and those whose every contact works, among the reachable ones", () => {
    const verdict = (abuseContactWorks: boolean, everyContactWorks: boolean, level: DomainState["verdict"]["level"] = "clean") => ({
      level,
      authbotReady: false,
      publishesAdministrators: false,
      hasAbuseContact: true,
      abuseContactWorks,
      everyContactWorks,
      counts: { error: 0, warning: 0, info: 0 },
    });
    const at = (domain: string, v: DomainState["verdict"], outcome: DomainState["report"]["outcome"] = "ok"): DomainState => ({
      domain,
      source: "test",
      addedAt: "2026-01-01",
      dormant: false,
      crawlId: 1,
      report: reportWith({ domain, outcome }),
      verdict: v,
    });
    const o = overview(
      [
        at("a.test", verdict(true, true)),
        at("b.test", verdict(true, false)),
        at("c.test", verdict(false, false)),
        // An unreachable domain is counted as a domain, never as one whose contacts work.
        at("d.test", verdict(true, true, "unreachable"), "remote-server-not-found"),
      ].map(summarize),
    );
    expect(o).toMatchObject({ domains: 4, reachable: 3, abuseContactWorks: 2, everyContactWorks: 1 });
  });

  it("handles an empty store", () => {
    expect(overview([])).toMatchObject({ domains: 0, reachable: 0, software: [], topFindings: [] });
  });
});
