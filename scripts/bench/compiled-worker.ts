// A benchmark worker that runs the crawler as production does, bundled to JavaScript on plain node,
// rather than its sources through tsx: tsx's loader thread alone costs about 30 MB of RSS and some
// CPU, which would be measured as the crawler's. The worker's own file, the scripts it uses and the
// crawler/ modules it imports are bundled by esbuild with the production build's options
// (BUNDLE_OPTIONS, bin/crawler-build.mjs), so the crawler code measured is built as build/'s is.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { BUNDLE_OPTIONS, PROJECT_ROOT } from "../../bin/crawler-build.mjs";

/**
 * Inside the project, so that better-sqlite3 (left as an import) resolves from node_modules as the
 * build's does. Deeper than build/'s files: of the crawler's modules only crawler/schedule/build.ts
 * finds files through import.meta.url, and no worker imports it.
 */
const OUT_DIR = join(PROJECT_ROOT, "node_modules", ".cache", "observatory-bench");

/** The worker scripts/bench/<name>.ts as a JavaScript file that runs on plain node. */
export async function compiledWorker(name: string): Promise<string> {
  const entry = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
  const outdir = join(OUT_DIR, name);
  rmSync(outdir, { recursive: true, force: true });
  await build({ ...BUNDLE_OPTIONS, absWorkingDir: PROJECT_ROOT, entryPoints: { [name]: entry }, outdir, outExtension: { ".js": ".mjs" } });
  return join(outdir, `${name}.mjs`);
}
