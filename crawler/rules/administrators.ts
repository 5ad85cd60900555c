// The administrators field of the proto-XEP "XMPP Service Administrators" (RFC 7622 JIDs).
import type { DomainReport, Finding } from "../contract.ts";
import { fieldByVar, isServerinfoForm } from "../model/dataform.ts";
import { isWithinDomain, parseJid, bareJid } from "../model/jid.ts";
import { schemeOf } from "../model/uri.ts";
import { ADMINISTRATORS_FIELD, hasValue } from "../model/serverinfo.ts";
import { quote, sayPlaceholder, type EntityContext } from "./finding.ts";
import { defineRules } from "./rule.ts";
import { SPEC } from "./specs.ts";
import { administratorJids, xmppJids } from "../operators/operators.ts";

export const ADMINISTRATORS_RULES = defineRules("administrators", [
  {
    id: "administrators-missing",
    severity: "info",
    scope: "domain",
    title: "No administrators field",
    why: "The proto-XEP 'XMPP Service Administrators' lets a service list its admins, so that MUC and PubSub services treat them as owners and clients mark them. It is new: most servers do not publish it yet.",
    spec: [SPEC.proto, SPEC.protoOwners],
    fix: {
      generic: "Add an administrators field (list-multi, bare JIDs) to the serverinfo form.",
      "prosody-0.12":
        'Prosody 0.12 has no administrators field of its own: use the module of this observatory\'s Prosody 0.12 recipe (operators page), mod_serverinfo_administrators, with serverinfo_administrators = { "admin@example.org" } and mod_server_contact_info disabled on the host (the module publishes contact_info too, in the same form).',
      "prosody-13":
        'Declare it in server_info_extensions ({ name = "administrators", type = "list-multi" }) and set server_info = { administrators = { "admin@example.org" } }.',
      ejabberd: 'Add the entry - {modules: all, name: administrators, urls: ["admin@example.org"]} to mod_disco: server_info in ejabberd.yml.',
      tigase: "Add 'administrators' = [ 'admin@example.org' ] to 'disco-extensions'.",
      mongooseim: 'Add {name = "administrators", urls = ["admin@example.org"]} to server_info.',
    },
  },
  {
    id: "administrators-outside-serverinfo",
    severity: "error",
    scope: "entity",
    title: "An administrators field outside the serverinfo form",
    why: "The administrators list MUST be scoped by the serverinfo FORM_TYPE. Anywhere else, readers do not look for it.",
    spec: [SPEC.proto],
    fix: { generic: "Move the administrators field into the serverinfo form (FORM_TYPE http://jabber.org/network/serverinfo)." },
  },
  {
    id: "administrators-wrong-type",
    severity: "warning",
    scope: "entity",
    title: "The administrators field has another type than list-multi",
    why: "The field is registered as list-multi. jid-multi is arguably better and is only noted (info); other types are skipped by strict readers.",
    spec: [SPEC.protoJids],
    fix: { generic: "Publish administrators with type='list-multi'." },
  },
  {
    id: "administrators-uri",
    severity: "error",
    scope: "entity",
    title: "An administrator given as a URI, not a JID",
    why: "The field holds JIDs, unlike the *-addresses fields. A value such as xmpp:admin@example.org matches no account, so MUC and PubSub services grant nothing and clients mark nobody.",
    spec: [SPEC.protoJids],
    fix: { generic: "Drop the scheme: write admin@example.org, not xmpp:admin@example.org." },
  },
  {
    id: "administrators-invalid-jid",
    severity: "error",
    scope: "entity",
    title: "An administrator that is not a valid JID",
    why: "A value that is not a JID matches no account, so the admin is not recognised anywhere.",
    spec: [SPEC.protoJids, SPEC.rfc7622],
    fix: { generic: "Write the admin's bare JID, localpart@domain." },
  },
  {
    id: "administrators-full-jid",
    severity: "warning",
    scope: "entity",
    title: "An administrator given as a full JID",
    why: "Administrators are accounts, not sessions. A resource makes the JID match only one client of the admin, or none.",
    spec: [SPEC.protoJids, SPEC.rfc7622],
    fix: { generic: "Remove the /resource part." },
  },
  {
    id: "administrators-domain-only",
    severity: "warning",
    scope: "entity",
    title: "An administrator JID without a localpart",
    why: "A bare domain names a server or component, not a person. Nobody logs in as it, so nobody is recognised as admin.",
    spec: [SPEC.protoJids],
    fix: { generic: "Write the admin's account JID, localpart@domain." },
  },
  {
    id: "administrators-not-normalized",
    severity: "info",
    scope: "entity",
    title: "An administrator JID that is not in normalised form",
    why: "JIDs compare after normalisation (case-folding and PRECIS). Readers that compare strings may not match Admin@Example.org with admin@example.org.",
    spec: [SPEC.rfc7622],
    fix: { generic: "Write the JID in its normalised form, as given in the finding." },
  },
  {
    id: "administrators-duplicate",
    severity: "info",
    scope: "entity",
    title: "The same administrator twice",
    why: "Harmless, but a sign of a configuration mistake; jid-multi readers must ignore duplicates.",
    spec: [SPEC.xep0004JidMulti],
    fix: { generic: "List each administrator once." },
  },
  {
    id: "administrators-empty",
    severity: "info",
    scope: "entity",
    title: "The administrators field is present but empty",
    why: "An empty list says the service has no administrators, which is rarely what was meant.",
    spec: [SPEC.protoJids],
    fix: { generic: "List the admins' bare JIDs, or remove the field." },
  },
  {
    id: "administrators-foreign-domain",
    severity: "info",
    scope: "entity",
    title: "An administrator on another domain",
    why: "Legitimate (an operator may use one account for several servers), but worth seeing: that account gets owner rights on this service's rooms and nodes.",
    spec: [SPEC.protoOwners],
    fix: { generic: "Nothing to fix if this is intended." },
  },
  {
    id: "administrators-admin-addresses-mismatch",
    severity: "info",
    scope: "entity",
    title: "administrators and the xmpp: admin-addresses differ",
    why: "Both lists name the people who run the service. When they differ, readers that use one (authbot uses admin-addresses) and readers that use the other disagree about who the admins are.",
    spec: [SPEC.protoJids, SPEC.xep0157Registry],
    fix: { generic: "List the same admins in both, or check that the difference is intended." },
  },
]);

const finding = ADMINISTRATORS_RULES.finding;

const FIELD = { field: ADMINISTRATORS_FIELD };

function valueFindings(jid: string, domain: string, raw: string): Finding[] {
  const value = raw.trim();
  if (value === "") return []; // value-empty covers it
  const at = { ...FIELD, value: raw };
  const scheme = schemeOf(value);
  if (scheme) return [finding("administrators-uri", jid, `${quote(value)} carries the scheme '${scheme}:'; administrators holds plain JIDs.`, at)];
  const parsed = parseJid(value);
  if (!parsed.ok) return [finding("administrators-invalid-jid", jid, `${quote(value)} is not a valid JID: ${parsed.reason}.`, at)];
  const out: Finding[] = [];
  const { jid: parts, normalized } = parsed;
  if (parts.resource !== undefined)
    out.push(finding("administrators-full-jid", jid, `${quote(value)} has a resource; write the bare JID ${bareJid(parts)}.`, at));
  if (parts.local === undefined)
    out.push(finding("administrators-domain-only", jid, `${quote(value)} has no localpart: it names a server, not an account.`, at));
  if (normalized !== value) out.push(finding("administrators-not-normalized", jid, `${quote(value)} is not normalised; its normal form is ${normalized}.`, at));
  if (!isWithinDomain(parts.domain, domain))
    out.push(finding("administrators-foreign-domain", jid, `${quote(value)} is an account on another domain (${parts.domain}).`, at));
  return out;
}

export function administratorsRules({ jid, domain, isDomain, info, serverinfo }: EntityContext): Finding[] {
  const out: Finding[] = [];
  for (const form of info.forms) {
    if (!isServerinfoForm(form) && fieldByVar(form, ADMINISTRATORS_FIELD)) {
      out.push(
        finding(
          "administrators-outside-serverinfo",
          jid,
          `A form${form.index > 0 ? ` (form ${form.index + 1})` : ""} that is not the serverinfo form holds an administrators field; readers do not look for it there.`,
          FIELD,
        ),
      );
    }
  }
  const first = serverinfo.read;
  if (!first) return out;
  const field = fieldByVar(first, ADMINISTRATORS_FIELD);
  if (!field) {
    if (isDomain) out.push(finding("administrators-missing", jid, "The serverinfo form has no administrators field.", FIELD));
    return out;
  }
  if (field.type !== undefined && field.type !== "list-multi") {
    out.push(
      finding("administrators-wrong-type", jid, `The administrators field has type ${quote(field.type)}; it is registered as list-multi.`, {
        ...FIELD,
        severity: field.type === "jid-multi" ? "info" : "warning",
      }),
    );
  }
  const values = field.values.filter((v) => v.trim() !== "");
  if (values.length === 0) {
    out.push(finding("administrators-empty", jid, "The administrators field is present but lists nobody.", FIELD));
    return out;
  }
  for (const value of values) out.push(...sayPlaceholder(valueFindings(jid, domain, value), value, ADMINISTRATORS_FIELD));

  const normalizedSeen = new Set<string>();
  for (const value of values) {
    const parsed = parseJid(value.trim());
    if (!parsed.ok || schemeOf(value.trim())) continue;
    if (normalizedSeen.has(parsed.normalized))
      out.push(finding("administrators-duplicate", jid, `${parsed.normalized} is listed more than once.`, { ...FIELD, value }));
    normalizedSeen.add(parsed.normalized);
  }

  const administrators = administratorJids(values);
  const adminAddresses = [...new Set(xmppJids(serverinfo.contacts.admin))];
  const onlyAdministrators = administrators.filter((j) => !adminAddresses.includes(j));
  const onlyAdminAddresses = adminAddresses.filter((j) => !administrators.includes(j));
  if (administrators.length > 0 && (onlyAdministrators.length > 0 || onlyAdminAddresses.length > 0)) {
    const parts = [
      onlyAdministrators.length > 0 && `only in administrators: ${onlyAdministrators.join(", ")}`,
      onlyAdminAddresses.length > 0 && `only in admin-addresses: ${onlyAdminAddresses.join(", ")}`,
    ].filter(Boolean);
    out.push(finding("administrators-admin-addresses-mismatch", jid, `administrators and the xmpp: admin-addresses differ (${parts.join("; ")}).`, FIELD));
  }
  return out;
}

/**
 * Whether the domain publishes an administrators field, as its findings judged it: listing
 * someone, present but listing nobody (administrators-empty), or absent. For the server page.
 */
export function administratorsField(report: Pick<DomainReport, "domain" | "administrators" | "findings">): "listed" | "empty" | "absent" {
  if (hasValue(report.administrators)) return "listed";
  return report.findings.some((f) => f.rule === "administrators-empty" && f.subject === report.domain) ? "empty" : "absent";
}
