import { ruleCases, GOOD, GOOD_FIELDS, field, withFields } from "../../test/helpers/rule-cases.ts";
import { SERVER_IDENTITY, serverinfoForm } from "../../test/helpers/fixtures.ts";
import type { RuleIdOf } from "./rule.ts";
import type { FORM_RULES } from "./form.ts";

const SERVERINFO = "http://jabber.org/network/serverinfo";
const form = (formType: string, fields = GOOD_FIELDS) => SERVER_IDENTITY + `<x xmlns="jabber:x:data" type="result">${formType}${fields}</x>`;

ruleCases<RuleIdOf<typeof FORM_RULES>>("form", {
  "serverinfo-missing": { trips: SERVER_IDENTITY, passes: GOOD },
  "serverinfo-duplicate-form": { trips: GOOD + serverinfoForm(GOOD_FIELDS), passes: GOOD },
  "serverinfo-form-type-not-hidden": { trips: form(field("FORM_TYPE", [SERVERINFO], "text-single")), passes: form(field("FORM_TYPE", [SERVERINFO], "hidden")) },
  "serverinfo-form-type-conflict": { trips: form(field("FORM_TYPE", [SERVERINFO, "urn:example:other"], "hidden")), passes: GOOD },
  "serverinfo-form-not-result": { trips: SERVER_IDENTITY + serverinfoForm(GOOD_FIELDS, `type="form"`), passes: GOOD },
  "serverinfo-table-form": { trips: withFields(GOOD_FIELDS + `<reported><field var="x"/></reported>`), passes: GOOD },
  "serverinfo-duplicate-field": {
    trips: withFields(GOOD_FIELDS + field("support-addresses", ["https://example.org/a"]) + field("support-addresses", ["https://example.org/b"])),
    passes: withFields(GOOD_FIELDS + field("support-addresses", ["https://example.org/a", "https://example.org/b"])),
  },
  "serverinfo-empty": { trips: withFields(""), passes: GOOD },
});
