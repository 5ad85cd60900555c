import { describe, expect, it } from "vitest";
import { groupByLabel, listedVia } from "./sources.ts";

describe("listedVia", () => {
  it("names imports by URL, or by file name only: local paths stay private", () => {
    expect(listedVia.import("https://example.org/providers.json")).toBe("imported from https://example.org/providers.json");
    expect(listedVia.import("/home/op/secret/list.txt")).toBe("imported from list.txt");
    expect(listedVia.import("/home/op/list.txt", "XMPP Providers")).toBe("imported: XMPP Providers");
    expect(listedVia.crawlFile("/srv/x/batch.txt")).toBe("given to a crawl in batch.txt");
    expect(listedVia.crawlFile("/srv/x/batch.txt", "a named list")).toBe("given to a crawl: a named list");
  });

  it("names seeds by their source when the list names one", () => {
    expect(listedVia.seed()).toBe("seed list");
    expect(listedVia.seed("Gajim's servers.json")).toBe("seed list: Gajim's servers.json");
  });
});

describe("groupByLabel", () => {
  it("groups in order", () => {
    const groups = groupByLabel(["a", "b", "c"], (d) => (d === "b" ? "two" : "one"));
    expect([...groups]).toEqual([
      ["one", ["a", "c"]],
      ["two", ["b"]],
    ]);
  });
});
