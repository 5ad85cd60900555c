import { describe, expect, it } from "vitest";
import type { Change, HistoryEntry } from "../../crawler/contract.ts";
import { changeLog } from "./changes.ts";

const firstSeen: Change = { kind: "first-seen", text: "First probed: reachable" };
const removed: Change = { kind: "contact-removed", text: "admin address removed: xmpp:a@good.test" };
const probe = (probedAt: string, changes: Change[]): HistoryEntry => ({
  probedAt,
  crawlId: 1,
  outcome: "ok",
  level: "clean",
  counts: { error: 0, warning: 0, info: 0 },
  changes,
});

describe("changeLog", () => {
  it("lists the probes that changed something, newest first", () => {
    const log = changeLog("good.test", [probe("1", [firstSeen]), probe("2", []), probe("3", [removed])]);
    expect(log).toEqual({
      sets: [
        { at: "3", domain: "good.test", changes: [removed] },
        { at: "1", domain: "good.test", changes: [firstSeen] },
      ],
      older: 0,
    });
  });

  it("shows the newest changes that fit, always the newest set, and counts the older ones", () => {
    const big: Change = { kind: "contact-added", text: "x".repeat(600) };
    const history = Array.from({ length: 1460 }, (_, i) => probe(String(i).padStart(4, "0"), [big, big]));
    const log = changeLog("flappy.test", history, 10_000);
    expect(log.sets).toHaveLength(8);
    expect(log.sets[0]?.at).toBe("1459");
    expect(log.older).toBe(1460 - 8);
    expect(changeLog("flappy.test", [probe("1", [{ kind: "contact-added", text: "y".repeat(20_000) }])], 10_000).sets).toHaveLength(1);
  });
});
