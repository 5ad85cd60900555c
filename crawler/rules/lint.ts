// All the rules for one entity, in catalogue order of families.
import type { Finding } from "../contract.ts";
import { addressRules } from "./addresses.ts";
import { administratorsRules } from "./administrators.ts";
import { discoRules } from "./disco.ts";
import { fieldRules } from "./fields.ts";
import { finding, type EntityContext } from "./finding.ts";
import { formRules } from "./form.ts";

export function boundsRule(jid: string, exceeded: string[]): Finding[] {
  return exceeded.length === 0 ? [] : [finding("answer-exceeds-bounds", jid, `The answer exceeds what the observatory reads: ${exceeded.join("; ")}.`)];
}

export function lintEntity(context: EntityContext): Finding[] {
  return [
    ...discoRules(context),
    ...formRules(context),
    ...fieldRules(context),
    ...addressRules(context),
    ...administratorsRules(context),
    ...boundsRule(context.jid, context.info.exceeded),
  ];
}
