import { describe, expect, it } from "vitest";
import { analyzeProbe } from "../../crawler/probe/analyze.ts";
import { answers, fixture } from "../../test/helpers/fixtures.ts";
import { changeLog, diffReports } from "./changes.ts";

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
    const dead = report("errors/disco-info.dead.test.xml");
    expect(diffReports(good, dead)).toEqual([{ kind: "outcome", text: "Outcome changed from ok to remote-server-not-found" }]);
  });

  it("builds a log, newest first, without the probes that changed nothing", () => {
    const good = report("prosody-0.12.3/disco-info.good.test.xml");
    const plain = report("prosody-0.12.3/disco-info.plain.test.xml");
    const log = changeLog("good.test", [
      { probedAt: "1", crawlId: 1, report: good },
      { probedAt: "2", crawlId: 2, report: good },
      { probedAt: "3", crawlId: 3, report: plain },
    ]);
    expect(log.map((s) => s.at)).toEqual(["3", "1"]);
    expect(log[1]?.changes[0]?.kind).toBe("first-seen");
  });
});
