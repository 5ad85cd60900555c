// A benchmark worker that runs the compiled crawler (build/), as production does, rather than its
// sources through tsx: tsx's loader thread alone costs about 30 MB of RSS and some CPU, which
// would be measured as the crawler's. The worker's own file and the scripts it uses are bundled by
// esbuild into one JavaScript file; every import of crawler/ is pointed at the same module in
// build/, and npm packages stay imports of node_modules.
import { mkdirSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";
import { BUILD_DIR, buildCrawler, PROJECT_ROOT, staleness } from "../../bin/crawler-build.mjs";

/** Beside the packages, so that the bundle's imports of them resolve as the sources' do. */
const OUT_DIR = join(PROJECT_ROOT, "node_modules", ".cache", "observatory-bench");
const CRAWLER = join(PROJECT_ROOT, "crawler") + sep;

/** crawler/x/y.ts → build/x/y.js, left as an import: the one compiled module, not a copy in the bundle. */
const crawlerFromBuild: Plugin = {
  name: "crawler-from-build",
  setup(on) {
    on.onResolve({ filter: /^\.\.?\// }, (args) => {
      const source = resolve(args.resolveDir, args.path);
      if (!source.startsWith(CRAWLER)) return undefined;
      return { path: join(PROJECT_ROOT, BUILD_DIR, relative(CRAWLER, source)).replace(/\.ts$/, ".js"), external: true };
    });
  },
};

/** The worker scripts/bench/<name>.ts as a JavaScript file that runs on plain node; compiles build/ first when it is stale. */
export async function compiledWorker(name: string): Promise<string> {
  const stale = staleness();
  if (stale !== undefined) {
    console.log(`${stale}: compiling it`);
    buildCrawler();
  }
  const entry = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  const out = join(OUT_DIR, `${name}.mjs`);
  mkdirSync(dirname(out), { recursive: true });
  await build({
    entryPoints: [entry],
    outfile: out,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    plugins: [crawlerFromBuild],
    logLevel: "warning",
  });
  return out;
}
