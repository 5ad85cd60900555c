// The README's table of rules, rendered from the catalogue (npm run readme:rules writes it; a test
// fails while the README differs).
import { RULES } from "../rules/catalogue.ts";

export const README_RULES_START = "<!-- rules: generated from crawler/rules by npm run readme:rules -->";
export const README_RULES_END = "<!-- /rules -->";

export function readmeRulesTable(): string {
  const rows = RULES.map((r) => `| \`${r.id}\` | ${r.family} | ${r.severity} | ${r.title} |`);
  return [README_RULES_START, "| rule | family | severity | what it finds |", "|---|---|---|---|", ...rows, README_RULES_END].join("\n");
}

/** The README with its rules table replaced by the current one. */
export function withRulesTable(readme: string): string {
  const start = readme.indexOf(README_RULES_START);
  const end = readme.indexOf(README_RULES_END);
  if (start < 0 || end < start) throw new Error("the README has no rules table markers");
  return readme.slice(0, start) + readmeRulesTable() + readme.slice(end + README_RULES_END.length);
}
