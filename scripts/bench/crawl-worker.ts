// Benchmark worker: one real crawl of the domains in a file, through the crawler's own code,
// at its default politeness except the rate cap. Prints one JSON line with its figures.
import { readFileSync } from "node:fs";
import { accountConfig } from "../../crawler/config.ts";
import { DEFAULT_CRAWL_SETTINGS, openCrawl, runCrawl, type CrawlProgress } from "../../crawler/crawl/crawl.ts";
import { Store } from "../../crawler/store/store.ts";
import { XmppSession } from "../../crawler/xmpp/session.ts";

const [file, db] = process.argv.slice(2) as [string, string];
const domains = readFileSync(file, "utf8").split("\n").filter(Boolean);
const settings = { ...DEFAULT_CRAWL_SETTINGS, probesPerSecond: 0 };
const silent: CrawlProgress = {
  start() {},
  probed() {},
  retrying() {},
  connectionLost() {},
  failed(d, e) {
    console.error(d, e);
  },
  stop() {},
};

const store = Store.open(db);
store.addDomains(domains, "bench");
const session = await XmppSession.open(accountConfig());
const crawl = openCrawl(store, () => domains, settings);
const started = performance.now();
const summary = await runCrawl(store, session, crawl, settings, silent);
const elapsedMs = performance.now() - started;
await session.close();
const counts = store.crawlCounts(crawl.crawlId);
store.close();
const cpu = process.cpuUsage();
console.log(
  JSON.stringify({
    elapsedMs,
    probed: summary.probedNow,
    ok: counts.ok,
    concurrency: settings.concurrency,
    maxRssKb: process.resourceUsage().maxRSS,
    cpuMs: (cpu.user + cpu.system) / 1000,
  }),
);
