import { ruleCases, GOOD_FIELDS, field, withFields } from "../../test/helpers/rule-cases.ts";
import { BOUNDS } from "../politeness.ts";
import type { RuleIdOf } from "./rule.ts";
import { capFindings, type BOUNDS_RULES } from "./bounds.ts";
import { describe, expect, it } from "vitest";
import { analyzeProbe } from "../probe/analyze.ts";
import { answers, discoInfo, SERVER_IDENTITY, serverinfoForm } from "../../test/helpers/fixtures.ts";

const values = (n: number) => Array.from({ length: n }, (_, i) => `https://example.org/${i}`);

ruleCases<RuleIdOf<typeof BOUNDS_RULES>>("bounds", {
  "answer-exceeds-bounds": {
    trips: withFields(GOOD_FIELDS + field("support-addresses", values(BOUNDS.maxValuesPerField + 1))),
    finding: {
      severity: "warning",
      subject: "example.org",
      message: "The answer exceeds what the observatory reads: 129 values in one field, only the first 128 read.",
    },
    nearMiss: withFields(GOOD_FIELDS + field("support-addresses", values(BOUNDS.maxValuesPerField))),
  },
});

describe("capFindings", () => {
  it("keeps 50 findings of one rule on one entity and counts the rest in one more", () => {
    const bad = Array.from({ length: BOUNDS.maxValuesPerField }, (_, i) => `user${i}@example.org`);
    const report = analyzeProbe(
      answers("h.test", {
        info: discoInfo(
          "h.test",
          SERVER_IDENTITY + serverinfoForm(`<field var="abuse-addresses" type="list-multi">${bad.map((v) => `<value>${v}</value>`).join("")}</field>`),
        ),
      }),
      20,
    );
    const missing = report.findings.filter((f) => f.rule === "address-missing-scheme");
    expect(missing).toHaveLength(BOUNDS.maxFindingsPerRule);
    expect(report.findings.filter((f) => f.rule === "answer-exceeds-bounds").map((f) => f.message)).toContain(
      `The answer exceeds what the observatory reports: ${BOUNDS.maxValuesPerField} findings of address-missing-scheme, of which the first 50 are kept.`,
    );
  });

  it("leaves findings under the cap alone, and counts each entity apart", () => {
    const f = (subject: string) => ({ rule: "value-empty" as const, severity: "warning" as const, subject, message: "m" });
    const findings = [...Array.from({ length: 3 }, () => f("a.test")), ...Array.from({ length: 3 }, () => f("b.test"))];
    expect(capFindings(findings, 3)).toEqual(findings);
    expect(capFindings(findings, 2).map((x) => `${x.rule} ${x.subject}`)).toEqual([
      "value-empty a.test",
      "value-empty a.test",
      "value-empty b.test",
      "value-empty b.test",
      "answer-exceeds-bounds a.test",
      "answer-exceeds-bounds b.test",
    ]);
  });
});
