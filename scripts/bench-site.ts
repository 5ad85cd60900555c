// npm run bench:site -- [DOMAINS] [CRAWLS]: builds the site from a synthetic store (default
// 10,000 domains with 10 crawls of history) and reports build time, peak memory and page weights.
// The baseline measured in the same run is the build of an empty store (Astro's fixed cost).
import { mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { domainToASCII } from "node:url";
import { build, weight } from "./bench/site-build.ts";
import { timeServerList } from "./bench/list-timing.ts";
import { syntheticDomain, writeSyntheticStore } from "./synthetic-store.ts";

const domains = Number(process.argv[2] ?? 10_000);
const crawls = Number(process.argv[3] ?? 10);
const work = mkdtempSync(join(tmpdir(), "observatory-bench-site-"));

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
page weights (gzip, with CSS and JS): overview ${weight(out, "index.html").toFixed(1)} KB, server page ${weight(out, `servers/${sample}/index.html`).toFixed(1)} KB (target < 100 KB each), server list ${weight(out, "servers/index.html").toFixed(0)} KB (target < 100 KB)
output in ${work}`);

// The list page must stay usable at this size: search and sort in the browser, each under 200 ms.
const list = await timeServerList(out);
const ratio = (ms: number) => (ms / list.idleFrameMs).toFixed(1);
console.log(`
server list in Chromium (${list.rows} rows, medians of 5; baseline: one idle frame, ${list.idleFrameMs.toFixed(1)} ms):
  search (type a query):   ${list.searchMs.toFixed(1)} ms (target < 200 ms), ${ratio(list.searchMs)}× the baseline
  clear the search:        ${list.clearMs.toFixed(1)} ms (target < 200 ms), ${ratio(list.clearMs)}× the baseline
  sort by domain (click):  ${list.sortMs.toFixed(1)} ms (target < 200 ms), ${ratio(list.sortMs)}× the baseline`);
