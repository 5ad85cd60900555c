// The shipped deployment examples are valid for the tools that read them, where those tools exist.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const UNIT = fileURLToPath(new URL("../deploy/serverinfo-observatory.service", import.meta.url));
const hasSystemdAnalyze = existsSync("/usr/bin/systemd-analyze") || existsSync("/bin/systemd-analyze");

describe("deploy/", () => {
  it.skipIf(!hasSystemdAnalyze)("holds a systemd unit that systemd-analyze verifies", () => {
    expect(() => execFileSync("systemd-analyze", ["verify", UNIT], { stdio: "pipe" })).not.toThrow();
  });

  it("runs the daemon under its own user with SIGTERM for a clean stop", () => {
    const unit = readFileSync(UNIT, "utf8");
    expect(unit).toMatch(/^ExecStart=.*observatory\.mjs daemon$/m);
    expect(unit).toMatch(/^User=observatory$/m);
    expect(unit).toMatch(/^KillSignal=SIGTERM$/m);
  });
});
