import { describe, expect, it } from "vitest";
import type { Change, DomainReport } from "../../crawler/contract.ts";
import { changeLog } from "./changes.ts";

const report = {} as DomainReport;
const firstSeen: Change = { kind: "first-seen", text: "First probed: reachable" };
const removed: Change = { kind: "contact-removed", text: "admin address removed: xmpp:a@good.test" };

describe("changeLog", () => {
  it("lists the probes that changed something, newest first", () => {
    const log = changeLog("good.test", [
      { probedAt: "1", crawlId: 1, report, changes: [firstSeen] },
      { probedAt: "2", crawlId: 2, report, changes: [] },
      { probedAt: "3", crawlId: 3, report, changes: [removed] },
    ]);
    expect(log).toEqual([
      { at: "3", domain: "good.test", changes: [removed] },
      { at: "1", domain: "good.test", changes: [firstSeen] },
    ]);
  });
});
