// The serverinfo form as a whole (XEP-0128 §2, XEP-0068 §4.3, XEP-0115 §5.4, XEP-0004 §3.2).
import type { Finding } from "../contract.ts";
import { formTypeFields, formTypeValues, payloadFields, SERVERINFO } from "../model/dataform.ts";
import { quote, repeated, type EntityContext } from "./finding.ts";
import { defineRules } from "./rule.ts";
import { SPEC } from "./specs.ts";

export const FORM_RULES = defineRules("form", [
  {
    id: "serverinfo-missing",
    severity: "warning",
    scope: "domain",
    title: "No serverinfo form on the bare domain",
    why: "Without the form, nobody can find the people who run this server: not other operators with an abuse report, not the operators channel's authbot, not users with a problem.",
    spec: [SPEC.xep0157Should],
    fix: {
      generic: "Publish contact addresses (at least abuse and an xmpp: admin address) in the serverinfo form.",
      "prosody-0.12":
        'Enable "server_contact_info" in modules_enabled and set contact_info = { abuse = { "mailto:abuse@example.org" }; admin = { "xmpp:admin@example.org" } } on the host.',
      "prosody-13":
        'Enable "server_contact_info" in modules_enabled and set contact_info = { abuse = { "mailto:abuse@example.org" }; admin = { "xmpp:admin@example.org" } } on the host.',
      snikket: "Set SNIKKET_ABUSE_EMAIL and SNIKKET_SECURITY_EMAIL in snikket.conf and restart.",
      ejabberd: 'Add mod_disco: server_info: with one entry per field, e.g. - {modules: all, name: abuse-addresses, urls: ["mailto:abuse@example.org"]}.',
      openfire: "Openfire 4.3+ publishes admin-addresses from the admin accounts; make sure admin.disable-exposure is not true and that admins exist.",
      tigase: "Set 'disco-extensions' = { 'abuse-addresses' = [ 'mailto:abuse@example.org' ] } on the vhost.",
      mongooseim: 'Add server_info = [{name = "abuse-addresses", urls = ["mailto:abuse@example.org"]}] to [modules.mod_disco].',
    },
  },
  {
    id: "serverinfo-duplicate-form",
    severity: "error",
    scope: "entity",
    title: "More than one serverinfo form",
    why: "Two forms with the same FORM_TYPE make the whole disco#info answer ill-formed (XEP-0115). Readers such as authbot and Gajim take only the first form, so whatever is in the second is invisible.",
    spec: [SPEC.xep0115DuplicateForm],
    fix: {
      generic: "Merge everything into a single serverinfo form.",
      "prosody-0.12":
        "A second module adds its own serverinfo form beside mod_server_contact_info (often the community mod_server_info). Disable it, or move its fields into contact_info.",
      "prosody-13":
        "Use the core mod_server_info (server_info and server_info_extensions) for every field, and disable community modules that add a separate form.",
      ejabberd: "Keep one mod_disco: server_info list; do not combine it with another module that adds a serverinfo form.",
    },
  },
  {
    id: "serverinfo-form-type-not-hidden",
    severity: "error",
    scope: "entity",
    title: "The FORM_TYPE field is not hidden",
    why: "A FORM_TYPE that is not type='hidden' must be ignored as a context indicator, so conforming readers do not see this form as serverinfo at all.",
    spec: [SPEC.xep0068Hidden, SPEC.xep0128Hidden],
    fix: {
      generic:
        "Give the FORM_TYPE field type='hidden'. The stock modules of Prosody and ejabberd do; a custom or third-party module that builds the form by hand is the likely cause.",
    },
  },
  {
    id: "serverinfo-form-type-conflict",
    severity: "error",
    scope: "entity",
    title: "FORM_TYPE holds several different values",
    why: "A FORM_TYPE with different values makes the whole answer ill-formed (XEP-0115), and no reader can tell which form this is.",
    spec: [SPEC.xep0115DuplicateForm],
    fix: {
      generic: "Give FORM_TYPE exactly one value, http://jabber.org/network/serverinfo. A custom module that builds the form by hand is the likely cause.",
    },
  },
  {
    id: "serverinfo-form-not-result",
    severity: "warning",
    scope: "entity",
    title: "The form is not a result inside <query/>",
    why: "Extended disco information is a data form of type 'result', placed inside the <query/> element. Readers that look only there, or only at result forms, miss it.",
    spec: [SPEC.xep0128Result],
    fix: {
      generic:
        "Publish the form as <x xmlns='jabber:x:data' type='result'> inside the disco#info <query/>. A custom module that builds the form by hand is the likely cause.",
    },
  },
  {
    id: "serverinfo-table-form",
    severity: "warning",
    scope: "entity",
    title: "The form carries <reported/> or <item/>",
    why: "A serverinfo form is a flat list of fields. Table rows are not read by any known reader, and they confuse parsers that expect a plain form.",
    spec: [SPEC.xep0128Result],
    fix: { generic: "Publish the addresses as list-multi fields, not as table items." },
  },
  {
    id: "serverinfo-duplicate-field",
    severity: "error",
    scope: "entity",
    title: "The same field appears twice in the form",
    why: "A field's var identifies it uniquely within a form. Readers take one of the two copies, and which one differs between them, so some addresses are lost.",
    spec: [SPEC.xep0004Var],
    fix: {
      generic: "Put all the values in one field.",
      ejabberd: "Give each name only one entry in mod_disco: server_info, with all its urls in one list.",
      "prosody-13": "Do not define the same field both in contact_info and in server_info / server_info_extensions.",
    },
  },
  {
    id: "serverinfo-empty",
    severity: "info",
    scope: "entity",
    title: "The form holds nothing but FORM_TYPE",
    why: "An empty serverinfo form says that contacts are supported but gives none. It is ejabberd's and MongooseIM's default when nothing is configured.",
    spec: [SPEC.xep0157Should],
    fix: {
      generic: "Configure at least an abuse address and an xmpp: admin address.",
      ejabberd: "Add entries to mod_disco: server_info (name: abuse-addresses, urls: [...]).",
      mongooseim: "Add entries to server_info in [modules.mod_disco].",
    },
  },
]);

const finding = FORM_RULES.finding;

export function formRules({ jid, isDomain, serverinfo }: EntityContext): Finding[] {
  const out: Finding[] = [];
  const { forms } = serverinfo;
  if (forms.length === 0) {
    if (isDomain) out.push(finding("serverinfo-missing", jid, "The bare domain publishes no serverinfo form, so it names no contacts."));
    return out;
  }
  if (forms.length > 1) {
    out.push(
      finding("serverinfo-duplicate-form", jid, `The answer holds ${forms.length} serverinfo forms; readers take only the first, so the others are invisible.`),
    );
  }
  for (const form of forms) {
    const where = forms.length > 1 ? ` (form ${form.index + 1})` : "";
    const typeFields = formTypeFields(form);
    if (typeFields.some((f) => f.type !== "hidden")) {
      const shown = typeFields.find((f) => f.type !== "hidden")?.type;
      out.push(
        finding(
          "serverinfo-form-type-not-hidden",
          jid,
          `The FORM_TYPE field has ${shown ? `type ${quote(shown)}` : "no type"} instead of 'hidden'${where}; conforming readers ignore the form.`,
          { field: "FORM_TYPE" },
        ),
      );
    }
    const distinct = [...new Set(formTypeValues(form))];
    if (distinct.length > 1) {
      const others = distinct
        .filter((v) => v !== SERVERINFO)
        .map((v) => quote(v))
        .join(", ");
      out.push(finding("serverinfo-form-type-conflict", jid, `FORM_TYPE holds other values beside serverinfo: ${others}${where}.`, { field: "FORM_TYPE" }));
    }
    if (form.type !== "result" || !form.inQuery) {
      const problems = [
        form.type !== "result" && `has type ${form.type ? quote(form.type) : "(none)"} instead of 'result'`,
        !form.inQuery && "is not inside <query/>",
      ].filter(Boolean);
      out.push(finding("serverinfo-form-not-result", jid, `The form ${problems.join(" and ")}${where}.`));
    }
    if (form.hasReported || form.hasItems) {
      out.push(
        finding(
          "serverinfo-table-form",
          jid,
          `The form carries ${[form.hasReported && "<reported/>", form.hasItems && "<item/>"].filter(Boolean).join(" and ")}${where}.`,
        ),
      );
    }
    const named = form.fields.filter((f) => f.var !== undefined);
    for (const field of repeated(named, (f) => f.var ?? "")) {
      out.push(finding("serverinfo-duplicate-field", jid, `The field ${quote(field.var ?? "")} appears more than once${where}.`, { field: field.var }));
    }
    if (payloadFields(form).length === 0) {
      out.push(finding("serverinfo-empty", jid, `The serverinfo form holds nothing but FORM_TYPE${where}.`));
    }
  }
  return out;
}
