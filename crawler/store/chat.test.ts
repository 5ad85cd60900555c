import { describe, expect, it } from "vitest";
import { Store } from "./store.ts";
import { recordProbe } from "../crawl/record.ts";
import { fixtureProbe } from "../../test/helpers/stored-probes.ts";

describe("store.chat", () => {
  it("tells each watcher once per watched domain that changed in a crawl, and nothing of the others", () => {
    const store = Store.open(":memory:");
    store.domains.add(["good.test", "plain.test"], "test");
    const good = fixtureProbe("good.test", "prosody-0.12.3/disco-info.good.test.xml");
    const plain = fixtureProbe("plain.test", "prosody-0.12.3/disco-info.plain.test.xml");
    const fallback = fixtureProbe("good.test", "prosody-0.12.3/disco-info.fallback.test.xml");
    const crawl = (n: number, results: (typeof good)[]) => {
      const id = store.crawls.start(["good.test", "plain.test"], {});
      for (const r of results) recordProbe(store, id, { ...r, report: { ...r.report, probedAt: new Date(Date.UTC(2026, 0, n)).toISOString() } });
      store.crawls.finish(id, new Date(Date.UTC(2026, 0, n, 1)).toISOString());
      return id;
    };
    crawl(1, [good, plain]);
    for (const jid of ["admin@good.test", "alice@good.test"]) store.chat.addWatch(jid, "good.test", 20);
    store.chat.addWatch("admin@plain.test", "plain.test", 20);
    const second = crawl(2, [{ ...fallback, report: { ...fallback.report, domain: "good.test" } }, plain]);
    const notices = store.chat.watchNotices(second);
    expect(notices.map((n) => [n.jid, n.domain])).toEqual([
      ["admin@good.test", "good.test"],
      ["alice@good.test", "good.test"],
    ]);
    expect(notices[0]!.changes.map((c) => c.kind)).toContain("contact-added");
    expect(store.chat.watchNotices(crawl(3, [good, plain])).map((n) => n.jid)).toEqual(["admin@good.test", "alice@good.test"]);
    expect(store.chat.watchNotices(crawl(4, [good, plain]))).toEqual([]);
  });
});
