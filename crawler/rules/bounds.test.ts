import { ruleCases, GOOD_FIELDS, field, withFields } from "../../test/helpers/rule-cases.ts";
import { BOUNDS } from "../politeness.ts";
import type { RuleIdOf } from "./rule.ts";
import type { BOUNDS_RULES } from "./bounds.ts";

const values = (n: number) => Array.from({ length: n }, (_, i) => `https://example.org/${i}`);

ruleCases<RuleIdOf<typeof BOUNDS_RULES>>("bounds", {
  "answer-exceeds-bounds": {
    trips: withFields(GOOD_FIELDS + field("support-addresses", values(BOUNDS.maxValuesPerField + 1))),
    passes: withFields(GOOD_FIELDS + field("support-addresses", values(BOUNDS.maxValuesPerField))),
  },
});
