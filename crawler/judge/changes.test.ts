import { describe, expect, it } from "vitest";
import { analyzeProbe } from "../probe/analyze.ts";
import { answers, fixture } from "../../test/helpers/fixtures.ts";
import { diffReports } from "./changes.ts";
import { BOUNDS } from "../politeness.ts";

const report = (file: string, domain = "good.test") => analyzeProbe(answers(domain, { info: fixture(file) }), 20);

describe("diffReports", () => {
  it("lists contacts, administrators and findings that came and went", () => {
    const before = report("prosody-0.12.3/disco-info.good.test.xml");
    const after = report("prosody-0.12.3/disco-info.fallback.test.xml");
    const kinds = diffReports(before, after).map((c) => c.kind);
    expect(kinds).toContain("contact-removed");
    expect(kinds).toContain("contact-added");
    expect(kinds).toContain("administrator-removed");
    expect(kinds).toContain("finding-appeared");
    expect(diffReports(before, after).find((c) => c.kind === "contact-added")?.text).toBe("admin address added: xmpp:boss@fallback.test");
  });

  it("says nothing when nothing changed, and only the outcome when a domain became unreachable", () => {
    const good = report("prosody-0.12.3/disco-info.good.test.xml");
    expect(diffReports(good, good)).toEqual([]);
    // Nor when only the times differ (what store.probes.reportToCompare's same report stands for).
    expect(diffReports({ ...good, probedAt: "2027-01-01T00:00:00.000Z", durationMs: 999 }, good)).toEqual([]);
    const dead = report("errors/disco-info.dead.test.xml");
    expect(diffReports(good, dead)).toEqual([{ kind: "outcome", text: "Outcome changed from ok to remote-server-not-found" }]);
  });

  it("marks a domain's first probe", () => {
    expect(diffReports(undefined, report("prosody-0.12.3/disco-info.good.test.xml"))).toEqual([{ kind: "first-seen", text: "First probed: reachable" }]);
  });

  it("records at most maxChangesPerProbe changes, each cut, and counts the rest", () => {
    const good = report("prosody-0.12.3/disco-info.good.test.xml");
    const swapped = { ...good, contacts: { ...good.contacts, support: Array.from({ length: 300 }, (_, i) => `xmpp:${"s".repeat(3000)}${i}@good.test`) } };
    const changes = diffReports(good, swapped);
    expect(changes).toHaveLength(BOUNDS.maxChangesPerProbe);
    // 300 support addresses added, and the ones good.test had removed.
    const all = 300 + good.contacts.support.length;
    expect(changes.at(-1)).toEqual({ kind: "more-changes", text: `and ${all - (BOUNDS.maxChangesPerProbe - 1)} more changes` });
    for (const c of changes) expect(c.text.length).toBeLessThanOrEqual(BOUNDS.maxFindingChars);
  });
});
