// Building the site in a child process, as the daemon does, for the benchmarks: time, CPU, peak
// memory (sampled from /proc, over the build and the processes it starts: esbuild's service) and
// page weights.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { siteBuildEnvironment } from "../../crawler/config.ts";
import { processCpuSeconds } from "../federation/processes.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** A process and its descendants, from /proc (Linux). */
function processTree(pid: number): number[] {
  let children: number[] = [];
  try {
    children = readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").split(" ").filter(Boolean).map(Number);
  } catch {
    // it has just ended
  }
  return [pid, ...children.flatMap(processTree)];
}

function statusKb(pid: number, field: "VmRSS" | "VmHWM"): number {
  try {
    return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);
  } catch {
    return 0; // it has just ended
  }
}

export interface Built {
  seconds: number;
  /** CPU seconds of the build and the processes it started, as last sampled (every 100 ms). */
  cpuSeconds: number;
  /** The most memory resident at once: the build's processes' resident sets summed, sampled every 100 ms. */
  peakMb: number;
}

/** Runs astro build on the store `db` into `out`, sampling its processes' resident memory and CPU from /proc every 100 ms. */
export function build(db: string, out: string): Promise<Built> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ["node_modules/astro/astro.js", "build"], {
      cwd: ROOT,
      // What the daemon's build gets (crawler/schedule/build.ts), so that the figures are production's.
      env: { ...siteBuildEnvironment(), OBSERVATORY_DB: db, OBSERVATORY_SITE_OUT: out, ASTRO_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let peakKb = 0;
    let cpu = 0;
    let errors = "";
    child.stderr.on("data", (d) => (errors += d));
    const sample = setInterval(() => {
      const tree = processTree(child.pid!);
      // One process alone: its own high-water mark, which misses nothing between samples.
      const kb = tree.length === 1 ? statusKb(child.pid!, "VmHWM") : tree.reduce((sum, pid) => sum + statusKb(pid, "VmRSS"), 0);
      peakKb = Math.max(peakKb, kb);
      cpu = Math.max(cpu, processCpuSeconds(child.pid!));
    }, 100);
    child.on("close", (code) => {
      clearInterval(sample);
      if (code !== 0) reject(new Error(`astro build exited ${code}: ${errors.slice(-2000)}`));
      else resolve({ seconds: (performance.now() - started) / 1000, cpuSeconds: cpu, peakMb: peakKb / 1024 });
    });
  });
}

export function weight(out: string, page: string): number {
  const html = readFileSync(join(out, page), "utf8");
  const assets = [...html.matchAll(/(?:href|src)="(\/_astro\/[^"]+)"/g)].map((m) => readFileSync(join(out, m[1]!)));
  return [Buffer.from(html), ...assets].reduce((total, b) => total + gzipSync(b).length, 0) / 1024;
}
