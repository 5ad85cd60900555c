// Building the site in a child process, as the daemon does, for the benchmarks: time, peak
// memory (sampled from /proc) and page weights.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** Runs astro build on the store `db` into `out`, sampling the process's resident memory from /proc every 100 ms. */
export function build(db: string, out: string): Promise<{ seconds: number; peakMb: number }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ["node_modules/astro/astro.js", "build"], {
      cwd: ROOT,
      env: { ...process.env, OBSERVATORY_DB: db, OBSERVATORY_SITE_OUT: out, ASTRO_TELEMETRY_DISABLED: "1" },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let peakKb = 0;
    let errors = "";
    child.stderr.on("data", (d) => (errors += d));
    const sample = setInterval(() => {
      try {
        const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"));
        if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
      } catch {
        // the process has just ended
      }
    }, 100);
    child.on("close", (code) => {
      clearInterval(sample);
      if (code !== 0) reject(new Error(`astro build exited ${code}: ${errors.slice(-2000)}`));
      else resolve({ seconds: (performance.now() - started) / 1000, peakMb: peakKb / 1024 });
    });
  });
}

export function weight(out: string, page: string): number {
  const html = readFileSync(join(out, page), "utf8");
  const assets = [...html.matchAll(/(?:href|src)="(\/_astro\/[^"]+)"/g)].map((m) => readFileSync(join(out, m[1]!)));
  return [Buffer.from(html), ...assets].reduce((total, b) => total + gzipSync(b).length, 0) / 1024;
}
