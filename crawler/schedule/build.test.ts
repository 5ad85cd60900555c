import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import { tmpdir } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { buildSite, PROJECT_ROOT } from "./build.ts";

/** The environment a running child of this process started with, and its working folder, by a word of its command line (Linux /proc). */
async function childEnvironment(commandWord: string): Promise<{ env: Record<string, string>; cwd: string }> {
  for (let i = 0; i < 1500; i++) {
    for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        if (ppid !== process.pid || !readFileSync(`/proc/${pid}/cmdline`, "utf8").includes(commandWord)) continue;
        const entries = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").filter(Boolean);
        const env = Object.fromEntries(entries.map((e) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]));
        return { env, cwd: readlinkSync(`/proc/${pid}/cwd`) };
      } catch {
        // The process ended between the listing and the reading: not ours.
      }
    }
    await sleep(20);
  }
  throw new Error(`no child running ${commandWord}`);
}

describe("buildSite", () => {
  it("stops a build that runs past its time limit, and says so", async () => {
    const dir = mkdtempSync(`${tmpdir()}/build-`);
    const started = Date.now();
    const result = await buildSite(`${dir}/none.sqlite`, `${dir}/out`, {}, 200);
    expect(result.code).toBeNull();
    expect(result.output).toContain("the site build did not finish within 200 ms and was stopped");
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 30_000);

  it("gives the build no secret of the daemon's: only the variables the site reads, and what a process needs to run", async () => {
    const dir = mkdtempSync(`${tmpdir()}/build-`);
    const secrets = { OBSERVATORY_PASSWORD: "crawler-secret", OBSERVATORY_SELFTEST_PASSWORD: "admin-secret", SOME_API_TOKEN: "token-secret" };
    const shown = { OBSERVATORY_JID: "observatory@example.org", OBSERVATORY_SITE_URL: "https://observatory.example" };
    const added = { ...secrets, ...shown };
    const saved = Object.fromEntries(Object.keys(added).map((name) => [name, process.env[name]]));
    Object.assign(process.env, added);
    let build: ReturnType<typeof buildSite>;
    try {
      build = buildSite(`${dir}/none.sqlite`, `${dir}/out`, {}, 20_000);
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
    const { env, cwd } = await childEnvironment("astro.js");
    // Nor the project's .env, which the site's configuration would read from the working folder.
    const filesWhereItRuns = [...readdirSync(cwd), ...readdirSync(dirname(cwd))];
    await build;
    rmSync(dir, { recursive: true, force: true });
    expect(cwd.startsWith(PROJECT_ROOT)).toBe(false);
    expect(filesWhereItRuns).not.toContain(".env");
    expect(filesWhereItRuns).toContain("site");
    for (const name of Object.keys(secrets)) expect(env, name).not.toHaveProperty(name);
    expect(Object.values(env).join("\n")).not.toMatch(/crawler-secret|admin-secret|token-secret/);
    expect(env).toMatchObject({ ...shown, OBSERVATORY_DB: `${dir}/none.sqlite`, OBSERVATORY_SITE_OUT: `${dir}/out`, PATH: process.env.PATH });
  }, 60_000);
});
