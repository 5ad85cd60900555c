// Bounds on what a hostile server controls (crawler/politeness.ts, BOUNDS): past one, the
// observatory keeps what fits and says so.
import type { Finding } from "../contract.ts";
import { BOUNDS } from "../politeness.ts";
import { defineRules } from "./rule.ts";
import { SPEC } from "./specs.ts";

export const BOUNDS_RULES = defineRules("bounds", [
  {
    id: "answer-exceeds-bounds",
    severity: "warning",
    scope: "entity",
    title: "The answer is larger than any reader should have to read",
    why: "The observatory reads a bounded amount of each answer (forms, fields, values, their length, items). Past a bound it keeps what fits; so do many clients, which then miss what comes after.",
    spec: [SPEC.xep0030Items],
    fix: { generic: "Publish fewer, shorter values." },
  },
]);

const finding = BOUNDS_RULES.finding;

/** Bounds named one by one in the finding; the rest are counted. */
const NAMED_BOUNDS = 5;

export function boundsRule(jid: string, exceeded: string[]): Finding[] {
  if (exceeded.length === 0) return [];
  const named = exceeded.slice(0, NAMED_BOUNDS).join("; ");
  const more = exceeded.length > NAMED_BOUNDS ? `; and ${exceeded.length - NAMED_BOUNDS} more` : "";
  return [finding("answer-exceeds-bounds", jid, `The answer exceeds what the observatory reads: ${named}${more}.`)];
}

/**
 * At most `max` findings of one rule on one entity, then one answer-exceeds-bounds finding that
 * says how many more there were: a hostile answer cannot fill the store or a page with findings.
 */
export function capFindings(findings: Finding[], max: number = BOUNDS.maxFindingsPerRule): Finding[] {
  const counts = new Map<string, number>();
  const kept: Finding[] = [];
  for (const f of findings) {
    const key = `${f.rule}\u0000${f.subject}`;
    const n = (counts.get(key) ?? 0) + 1;
    counts.set(key, n);
    if (n <= max) kept.push(f);
  }
  for (const [key, n] of counts) {
    if (n <= max) continue;
    const [rule, subject] = key.split("\u0000") as [string, string];
    kept.push(
      finding(
        "answer-exceeds-bounds",
        subject,
        `The answer exceeds what the observatory reports: ${n} findings of ${rule}, of which the first ${max} are kept.`,
      ),
    );
  }
  return kept;
}
