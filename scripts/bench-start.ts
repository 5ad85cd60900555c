// npm run bench:start: how soon the observatory command starts, compiled (build/, what users,
// the daemon and the tests run), in the same run against
// - its TypeScript sources through tsx (today's sources, which share every change made since);
// - the command as it was when issue 34 was filed (ISSUE_TIME below): that commit's own tree,
//   copied out of git into a temporary folder and run as it ran then (bin/observatory.mjs
//   registered tsx and loaded crawler/cli/main.ts), with the project's node_modules;
// `observatory --help`, wall time from spawn to exit, the paths taking turns so that the machine's
// drift falls on all alike; then `observatory check` of one federation domain, the same ways, on
// the real local federation (started here, stopped at the end). Prints each figure against its
// target (issue 34), which compares with the issue-time command. `-- --no-federation` leaves the
// check out, `-- --no-help` the --help runs. Run it under `flock /tmp/observatory-federation.lock` unless --no-federation.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { BUILD_DIR, buildCrawler, PROJECT_ROOT, staleness } from "../bin/crawler-build.mjs";
import { startFederation } from "./federation/federation.ts";

const RUNS = 10;
/** The check logs in, asks over s2s and checks addresses: seconds a run, so fewer of them. */
const CHECK_RUNS = 5;
const CHECKED_DOMAIN = "ej.test";
/**
 * The command as it was when issue 34 was filed: the commit before its first change (8398048,
 * "Production runs compiled JavaScript (issue 34, decision 2)"). Its CLI takes the same
 * environment (OBSERVATORY_*) and the same `check --no-store <domain>`; it always runs tsx.
 */
const ISSUE_TIME = { commit: "9fee1eb", first: "8398048" } as const;

interface Path {
  /** The command's script, or undefined for node's empty script. */
  bin?: string;
  env: Record<string, string>;
  cwd: string;
}

const git = (...args: string[]) => execFileSync("git", ["-C", PROJECT_ROOT, ...args], { encoding: "utf8", maxBuffer: 64 << 20 });

/** A copy of the issue-time tree in a temporary folder (removed by `remove`), or why there is none. */
function issueTimeCopy(): { dir: string; remove(): void; note: string } | { missing: string } {
  try {
    const parent = git("rev-parse", "--verify", "--quiet", `${ISSUE_TIME.first}^`).trim();
    if (!parent.startsWith(git("rev-parse", ISSUE_TIME.commit).trim()))
      return { missing: `${ISSUE_TIME.commit} is not the parent of ${ISSUE_TIME.first} in this clone` };
  } catch {
    return { missing: `commit ${ISSUE_TIME.first} or ${ISSUE_TIME.commit} is not in this clone (a shallow clone?)` };
  }
  const dir = mkdtempSync(join(tmpdir(), "observatory-issue34-"));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    const tar = execFileSync("git", ["-C", PROJECT_ROOT, "archive", "--format=tar", ISSUE_TIME.commit], { maxBuffer: 256 << 20 });
    execFileSync("tar", ["-x", "-C", dir], { input: tar });
    symlinkSync(join(PROJECT_ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  } catch (error) {
    remove();
    throw error;
  }
  const sameLock = spawnSync("git", ["-C", PROJECT_ROOT, "diff", "--quiet", ISSUE_TIME.commit, "HEAD", "--", "package-lock.json"]).status === 0;
  const note = `git archive ${ISSUE_TIME.commit} (the parent of ${ISSUE_TIME.first}, issue 34's first change) in ${dir}, with this checkout's node_modules (package-lock.json ${sameLock ? "unchanged since" : "CHANGED since: the dependencies differ from then"}); same environment, same arguments; it always runs through tsx`;
  return { dir, remove, note };
}

const stale = staleness();
if (stale !== undefined) {
  console.log(`${stale}: compiling it`);
  await buildCrawler();
}

const BIN = join(PROJECT_ROOT, "bin/observatory.mjs");
const copy = issueTimeCopy();
const paths: Record<string, Path> = {
  compiled: { bin: BIN, env: {}, cwd: PROJECT_ROOT },
  tsx: { bin: BIN, env: { OBSERVATORY_FROM_SOURCES: "1" }, cwd: PROJECT_ROOT },
  ...("dir" in copy && { "issue-time": { bin: join(copy.dir, "bin/observatory.mjs"), env: {}, cwd: copy.dir } }),
};
const LABELS: Record<string, string> = {
  compiled: `compiled (${BUILD_DIR}/)`,
  tsx: "today's sources, tsx",
  "issue-time": `issue-time (${ISSUE_TIME.commit}), tsx`,
  node: "node, an empty script",
};
/**
 * Loaded into every run (`--import`): prints the process's own CPU (user + system) and peak RSS at
 * exit, on standard error, where `measured` takes it off again. The cost is the same for every path.
 */
const PRINT_USAGE = `data:text/javascript,process.on("exit",()=>{const u=process.resourceUsage();process.stderr.write("\\nbench-usage "+(u.userCPUTime+u.systemCPUTime)+" "+u.maxRSS+"\\n")})`;
const USAGE_LINE = /\n?bench-usage (\d+) (\d+)\n$/;

interface Run {
  ms: number;
  cpuMs: number;
  rssMb: number;
  stderr: string;
  stdout: string;
}

function spawn(name: string, path: Path, args: string[], env: NodeJS.ProcessEnv): Run {
  const began = performance.now();
  const command = path.bin === undefined ? ["-e", ""] : [path.bin, ...args];
  const run = spawnSync(process.execPath, ["--import", PRINT_USAGE, ...command], { env: { ...env, ...path.env }, cwd: path.cwd, encoding: "utf8" });
  const ms = performance.now() - began;
  if (run.status !== 0) throw new Error(`observatory ${args.join(" ")} (${name}) exited ${run.status ?? run.signal}: ${run.stderr}`);
  const usage = USAGE_LINE.exec(run.stderr);
  if (!usage) throw new Error(`observatory ${args.join(" ")} (${name}) printed no usage line: ${run.stderr}`);
  return { ms, cpuMs: Number(usage[1]) / 1000, rssMb: Number(usage[2]) / 1024, stderr: run.stderr.slice(0, usage.index), stdout: run.stdout };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const spread = (xs: number[]) => `${seconds(Math.min(...xs))} to ${seconds(Math.max(...xs))}`;
const against = (met: boolean, target: string) => `(target ${target}: ${met ? "met" : "NOT MET"})`;
const pad = (s: string) => `${s}:`.padEnd(30);

/** The figures of one path's runs: wall, its own CPU (median) and peak RSS (largest). */
const summary = (runs: Run[]) => {
  const wall = runs.map((r) => r.ms);
  return `${seconds(median(wall))} wall (${spread(wall)}), ${(median(runs.map((r) => r.cpuMs)) / 1000).toFixed(2)} s CPU, ${Math.max(...runs.map((r) => r.rssMb)).toFixed(0)} MB peak RSS`;
};
const medianWall = (runs: Run[]) => median(runs.map((r) => r.ms));
const medianCpu = (runs: Run[]) => median(runs.map((r) => r.cpuMs));

/** Runs every path once as a warm-up, then `times` rounds with the paths in turn. */
function inTurn(names: string[], times: number, run: (name: string) => Run): Record<string, Run[]> {
  for (const name of names) {
    const { stderr } = run(name);
    // The compiled path says on stderr when it could not run the build: then it measured tsx.
    if (stderr !== "") throw new Error(`${name} said: ${stderr}`);
  }
  const runs: Record<string, Run[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let i = 0; i < times; i++) for (const name of names) runs[name]!.push(run(name));
  return runs;
}

/** Compiled ÷ each other path, by wall (the targets' measure) and, for information, by CPU. */
function ratios(runs: Record<string, Run[]>, target: number): string[] {
  const compiled = runs.compiled!;
  const lines: string[] = [];
  const cpu = (other: Run[]) => `; by CPU ${(medianCpu(compiled) / medianCpu(other)).toFixed(2)}`;
  if (runs["issue-time"]) {
    const r = medianWall(compiled) / medianWall(runs["issue-time"]);
    lines.push(`${pad("compiled ÷ issue-time")}${r.toFixed(2)} ${against(r <= target, `≤ ${target}`)}${cpu(runs["issue-time"])}`);
  }
  lines.push(
    `${pad("compiled ÷ today's tsx")}${(medianWall(compiled) / medianWall(runs.tsx!)).toFixed(2)}${cpu(runs.tsx!)} (for information: the sources share every change since)`,
  );
  return lines;
}

/** `observatory --help` on every path, and node's empty script, in turn. */
function measureHelp(): void {
  const helpPaths: Record<string, Path> = { ...paths, node: { env: {}, cwd: PROJECT_ROOT } };
  const help = inTurn(Object.keys(helpPaths), RUNS, (name) => spawn(name, helpPaths[name]!, ["--help"], process.env));
  const compiled = medianWall(help.compiled!);
  const lines = [`observatory --help, from spawn to exit, median of ${RUNS} (the ${Object.keys(help).length} in turn, after a warm-up each)`];
  for (const name of Object.keys(help)) lines.push(`${pad(LABELS[name]!)}${summary(help[name]!)}`);
  lines.push(`${pad("compiled")}${seconds(compiled)} ${against(compiled <= 350, "≤ 0.35 s")}`, ...ratios(help, 0.25));
  const floor = (name: string) => `${(medianWall(help.node!) / medianWall(help[name]!)).toFixed(2)} of ${LABELS[name]}`;
  lines.push(
    `${pad("empty-node floor")}an empty script is ${["issue-time", "tsx"]
      .filter((n) => help[n])
      .map(floor)
      .join(" and ")}: no command's ratio can go below that`,
  );
  console.log(lines.join("\n"));
}

const loadAverage = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(", ");

try {
  console.log("dir" in copy ? `The issue-time command: ${copy.note}.` : `The issue-time command is left out: ${copy.missing}; its ratios cannot be printed.`);
  console.log(`${availableParallelism()} cores; load average ${loadAverage()} at the start\n`);
  if (!process.argv.includes("--no-help")) measureHelp();

  if (!process.argv.includes("--no-federation")) {
    console.log(`\nStarting the federation for the check…`);
    const federation = await startFederation();
    try {
      const env = federation.crawlerEnv();
      // The first check establishes the s2s link, which every later one finds open: inTurn's warm-up.
      const checks = inTurn(Object.keys(paths), CHECK_RUNS, (name) => spawn(name, paths[name]!, ["check", "--no-store", CHECKED_DOMAIN], env));
      const out = [`\nobservatory check --no-store ${CHECKED_DOMAIN} (one federation domain, contact checks included), median of ${CHECK_RUNS} in turn`];
      for (const name of Object.keys(checks)) out.push(`${pad(LABELS[name]!)}${summary(checks[name]!)}`);
      out.push(...ratios(checks, 0.6));
      console.log(out.join("\n"));
    } finally {
      await federation.stop();
    }
  }
  console.log(`\nload average ${loadAverage()} at the end`);
} finally {
  if ("dir" in copy) copy.remove();
}
