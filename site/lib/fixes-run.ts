// The operators page's list of fixes run on their server version (crawler/rules/fixes-run.ts,
// FIXES_RUN), beside the recipes: one entry per rule, in catalogue order, each with the versions
// its fix was run on, in the catalogue's order of software.
import { ranOn } from "../../crawler/rules/fixes-run.ts";
import { SOFTWARE_FAMILIES, type SoftwareFamily } from "../../crawler/rules/software.ts";

export interface FixRun {
  rule: string;
  title: string;
  /** "Prosody 13.0.1", one for each version the fix was run on. */
  ranOn: string[];
}

/** The fixes run, rule by rule, in the order of `rules`; an empty list when none was run. A rule the catalogue lacks is an error. */
export function fixesRunList(
  run: Readonly<Record<string, Partial<Record<SoftwareFamily, string>>>>,
  rules: ReadonlyArray<{ id: string; title: string }>,
): FixRun[] {
  const unknown = Object.keys(run).filter((id) => !rules.some((r) => r.id === id));
  if (unknown.length > 0) throw new Error(`FIXES_RUN names rules the catalogue lacks: ${unknown.join(", ")}`);
  return rules.flatMap((rule) => {
    const versions = run[rule.id] ?? {};
    const ran = SOFTWARE_FAMILIES.flatMap((family) => (versions[family] === undefined ? [] : [ranOn(family, versions[family])]));
    return ran.length === 0 ? [] : [{ rule: rule.id, title: rule.title, ranOn: ran }];
  });
}
