// Fields and values of every serverinfo form (XEP-0157 §7.1, XEP-0068 §3.4, XEP-0004 §3.2).
import type { Finding } from "../contract.ts";
import { payloadFields } from "../model/dataform.ts";
import { ADMINISTRATORS_FIELD } from "../model/serverinfo.ts";
import { quote, repeated, type EntityContext } from "./finding.ts";
import { defineRules } from "./rule.ts";
import { SPEC } from "./specs.ts";
import { intendedField, isClarkNotation, REGISTERED_FIELDS } from "./registry.ts";

export const FIELDS_RULES = defineRules("fields", [
  {
    id: "field-unregistered",
    severity: "warning",
    scope: "entity",
    title: "A field that is not registered",
    why: "Fields in the serverinfo form must be registered with the XSF, or namespaced in Clark notation ({namespace}name) when they are a third party's. Strict readers reject the whole form for an unknown field.",
    spec: [SPEC.xep0068Registered, SPEC.xep0157Registry],
    fix: { generic: "Remove the field, or name it in Clark notation, such as {https://example.org/ns}name." },
  },
  {
    id: "field-name-typo",
    severity: "warning",
    scope: "entity",
    title: "A misspelled field name",
    why: "A near miss of a registered field, such as abuse-address for abuse-addresses, is unknown to every reader: the addresses in it are never seen.",
    spec: [SPEC.xep0157Registry, SPEC.xep0068Registered],
    fix: {
      generic: "Rename the field to the registered name given in the finding.",
      mongooseim: "MongooseIM's documentation example misspells the name (abuse-address): use abuse-addresses in server_info.",
      ejabberd: "Correct the name: in mod_disco: server_info.",
      tigase: "Correct the key in 'disco-extensions'.",
    },
  },
  {
    id: "field-wrong-type",
    severity: "warning",
    scope: "entity",
    title: "A field with the wrong type",
    why: "Registered contact fields are list-multi. Gajim skips fields of any other type, and Rust xmpp-parsers rejects the whole form.",
    spec: [SPEC.xep0157Registry, SPEC.xep0004Type],
    fix: {
      generic:
        "Publish the field with type='list-multi' (serverinfo-pubsub-node: text-single). A custom module that builds the form by hand is the likely cause.",
    },
  },
  {
    id: "field-no-type",
    severity: "info",
    scope: "entity",
    title: "A field without a type",
    why: "A missing type is legal in a result form, but Gajim skips such fields, so its users do not see these addresses.",
    spec: [SPEC.xep0004Type],
    fix: {
      generic: "Publish the field with type='list-multi'.",
      mongooseim: "MongooseIM emits serverinfo fields without a type; this is fixed only in its source (mod_disco).",
    },
  },
  {
    id: "field-empty",
    severity: "info",
    scope: "entity",
    title: "A registered field with no value",
    why: "An empty field carries nothing. Prosody 0.12 emits all seven categories, the empty ones too, so this is common and harmless.",
    spec: [SPEC.xep0157Registry],
    fix: {
      generic: "Fill the field or leave it out.",
      "prosody-0.12":
        'Prosody 0.12 emits every category, the empty ones too. If you did set this one, put it in braces: Prosody 0.12 drops a value without them, so write abuse = { "mailto:abuse@example.org" }, not abuse = "mailto:abuse@example.org".',
      "prosody-13":
        'Prosody 13 emits only the categories you set, so this one is set but came out empty: most often its value is written without braces, which 13 drops as 0.12 does. Write abuse = { "mailto:abuse@example.org" }, not abuse = "mailto:abuse@example.org".',
      ejabberd: "An entry of mod_disco: server_info with urls: [] comes out as an empty field: give it urls, or remove the entry.",
    },
  },
  {
    id: "value-empty",
    severity: "warning",
    scope: "entity",
    title: "An empty value",
    why: "An empty or blank <value/> is not an address. Readers that take the first value (converse.js) show nothing.",
    spec: [SPEC.xep0157Uris],
    fix: {
      generic: "Remove the empty value.",
      "prosody-0.12": 'An empty string in contact_info (such as feedback = { "" }) becomes an empty <value/>; remove it.',
      "prosody-13": "An empty string in contact_info or server_info becomes an empty <value/>; remove it.",
      ejabberd: "Remove the empty string from urls.",
    },
  },
  {
    id: "value-whitespace",
    severity: "warning",
    scope: "entity",
    title: "A value with leading or trailing white space",
    why: "White space around an address makes it an invalid URI, and readers that compare addresses (authbot) do not match it.",
    spec: [SPEC.xep0157Uris],
    fix: { generic: "Remove the spaces around the value in the configuration." },
  },
  {
    id: "value-duplicate",
    severity: "info",
    scope: "entity",
    title: "The same value twice in one field",
    why: "A repeated address is harmless but shows a configuration mistake.",
    spec: [SPEC.xep0004Var],
    fix: { generic: "List each address once." },
  },
]);

const finding = FIELDS_RULES.finding;

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
