// scripts/capture-outputs.ts OUT-DIR: what the observatory says about the local federation, with
// times and ids left out, so that two versions of the code can be diffed (a refactoring must not
// change it). Starts the federation, runs `check --json` on every domain, crawls into a fresh
// store, builds the site from it, and writes check/<domain>.json, servers.json and rules.json.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { startFederation } from "./federation/federation.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BIN = fileURLToPath(new URL("../bin/observatory.mjs", import.meta.url));
/** Keys whose values differ from run to run by nature. */
const VOLATILE = new Set(["probedAt", "durationMs", "generatedAt", "crawl", "crawlId", "since"]);

function run(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(args[0]!, args.slice(1), { cwd: ROOT, env, stdio: ["ignore", "pipe", "inherit"] });
    let stdout = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.on("close", (code) => resolve({ code, stdout }));
  });
}

/** Prosody lists its features in an order that changes with each start: it carries no meaning. */
const UNORDERED = new Set(["features"]);

function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !VOLATILE.has(k))
        .map(([k, v]) => [k, UNORDERED.has(k) && Array.isArray(v) ? [...(v as string[])].sort() : stable(v)]),
    );
  }
  return value;
}

const out = process.argv[2];
if (!out) {
  console.error("usage: capture-outputs.ts OUT-DIR");
  process.exit(2);
}
mkdirSync(`${out}/check`, { recursive: true });
const federation = await startFederation();
try {
  const work = mkdtempSync(`${tmpdir()}/observatory-capture-`);
  const env = federation.crawlerEnv({ OBSERVATORY_DB: `${work}/store.sqlite`, OBSERVATORY_SITE_OUT: `${work}/dist`, ASTRO_TELEMETRY_DISABLED: "1" });
  for (const domain of federation.domains) {
    const { stdout } = await run([process.execPath, BIN, "check", "--json", "--no-store", domain], env);
    writeFileSync(`${out}/check/${domain}.json`, `${JSON.stringify(stable(JSON.parse(stdout)), null, 2)}\n`);
  }
  const list = `${work}/domains.txt`;
  writeFileSync(list, ["# source: capture", ...federation.domains].join("\n") + "\n");
  await run([process.execPath, BIN, "crawl", "--domains", list], env);
  const built = await run([process.execPath, "node_modules/astro/astro.js", "build", "--silent"], env);
  if (built.code !== 0) throw new Error(`the build failed (exit ${built.code})`);
  for (const name of ["servers.json", "rules.json"]) {
    const data = JSON.parse(readFileSync(`${work}/dist/data/${name}`, "utf8")) as unknown;
    writeFileSync(`${out}/${name}`, `${JSON.stringify(stable(data), null, 2)}\n`);
  }
  console.log(`captured into ${out} (work files in ${work})`);
} finally {
  await federation.stop();
}
