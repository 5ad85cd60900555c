// The crawler bundled to JavaScript (build/), which bin/observatory.mjs runs: how it is made
// (`npm run build:crawler`, which scripts/setup.sh runs) and whether it is older than its sources.
// Bundled rather than compiled file by file: a command then opens a few dozen files, not hundreds
// (`check`: 44 against 645, 200 of them typebox's), which cuts the CPU of loading it by about three quarters (issue 34).
// Plain JavaScript, so that the command can ask before anything is compiled.
import { existsSync, linkSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const PROJECT_ROOT = fileURLToPath(new URL("..", import.meta.url));
/**
 * build/ holds the crawler bundled by esbuild: its entry points where crawler/ has them
 * (build/cli/main.js for crawler/cli/main.ts) and the modules they share, or load lazily, in
 * build/chunks/. Every file sits two folders below the project, as crawler/schedule/build.ts does,
 * the one source that finds files through import.meta.url (the site's folder, ../..; checked by
 * built-command.test): that resolves to the same files from either.
 */
export const BUILD_DIR = "build";
/** Written last by a build: its time is the build's. */
export const STAMP = ".stamp";
/**
 * What the build is made from, besides crawler/'s sources (tests excepted): the compiler's settings,
 * this file's bundling options, package.json (its version is bundled in) and the npm packages bundled
 * in, as package-lock.json pins them.
 */
const CONFIG_FILES = ["tsconfig.json", "bin/crawler-build.mjs", "package.json", "package-lock.json"];

/** The newest source of the build, with its modification time (ms). */
function newestSource(root) {
  let newest = { file: "", mtimeMs: 0 };
  const consider = (file) => {
    const { mtimeMs } = statSync(join(root, file));
    if (mtimeMs > newest.mtimeMs) newest = { file, mtimeMs };
  };
  for (const entry of readdirSync(join(root, "crawler"), { recursive: true, encoding: "utf8" })) {
    if (entry.endsWith(".ts") && !entry.endsWith(".test.ts")) consider(join("crawler", entry));
  }
  for (const file of CONFIG_FILES) if (existsSync(join(root, file))) consider(file);
  return newest;
}

/** Why the build cannot be run as it is (missing, or older than a source it was made from), or undefined when it is current. */
export function staleness(root = PROJECT_ROOT) {
  let built;
  try {
    built = statSync(join(root, BUILD_DIR, STAMP)).mtimeMs;
  } catch {
    return `the compiled crawler (${BUILD_DIR}/) is missing`;
  }
  const newest = newestSource(root);
  if (newest.mtimeMs > built) return `the compiled crawler (${BUILD_DIR}/) is older than ${newest.file}`;
  return undefined;
}

/**
 * How the crawler is bundled, for production (build/) and for the benchmarks' workers
 * (scripts/bench/compiled-worker.ts), which then measure the same code: one ESM bundle for node, the
 * npm packages bundled in but better-sqlite3 (native: node loads it from node_modules), split at each
 * dynamic import() so that a command still loads only its own modules,
 * with source maps so that a bug's stack names crawler/'s lines. JSON (package.json's version) is
 * bundled in, hence package.json among the build's sources.
 */
export const BUNDLE_OPTIONS = {
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  external: ["better-sqlite3"],
  // Bundled CommonJS packages require() node's own modules; an ES module has no require of its own.
  banner: { js: 'import { createRequire as __observatoryRequire } from "node:module"; const require = __observatoryRequire(import.meta.url);' },
  splitting: true,
  sourcemap: true,
  // The stack names crawler/'s files and lines; their text is not needed for that, and is read at load.
  sourcesContent: false,
  chunkNames: "chunks/[name]-[hash]",
  logLevel: "warning",
};

/** Lists the chunks a build made itself, apart from those carried over from the build before it. */
const OWN_CHUNKS = ".own-chunks";

/**
 * A command loads a command's or an error's modules when it needs them (crawler/cli/main.ts), from
 * the build it started with. Chunks are named by their content, so a rebuild under a running daemon
 * would leave its next import() nothing to load: the new build keeps the previous build's own
 * chunks beside its own (hard links), one build back, so that the store of chunks stays bounded.
 */
function carryOverChunks(previous, fresh) {
  const chunks = join(fresh, "chunks");
  const own = existsSync(chunks) ? readdirSync(chunks) : [];
  writeFileSync(join(fresh, OWN_CHUNKS), own.map((name) => `${name}\n`).join(""));
  let theirs = [];
  try {
    theirs = readFileSync(join(previous, OWN_CHUNKS), "utf8").split("\n").filter(Boolean);
  } catch {
    return; // no build before this one, or one from before chunks were carried over
  }
  mkdirSync(chunks, { recursive: true });
  for (const name of theirs) {
    if (own.includes(name) || name.includes("/")) continue;
    try {
      linkSync(join(previous, "chunks", name), join(chunks, name));
    } catch {
      // gone meanwhile: nothing to keep
    }
  }
}

/**
 * Bundles crawler/ into build/. It builds into a folder of its own first and then swaps it in, so
 * that a command starting meanwhile never loads a half-written build. crawler/schedule/build.ts is an
 * entry point of its own so that its PROJECT_ROOT can be checked from the build (built-command.test).
 */
export async function buildCrawler(root = PROJECT_ROOT) {
  const fresh = `${BUILD_DIR}.new-${process.pid}`;
  const old = `${BUILD_DIR}.old-${process.pid}`;
  rmSync(join(root, fresh), { recursive: true, force: true });
  // Loaded here, not with the module: the command imports this module for staleness() at every start.
  const { build } = await import("esbuild");
  try {
    await build({
      ...BUNDLE_OPTIONS,
      absWorkingDir: root,
      entryPoints: ["crawler/cli/main.ts", "crawler/schedule/build.ts"],
      outbase: "crawler",
      outdir: fresh,
    });
  } catch (error) {
    rmSync(join(root, fresh), { recursive: true, force: true });
    throw error;
  }
  carryOverChunks(join(root, BUILD_DIR), join(root, fresh));
  writeFileSync(join(root, fresh, STAMP), `${new Date().toISOString()}\n`);
  if (existsSync(join(root, BUILD_DIR))) renameSync(join(root, BUILD_DIR), join(root, old));
  renameSync(join(root, fresh), join(root, BUILD_DIR));
  rmSync(join(root, old), { recursive: true, force: true });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await buildCrawler();
