// Building the site (Astro) from a store into a folder, as a child process: the crawler itself
// never renders HTML. A build that hangs is stopped after SITE_BUILD_TIMEOUT_MS, so that it
// cannot block every later run.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { siteBuildEnvironment } from "../config.ts";
import { SITE_BUILD_TIMEOUT_MS } from "../politeness.ts";
import { BUILD_KILL_GRACE_MS } from "../politeness.ts";

/** The project's folder, where the site's sources are: the same from crawler/ and from its compiled copy build/ (bin/crawler-build.mjs). */
export const PROJECT_ROOT = fileURLToPath(new URL("../..", import.meta.url));
/** The end of the build's output kept for the log: enough for the error, never unbounded. */
const OUTPUT_KEPT_CHARS = 64 * 1024;
/** After SIGTERM, how long the build has to exit before SIGKILL. */

export function buildSite(
  db: string,
  outDir: string,
  extraEnv: Record<string, string> = {},
  timeoutMs: number = SITE_BUILD_TIMEOUT_MS,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["node_modules/astro/astro.js", "build"], {
      cwd: PROJECT_ROOT,
      // An allow-list: the build gets what the site reads, never the account's password or other secrets.
      env: {
        ...siteBuildEnvironment(),
        OBSERVATORY_DB: db,
        OBSERVATORY_SITE_OUT: outDir,
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
  });
}
