// npm run bench:crawl -- [N]: the crawler's speed and memory against a bare baseline, measured
// in the same run on the same federation (N generated domains: half on the home Prosody, half
// on a second Prosody reached over s2s). Prints each figure and ratio against its target (issue 22).
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { DEFAULT_CONCURRENCY } from "../crawler/politeness.ts";
import { startFederation } from "./federation/federation.ts";
import { formatProfile, summarizeProfile } from "./bench/cpu-profile.ts";
import { compiledWorker } from "./bench/compiled-worker.ts";
import { PEOPLE } from "./federation/spec.ts";

// npm run bench:crawl -- [N] [--cpu-prof DIR]: with --cpu-prof, one more crawl of each kind runs
// after the measured rounds with V8's profiler on for the crawl itself; DIR gets the .cpuprofile
// files (Chromium's DevTools open them) and the hot spots are printed.
const args = process.argv.slice(2);
const profileAt = args.indexOf("--cpu-prof");
const profileDir = profileAt >= 0 ? args.splice(profileAt, 2)[1] : undefined;
if (profileAt >= 0 && !profileDir) throw new Error("--cpu-prof needs a folder");
const n = Number(args[0] ?? 1000);
const work = mkdtempSync(`${tmpdir()}/observatory-bench-`);
// The workers run the compiled crawler on plain node, as production does (compiled-worker.ts).
const workers = { "baseline-worker.ts": await compiledWorker("baseline-worker"), "crawl-worker.ts": await compiledWorker("crawl-worker") };

console.log(`Starting the federation with ${n} generated domains…`);
const federation = await startFederation({ extraLocalHosts: Math.ceil(n / 2), remoteHosts: Math.floor(n / 2) });
try {
  const domains = [...federation.extraLocalHosts, ...federation.remoteHosts];
  // Interleave local and remote domains, as a real list mixes them.
  const mixed = domains.map((_, i) => (i % 2 === 0 ? federation.extraLocalHosts[i / 2] : federation.remoteHosts[(i - 1) / 2])).filter((d): d is string => !!d);
  const list = `${work}/domains.txt`;
  writeFileSync(list, mixed.join("\n"));
  const env = federation.crawlerEnv();
  // Each run's figures, with the CPU the federation's servers used meanwhile: they share our cores.
  // The flood's sender: good.test's operator.
  const { operator } = PEOPLE;
  const floodSender = JSON.stringify({ domain: operator.domain, username: operator.username, password: operator.password });
  const run = (script: keyof typeof workers, args: string[], extraEnv: Record<string, string> = {}) => {
    const before = federation.cpuMs();
    const figures = JSON.parse(
      execFileSync(process.execPath, [workers[script], ...args], { env: { ...env, BENCH_FLOOD_SENDER: floodSender, ...extraEnv }, encoding: "utf8" })
        .trim()
        .split("\n")
        .pop()!,
    );
    const used = Object.entries(federation.cpuMs()).map(([name, ms]) => ({ name, ms: ms - (before[name] ?? 0) }));
    return {
      ...figures,
      serversCpuMs: used.reduce((sum, s) => sum + s.ms, 0),
      busiestProsodyCpuMs: Math.max(0, ...used.filter((s) => s.name.startsWith("prosody")).map((s) => s.ms)),
      // The servers that worked, busiest first, in CPU seconds: "prosody-home 1.61, prosody-remote 0.62, …".
      serversBusy: used
        .filter((s) => s.ms >= 10)
        .sort((a, b) => b.ms - a.ms)
        .map((s) => `${s.name} ${(s.ms / 1000).toFixed(2)}`)
        .join(", "),
    };
  };

  // Warm-up: establish every s2s link once, so that no measured run pays for dialback.
  run("baseline-worker.ts", [list, String(DEFAULT_CONCURRENCY), "probe"]);
  const ROUNDS = 3;
  const FLOOD = 200;
  const median = <T>(xs: T[], key: (x: T) => number): T => [...xs].sort((a, b) => key(a) - key(b))[Math.floor(xs.length / 2)]!;
  const rounds = Array.from({ length: ROUNDS }, (_, i) => ({
    info: run("baseline-worker.ts", [list, String(DEFAULT_CONCURRENCY), "info"]),
    probe: run("baseline-worker.ts", [list, String(DEFAULT_CONCURRENCY), "probe"]),
    crawler: run("crawl-worker.ts", [list, `${work}/bench-${i}.sqlite`]),
    // The same crawl while the account's inbox, in the same process, takes a flood of chat commands.
    flooded: run("crawl-worker.ts", [list, `${work}/bench-flood-${i}.sqlite`, String(FLOOD)]),
    // The same crawl with each domain's published addresses checked (DNS for mail, its security.txt, s2s).
    checked: run("crawl-worker.ts", [list, `${work}/bench-checked-${i}.sqlite`, "0", "checks"]),
  }));
  // Each kind of run by its median time.
  const medianRun = <K extends keyof (typeof rounds)[number]>(kind: K) =>
    median(
      rounds.map((r) => r[kind]),
      (x) => x.elapsedMs,
    );
  const info = medianRun("info");
  const probe = medianRun("probe");
  const crawler = medianRun("crawler");
  const flooded = medianRun("flooded");
  const checked = medianRun("checked");
  // A daemon's second crawl within a day, on the same store: the contact checks that asked a host, against the first crawl's.
  const again = run("crawl-worker.ts", [list, `${work}/bench-again.sqlite`, "0", "checks", "again"]).again as Record<
    "first" | "second",
    { requests: number; lookups: number; reused: number }
  >;
  const againShare = again.second.requests / Math.max(1, again.first.requests);
  const rate = (count: number, ms: number) => (count / ms) * 1000;
  const infoRate = rate(info.answered, info.elapsedMs);
  const probeRate = rate(probe.answered, probe.elapsedMs);
  const crawlerRate = rate(crawler.probed, crawler.elapsedMs);
  const peakRss = Math.max(...rounds.map((r) => r.crawler.maxRssKb));
  const overhead = crawlerRate / probeRate;
  const floodRatio = flooded.elapsedMs / crawler.elapsedMs;
  const checksRatio = checked.elapsedMs / crawler.elapsedMs;
  const checkedRssMb = Math.max(...rounds.map((r) => r.checked.maxRssKb)) / 1024;
  // Judged by CPU, not wall time, since the federation's servers share our cores (issue 34): each
  // process's own CPU in its measured run, per probe or per checked domain, median of the rounds.
  const medianOf = (xs: number[]) => median(xs, (x) => x);
  const bareCpuPerProbe = medianOf(rounds.map((r) => r.probe.runCpuMs / r.probe.answered));
  const crawlerCpuPerProbe = medianOf(rounds.map((r) => r.crawler.runCpuMs / r.crawler.probed));
  // What the checks add to a crawl of the same round, over the domains that had an address checked.
  const checksCpuPerDomain = medianOf(rounds.map((r) => (r.checked.runCpuMs - r.crawler.runCpuMs) / r.checked.checkedDomains));
  // The least time a run's CPU allows: all of it spread over every core, and no less than the
  // busiest Prosody's own (Prosody runs on one thread).
  const cores = availableParallelism();
  const floorMs = (r: { runCpuMs: number; serversCpuMs: number; busiestProsodyCpuMs: number }) =>
    Math.max((r.runCpuMs + r.serversCpuMs) / cores, r.busiestProsodyCpuMs);
  // The targets of issues 22 and 34.
  const against = (met: boolean, target: string) => `(target ${target}: ${met ? "met" : "NOT MET"})`;
  console.log(`
domains:              ${n} (${federation.extraLocalHosts.length} local, ${federation.remoteHosts.length} over s2s), concurrency ${DEFAULT_CONCURRENCY}, no rate cap, median of ${ROUNDS} rounds
baseline (disco#info): ${infoRate.toFixed(0)} domains/s — one bare disco#info per domain, pipelined over one connection
baseline (probe IQs):  ${probeRate.toFixed(0)} domains/s — the three IQs of a probe (disco#info, version, disco#items), bare
crawler:               ${crawlerRate.toFixed(0)} domains/s — ${crawler.probed} probed (${crawler.ok} reachable): three IQs, parsed, linted, stored with evidence
ratio to probe IQs:    ${overhead.toFixed(2)} — the crawler's own overhead on equal protocol work ${against(overhead >= 0.9, "≥ 0.90")}
ratio to disco#info:   ${(crawlerRate / infoRate).toFixed(2)} — for information: a probe asks three IQs where this baseline asks one
crawler peak RSS:      ${(peakRss / 1024).toFixed(0)} MB ${against(peakRss / 1024 < 150, "< 150 MB")}; baseline ${(info.maxRssKb / 1024).toFixed(0)} MB, ratio ${(peakRss / info.maxRssKb).toFixed(2)}
with a chat flood:     ${rate(flooded.probed, flooded.elapsedMs).toFixed(0)} domains/s while ${FLOOD} commands from one sender arrive (${flooded.replies} replies: its limit); crawl time ${floodRatio.toFixed(2)}× the crawl alone ${against(floodRatio <= 1.1, "≤ 1.10")}
with contact checks:  ${rate(checked.probed, checked.elapsedMs).toFixed(0)} domains/s, ${checked.checks} addresses checked; crawl time ${checksRatio.toFixed(2)}× the crawl alone ${against(checksRatio <= 1.3, "≤ 1.30")}
  peak RSS:            ${checkedRssMb.toFixed(0)} MB ${against(checkedRssMb < 200, "< 200 MB")}, ${checked.checkedDomains} domains with an address checked
CPU per probe:         crawler ${crawlerCpuPerProbe.toFixed(2)} ms ${against(crawlerCpuPerProbe <= 1, "≤ 1.0 ms")}; the bare client's ${bareCpuPerProbe.toFixed(2)} ms (its three IQs, no more)
CPU per checked domain: the contact checks' ${checksCpuPerDomain.toFixed(2)} ms ${against(checksCpuPerDomain <= 1.6, "≤ 1.6 ms")} (with checks less alone, same round)
a daemon's second crawl within a day: contact-check requests ${again.second.requests} against the first crawl's ${again.first.requests} (${(againShare * 100).toFixed(1)} %; ${again.second.reused} checks reused, DNS asked again for each; mail domains' DNS asked ${again.first.lookups} and ${again.second.lookups} times) ${against(againShare <= 0.1, "≤ 10 %")}
CPU time per run:      crawler ${(crawler.cpuMs / 1000).toFixed(2)} s, bare probe IQs ${(probe.cpuMs / 1000).toFixed(2)} s, with checks ${(checked.cpuMs / 1000).toFixed(2)} s (start-up and login included in all)
CPU on this machine's ${cores} cores, in the measured runs (ours + the servers'), and the least time that CPU allows:
${[
  ["bare probe IQs", probe],
  ["crawler", crawler],
  ["with checks", checked],
]
  .map(
    ([name, r]) =>
      `  ${`${name}:`.padEnd(17)}${(r.runCpuMs / 1000).toFixed(2)} + ${(r.serversCpuMs / 1000).toFixed(2)} = ${((r.runCpuMs + r.serversCpuMs) / 1000).toFixed(2)} core-s → at least ${(floorMs(r) / 1000).toFixed(2)} s; took ${(r.elapsedMs / 1000).toFixed(2)} s (${r.serversBusy})`,
  )
  .join("\n")}
  at this CPU, the crawler ÷ probe IQs can reach at most ${(probe.elapsedMs / floorMs(crawler)).toFixed(2)}, and the checks cost at least ${(floorMs(checked) / crawler.elapsedMs).toFixed(2)}× the crawl alone:
  a ratio past these bounds needs less CPU per probe or per check, not better waiting`);
  if (profileDir) {
    mkdirSync(profileDir, { recursive: true });
    for (const [kind, title, extra] of [
      ["crawl", "the crawl alone", ["0"]],
      ["flooded", "the crawl with a chat flood", [String(FLOOD)]],
      ["checked", "the crawl with contact checks", ["0", "checks"]],
    ] as const) {
      const file = `${profileDir}/${kind}.cpuprofile`;
      run("crawl-worker.ts", [list, `${work}/bench-profile-${kind}.sqlite`, ...extra], { BENCH_CPU_PROFILE: file });
      console.log(`\n${formatProfile(`profile of ${title} (${file})`, summarizeProfile(file))}`);
    }
  }
} finally {
  await federation.stop();
  rmSync(work, { recursive: true, force: true });
}
