// npm run bench:site -- [DOMAINS] [CRAWLS]: builds the site from a synthetic store (default
// 10,000 domains with 10 crawls of history) and reports build time, peak memory and page weights.
// The baseline measured in the same run is the build of an empty store (Astro's fixed cost).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { domainToASCII } from "node:url";
import { syntheticDomain, writeSyntheticStore } from "./synthetic-store.ts";

const domains = Number(process.argv[2] ?? 10_000);
const crawls = Number(process.argv[3] ?? 10);
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const work = mkdtempSync(join(tmpdir(), "observatory-bench-site-"));

/** Runs astro build, sampling the process's resident memory from /proc every 100 ms. */
function build(db: string, out: string): Promise<{ seconds: number; peakMb: number }> {
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

function weight(out: string, page: string): number {
  const html = readFileSync(join(out, page), "utf8");
  const assets = [...html.matchAll(/(?:href|src)="(\/_astro\/[^"]+)"/g)].map((m) => readFileSync(join(out, m[1]!)));
  return [Buffer.from(html), ...assets].reduce((total, b) => total + gzipSync(b).length, 0) / 1024;
}

function countFiles(dir: string): number {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => statSync(join(dir, f)).isFile()).length;
}

console.log(`Generating a synthetic store: ${domains} domains, ${crawls} crawls…`);
const generateStart = performance.now();
const db = join(work, "store.sqlite");
writeSyntheticStore(db, { domains, crawls });
console.log(`  generated in ${((performance.now() - generateStart) / 1000).toFixed(1)} s (${(statSync(db).size / 1024 / 1024).toFixed(0)} MB)`);

const empty = await build(join(work, "absent.sqlite"), join(work, "empty"));
const full = await build(db, join(work, "dist"));
const out = join(work, "dist");
const sample = domainToASCII(syntheticDomain(0));
console.log(`
baseline (empty store):  ${empty.seconds.toFixed(1)} s, peak ${empty.peakMb.toFixed(0)} MB
build (${domains} × ${crawls}): ${full.seconds.toFixed(1)} s (target < 120 s), peak ${full.peakMb.toFixed(0)} MB (target < 2048 MB)
ratios to the baseline:  ${(full.seconds / empty.seconds).toFixed(1)}× the time, ${(full.peakMb / empty.peakMb).toFixed(1)}× the memory
files written:           ${countFiles(out)}
page weights (gzip, with CSS and JS): overview ${weight(out, "index.html").toFixed(1)} KB, server page ${weight(out, `servers/${sample}/index.html`).toFixed(1)} KB (target < 100 KB each), server list ${weight(out, "servers/index.html").toFixed(0)} KB
output in ${work}`);
