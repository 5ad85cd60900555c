// The crawler compiled to JavaScript (build/), which bin/observatory.mjs runs: how it is made
// (`npm run build:crawler`, which scripts/setup.sh runs) and whether it is older than its sources.
// Plain JavaScript, so that the command can ask before anything is compiled.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const PROJECT_ROOT = fileURLToPath(new URL("..", import.meta.url));
/**
 * build/ mirrors crawler/ at the same depth below the project (tsconfig.build.json: rootDir crawler,
 * outDir build), so what the crawler finds through import.meta.url (../package.json, the site's
 * folder ../..) resolves to the same files from either.
 */
export const BUILD_DIR = "build";
/** Written last by a build: its time is the build's. */
export const STAMP = ".stamp";
/** What the build is made from, besides crawler/'s sources (tests excepted). */
const CONFIG_FILES = ["tsconfig.json", "tsconfig.build.json"];

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
 * Compiles crawler/ into build/ with tsc. It compiles into a folder of its own first and then swaps
 * it in, so that a command starting meanwhile never loads a half-written build.
 */
export function buildCrawler(root = PROJECT_ROOT) {
  const fresh = `${BUILD_DIR}.new-${process.pid}`;
  const old = `${BUILD_DIR}.old-${process.pid}`;
  rmSync(join(root, fresh), { recursive: true, force: true });
  const tsc = spawnSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json", "--outDir", fresh], {
    cwd: root,
    stdio: "inherit",
  });
  if (tsc.status !== 0) {
    rmSync(join(root, fresh), { recursive: true, force: true });
    throw new Error(`tsc -p tsconfig.build.json failed (${tsc.status ?? tsc.signal})`);
  }
  writeFileSync(join(root, fresh, STAMP), `${new Date().toISOString()}\n`);
  if (existsSync(join(root, BUILD_DIR))) renameSync(join(root, BUILD_DIR), join(root, old));
  renameSync(join(root, fresh), join(root, BUILD_DIR));
  rmSync(join(root, old), { recursive: true, force: true });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) buildCrawler();
