import { ruleCases, GOOD, GOOD_FIELDS, field, withFields } from "../../test/helpers/rule-cases.ts";
import { SERVER_IDENTITY, serverinfoForm } from "../../test/helpers/fixtures.ts";
import type { RuleIdOf } from "./rule.ts";
import type { FORM_RULES } from "./form.ts";

const SERVERINFO = "http://jabber.org/network/serverinfo";
const form = (formType: string, fields = GOOD_FIELDS) => SERVER_IDENTITY + `<x xmlns="jabber:x:data" type="result">${formType}${fields}</x>`;

ruleCases<RuleIdOf<typeof FORM_RULES>>("form", {
  "serverinfo-missing": {
    trips: SERVER_IDENTITY,
    finding: { severity: "warning", subject: "example.org", message: "The bare domain publishes no serverinfo form, so it names no contacts." },
    nearMiss: SERVER_IDENTITY + serverinfoForm(""),
  },
  "serverinfo-duplicate-form": {
    trips: GOOD + serverinfoForm(GOOD_FIELDS),
    finding: {
      severity: "error",
      subject: "example.org",
      message: "The answer holds 2 serverinfo forms; readers take only the first, so the others are invisible.",
    },
    nearMiss: GOOD + `<x xmlns="jabber:x:data" type="result">${field("FORM_TYPE", ["urn:example:other"], "hidden")}</x>`,
  },
  "serverinfo-form-type-not-hidden": {
    trips: form(field("FORM_TYPE", [SERVERINFO], "text-single")),
    finding: {
      severity: "error",
      subject: "example.org",
      message: "The FORM_TYPE field has type \"text-single\" instead of 'hidden'; conforming readers ignore the form.",
      field: "FORM_TYPE",
    },
    nearMiss: form(field("FORM_TYPE", [SERVERINFO], "hidden") + field("x-note", ["FORM_TYPE"], "text-single")),
  },
  "serverinfo-form-type-conflict": {
    trips: form(field("FORM_TYPE", [SERVERINFO, "urn:example:other"], "hidden")),
    finding: { severity: "error", subject: "example.org", message: 'FORM_TYPE holds other values beside serverinfo: "urn:example:other".', field: "FORM_TYPE" },
    nearMiss: form(field("FORM_TYPE", [SERVERINFO, ` ${SERVERINFO}`], "hidden")),
  },
  "serverinfo-form-not-result": {
    trips: SERVER_IDENTITY + serverinfoForm(GOOD_FIELDS, `type="form"`),
    finding: { severity: "warning", subject: "example.org", message: "The form has type \"form\" instead of 'result'." },
    nearMiss: SERVER_IDENTITY + serverinfoForm(GOOD_FIELDS, `type="result" xml:lang="en"`),
  },
  "serverinfo-table-form": {
    trips: withFields(GOOD_FIELDS + `<reported><field var="x"/></reported>`),
    finding: { severity: "warning", subject: "example.org", message: "The form carries <reported/>." },
    nearMiss: withFields(GOOD_FIELDS + `<title>Contacts</title>`),
  },
  "serverinfo-duplicate-field": {
    trips: withFields(GOOD_FIELDS + field("support-addresses", ["https://example.org/a"]) + field("support-addresses", ["https://example.org/b"])),
    finding: { severity: "error", subject: "example.org", message: 'The field "support-addresses" appears more than once.', field: "support-addresses" },
    nearMiss: withFields(GOOD_FIELDS + field("support-addresses", ["https://example.org/a", "https://example.org/b"])),
  },
  "serverinfo-empty": {
    trips: withFields(""),
    finding: { severity: "info", subject: "example.org", message: "The serverinfo form holds nothing but FORM_TYPE." },
    nearMiss: withFields(field("support-addresses", [])),
  },
});
