// Building the site (Astro) from a store into a folder, as a child process: the crawler itself
// never renders HTML. A build that hangs is stopped after SITE_BUILD_TIMEOUT_MS, so that it
// cannot block every later run.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve as resolvePath } from "node:path";
import { fileURLToPath } from "node:url";
import { siteBuildEnvironment } from "../config.ts";
import { BUILD_KILL_GRACE_MS, SITE_BUILD_TIMEOUT_MS } from "../politeness.ts";

/** The project's folder, where the site's sources are: the same from crawler/ and from its compiled copy build/ (bin/crawler-build.mjs). */
export const PROJECT_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const ASTRO = join(PROJECT_ROOT, "node_modules/astro/astro.js");
/**
 * What a build's own root leaves out of the project: `.astro/` and `.cache/`, which are the
 * build's to write, and the .env files (`.env`, `.env.local`, `.env.production`…), which may hold
 * the account's password: Astro loads every one Vite finds in its root into the build's environment.
 */
const notLinked = (entry: string) => entry === ".astro" || entry === ".cache" || (/^\.env(\.|$)/.test(entry) && entry !== ".env.example");
/** The end of the build's output kept for the log: enough for the error, never unbounded. */
const OUTPUT_KEPT_CHARS = 64 * 1024;

/**
 * A root of the build's own, in the temporary folder: a link to each of the project's entries,
 * beside the `.astro/` (its types) and `.cache/` (Astro's and Vite's caches, as astro.config.mjs
 * puts them) that Astro writes, and the folder the build runs in, where Astro writes a static
 * build's page modules (into `.astro/` under the working folder when the output is elsewhere:
 * getOutDirWithinCwd). So a build writes nothing in the project, which the daemon's unit makes
 * read-only (ProtectSystem=strict), and two builds at once (a daemon's and `npm run build`, say)
 * do not overwrite each other's modules.
 */
function privateRoot(): { root: string; workDir: string } {
  const root = mkdtempSync(join(tmpdir(), "observatory-site-build-"));
  for (const entry of readdirSync(PROJECT_ROOT)) if (!notLinked(entry)) symlinkSync(join(PROJECT_ROOT, entry), join(root, entry));
  const workDir = join(root, "run");
  mkdirSync(workDir);
  return { root, workDir };
}

/** Builds the site from the store `db` into `outDir` (both as this process names them), in a root of its own (privateRoot). */
export function buildSite(
  db: string,
  outDir: string,
  extraEnv: Record<string, string> = {},
  timeoutMs: number = SITE_BUILD_TIMEOUT_MS,
): Promise<{ code: number | null; output: string }> {
  let own: { root: string; workDir: string };
  try {
    own = privateRoot();
  } catch (error) {
    return Promise.resolve({ code: null, output: `the site build could not make its folder: ${(error as Error).message}` });
  }
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, [ASTRO, "build", "--root", own.root], {
      cwd: own.workDir,
      // An allow-list: the build gets what the site reads, never the account's password or other secrets.
      env: {
        ...siteBuildEnvironment(),
        OBSERVATORY_DB: resolvePath(db),
        OBSERVATORY_SITE_OUT: resolvePath(outDir),
        ASTRO_TELEMETRY_DISABLED: "1",
        ...extraEnv,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const keep = (d: Buffer) => (output = (output + d.toString()).slice(-OUTPUT_KEPT_CHARS));
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    let timedOut = false;
    let killer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGTERM");
      killer = setTimeout(() => child.kill("SIGKILL"), BUILD_KILL_GRACE_MS);
    }, timeoutMs);
    const done = (result: { code: number | null; output: string }) => {
      clearTimeout(timer);
      clearTimeout(killer);
      resolve(
        timedOut
          ? {
              code: null,
              output: `${result.output}\nthe site build did not finish within ${timeoutMs >= 1000 ? `${Math.round(timeoutMs / 1000)} s` : `${timeoutMs} ms`} and was stopped`,
            }
          : result,
      );
    };
    child.on("error", (error) => done({ code: null, output: `${output}\n${error.message}` }));
    child.on("close", (code) => done({ code, output }));
  }).finally(() => {
    try {
      rmSync(own.root, { recursive: true, force: true });
    } catch {
      // Left in the temporary folder: the build's result stands either way.
    }
  });
}
