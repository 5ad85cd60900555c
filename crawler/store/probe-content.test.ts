import { describe, expect, it } from "vitest";
import { reportFromStored, reportWithTimesOf, storedForm } from "./probe-content.ts";
import { reportWith } from "../../test/helpers/fixtures.ts";

const check = (value: string, checkedAt?: string) => ({
  value,
  fields: ["abuse-addresses"],
  kind: "web" as const,
  status: "works" as const,
  ...(checkedAt !== undefined && { checkedAt }),
  why: "The page answered HTTP 200.",
  records: [],
});

describe("a report as the store keeps it (probe-content.ts)", () => {
  it("reads back as it was written, to the order of its keys, with its own times in the probe's row and none in its body", () => {
    const report = reportWith({
      domain: "a.test",
      probedAt: "2026-01-02T00:00:00.000Z",
      durationMs: 17,
      checks: [check("https://a.test/1", "2026-01-02T00:00:00.000Z"), check("https://a.test/2"), check("https://a.test/3", "2026-01-01T06:00:00.000Z")],
    });
    const form = storedForm(report);
    expect(form.times).toBe('["2026-01-02T00:00:00.000Z",17,"2026-01-02T00:00:00.000Z","2026-01-01T06:00:00.000Z"]');
    expect(form.body).not.toContain("2026-");
    expect(JSON.stringify(reportFromStored(form.body, form.times))).toBe(JSON.stringify(report));
    // The same but for its times: the same body, and that body with the other's times is the other.
    const later = {
      ...report,
      probedAt: "2026-01-02T06:00:00.000Z",
      durationMs: 3,
      checks: [check("https://a.test/1", "2026-01-02T06:00:00.000Z"), ...report.checks.slice(1)],
    };
    expect(storedForm(later).body).toBe(form.body);
    expect(storedForm(later).hash.equals(form.hash)).toBe(true);
    expect(JSON.stringify(reportWithTimesOf(later, form.times))).toBe(JSON.stringify(report));
    // Anything else that differs is another body.
    expect(storedForm({ ...later, checks: [{ ...later.checks[0]!, status: "broken" as const }, ...later.checks.slice(1)] }).hash.equals(form.hash)).toBe(false);
  });
});
