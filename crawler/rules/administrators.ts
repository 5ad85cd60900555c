// The administrators field of the proto-XEP "XMPP Service Administrators" (RFC 7622 JIDs).
import type { Finding } from "../contract.ts";
import { fieldByVar, isServerinfoForm } from "../model/dataform.ts";
import { isWithinDomain, parseJid, bareJid } from "../model/jid.ts";
import { schemeOf } from "../model/uri.ts";
import { ADMINISTRATORS_FIELD } from "../model/serverinfo.ts";
import { finding, quote, type EntityContext } from "./finding.ts";
import { administratorJids, xmppJids } from "./operators.ts";

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
  const first = serverinfo.first;
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
  for (const value of values) out.push(...valueFindings(jid, domain, value));

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
