// A reader that stops reading (`observatory --help | head -1`, a pager quit early) ends the
// command quietly: the real command, its standard output a pipe closed before it writes.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../../bin/observatory.mjs", import.meta.url));

function runWithStdoutClosed(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  // Closed at once: the command takes far longer than this to load, so its first write meets a closed pipe.
  child.stdout.destroy();
  let stderr = "";
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on("close", (code) => resolve({ code, stderr })));
}

describe("a closed standard output", () => {
  it("ends --help quietly with exit 0, not an internal error (70) with an EPIPE stack", async () => {
    expect(await runWithStdoutClosed(["--help"])).toEqual({ code: 0, stderr: "" });
  }, 60_000);

  it("ends a subcommand's help the same way", async () => {
    expect(await runWithStdoutClosed(["domains", "import", "--help"])).toEqual({ code: 0, stderr: "" });
  }, 60_000);
});
