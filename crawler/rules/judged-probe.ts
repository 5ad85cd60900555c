// A probe made ready for the store: its verdict, what changed since the domain's previous probe,
// and the JIDs the observatory's rule names as operators. Judged here, once, by the step that
// records a probe (crawler/crawl/record.ts); the store writes what it is given. Pure.
import type { DomainReport, JudgedProbe, ProbeResult } from "../contract.ts";
import { diffReports } from "./changes.ts";
import { operatorJids } from "./operators.ts";
import { judge } from "./verdict.ts";

export function judgeProbe(result: ProbeResult, previous: DomainReport | undefined): JudgedProbe {
  return { ...result, verdict: judge(result.report), changes: diffReports(previous, result.report), operators: [...operatorJids(result.report)] };
}
