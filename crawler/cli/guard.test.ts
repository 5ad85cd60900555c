import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { EXIT } from "./exit.ts";

const guard = fileURLToPath(new URL("./guard.ts", import.meta.url));

/** Runs `body` in a fresh Node process with the guard installed and an interval keeping it alive. */
function run(body: string) {
  const script = `import { guardProcess, reportFatalWith } from ${JSON.stringify(guard)};
guardProcess();
setInterval(() => {}, 1000);
${body}`;
  return spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { encoding: "utf8", timeout: 60_000 });
}

describe("guardProcess", () => {
  it("reports an uncaught exception and exits 70 instead of hanging or dying silently", () => {
    const result = run(`setTimeout(() => { throw new TypeError("boom in a callback"); }, 10);`);
    expect(result.status).toBe(EXIT.internal);
    expect(result.stderr).toContain("observatory: internal error (uncaught exception), please report it: TypeError: boom in a callback");
  });

  it("does the same for an unhandled rejection", () => {
    const result = run(`Promise.reject(new Error("lost promise"));`);
    expect(result.status).toBe(EXIT.internal);
    expect(result.stderr).toContain("internal error (unhandled rejection), please report it: Error: lost promise");
  });

  it("reports through the reporter it is given (the daemon's JSON log)", () => {
    const result = run(`reportFatalWith((kind, e) => process.stderr.write(JSON.stringify({ event: "internal-error", kind, error: String(e) }) + "\\n"));
setTimeout(() => { throw new Error("x"); }, 10);`);
    expect(result.status).toBe(EXIT.internal);
    expect(JSON.parse(result.stderr.trim())).toEqual({ event: "internal-error", kind: "uncaught exception", error: "Error: x" });
  });
});
