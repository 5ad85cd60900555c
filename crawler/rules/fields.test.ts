import { ruleCases, GOOD_FIELDS, field, withFields } from "../../test/helpers/rule-cases.ts";
import type { RuleIdOf } from "./rule.ts";
import type { FIELDS_RULES } from "./fields.ts";

const plus = (extra: string) => withFields(GOOD_FIELDS + extra);

ruleCases<RuleIdOf<typeof FIELDS_RULES>>("fields", {
  "field-unregistered": {
    trips: plus(field("opening-hours", ["9-17"], "text-single")),
    finding: {
      severity: "warning",
      subject: "example.org",
      message: 'The field "opening-hours" is not registered for serverinfo and is not in Clark notation ({namespace}name).',
      field: "opening-hours",
    },
    nearMiss: plus(field("{urn:example:hours}opening-hours", ["9-17"], "text-single")),
  },
  "field-name-typo": {
    trips: plus(field("support-adresses", ["https://example.org/help"])),
    finding: {
      severity: "warning",
      subject: "example.org",
      message: "The field \"support-adresses\" is probably meant to be 'support-addresses'; readers do not know it by this name.",
      field: "support-adresses",
    },
    nearMiss: plus(field("support-addresses", ["https://example.org/help"])),
  },
  "field-wrong-type": {
    trips: plus(field("support-addresses", ["https://example.org/help"], "text-single")),
    finding: {
      severity: "warning",
      subject: "example.org",
      message: "The field 'support-addresses' has type \"text-single\"; it is registered as list-multi.",
      field: "support-addresses",
    },
    nearMiss: plus(field("support-addresses", ["https://example.org/help"], "list-multi")),
  },
  "field-no-type": {
    trips: plus(field("support-addresses", ["https://example.org/help"], null)),
    finding: {
      severity: "info",
      subject: "example.org",
      message: "The field 'support-addresses' has no type attribute; Gajim skips it.",
      field: "support-addresses",
    },
    nearMiss: plus(field("support-addresses", ["https://example.org/help"], "text-multi")),
  },
  "field-empty": {
    trips: plus(field("support-addresses", [])),
    finding: { severity: "info", subject: "example.org", message: "The field 'support-addresses' has no value.", field: "support-addresses" },
    nearMiss: plus(field("support-addresses", [""])),
  },
  "value-empty": {
    trips: plus(field("support-addresses", [""])),
    finding: {
      severity: "warning",
      subject: "example.org",
      message: 'The field "support-addresses" has an empty value.',
      field: "support-addresses",
      value: "",
    },
    nearMiss: plus(field("support-addresses", [])),
  },
  "value-whitespace": {
    trips: plus(field("support-addresses", [" https://example.org/help"])),
    finding: {
      severity: "warning",
      subject: "example.org",
      message: 'The value " https://example.org/help" of "support-addresses" has white space around it.',
      field: "support-addresses",
      value: " https://example.org/help",
    },
    nearMiss: plus(field("support-addresses", ["https://example.org/help"])),
  },
  "value-duplicate": {
    trips: plus(field("support-addresses", ["https://example.org/help", "https://example.org/help"])),
    finding: {
      severity: "info",
      subject: "example.org",
      message: 'The value "https://example.org/help" appears more than once in "support-addresses".',
      field: "support-addresses",
      value: "https://example.org/help",
    },
    nearMiss: plus(field("support-addresses", ["https://example.org/help", "https://example.org/faq"])),
  },
});
