// A list's bad lines are reported on the terminal as anyone's text: control and bidi characters
// made visible. The real command, on a list file and a store in a temporary folder.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../../bin/observatory.mjs", import.meta.url));

describe("a list's skipped lines", () => {
  it("are written terminal-safe", () => {
    const dir = mkdtempSync(`${tmpdir()}/skipped-`);
    writeFileSync(`${dir}/list.txt`, "good.example\nexe.\u202egnp\u001b[2J.example\n");
    const run = spawnSync(process.execPath, [BIN, "domains", "import", `${dir}/list.txt`], {
      env: { PATH: process.env.PATH, OBSERVATORY_DB: `${dir}/store.sqlite` },
      encoding: "utf8",
      timeout: 60_000,
    });
    rmSync(dir, { recursive: true, force: true });
    expect(run.stdout).toBe("1 added, 0 already known.\n");
    expect(run.stderr).toMatch(/^[^\n]*list\.txt:2: skipped "exe\.\\u\{202e\}gnp\\u001b\[2J\.example": /);
    expect(run.stderr).not.toContain("\u001b");
    expect(run.stderr).not.toContain("\u202e");
  }, 60_000);
});
