import { ruleCases, GOOD, field, withFields } from "../../test/helpers/rule-cases.ts";
import type { RuleIdOf } from "./rule.ts";
import type { ADMINISTRATORS_RULES } from "./administrators.ts";

const CONTACTS = field("abuse-addresses", ["xmpp:abuse@example.org"]) + field("admin-addresses", ["xmpp:admin@example.org"]);
const admins = (values: string[], type: string | null = "list-multi") => withFields(CONTACTS + field("administrators", values, type));

ruleCases<RuleIdOf<typeof ADMINISTRATORS_RULES>>("administrators", {
  "administrators-missing": { trips: withFields(CONTACTS), passes: GOOD },
  "administrators-outside-serverinfo": {
    trips:
      GOOD +
      `<x xmlns="jabber:x:data" type="result">${field("FORM_TYPE", ["urn:example:other"], "hidden")}${field("administrators", ["admin@example.org"])}</x>`,
    passes: GOOD + `<x xmlns="jabber:x:data" type="result">${field("FORM_TYPE", ["urn:example:other"], "hidden")}${field("owners", ["admin@example.org"])}</x>`,
  },
  "administrators-wrong-type": { trips: admins(["admin@example.org"], "text-multi"), passes: GOOD },
  "administrators-uri": { trips: admins(["xmpp:admin@example.org"]), passes: GOOD },
  "administrators-invalid-jid": { trips: admins(["admin@@example.org"]), passes: GOOD },
  "administrators-full-jid": { trips: admins(["admin@example.org/phone"]), passes: GOOD },
  "administrators-domain-only": { trips: admins(["example.org"]), passes: GOOD },
  "administrators-not-normalized": { trips: admins(["Admin@example.org"]), passes: GOOD },
  "administrators-duplicate": { trips: admins(["admin@example.org", "admin@example.org"]), passes: GOOD },
  "administrators-empty": { trips: admins([]), passes: GOOD },
  "administrators-foreign-domain": {
    trips: admins(["admin@example.org", "boss@elsewhere.example"]),
    passes: admins(["admin@example.org", "boss@chat.example.org"]),
  },
  "administrators-admin-addresses-mismatch": { trips: admins(["boss@example.org"]), passes: GOOD },
});
