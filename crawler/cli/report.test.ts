import { describe, expect, it } from "vitest";
import { notJudgedReport } from "../probe/analyze.ts";
import { reportWith } from "../../test/helpers/fixtures.ts";
import { failsCheck, renderReport } from "./report.ts";

describe("check's exit code (1 when a domain fails the check)", () => {
  const finding = (severity: "error" | "warning" | "info") => ({ rule: "value-empty", severity, subject: "example.org", message: "m" });

  it("fails a domain that could not be judged (a bug of ours on its answer), an unreachable one, and one with an error finding", () => {
    expect(failsCheck(notJudgedReport("example.org", "2026-12-03T10:00:00.000Z", 1, new TypeError("x is undefined")))).toBe(true);
    expect(failsCheck(reportWith({ outcome: "remote-server-not-found", error: { condition: "remote-server-not-found" } }))).toBe(true);
    expect(failsCheck(reportWith({ outcome: "error", error: { condition: "service-unavailable" } }))).toBe(true);
    expect(failsCheck(reportWith({ findings: [finding("error")] }))).toBe(true);
  });

  it("passes a reachable domain with warnings or infos only", () => {
    expect(failsCheck(reportWith({ findings: [finding("warning"), finding("info")] }))).toBe(false);
    expect(failsCheck(reportWith({}))).toBe(false);
  });
});

describe("check's readable report", () => {
  it("marks a fix written from the software's documentation as such, with its link", () => {
    const report = reportWith({
      software: { name: "Tigase", version: "8.4.0" },
      findings: [{ rule: "contacts-no-abuse", severity: "warning", subject: "example.org", message: "No abuse address." }],
    });
    expect(renderReport(report)).toContain(
      "\n           Written from Tigase's Administration Guide, Configuration: Abuse Contacts ('disco-extensions'); not run here, so not verified. https://docs.tigase.net/en/latest/Tigase_Administration/Configuration/_Configuration.html#abuse-contacts",
    );
  });

  it("says when each address was checked: a crawl may show a check that worked from an earlier one (OBSERVATORY_CHECK_REUSE)", () => {
    const report = reportWith({
      checks: [
        {
          value: "https://example.org/contact",
          fields: ["support-addresses"],
          kind: "web",
          status: "works",
          checkedAt: "2026-12-03T10:56:00.000Z",
          why: "The page answered HTTP 200.",
          records: [],
        },
      ],
    });
    expect(renderReport(report)).toContain("✓ works   https://example.org/contact (checked 3 Dec 2026, 10:56 UTC): The page answered HTTP 200.");
  });
});
