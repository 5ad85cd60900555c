// npm run bench:site -- [DOMAINS] [CRAWLS] [--store FILE]: builds the site from a synthetic store
// (default 10,000 domains with 10 crawls of history) and reports build time, peak memory and page
// weights. The baseline measured in the same run is the build of an empty store (Astro's fixed
// cost). Time, CPU and memory are those of the build's processes together (Astro's, and the esbuild
// service it starts). --store keeps the synthetic store in FILE, and reuses it when FILE exists (at 100,000
// domains it takes minutes to make): it must have been made with the same DOMAINS and CRAWLS.
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { domainToASCII } from "node:url";
import { gzipSync } from "node:zlib";
import { build, weight } from "./bench/site-build.ts";
import { timeServerList } from "./bench/list-timing.ts";
import { syntheticDomain, writeSyntheticStore } from "./synthetic-store.ts";
import { Store } from "../crawler/store/store.ts";

const args = process.argv.slice(2);
const storeAt = args.indexOf("--store");
const kept = storeAt >= 0 ? args.splice(storeAt, 2)[1] : undefined;
const domains = Number(args[0] ?? 10_000);
const crawls = Number(args[1] ?? 10);
const work = mkdtempSync(join(tmpdir(), "observatory-bench-site-"));

function countFiles(dir: string): number {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => statSync(join(dir, f)).isFile()).length;
}

const db = kept ?? join(work, "store.sqlite");
if (existsSync(db)) {
  const store = Store.openReadOnly(db);
  const made = store.sql("SELECT (SELECT COUNT(*) FROM domains) AS domains, (SELECT COUNT(*) FROM crawls) AS crawls").get() as {
    domains: number;
    crawls: number;
  };
  store.close();
  if (made.domains !== domains || made.crawls !== crawls)
    throw new Error(`${db} has ${made.domains} domains and ${made.crawls} crawls, not ${domains} and ${crawls}`);
  console.log(`Reusing the synthetic store ${db} (${(statSync(db).size / 1024 / 1024).toFixed(0)} MB)`);
} else {
  console.log(`Generating a synthetic store: ${domains} domains, ${crawls} crawls…`);
  const generateStart = performance.now();
  writeSyntheticStore(db, { domains, crawls });
  console.log(`  generated in ${((performance.now() - generateStart) / 1000).toFixed(1)} s (${(statSync(db).size / 1024 / 1024).toFixed(0)} MB)`);
}

const empty = await build(join(work, "absent.sqlite"), join(work, "empty"));
const full = await build(db, join(work, "dist"));
const out = join(work, "dist");
const sample = domainToASCII(syntheticDomain(0));
// The list's data parts, which its script fetches when the form is first used (components/ServerList.astro).
const parts = readdirSync(join(out, "servers/rows")).map((f) => gzipSync(readFileSync(join(out, "servers/rows", f))).length / 1024);
const listPages = existsSync(join(out, "servers/page")) ? readdirSync(join(out, "servers/page")).length + 1 : 1;
const MB_TARGET = 1536;
console.log(`
baseline (empty store):  ${empty.seconds.toFixed(1)} s, ${empty.cpuSeconds.toFixed(1)} s of CPU, peak ${empty.peakMb.toFixed(0)} MB
build (${domains} × ${crawls}): ${full.seconds.toFixed(1)} s (target < 120 s), ${full.cpuSeconds.toFixed(1)} s of CPU, peak ${full.peakMb.toFixed(0)} MB (target < ${MB_TARGET} MB) (the build's processes together)
ratios to the baseline:  ${(full.seconds / empty.seconds).toFixed(1)}× the time, ${(full.cpuSeconds / empty.cpuSeconds).toFixed(1)}× the CPU, ${(full.peakMb / empty.peakMb).toFixed(1)}× the memory
files written:           ${countFiles(out)}
page weights (gzip, with CSS and JS): overview ${weight(out, "index.html").toFixed(1)} KB, server page ${weight(out, `servers/${sample}/index.html`).toFixed(1)} KB (target < 100 KB each)
server list: first load ${weight(out, "servers/index.html").toFixed(0)} KB (target < 150 KB), ${listPages} pages without JavaScript; its data, fetched when the form is first used: ${parts.length} parts, ${parts.reduce((a, b) => a + b, 0).toFixed(0)} KB (gzip)
output in ${work}`);

// The list page must stay usable at this size: search and sort in the browser, each under 200 ms.
const list = await timeServerList(out);
if (!list.loaded) {
  console.log(`\nserver list in Chromium: DID NOT LOAD (${list.why})`);
  process.exitCode = 1;
} else {
  const ratio = (ms: number) => (ms / list.idleFrameMs).toFixed(1);
  console.log(`
server list in Chromium (${list.rows} rows, medians of 5; baseline: one idle frame, ${list.idleFrameMs.toFixed(1)} ms):
  first search (fetches the data): ${list.firstSearchMs.toFixed(1)} ms, ${ratio(list.firstSearchMs)}× the baseline
  search (type a query):   ${list.searchMs.toFixed(1)} ms (target < 200 ms), ${ratio(list.searchMs)}× the baseline
  clear the search:        ${list.clearMs.toFixed(1)} ms (target < 200 ms), ${ratio(list.clearMs)}× the baseline
  sort by domain (click):  ${list.sortMs.toFixed(1)} ms (target < 200 ms), ${ratio(list.sortMs)}× the baseline`);
}
