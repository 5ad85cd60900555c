import { ruleCases, GOOD, field, withFields } from "../../test/helpers/rule-cases.ts";
import type { RuleIdOf } from "./rule.ts";
import type { ADMINISTRATORS_RULES } from "./administrators.ts";

const CONTACTS = field("abuse-addresses", ["xmpp:abuse@example.org"]) + field("admin-addresses", ["xmpp:admin@example.org"]);
const admins = (values: string[], type: string | null = "list-multi") => withFields(CONTACTS + field("administrators", values, type));

ruleCases<RuleIdOf<typeof ADMINISTRATORS_RULES>>("administrators", {
  "administrators-missing": {
    trips: withFields(CONTACTS),
    finding: { severity: "info", subject: "example.org", message: "The serverinfo form has no administrators field.", field: "administrators" },
    nearMiss: admins([]),
  },
  "administrators-outside-serverinfo": {
    trips:
      GOOD +
      `<x xmlns="jabber:x:data" type="result">${field("FORM_TYPE", ["urn:example:other"], "hidden")}${field("administrators", ["admin@example.org"])}</x>`,
    finding: {
      severity: "error",
      subject: "example.org",
      message: "A form (form 2) that is not the serverinfo form holds an administrators field; readers do not look for it there.",
      field: "administrators",
    },
    nearMiss:
      GOOD + `<x xmlns="jabber:x:data" type="result">${field("FORM_TYPE", ["urn:example:other"], "hidden")}${field("owners", ["admin@example.org"])}</x>`,
  },
  "administrators-wrong-type": {
    trips: admins(["admin@example.org"], "text-multi"),
    finding: {
      severity: "warning",
      subject: "example.org",
      message: 'The administrators field has type "text-multi"; it is registered as list-multi.',
      field: "administrators",
    },
    nearMiss: admins(["admin@example.org"], null),
  },
  "administrators-uri": {
    trips: admins(["xmpp:admin@example.org"]),
    finding: {
      severity: "error",
      subject: "example.org",
      message: "\"xmpp:admin@example.org\" carries the scheme 'xmpp:'; administrators holds plain JIDs.",
      field: "administrators",
      value: "xmpp:admin@example.org",
    },
    nearMiss: admins(["admin@example.org"]),
  },
  "administrators-invalid-jid": {
    trips: admins(["admin@@example.org"]),
    finding: {
      severity: "error",
      subject: "example.org",
      message: '"admin@@example.org" is not a valid JID: the domainpart is not a valid (IDNA) domain name.',
      field: "administrators",
      value: "admin@@example.org",
    },
    nearMiss: admins(["Admin@example.org"]),
  },
  "administrators-full-jid": {
    trips: admins(["admin@example.org/phone"]),
    finding: {
      severity: "warning",
      subject: "example.org",
      message: '"admin@example.org/phone" has a resource; write the bare JID admin@example.org.',
      field: "administrators",
      value: "admin@example.org/phone",
    },
    nearMiss: admins(["admin@example.org/"]),
  },
  "administrators-domain-only": {
    trips: admins(["example.org"]),
    finding: {
      severity: "warning",
      subject: "example.org",
      message: '"example.org" has no localpart: it names a server, not an account.',
      field: "administrators",
      value: "example.org",
    },
    nearMiss: admins(["@example.org"]),
  },
  "administrators-not-normalized": {
    trips: admins(["Admin@example.org"]),
    finding: {
      severity: "info",
      subject: "example.org",
      message: '"Admin@example.org" is not normalised; its normal form is admin@example.org.',
      field: "administrators",
      value: "Admin@example.org",
    },
    nearMiss: admins(["admin@example.org"]),
  },
  "administrators-duplicate": {
    trips: admins(["admin@example.org", "admin@example.org"]),
    finding: {
      severity: "info",
      subject: "example.org",
      message: "admin@example.org is listed more than once.",
      field: "administrators",
      value: "admin@example.org",
    },
    nearMiss: admins(["admin@example.org", "boss@example.org"]),
  },
  "administrators-empty": {
    trips: admins([]),
    finding: { severity: "info", subject: "example.org", message: "The administrators field is present but lists nobody.", field: "administrators" },
    nearMiss: admins(["admin@example.org", ""]),
  },
  "administrators-foreign-domain": {
    trips: admins(["admin@example.org", "boss@elsewhere.example"]),
    finding: {
      severity: "info",
      subject: "example.org",
      message: '"boss@elsewhere.example" is an account on another domain (elsewhere.example).',
      field: "administrators",
      value: "boss@elsewhere.example",
    },
    nearMiss: admins(["admin@example.org", "boss@chat.example.org"]),
  },
  "administrators-admin-addresses-mismatch": {
    trips: admins(["boss@example.org"]),
    finding: {
      severity: "info",
      subject: "example.org",
      message: "administrators and the xmpp: admin-addresses differ (only in administrators: boss@example.org; only in admin-addresses: admin@example.org).",
      field: "administrators",
    },
    nearMiss: admins(["admin@example.org"]),
  },
});
