// npm run bench:start: how soon the observatory command starts, compiled (build/, what users,
// the daemon and the tests run) against its TypeScript sources through tsx, in the same run:
// `observatory --help`, wall time from spawn to exit, the two taking turns so that the machine's
// drift falls on both alike; then `observatory check` of one federation domain, the same two ways,
// on the real local federation (started here, stopped at the end). Prints each figure against its
// target (issue 34). `-- --no-federation` leaves the check out.
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { availableParallelism } from "node:os";
import { BUILD_DIR, buildCrawler, PROJECT_ROOT, staleness } from "../bin/crawler-build.mjs";
import { startFederation } from "./federation/federation.ts";

const RUNS = 10;
/** The check logs in, asks over s2s and checks addresses: seconds a run, so fewer of them. */
const CHECK_RUNS = 5;
const CHECKED_DOMAIN = "ej.test";
const BIN = `${PROJECT_ROOT}bin/observatory.mjs`;
const PATHS = {
  compiled: {},
  tsx: { OBSERVATORY_FROM_SOURCES: "1" },
  // Node itself, an empty script: the least any start takes, whatever the command does.
  node: {},
} as const;
type Path = keyof typeof PATHS;
/** Prints its peak RSS at exit: run once per path, apart from the timed runs. */
const PRINT_PEAK_RSS = `data:text/javascript,process.on("exit",()=>process.stderr.write("peak-rss-kb "+process.resourceUsage().maxRSS+"\\n"))`;

const stale = staleness();
if (stale !== undefined) {
  console.log(`${stale}: compiling it`);
  buildCrawler();
}

function start(path: Path, nodeFlags: string[] = []): { ms: number; stderr: string } {
  const began = performance.now();
  const command = path === "node" ? ["-e", ""] : [BIN, "--help"];
  const run = spawnSync(process.execPath, [...nodeFlags, ...command], { env: { ...process.env, ...PATHS[path] }, encoding: "utf8" });
  const ms = performance.now() - began;
  if (run.status !== 0) throw new Error(`observatory --help (${path}) exited ${run.status}: ${run.stderr}`);
  return { ms, stderr: run.stderr };
}

// One warm-up each (the file system's cache), then the runs in turn.
for (const path of Object.keys(PATHS) as Path[]) {
  const { stderr } = start(path);
  // The compiled path says on stderr when it could not run the build: then it measured tsx.
  if (stderr !== "") throw new Error(`observatory --help (${path}) said: ${stderr}`);
}
const times: Record<Path, number[]> = { compiled: [], tsx: [], node: [] };
for (let i = 0; i < RUNS; i++) for (const path of Object.keys(PATHS) as Path[]) times[path].push(start(path).ms);
const peakMb = (path: Path) => Number(/peak-rss-kb (\d+)/.exec(start(path, ["--import", PRINT_PEAK_RSS]).stderr)?.[1]) / 1024;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const spread = (xs: number[]) => `${seconds(Math.min(...xs))} to ${seconds(Math.max(...xs))}`;
const compiled = median(times.compiled);
const tsx = median(times.tsx);
const ratio = compiled / tsx;
const against = (met: boolean, target: string) => `(target ${target}: ${met ? "met" : "NOT MET"})`;
console.log(`observatory --help, wall from spawn to exit, median of ${RUNS} (the three in turn, after a warm-up each), ${availableParallelism()} cores
compiled (${BUILD_DIR}/):     ${seconds(compiled)} ${against(compiled <= 350, "≤ 0.35 s")}; ${spread(times.compiled)}
sources through tsx:  ${seconds(tsx)}; ${spread(times.tsx)}
compiled ÷ tsx:       ${ratio.toFixed(2)} ${against(ratio <= 0.25, "≤ 0.25")}
node, an empty script: ${seconds(median(times.node))}; ${spread(times.node)}: the least a start takes, so compiled ÷ tsx cannot go below ${(median(times.node) / tsx).toFixed(2)}
peak RSS (one run):   ${peakMb("compiled").toFixed(0)} MB compiled, ${peakMb("tsx").toFixed(0)} MB through tsx, ${peakMb("node").toFixed(0)} MB an empty script`);

if (!process.argv.includes("--no-federation")) {
  console.log(`\nStarting the federation for the check…`);
  const federation = await startFederation();
  try {
    const env = federation.crawlerEnv();
    const check = (path: "compiled" | "tsx"): number => {
      const began = performance.now();
      const run = spawnSync(process.execPath, [BIN, "check", "--no-store", CHECKED_DOMAIN], { env: { ...env, ...PATHS[path] }, encoding: "utf8" });
      const ms = performance.now() - began;
      if (run.status !== 0) throw new Error(`observatory check (${path}) exited ${run.status}: ${run.stderr}`);
      return ms;
    };
    // A warm-up each: the first establishes the s2s link, which every later check finds open.
    check("compiled");
    check("tsx");
    const checks: Record<"compiled" | "tsx", number[]> = { compiled: [], tsx: [] };
    for (let i = 0; i < CHECK_RUNS; i++) for (const path of ["compiled", "tsx"] as const) checks[path].push(check(path));
    const [checkCompiled, checkTsx] = [median(checks.compiled), median(checks.tsx)];
    const checkRatio = checkCompiled / checkTsx;
    console.log(`observatory check ${CHECKED_DOMAIN} (one federation domain, contact checks included), wall, median of ${CHECK_RUNS} in turn
compiled (${BUILD_DIR}/):     ${seconds(checkCompiled)}; ${spread(checks.compiled)}
sources through tsx:  ${seconds(checkTsx)}; ${spread(checks.tsx)}
compiled ÷ tsx:       ${checkRatio.toFixed(2)} ${against(checkRatio <= 0.6, "≤ 0.6")}`);
  } finally {
    await federation.stop();
  }
}
