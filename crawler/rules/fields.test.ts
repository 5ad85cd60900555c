import { ruleCases, GOOD, GOOD_FIELDS, field, withFields } from "../../test/helpers/rule-cases.ts";
import type { RuleIdOf } from "./rule.ts";
import type { FIELDS_RULES } from "./fields.ts";

const plus = (extra: string) => withFields(GOOD_FIELDS + extra);

ruleCases<RuleIdOf<typeof FIELDS_RULES>>("fields", {
  "field-unregistered": {
    trips: plus(field("opening-hours", ["9-17"], "text-single")),
    passes: plus(field("{urn:example:hours}opening-hours", ["9-17"], "text-single")),
  },
  "field-name-typo": {
    trips: plus(field("support-adresses", ["https://example.org/help"])),
    passes: plus(field("support-addresses", ["https://example.org/help"])),
  },
  "field-wrong-type": { trips: plus(field("support-addresses", ["https://example.org/help"], "text-single")), passes: GOOD },
  "field-no-type": { trips: plus(field("support-addresses", ["https://example.org/help"], null)), passes: GOOD },
  "field-empty": { trips: plus(field("support-addresses", [])), passes: GOOD },
  "value-empty": { trips: plus(field("support-addresses", [""])), passes: GOOD },
  "value-whitespace": {
    trips: plus(field("support-addresses", [" https://example.org/help"])),
    passes: plus(field("support-addresses", ["https://example.org/help"])),
  },
  "value-duplicate": {
    trips: plus(field("support-addresses", ["https://example.org/help", "https://example.org/help"])),
    passes: plus(field("support-addresses", ["https://example.org/help", "https://example.org/faq"])),
  },
});
