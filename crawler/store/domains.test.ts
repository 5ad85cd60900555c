import { describe, expect, it } from "vitest";
import { Store } from "./store.ts";

describe("store.domains", () => {
  it("adds discovered domains within the bounds, per source and per crawl, and counts the rest", () => {
    const store = Store.open(":memory:");
    store.domains.add(["known.test"], "test");
    const id = store.crawls.start(["known.test"], {});
    const found = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => ({ domain: `${prefix}${i}.test`, via: `found in ${prefix}` }));
    expect(store.domains.addDiscovered(id, [{ domain: "known.test", via: "x" }, ...found("a", 15)], { perSource: 10, crawlCap: 14 })).toEqual({
      added: 10,
      dropped: 5,
    });
    expect(store.domains.addDiscovered(id, found("b", 6), { perSource: 10, crawlCap: 14 })).toEqual({ added: 4, dropped: 2 });
    expect(store.crawls.counts(id)).toMatchObject({ discovered: 14, discoveryDropped: 7 });
    // The cap counts what the crawl added before, also after a resume in another process.
    expect(store.domains.addDiscovered(id, found("c", 3), { perSource: 10, crawlCap: 14 })).toEqual({ added: 0, dropped: 3 });
    expect(store.domains.discoveryCap()).toBe(100);
  });
});
