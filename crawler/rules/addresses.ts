// The contact addresses (XEP-0157 §3, RFC 3986, RFC 6068, RFC 5122) and what readers need of them.
import type { Finding } from "../contract.ts";
import { parseJid } from "../model/jid.ts";
import { isAbsoluteUri, mailtoProblems, parseXmppUri, SAFE_SCHEMES, schemeOf, UNSAFE_SCHEMES } from "../model/uri.ts";
import { quote, sayPlaceholder, type EntityContext } from "./finding.ts";
import { defineRules } from "./rule.ts";
import { SPEC } from "./specs.ts";
import { ADDRESS_FIELDS } from "./registry.ts";
import { addressField, hasValue } from "../model/serverinfo.ts";
import { authbotOperatorsIn, escapedReading, whyNobodyIn } from "../operators/authbot.ts";
import { OPERATOR_CATEGORIES } from "../operators/operators.ts";

export const ADDRESSES_RULES = defineRules("addresses", [
  {
    id: "address-not-uri",
    severity: "warning",
    scope: "entity",
    title: "An address that is not a URI",
    why: "Contact addresses are URIs, so that readers know how to use them: a mail address, an XMPP address, a web page. status-addresses MUST be URIs; the others SHOULD. (The finding is an error in status-addresses.)",
    spec: [SPEC.xep0157Uris, SPEC.rfc3986],
    fix: {
      generic: "Write the address as a full URI: mailto:abuse@example.org, xmpp:admin@example.org or https://example.org/contact. Percent-encode spaces.",
    },
  },
  {
    id: "address-missing-scheme",
    severity: "warning",
    scope: "entity",
    title: "An e-mail address or JID without mailto: or xmpp:",
    why: "Without a scheme, readers cannot tell an e-mail address from an XMPP address, and authbot, which accepts only xmpp: URIs, ignores it.",
    spec: [SPEC.xep0157Uris, SPEC.xep0157Advertise],
    fix: {
      generic: "Prefix the address with mailto: (e-mail) or xmpp: (XMPP).",
      tigase: "Tigase's documentation says 'prefix with xmpp' without the colon: write xmpp:admin@example.org.",
      mongooseim: "MongooseIM's documentation example gives a value without a scheme: write mailto:abuse@example.org.",
    },
  },
  {
    id: "address-unsafe-scheme",
    severity: "error",
    scope: "entity",
    title: "An address with a dangerous scheme",
    why: "A javascript:, data:, vbscript: or file: address can run code or reach local files in a reader that makes it a link. It is never a contact address.",
    spec: [SPEC.xep0157Uris],
    fix: { generic: "Remove the value. If you did not put it there, your configuration has been tampered with." },
  },
  {
    id: "address-unusual-scheme",
    severity: "info",
    scope: "entity",
    title: "An address with an unusual scheme",
    why: "Readers know what to do with mailto:, xmpp:, https: and http:. Other schemes (tel:, sip:, gopher:) are valid URIs, but most readers show them as text only.",
    spec: [SPEC.xep0157Uris],
    fix: { generic: "Consider adding a mailto:, xmpp: or https: address beside it." },
  },
  {
    id: "address-plain-http",
    severity: "info",
    scope: "entity",
    title: "An http: address where https: would be expected",
    why: "A contact page over plain HTTP can be altered on the way, which matters for a page that tells people where to report abuse or security issues.",
    spec: [SPEC.xep0157Uris],
    fix: { generic: "Serve the page over HTTPS and publish the https: address." },
  },
  {
    id: "address-mailto-invalid",
    severity: "warning",
    scope: "entity",
    title: "A malformed mailto: address",
    why: "A mailto: URI names one or more addresses of the form local@domain. An empty or malformed one cannot be written to.",
    spec: [SPEC.rfc6068, SPEC.xep0157Uris],
    fix: { generic: "Write mailto:local@domain, such as mailto:abuse@example.org." },
  },
  {
    id: "address-xmpp-invalid",
    severity: "warning",
    scope: "entity",
    title: "A malformed xmpp: address",
    why: "An xmpp: URI holds a JID. If the JID is invalid, nobody can write to it, and authbot cannot match it against anyone.",
    spec: [SPEC.rfc5122, SPEC.rfc7622],
    fix: { generic: "Write xmpp:localpart@domain (percent-encode what a URI cannot hold), such as xmpp:admin@example.org." },
  },
  {
    id: "address-xmpp-escaped",
    severity: "warning",
    scope: "entity",
    title: "An operator's xmpp: address written with percent-escapes, which authbot reads literally",
    why: "RFC 5122 lets an xmpp: URI percent-encode its JID (xmpp:%6A@example.org means j@example.org), but the XMPP operators channel's authbot does not decode it: it compares the literal JID (%6a@example.org), so the person the address names is refused. This observatory counts the domain authbot-ready only for addresses authbot reads as meant.",
    spec: [SPEC.operators, SPEC.rfc5122],
    fix: { generic: "Write the JID plainly, without percent-escapes: xmpp:j@example.org, not xmpp:%6A@example.org." },
  },
  {
    id: "address-xmpp-domain-only",
    severity: "warning",
    scope: "entity",
    title: "An xmpp: address that names a server, not a person",
    why: "An xmpp: URI without a localpart (xmpp:example.org) names the server itself. Messages to it go to the server software, which no person reads, and nobody can be recognised as an operator by it: not by authbot, not by this observatory. Prosody publishes one when its admins list holds a domain instead of an account.",
    spec: [SPEC.xep0157Uris, SPEC.rfc7622],
    fix: {
      generic: "Publish the address of a person's account, xmpp:you@example.org, instead.",
      "prosody-0.12":
        'Without contact_info, Prosody derives admin-addresses from admins, and an entry there without a localpart (admins = { "example.org" }) is published as xmpp:example.org. List accounts in admins, or set contact_info = { admin = { "xmpp:you@example.org" } }.',
      "prosody-13": 'Set contact_info = { admin = { "xmpp:you@example.org" } }, and list accounts, not domains, in admins.',
    },
  },
  {
    id: "contacts-no-abuse",
    severity: "info",
    scope: "domain",
    title: "No abuse address",
    why: "Other operators need a way to report spam and abuse coming from this server. Without an abuse address, reports go nowhere or to a public channel.",
    spec: [SPEC.xep0157Should, SPEC.xep0157Registry],
    fix: {
      generic: "Publish abuse-addresses, such as mailto:abuse@example.org and xmpp:abuse@example.org.",
      "prosody-0.12":
        'Add abuse = { "mailto:abuse@example.org", "xmpp:abuse@example.org" } to contact_info, in braces: Prosody 0.12 drops a value written without them (abuse = "mailto:abuse@example.org" publishes nothing).',
      "prosody-13":
        'Add abuse = { "mailto:abuse@example.org", "xmpp:abuse@example.org" } to contact_info, in braces: Prosody 13, as 0.12, drops a value written without them (abuse = "mailto:abuse@example.org" publishes an empty abuse-addresses field).',
      snikket: "Set SNIKKET_ABUSE_EMAIL in snikket.conf.",
      ejabberd: 'Add the entry - {modules: all, name: abuse-addresses, urls: ["mailto:abuse@example.org"]} to mod_disco: server_info in ejabberd.yml.',
      openfire: "Openfire publishes only admin-addresses; abuse addresses cannot be configured.",
    },
  },
  {
    id: "contacts-no-xmpp-operator",
    severity: "info",
    scope: "domain",
    title: "No xmpp: operator address (authbot cannot recognise the operators)",
    why: "The XMPP operators channel's authbot grants membership to someone who joins when their own server lists their bare JID as an xmpp: URI in abuse-addresses, admin-addresses or security-addresses of its first serverinfo form. It reads each URI as Python's urlparse does: the scheme in any case, and the JID as the path, so a query such as ?join or ?message is dropped, xmpp://... holds no JID, and percent-escapes are not decoded. It compares JIDs after stringprep, so capitals match, but a full JID (with a resource) never does, and neither does a JID of another domain: authbot asks the joiner's own server. The administrators field and the other contact fields are not read. With no such address, the operators of this server cannot join without help.",
    spec: [SPEC.operators, SPEC.xep0157Advertise],
    fix: {
      generic: "Add an xmpp: URI with the bare JID of an operator's account on this domain to admin-addresses (or abuse/security).",
      "prosody-0.12": 'Add admin = { "xmpp:you@example.org" } to contact_info (or leave contact_info unset to derive it from admins).',
      "prosody-13": 'Add admin = { "xmpp:you@example.org" } to contact_info.',
      ejabberd:
        'Add the entry - {modules: all, name: admin-addresses, urls: ["xmpp:you@example.org"]} to mod_disco: server_info in ejabberd.yml, with the bare JID of an operator\'s account on this domain.',
      snikket: "Snikket publishes only e-mail addresses; it cannot publish an xmpp: contact.",
      openfire: "Openfire derives xmpp: admin addresses from the admin accounts: check admin.disable-exposure.",
    },
  },
]);

const finding = ADDRESSES_RULES.finding;

/** The fields authbot reads. */
const OPERATOR_FIELDS: readonly string[] = OPERATOR_CATEGORIES.map(addressField);

function looksLikeAddress(value: string): boolean {
  return value.includes("@") && parseJid(value).ok;
}

export function addressFindings(jid: string, field: string, raw: string): Finding[] {
  const value = raw.trim();
  if (value === "") return []; // value-empty covers it
  const at = { field, value: raw };
  const notUriSeverity = field === addressField("status") ? "error" : "warning";
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
    else if (parsed.jid.local === undefined)
      out.push(finding("address-xmpp-domain-only", jid, `${quote(value)} in ${field} names the server ${parsed.jid.domain}, not a person.`, at));
    const escaped = OPERATOR_FIELDS.includes(field) ? escapedReading(value) : undefined;
    if (escaped && escaped.literal !== escaped.meant)
      out.push(
        finding(
          "address-xmpp-escaped",
          jid,
          `authbot reads ${quote(value)} in ${field} literally, as the JID ${quote(escaped.literal)}, and refuses ${quote(escaped.meant)}: write xmpp:${escaped.meant}.`,
          at,
        ),
      );
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
        for (const value of field.values) out.push(...sayPlaceholder(addressFindings(jid, field.var, value), value, field.var));
      }
    }
  }
  // What readers see: the contacts of the form they read (none when no form is read).
  if (isDomain && serverinfo.forms.length > 0) {
    if (!hasValue(serverinfo.contacts.abuse)) {
      out.push(finding("contacts-no-abuse", jid, "No abuse address is published.", { field: addressField("abuse") }));
    }
    if (authbotOperatorsIn(jid, serverinfo.contacts).length === 0) {
      out.push(finding("contacts-no-xmpp-operator", jid, `authbot would let nobody in: ${whyNobodyIn(jid, serverinfo.contacts, serverinfo.administrators)}`));
    }
  }
  return out;
}
