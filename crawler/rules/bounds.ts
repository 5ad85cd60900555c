// Bounds on what a hostile server controls (crawler/politeness.ts, BOUNDS): past one, the
// observatory keeps what fits and says so.
import type { Finding } from "../contract.ts";
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

export function boundsRule(jid: string, exceeded: string[]): Finding[] {
  return exceeded.length === 0 ? [] : [finding("answer-exceeds-bounds", jid, `The answer exceeds what the observatory reads: ${exceeded.join("; ")}.`)];
}
