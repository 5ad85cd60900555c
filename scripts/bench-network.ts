// npm run bench:network -- [N]: a crawl of the real network's shape on the local federation. Of N
// generated domains (2,000 by default), 60% answer over s2s through a latency proxy (what they are
// sent is delayed 100 ms), 25% are silent (the tarpit), 10% refuse connections, 5% do not exist.
// The crawl runs at the default politeness with only the IQ timeout shortened (3 s), and is
// measured against its limit L = N ÷ (probes started per second) + (1 + retries) × timeout: the
// rate cap plus the tail. Prints the figures and the ratio against its target. Then the same crawl
// again with a second vantage (the crawler's account on Prosody 13), which is asked about every
// domain our own server failed on: its extra time against the first crawl's, in the same run, and
// its IQs against the count of failing domains (the politeness table: at most one probe each).
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { DEFAULT_CONCURRENCY, DEFAULT_PROBES_PER_SECOND, MAX_RETRIES } from "../crawler/politeness.ts";
import { startFederation } from "./federation/federation.ts";
import { VANTAGE } from "./federation/spec.ts";

const n = Number(process.argv[2] ?? 2000);
const TIMEOUT_MS = 3_000;
const LATENCY_MS = 100;
const TARGET = 1.5;
const share = (fraction: number) => Math.round(n * fraction);
const work = mkdtempSync(`${tmpdir()}/observatory-bench-network-`);

console.log(`Starting the federation with ${n} generated domains…`);
const federation = await startFederation({
  remoteHosts: share(0.6),
  latencyMs: LATENCY_MS,
  silentHosts: share(0.25),
  refusedHosts: share(0.1),
  missingHosts: n - share(0.6) - share(0.25) - share(0.1),
});
try {
  const groups = [federation.remoteHosts, federation.silentHosts, federation.refusedHosts, federation.missingHosts];
  // Interleaved, as a real list mixes them: every kind is spread over the whole crawl.
  const mixed: string[] = [];
  for (let i = 0; mixed.length < n; i++) for (const g of groups) if (i < g.length) mixed.push(g[i]!);
  const list = `${work}/domains.txt`;
  writeFileSync(list, mixed.join("\n"));
  const crawlOnce = (name: string, env: NodeJS.ProcessEnv) =>
    JSON.parse(
      execFileSync(
        process.execPath,
        ["--import", "tsx", fileURLToPath(new URL("./bench/network-worker.ts", import.meta.url)), list, `${work}/${name}.sqlite`, String(TIMEOUT_MS)],
        { env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 },
      )
        .trim()
        .split("\n")
        .pop()!,
    );
  const result = crawlOnce("bench", federation.crawlerEnv());
  const second = federation.homes.find((h) => h.domain === VANTAGE.second)!;
  console.log("Crawling again with a second vantage…");
  const withVantage = crawlOnce(
    "bench-vantage",
    federation.crawlerEnv({
      OBSERVATORY_VANTAGES: second.jid,
      OBSERVATORY_VANTAGE_PASSWORD_1: federation.password,
      OBSERVATORY_VANTAGE_SERVICE_1: second.service,
      OBSERVATORY_VANTAGE_CONTROL: VANTAGE.control,
    }),
  );
  const failing = result.probed - result.ok;
  const extraMs = withVantage.elapsedMs - result.elapsedMs;
  const limitMs = (n / DEFAULT_PROBES_PER_SECOND) * 1000 + (1 + MAX_RETRIES) * TIMEOUT_MS;
  const ratio = result.elapsedMs / limitMs;
  console.log(`
domains:            ${n}: ${federation.remoteHosts.length} answer over s2s (+${LATENCY_MS} ms), ${federation.silentHosts.length} silent, ${federation.refusedHosts.length} refuse, ${federation.missingHosts.length} do not exist
politeness:         ${DEFAULT_PROBES_PER_SECOND} probes started per second, ${result.concurrency} probes in flight at most (default ${DEFAULT_CONCURRENCY}), ${MAX_RETRIES} retry; IQ timeout ${TIMEOUT_MS / 1000} s (shortened)
crawl:              ${(result.elapsedMs / 1000).toFixed(1)} s wall, ${result.probed} probed (${result.ok} reachable), ${result.retried} retried
limit L:            ${(limitMs / 1000).toFixed(1)} s = ${n} ÷ ${DEFAULT_PROBES_PER_SECOND}/s + ${1 + MAX_RETRIES} × ${TIMEOUT_MS / 1000} s
ratio wall ÷ L:     ${ratio.toFixed(2)} (target ≤ ${TARGET}) ${ratio <= TARGET ? "met" : "NOT MET"}
peak in flight:     ${result.peakProbes} probes, ${result.peakIqs} IQs
peak RSS:           ${(result.maxRssKb / 1024).toFixed(0)} MB
second vantage:     ${(withVantage.elapsedMs / 1000).toFixed(1)} s wall, ${(withVantage.elapsedMs / result.elapsedMs).toFixed(2)}× the crawl above (${extraMs >= 0 ? "+" : ""}${(extraMs / 1000).toFixed(1)} s, ${(extraMs / Math.max(failing, 1)).toFixed(1)} ms per failing domain); ${withVantage.vantages.asked} of the ${failing} failing domains asked again, ${withVantage.vantages.reachedElsewhere} reached there; ${withVantage.vantages.iqs} IQs from the vantage (${(withVantage.vantages.iqs / Math.max(failing, 1)).toFixed(2)} per failing domain, the control domain's included)`);
} finally {
  await federation.stop();
  rmSync(work, { recursive: true, force: true });
}
