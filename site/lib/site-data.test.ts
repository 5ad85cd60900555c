// The site reads the store as it was when the build began (site-data.ts's one read transaction).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { afterAll, describe, expect, it } from "vitest";
// eslint-disable-next-line no-restricted-imports -- the test plays the daemon, writing to the store while the site reads it
import { Store } from "../../crawler/store/store.ts";
import { recordProbe } from "../../crawler/crawl/record.ts";
import { fixtureProbe } from "../../test/helpers/stored-probes.ts";

const path = `${mkdtempSync(`${tmpdir()}/site-data-`)}/s.sqlite`;
const previous = process.env.OBSERVATORY_DB;
afterAll(() => {
  if (previous === undefined) delete process.env.OBSERVATORY_DB;
  else process.env.OBSERVATORY_DB = previous;
});

describe("site-data", () => {
  it("renders a domain that opts out while the build runs from the store as the build found it", async () => {
    const writer = Store.open(path);
    writer.domains.add(["good.test", "plain.test"], "test");
    const crawl = writer.crawls.start(["good.test", "plain.test"], {});
    recordProbe(writer, crawl, fixtureProbe("good.test", "prosody-0.12.3/disco-info.good.test.xml"));
    recordProbe(writer, crawl, fixtureProbe("plain.test", "prosody-0.12.3/disco-info.plain.test.xml"));
    writer.crawls.finish(crawl);
    process.env.OBSERVATORY_DB = path;
    const { domainSummaries, serverView } = await import("./site-data.ts");
    expect(domainSummaries().map((d) => d.domain)).toEqual(["good.test", "plain.test"]);
    // The daemon, meanwhile: good.test's operator opts it out.
    writer.domains.optOut("good.test", "asked by its operator", "2099-01-01T00:00:00.000Z");
    expect(writer.domains.crawlable()).toEqual(["plain.test"]);
    expect(serverView("good.test").state.domain).toBe("good.test");
    writer.close();
  });
});
