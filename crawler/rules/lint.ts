// All the rules for one entity, in catalogue order of families.
import type { Finding } from "../contract.ts";
import { addressRules } from "./addresses.ts";
import { administratorsRules } from "./administrators.ts";
import { discoRules } from "./disco.ts";
import { fieldRules } from "./fields.ts";
import type { EntityContext } from "./finding.ts";
import { boundsRule } from "./bounds.ts";
import { formRules } from "./form.ts";

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
