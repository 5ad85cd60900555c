// The contact addresses (XEP-0157 §3, RFC 3986, RFC 6068, RFC 5122) and what readers need of them.
import type { Finding } from "../contract.ts";
import { parseJid } from "../model/jid.ts";
import { isAbsoluteUri, mailtoProblems, parseXmppUri, SAFE_SCHEMES, schemeOf, UNSAFE_SCHEMES } from "../model/uri.ts";
import { finding, quote, type EntityContext } from "./finding.ts";
import { ADDRESS_FIELDS } from "./registry.ts";
import { operatorXmppJids } from "./operators.ts";

function looksLikeAddress(value: string): boolean {
  return value.includes("@") && parseJid(value).ok;
}

export function addressFindings(jid: string, field: string, raw: string): Finding[] {
  const value = raw.trim();
  if (value === "") return []; // value-empty covers it
  const at = { field, value: raw };
  const notUriSeverity = field === "status-addresses" ? "error" : "warning";
  const scheme = schemeOf(value);
  if (!scheme) {
    return looksLikeAddress(value)
      ? [finding("address-missing-scheme", jid, `${quote(value)} in ${field} has no scheme; write mailto:${value} or xmpp:${value}.`, at)]
      : [finding("address-not-uri", jid, `${quote(value)} in ${field} is not a URI.`, { ...at, severity: notUriSeverity })];
  }
  if (UNSAFE_SCHEMES.has(scheme)) {
    return [finding("address-unsafe-scheme", jid, `${quote(value)} in ${field} uses the dangerous scheme '${scheme}:'.`, at)];
  }
  const out: Finding[] = [];
  if (!isAbsoluteUri(value)) {
    out.push(
      finding("address-not-uri", jid, `${quote(value)} in ${field} is not a valid URI (characters a URI cannot hold, such as spaces, or a broken escape).`, {
        ...at,
        severity: notUriSeverity,
      }),
    );
  }
  if (scheme === "mailto") {
    const problems = mailtoProblems(value);
    if (problems.length > 0)
      out.push(finding("address-mailto-invalid", jid, `${quote(value)} in ${field} is a malformed mailto: URI: ${problems.join("; ")}.`, at));
  } else if (scheme === "xmpp") {
    const parsed = parseXmppUri(value);
    if (!parsed.ok) out.push(finding("address-xmpp-invalid", jid, `${quote(value)} in ${field} is a malformed xmpp: URI: ${parsed.reason}.`, at));
  } else if (scheme === "http") {
    out.push(finding("address-plain-http", jid, `${quote(value)} in ${field} uses plain http:.`, at));
  } else if (!SAFE_SCHEMES.has(scheme)) {
    out.push(finding("address-unusual-scheme", jid, `${quote(value)} in ${field} uses the scheme '${scheme}:', which most readers show as text only.`, at));
  }
  return out;
}

export function addressRules({ jid, isDomain, serverinfo }: EntityContext): Finding[] {
  const out: Finding[] = [];
  for (const form of serverinfo.forms) {
    for (const field of form.fields) {
      if (field.var && ADDRESS_FIELDS.includes(field.var)) {
        for (const value of field.values) out.push(...addressFindings(jid, field.var, value));
      }
    }
  }
  const first = serverinfo.first;
  if (isDomain && first) {
    if (!serverinfo.contacts.abuse.some((v) => v.trim() !== "")) {
      out.push(finding("contacts-no-abuse", jid, "No abuse address is published.", { field: "abuse-addresses" }));
    }
    if (operatorXmppJids(serverinfo.contacts).length === 0) {
      out.push(
        finding(
          "contacts-no-xmpp-operator",
          jid,
          "No valid xmpp: address in abuse-, admin- or security-addresses: authbot cannot recognise this server's operators.",
        ),
      );
    }
  }
  return out;
}
