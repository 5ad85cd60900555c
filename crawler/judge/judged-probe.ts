// A probe made ready for the store: its verdict, what changed since the domain's previous probe,
// the JIDs the observatory's rule names as operators, and the version of the rules that judged
// them. Judged here, once, by the step that records a probe, and again for a stored probe that
// older rules judged (crawler/crawl/record.ts); the store writes what it is given. Pure.
import type { DomainReport, Judgement, JudgedProbe, ProbeResult } from "../contract.ts";
import { diffReports } from "./changes.ts";
import { operatorJids } from "../operators/operators.ts";
import { judge } from "./verdict.ts";
import { RULES_VERSION } from "../rules/version.ts";

/** The judgement of `report`, with `previous`, the domain's probe before it, for its changes. */
export function judgeReport(report: DomainReport, previous: DomainReport | undefined): Judgement {
  return { verdict: judge(report), changes: diffReports(previous, report), operators: [...operatorJids(report)], rulesVersion: RULES_VERSION };
}

export function judgeProbe(result: ProbeResult, previous: DomainReport | undefined): JudgedProbe {
  return { ...result, ...judgeReport(result.report, previous) };
}
