// Fields and values of every serverinfo form (XEP-0157 §7.1, XEP-0068 §3.4, XEP-0004 §3.2).
import type { Finding } from "../contract.ts";
import { payloadFields } from "../model/dataform.ts";
import { ADMINISTRATORS_FIELD } from "../model/serverinfo.ts";
import { finding, quote, repeated, type EntityContext } from "./finding.ts";
import { intendedField, isClarkNotation, REGISTERED_FIELDS } from "./registry.ts";

export function fieldRules({ jid, serverinfo }: EntityContext): Finding[] {
  const out: Finding[] = [];
  for (const form of serverinfo.forms) {
    for (const field of payloadFields(form)) {
      const name = field.var;
      if (name === undefined) {
        if (field.type !== "fixed") out.push(finding("field-unregistered", jid, "A field has no var attribute, so no reader can tell what it is."));
        continue;
      }
      const registeredType = REGISTERED_FIELDS.get(name);
      if (registeredType === undefined) {
        const intended = intendedField(name);
        if (intended)
          out.push(
            finding("field-name-typo", jid, `The field ${quote(name)} is probably meant to be '${intended}'; readers do not know it by this name.`, {
              field: name,
            }),
          );
        else if (!isClarkNotation(name))
          out.push(
            finding("field-unregistered", jid, `The field ${quote(name)} is not registered for serverinfo and is not in Clark notation ({namespace}name).`, {
              field: name,
            }),
          );
      } else if (name !== ADMINISTRATORS_FIELD) {
        // administrators has rules of its own for its type and emptiness.
        if (field.type === undefined) out.push(finding("field-no-type", jid, `The field '${name}' has no type attribute; Gajim skips it.`, { field: name }));
        else if (field.type !== registeredType)
          out.push(
            finding("field-wrong-type", jid, `The field '${name}' has type ${quote(field.type)}; it is registered as ${registeredType}.`, { field: name }),
          );
        if (field.values.length === 0) out.push(finding("field-empty", jid, `The field '${name}' has no value.`, { field: name }));
      }
      for (const value of field.values) {
        if (value.trim() === "") out.push(finding("value-empty", jid, `The field ${quote(name)} has an empty value.`, { field: name, value }));
        else if (value !== value.trim())
          out.push(finding("value-whitespace", jid, `The value ${quote(value)} of ${quote(name)} has white space around it.`, { field: name, value }));
      }
      if (name !== ADMINISTRATORS_FIELD) {
        for (const value of repeated(field.values.filter((v) => v.trim() !== ""))) {
          out.push(finding("value-duplicate", jid, `The value ${quote(value)} appears more than once in ${quote(name)}.`, { field: name, value }));
        }
      }
    }
  }
  return out;
}
