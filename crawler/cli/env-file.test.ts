// The daemon warns at start when the file that holds its account's password can be read by others:
// the real command, with a .env in its working folder and the service manager's file named by
// OBSERVATORY_ENV_FILE. A bad schedule stops it right after, with no server needed.
import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const BIN = fileURLToPath(new URL("../../bin/observatory.mjs", import.meta.url));

function daemonWarnings(mode: number): { dir: string; code: number | null; warnings: unknown[] } {
  const dir = mkdtempSync(`${tmpdir()}/env-file-`);
  for (const file of [".env", "observatory.env"]) {
    writeFileSync(`${dir}/${file}`, "OBSERVATORY_JID=observatory@example.org\nOBSERVATORY_PASSWORD=not-for-others\n");
    chmodSync(`${dir}/${file}`, mode);
  }
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, OBSERVATORY_ENV_FILE: `${dir}/observatory.env`, OBSERVATORY_DB: `${dir}/store.sqlite` };
  const run = spawnSync(process.execPath, [BIN, "daemon", "--schedule", "every six hours"], { cwd: dir, env, encoding: "utf8", timeout: 60_000 });
  rmSync(dir, { recursive: true, force: true });
  const events = run.stderr
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { level: string; event: string; time?: string });
  return { dir, code: run.status, warnings: events.filter((e) => e.level === "warn").map(({ time: _time, ...rest }) => rest) };
}

describe("the daemon's environment files", () => {
  it("are warned about at start when others can read them (a copied .env.example is 0644)", () => {
    const { dir, code, warnings } = daemonWarnings(0o644);
    expect(code).toBe(2); // the bad schedule
    expect(warnings).toEqual(
      [".env", "observatory.env"].map((name) => ({
        level: "warn",
        event: "environment-file-readable",
        file: `${dir}/${name}`,
        mode: "0644",
        why: "it holds the account's password, and users other than its owner can read it",
        fix: `chmod 600 ${dir}/${name}`,
      })),
    );
  });

  it("are not warned about when only their owner can read them", () => {
    const { code, warnings } = daemonWarnings(0o600);
    expect(code).toBe(2);
    expect(warnings).toEqual([]);
  });
});
