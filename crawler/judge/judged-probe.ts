// A probe made ready for the store: its verdict, what changed since the domain's previous probe,
// and the JIDs the observatory's rule names as operators. Judged here, once, by the step that
// records a probe (crawler/crawl/record.ts); the store writes what it is given. Pure.
import type { Change, DomainReport, ProbeResult, Verdict } from "../contract.ts";
import { diffReports } from "./changes.ts";
import { operatorJids } from "../operators/operators.ts";
import { judge } from "./verdict.ts";

export interface JudgedProbe extends ProbeResult {
  verdict: Verdict;
  /** What changed since `previous`, the domain's probe before this one (judge/changes.ts). */
  changes: Change[];
  /** The JIDs the observatory's rule names as this domain's operators (operators/operators.ts), for the store's index. */
  operators: string[];
}

export function judgeProbe(result: ProbeResult, previous: DomainReport | undefined): JudgedProbe {
  return { ...result, verdict: judge(result.report), changes: diffReports(previous, result.report), operators: [...operatorJids(result.report)] };
}
