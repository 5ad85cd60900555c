// The judgements made of a domain's report, all here and all at once: its conformance level
// (contract: LevelSchema), whether authbot can recognise its operators, whether it publishes
// administrators and an abuse address, and its findings counted by severity. The store keeps the
// verdict of every probe in columns, so the CLI's exit code, the list, the badge, the overview and
// the SQL summaries read one judgement instead of restating it.
import { isJudged, isReachable, LEVELS, type DomainReport, type Level, type Severity, type Verdict } from "../contract.ts";
import { hasValue } from "../model/serverinfo.ts";
import { authbotOperators } from "../operators/authbot.ts";
import { administratorAccounts } from "../operators/operators.ts";
import { abuseContactWorks, everyContactWorks } from "../rules/reachability.ts";

export { LEVELS, type Level, type Verdict };

export const LEVEL_LABEL: Record<Level, string> = {
  clean: "no findings above info",
  warnings: "warnings only",
  errors: "errors",
  unreachable: "unreachable",
  "not-judged": "not judged (an error of ours, or a failure nobody could confirm)",
};

export function judge(report: DomainReport): Verdict {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of report.findings) counts[f.severity]++;
  return {
    level: !isJudged(report.outcome)
      ? "not-judged"
      : !isReachable(report.outcome)
        ? "unreachable"
        : counts.error > 0
          ? "errors"
          : counts.warning > 0
            ? "warnings"
            : "clean",
    authbotReady: authbotOperators(report).length > 0,
    publishesAdministrators: administratorAccounts(report.administrators).length > 0,
    hasAbuseContact: hasValue(report.contacts.abuse),
    abuseContactWorks: abuseContactWorks(report),
    everyContactWorks: everyContactWorks(report),
    counts,
  };
}
