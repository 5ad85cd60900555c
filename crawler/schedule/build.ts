// Building the site (Astro) from a store into a folder, as a child process: the crawler itself
// never renders HTML.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

export function buildSite(db: string, outDir: string, extraEnv: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["node_modules/astro/astro.js", "build"], {
      cwd: ROOT,
      env: { ...process.env, OBSERVATORY_DB: db, OBSERVATORY_SITE_OUT: outDir, ASTRO_TELEMETRY_DISABLED: "1", ...extraEnv },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", (error) => resolve({ code: null, output: `${output}\n${error.message}` }));
    child.on("close", (code) => resolve({ code, output }));
  });
}
