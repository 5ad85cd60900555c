// Benchmark worker for bench:network: one real crawl of the domains in a file, through the
// crawler's own code at its default politeness, with only the IQ timeout shortened, and with the
// other vantages OBSERVATORY_VANTAGES names, if any. Prints one JSON line: wall time, outcomes,
// the peak of probes and IQs in flight, peak RSS, and what the other vantages were asked.
import { readFileSync } from "node:fs";
import type { Element } from "@xmpp/xml";
import { accountConfig, vantagesConfig } from "../../crawler/config.ts";
import { VantagePanel } from "../../crawler/crawl/vantages.ts";
import { DEFAULT_CRAWL_SETTINGS, openCrawl, runCrawl, type CrawlSession } from "../../crawler/crawl/crawl.ts";
import { quietProgress } from "./progress.ts";
import { Store } from "../../crawler/store/store.ts";
import { XmppSession } from "../../crawler/xmpp/session.ts";

const [file, db, timeoutArg] = process.argv.slice(2) as [string, string, string];
const domains = readFileSync(file, "utf8").split("\n").filter(Boolean);
const settings = { ...DEFAULT_CRAWL_SETTINGS, iqTimeoutMs: Number(timeoutArg) };
let retried = 0;
const progress = quietProgress(() => retried++);

const store = Store.open(db);
store.domains.add(domains, "bench");
const xmpp = await XmppSession.open(accountConfig());
// Counts what is in flight where the crawl asks: IQs, and the probes they belong to (a probe's
// entity is its domain; a component's IQ counts for the domain it is under).
const inFlight = new Map<string, number>();
let iqs = 0;
let peakIqs = 0;
let peakProbes = 0;
const listed = new Set(domains);
const probeOf = (to: string) => {
  for (let name = to; name.includes("."); name = name.slice(name.indexOf(".") + 1)) if (listed.has(name)) return name;
  return to;
};
const session: CrawlSession = {
  waitOnline: (ms) => xmpp.waitOnline(ms),
  async request(to: string, payload: Element, timeoutMs: number) {
    const key = probeOf(to);
    inFlight.set(key, (inFlight.get(key) ?? 0) + 1);
    iqs++;
    peakIqs = Math.max(peakIqs, iqs);
    peakProbes = Math.max(peakProbes, inFlight.size);
    try {
      return await xmpp.request(to, payload, timeoutMs);
    } finally {
      iqs--;
      const left = inFlight.get(key)! - 1;
      if (left === 0) inFlight.delete(key);
      else inFlight.set(key, left);
    }
  },
};
const crawl = openCrawl(store, () => domains, settings);
const started = performance.now();
// The panel is opened inside the measured time: logging the vantages in and their control probe are part of their cost.
const panel = await VantagePanel.open(accountConfig().jid.split("@")[1]!, xmpp, vantagesConfig(), settings);
const summary = await runCrawl(store, session, crawl, settings, progress, undefined, undefined, panel);
const elapsedMs = performance.now() - started;
const vantageIqs = panel.sentIqs();
await panel.close();
await xmpp.close();
const counts = store.crawls.counts(crawl.crawlId);
store.close();
console.log(
  JSON.stringify({
    elapsedMs,
    probed: summary.probedNow,
    ok: counts.ok,
    retried,
    peakProbes,
    peakIqs,
    concurrency: settings.concurrency,
    probesPerSecond: settings.probesPerSecond,
    maxRssKb: process.resourceUsage().maxRSS,
    vantages: summary.vantages && { asked: summary.vantages.asked, reachedElsewhere: summary.vantages.reachedElsewhere, iqs: vantageIqs },
  }),
);
