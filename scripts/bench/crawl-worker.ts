// Benchmark worker: one real crawl of the domains in a file, through the crawler's own code,
// at its default politeness except the rate cap. Prints one JSON line with its figures. With a
// flood count, the account's chat inbox runs in the same process, as in the daemon, and the person
// BENCH_FLOOD_SENDER names (JSON: domain, username, password) sends it that many commands
// at once when the crawl starts. Run compiled (compiled-worker.ts), as production runs.
import { readFileSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { accountConfig, networkConfig } from "../../crawler/config.ts";
import { DEFAULT_CRAWL_SETTINGS, openCrawl, runCrawl } from "../../crawler/crawl/crawl.ts";
import { quietProgress } from "./progress.ts";
import { Store } from "../../crawler/store/store.ts";
import { XmppSession } from "../../crawler/xmpp/session.ts";
import { client, xml } from "@xmpp/client";
import { openContactNetwork } from "../../crawler/net/network.ts";
import { DEFAULT_WEB_SETTINGS } from "../../crawler/net/web.ts";
import { cpuMs } from "./cpu-time.ts";

const [file, db, floodArg, checksArg, againArg] = process.argv.slice(2) as [string, string, string | undefined, string | undefined, string | undefined];
const flood = Number(floodArg ?? 0);
// "checks": the published contacts are checked too (DNS, web, s2s), as in a real crawl. The chat's
// checks always are, as in the daemon: through the process's one network, the crawl's when it has one.
// Every generated domain's security.txt is on one of two addresses: one request a second to each
// would measure the per-address limit, not the checks, so only that limit is off here.
const network = checksArg === "checks" || flood > 0 ? openContactNetwork(networkConfig(), { ...DEFAULT_WEB_SETTINGS, perAddressIntervalMs: 0 }) : undefined;
const crawlNetwork = checksArg === "checks" ? network : undefined;
const domains = readFileSync(file, "utf8").split("\n").filter(Boolean);
const settings = { ...DEFAULT_CRAWL_SETTINGS, probesPerSecond: 0 };
const silent = quietProgress();

const store = Store.open(db);
store.domains.add(domains, "bench");
const session = await XmppSession.open(accountConfig());
const crawl = openCrawl(store, () => domains, settings);
const chat = flood > 0 ? await startFlood(store, domains, flood) : undefined;
// BENCH_CPU_PROFILE=file: the crawl itself, without start-up and login, profiled by V8 into that file.
const profiler = process.env.BENCH_CPU_PROFILE ? new Session() : undefined;
if (profiler) {
  profiler.connect();
  await profiler.post("Profiler.enable");
  await profiler.post("Profiler.start");
}
const started = performance.now();
// CPU of this process in the measured run alone (start-up and login excluded), beside the servers'.
const cpuAtStart = process.cpuUsage();
chat?.send();
const summary = await runCrawl(store, session, crawl, settings, silent, undefined, crawlNetwork);
const elapsedMs = performance.now() - started;
const runCpuMs = cpuMs(cpuAtStart);
// The crawl's peak, before the benchmark's own counting below.
const maxRssKb = process.resourceUsage().maxRSS;
if (profiler) writeFileSync(process.env.BENCH_CPU_PROFILE!, JSON.stringify((await profiler.post("Profiler.stop")).profile));
// The measured crawl's CPU, before anything else runs.
const totalCpuMs = cpuMs();
// "again": a daemon's next crawl of the same store within the reuse window (OBSERVATORY_CHECK_REUSE), with its contact checks' figures beside the first's.
const again =
  againArg === "again" && crawlNetwork
    ? {
        first: summary.checks,
        second: (
          await runCrawl(
            store,
            session,
            openCrawl(store, () => domains, settings),
            settings,
            silent,
            undefined,
            crawlNetwork,
          )
        ).checks,
      }
    : undefined;
await session.close();
const replies = chat ? await chat.stop() : 0;
await network?.close();
const counts = store.crawls.counts(crawl.crawlId);
// Counted in SQL: parsing a thousand reports would cost more memory than the crawl held. A report's
// body (store/probe-content.ts) lists its checks as the report does.
const checked = crawlNetwork
  ? (store.db
      .prepare(
        `SELECT COUNT(*) AS domains, COALESCE(SUM(n), 0) AS checks
         FROM (SELECT json_array_length(r.body, '$.checks') AS n FROM probes p JOIN probe_contents r ON r.id = p.content_id WHERE p.crawl_id = ?) WHERE n > 0`,
      )
      .get(crawl.crawlId) as { domains: number; checks: number })
  : undefined;
store.close();
console.log(
  JSON.stringify({
    elapsedMs,
    probed: summary.probedNow,
    ok: counts.ok,
    concurrency: settings.concurrency,
    maxRssKb,
    ...(flood > 0 && { flood, replies }),
    ...(checked && { checks: checked.checks, checkedDomains: checked.domains }),
    cpuMs: totalCpuMs,
    runCpuMs,
    ...(again && { again }),
  }),
);

/**
 * The chat inbox on a session of its own, and a person ready to send it `count` commands. The chat's
 * modules are loaded only then: `observatory crawl` never loads them, and their code is memory.
 */
async function startFlood(store: Store, domains: string[], count: number) {
  const [{ ChatBot }, { listenForCommands }, { checkInChat }] = await Promise.all([
    import("../../crawler/chat/bot.ts"),
    import("../../crawler/chat/listener.ts"),
    import("../../crawler/crawl/use-case.ts"),
  ]);
  const inbox = await XmppSession.open(accountConfig());
  const quiet = { log() {} };
  const bot = new ChatBot({
    store,
    logger: quiet,
    siteUrl: "http://localhost",
    probe: async (d) => (await checkInChat(inbox, d, settings, store, network)).report,
  });
  await listenForCommands(inbox, bot, quiet);
  const who = JSON.parse(process.env.BENCH_FLOOD_SENDER ?? "null") as { domain: string; username: string; password: string } | null;
  if (!who) throw new Error("a flood needs BENCH_FLOOD_SENDER");
  const sender = client({ service: accountConfig().service, domain: who.domain, username: who.username, password: who.password, timeout: 30_000 });
  sender.on("error", () => {});
  let replies = 0;
  sender.on("stanza", (s) => {
    if (s.is("message") && s.getChild("body")) replies++;
  });
  await sender.start();
  // Available, so that the replies to its bare JID reach it.
  await sender.send(xml("presence"));
  const to = accountConfig().jid;
  return {
    send: () => {
      for (let i = 0; i < count; i++)
        void sender.send(xml("message", { to, type: "chat" }, xml("body", {}, i % 2 === 0 ? "whoami" : `check ${domains[i % domains.length]}`)));
    },
    stop: async () => {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      await sender.stop().catch(() => {});
      await inbox.close();
      return replies;
    },
  };
}
