import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { Store } from "./store.ts";
import { analyzeProbe } from "../probe/analyze.ts";
import { answers, fixture } from "../../test/helpers/fixtures.ts";

const result = (domain: string, file: string) => ({
  report: analyzeProbe(answers(domain, { info: fixture(file) }), 20),
  evidence: [{ jid: domain, kind: "disco-info" as const, raw: fixture(file) }],
});

describe("Store", () => {
  it("migrates a new file, and reopens it without migrating again", () => {
    const path = `${mkdtempSync(`${tmpdir()}/store-`)}/s.sqlite`;
    Store.open(path).close();
    const store = Store.open(path);
    expect(store.db.pragma("user_version", { simple: true })).toBe(1);
    expect(store.db.pragma("journal_mode", { simple: true })).toBe("wal");
    store.close();
  });

  it("records a probe with everything read from it, and resumes a crawl with what is left", () => {
    const store = Store.open(":memory:");
    store.addDomains(["good.test", "bad.test", "plain.test"], "test");
    const id = store.startCrawl(store.crawlableDomains(), {});
    expect(store.pendingTargets(id)).toEqual(["bad.test", "good.test", "plain.test"]);
    store.recordProbe(id, result("good.test", "prosody-0.12.3/disco-info.good.test.xml"));
    expect(store.pendingTargets(id)).toEqual(["bad.test", "plain.test"]);
    expect(store.crawlCounts(id)).toEqual({ total: 3, done: 1, ok: 1, unreachable: 0 });
    const contacts = store.db.prepare("SELECT category, value FROM contacts ORDER BY category, position").all();
    expect(contacts).toContainEqual({ category: "abuse", value: "xmpp:abuse@good.test" });
    expect(store.db.prepare("SELECT value FROM administrators ORDER BY position").all()).toEqual([{ value: "admin@good.test" }, { value: "alice@good.test" }]);
    expect(store.evidenceOf(id, "good.test")[0]?.xml).toContain("serverinfo");
    // One probe per domain per crawl: recording twice is refused and leaves nothing half-written.
    expect(() => store.recordProbe(id, result("good.test", "prosody-0.12.3/disco-info.good.test.xml"))).toThrow(/UNIQUE/);
    expect(store.db.prepare("SELECT COUNT(*) AS n FROM findings").get()).toEqual({ n: store.latestReport("good.test")!.findings.length });
    expect(store.unfinishedCrawl()?.id).toBe(id);
    store.recordProbe(id, result("bad.test", "prosody-0.12.3/disco-info.bad.test.xml"));
    store.recordProbe(id, result("plain.test", "prosody-0.12.3/disco-info.plain.test.xml"));
    store.finishCrawl(id);
    expect(store.unfinishedCrawl()).toBeUndefined();
    expect(store.crawlReports(id).map((r) => r.domain)).toEqual(["bad.test", "good.test", "plain.test"]);
  });

  it("keeps one-off checks apart from crawls, and history by domain", () => {
    const store = Store.open(":memory:");
    store.recordProbe(null, result("good.test", "prosody-0.12.3/disco-info.good.test.xml"));
    store.recordProbe(null, result("good.test", "prosody-0.12.3/disco-info.plain.test.xml"));
    expect(store.db.prepare("SELECT COUNT(*) AS n FROM probes WHERE domain = 'good.test'").get()).toEqual({ n: 2 });
  });
});
