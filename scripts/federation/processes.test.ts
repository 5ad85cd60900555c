import { afterAll, afterEach, describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { groupCpuMs, startDetached, stopGroup, type Started } from "./processes.ts";

describe("groupCpuMs", () => {
  const started: Started[] = [];
  const dir = mkdtempSync(`${tmpdir()}/observatory-cpu-`);
  afterEach(async () => {
    for (const s of started.splice(0)) await stopGroup(s, 1000);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("counts the CPU a group's processes have used, by the group's name", async () => {
    // A process that spends 400 ms of CPU (user and system: asking for it is a system call), says so, then only waits.
    const burner = startDetached(
      "burner",
      process.execPath,
      [
        "-e",
        "const t = process.cpuUsage(); for (let u = process.cpuUsage(t); u.user + u.system < 400_000; u = process.cpuUsage(t)); console.log('done'); setInterval(() => {}, 1000);",
      ],
      { logFile: `${dir}/burner.log` },
    );
    const idle = startDetached("idle", process.execPath, ["-e", "setInterval(() => {}, 1000);"], { logFile: `${dir}/idle.log` });
    started.push(burner, idle);
    for (let i = 0; i < 300 && !readFileSync(`${dir}/burner.log`, "utf8").includes("done"); i++) await sleep(100);
    const used = groupCpuMs([burner, idle]);
    expect(Object.keys(used).sort()).toEqual(["burner", "idle"]);
    // The 400 ms, plus Node's own start (well under a second of CPU, however slow the machine).
    expect(used.burner).toBeGreaterThanOrEqual(400);
    expect(used.burner).toBeLessThan(1400);
    expect(used.idle).toBeLessThan(1000);
  }, 60_000);
});
