// How a rule family declares its rules: each family file holds its catalogue entries beside its
// checks, and gets back a `finding` that takes only its own rule ids (a misspelt id fails the type
// check) and the severity from the entry.
import type { Finding, RuleData, Severity } from "../contract.ts";
import { fixBasis } from "./fixes-run.ts";
import { ownFix, SOFTWARE_FAMILIES, SOFTWARE_SETTING, type SoftwareFamily } from "./software.ts";

/** A rule, as the contract (crawler/contract.ts, RuleSchema) defines it for rules.json. */
export type Rule = RuleData;
export type RuleFamily = Rule["family"];

type SpecCitation = Rule["spec"][number];

export interface RuleEntry {
  readonly id: string;
  readonly severity: Severity;
  readonly scope: Rule["scope"];
  readonly title: string;
  readonly why: string;
  readonly spec: readonly SpecCitation[];
  /** The generic fix, and the software whose fix differs from it. */
  readonly fix: { readonly generic: string } & { readonly [F in SoftwareFamily]?: string };
  /** Whether the fix is a matter of the serverinfo settings (default: all but disco, reachability, federation and bounds rules). */
  readonly configurable?: boolean;
  /** Former ids of a renamed rule: ids are stable once published. */
  readonly aliases?: readonly string[];
}

export const SERVER_SOFTWARE_BUG = "This comes from the server software itself, not from its configuration: report it to its developers.";

/** Fills the software without a specific fix from the generic one, and where that software keeps the setting. */
function complete(family: RuleFamily, { configurable, ...entry }: RuleEntry): Rule {
  const fix = { ...entry.fix } as Rule["fix"];
  const basis: Rule["fixBasis"] = {};
  const settingMatters = configurable ?? !["disco", "reachability", "federation", "bounds"].includes(family);
  for (const software of SOFTWARE_FAMILIES) {
    const own = ownFix(entry.fix, software);
    fix[software] = own ?? (settingMatters ? `${entry.fix.generic} This is set in ${SOFTWARE_SETTING[software]}.` : entry.fix.generic);
    // A fix that names the software's setting is the software's own, as much as one written for it.
    const found = fixBasis(entry.id, software, own !== undefined || settingMatters);
    if (found) basis[software] = found;
  }
  return {
    id: entry.id,
    severity: entry.severity,
    family,
    scope: entry.scope,
    title: entry.title,
    why: entry.why,
    spec: [...entry.spec],
    fix,
    fixBasis: basis,
    ...(entry.aliases && { aliases: [...entry.aliases] }),
  };
}

export interface RuleFamilyDefinition<Id extends string> {
  rules: Rule[];
  /** A finding of one of this family's rules, with the rule's severity unless the check overrides it. */
  finding(rule: Id, subject: string, message: string, extra?: { field?: string | undefined; value?: string | undefined; severity?: Severity }): Finding;
}

export function defineRules<const Entries extends readonly RuleEntry[]>(family: RuleFamily, entries: Entries): RuleFamilyDefinition<Entries[number]["id"]> {
  const rules = entries.map((entry) => complete(family, entry));
  const severity = new Map(rules.map((r) => [r.id, r.severity]));
  return {
    rules,
    finding: (rule, subject, message, extra = {}) => ({
      rule,
      severity: extra.severity ?? severity.get(rule)!,
      subject,
      message,
      ...(extra.field !== undefined && { field: extra.field }),
      ...(extra.value !== undefined && { value: extra.value }),
    }),
  };
}

/** The rule ids a family defines. */
export type RuleIdOf<Family> = Family extends RuleFamilyDefinition<infer Id> ? Id : never;
