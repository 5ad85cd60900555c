// npm run bench:crawl -- [N]: the crawler's speed and memory against a bare baseline, measured
// in the same run on the same federation (N generated domains: half on the home Prosody, half
// on a second Prosody reached over s2s). Prints figures and ratios; targets are in the issue.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { DEFAULT_CONCURRENCY } from "../crawler/politeness.ts";
import { startFederation } from "./federation/federation.ts";

const n = Number(process.argv[2] ?? 1000);
const work = mkdtempSync(`${tmpdir()}/observatory-bench-`);
const worker = (name: string) => fileURLToPath(new URL(`./bench/${name}`, import.meta.url));

console.log(`Starting the federation with ${n} generated domains…`);
const federation = await startFederation({ extraLocalHosts: Math.ceil(n / 2), remoteHosts: Math.floor(n / 2) });
try {
  const domains = [...federation.extraLocalHosts, ...federation.remoteHosts];
  // Interleave local and remote domains, as a real list mixes them.
  const mixed = domains.map((_, i) => (i % 2 === 0 ? federation.extraLocalHosts[i / 2] : federation.remoteHosts[(i - 1) / 2])).filter((d): d is string => !!d);
  const list = `${work}/domains.txt`;
  writeFileSync(list, mixed.join("\n"));
  const env = federation.crawlerEnv();
  const run = (script: string, args: string[]) => JSON.parse(execFileSync(process.execPath, ["--import", "tsx", worker(script), ...args], { env, encoding: "utf8" }).trim().split("\n").pop()!);

  // Warm-up: establish every s2s link once, so that neither measured run pays for dialback.
  run("baseline-worker.ts", [list, String(DEFAULT_CONCURRENCY)]);
  const baseline = run("baseline-worker.ts", [list, String(DEFAULT_CONCURRENCY)]);
  const crawler = run("crawl-worker.ts", [list, `${work}/bench.sqlite`]);

  const baselineRate = (baseline.answered / baseline.elapsedMs) * 1000;
  const crawlerRate = (crawler.probed / crawler.elapsedMs) * 1000;
  console.log(`
domains:             ${n} (${federation.extraLocalHosts.length} local, ${federation.remoteHosts.length} over s2s), concurrency ${DEFAULT_CONCURRENCY}
baseline:            ${baselineRate.toFixed(0)} disco#info/s (${baseline.answered} answers in ${(baseline.elapsedMs / 1000).toFixed(2)} s), peak RSS ${(baseline.maxRssKb / 1024).toFixed(0)} MB
crawler:             ${crawlerRate.toFixed(0)} domains/s (${crawler.probed} probed, ${crawler.ok} reachable, in ${(crawler.elapsedMs / 1000).toFixed(2)} s; each probe is disco#info, version and disco#items, parsed, linted and stored)
ratio:               ${(crawlerRate / baselineRate).toFixed(2)} of the baseline (target ≥ 0.70)
crawler peak RSS:    ${(crawler.maxRssKb / 1024).toFixed(0)} MB (target < 200 MB), ${(crawler.maxRssKb / baseline.maxRssKb).toFixed(2)} × the baseline's`);
} finally {
  await federation.stop();
}
