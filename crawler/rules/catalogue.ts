// The conformance rule catalogue, gathered from the rule families: each family file
// (disco, form, fields, addresses, administrators, components, reachability, federation, bounds) holds its entries beside its
// checks. The site's rule pages, rules.json and the README's rule table are built from it.
// Ids are stable once published; a renamed rule keeps its old id in `aliases`.
import type { FixBasis } from "../contract.ts";
import type { SoftwareFamily } from "./software.ts";
import type { Rule, RuleIdOf } from "./rule.ts";
import { ADDRESSES_RULES } from "./addresses.ts";
import { ADMINISTRATORS_RULES } from "./administrators.ts";
import { BOUNDS_RULES } from "./bounds.ts";
import { COMPONENTS_RULES } from "./components.ts";
import { DISCO_RULES } from "./disco.ts";
import { FIELDS_RULES } from "./fields.ts";
import { FORM_RULES } from "./form.ts";
import { REACHABILITY_RULES } from "./reachability.ts";
import { FEDERATION_RULES } from "./federation.ts";

export type { Rule };

const FAMILIES = [
  DISCO_RULES,
  FORM_RULES,
  FIELDS_RULES,
  ADDRESSES_RULES,
  ADMINISTRATORS_RULES,
  COMPONENTS_RULES,
  REACHABILITY_RULES,
  FEDERATION_RULES,
  BOUNDS_RULES,
] as const;

/** Every rule id: a misspelt id fails the type check. */
export type RuleId = RuleIdOf<(typeof FAMILIES)[number]>;

export const RULES: Rule[] = FAMILIES.flatMap((family) => family.rules);

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.flatMap((r) => [[r.id, r] as const, ...(r.aliases ?? []).map((a) => [a, r] as const)]));

export function getRule(id: string): Rule {
  const found = RULES_BY_ID.get(id);
  if (!found) throw new Error(`unknown rule id ${id}`);
  return found;
}

/** The one-line fix for a rule on a given software, or the generic one. */
export function fixFor(id: string, family: SoftwareFamily | undefined): string {
  const r = getRule(id);
  return family ? r.fix[family] : r.fix.generic;
}

/** Where the fix for a rule on a given software comes from (run, documented, not run), or undefined for the generic advice. */
export function fixBasisFor(id: string, family: SoftwareFamily | undefined): FixBasis | undefined {
  return family ? getRule(id).fixBasis[family] : undefined;
}
