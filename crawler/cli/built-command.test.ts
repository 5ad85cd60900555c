// The observatory command runs the crawler bundled to JavaScript (build/): the package's version,
// bundled in, and the site's folder, found through import.meta.url, are the same from the build as
// from the sources, and a build older than its sources is never run without a word.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { buildCrawler, staleness } from "../../bin/crawler-build.mjs";
import { PROJECT_ROOT } from "../schedule/build.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const BIN = join(ROOT, "bin/observatory.mjs");

/** The command as a user runs it, from another folder, with nothing of the tests' environment. */
function observatory(args: string[], extraEnv: Record<string, string> = {}, bin = BIN) {
  const cwd = mkdtempSync(join(tmpdir(), "built-command-"));
  const run = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...extraEnv },
    encoding: "utf8",
    timeout: 60_000,
  });
  rmSync(cwd, { recursive: true, force: true });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe("the compiled command", () => {
  it("is current (the tests' global setup compiles it)", () => {
    expect(staleness()).toBeUndefined();
  });

  it("prints its help from the build, as from the sources", () => {
    const built = observatory(["--help"]);
    expect(built.code).toBe(0);
    expect(built.stderr).toBe(""); // a build it could not run would have been named here
    expect(built.stdout.split("\n")[0]).toBe("Usage: observatory [options] [command]");
    const sources = observatory(["--help"], { OBSERVATORY_FROM_SOURCES: "1" });
    expect(sources).toEqual(built);
  });

  it("reads its version from package.json in the build, as in the sources", () => {
    expect(observatory(["--version"])).toEqual({ code: 0, stdout: "0.1.0\n", stderr: "" });
    expect(observatory(["--version"], { OBSERVATORY_FROM_SOURCES: "1" })).toEqual({ code: 0, stdout: "0.1.0\n", stderr: "" });
  });

  it("has one source that finds files through import.meta.url, at the depth of every file of the build", () => {
    const users = readdirSync(join(ROOT, "crawler"), { recursive: true, encoding: "utf8" })
      .filter((file) => file.endsWith(".ts") && !file.endsWith(".test.ts"))
      .filter((file) => readFileSync(join(ROOT, "crawler", file), "utf8").includes("import.meta.url"));
    expect(users).toEqual(["schedule/build.ts"]);
    const built = readdirSync(join(ROOT, "build"), { recursive: true, encoding: "utf8" }).filter((file) => file.endsWith(".js"));
    expect(built.filter((file) => file.split("/").length !== 2)).toEqual([]);
  });

  it("finds the site's sources (through import.meta.url) from the build, as from the sources", () => {
    const built = pathToFileURL(join(ROOT, "build/schedule/build.js")).href;
    const run = spawnSync(process.execPath, ["--input-type=module", "-e", `console.log((await import(${JSON.stringify(built)})).PROJECT_ROOT)`], {
      encoding: "utf8",
    });
    expect(run.stderr).toBe("");
    expect(run.stdout).toBe(`${PROJECT_ROOT}\n`);
    expect(PROJECT_ROOT).toBe(ROOT);
    expect(existsSync(join(PROJECT_ROOT, "astro.config.mjs"))).toBe(true);
  });
});

describe("a stale build", () => {
  function project(): string {
    const root = mkdtempSync(join(tmpdir(), "stale-build-"));
    mkdirSync(join(root, "crawler/cli"), { recursive: true });
    for (const file of ["crawler/cli/main.ts", "crawler/cli/main.test.ts", "tsconfig.json", "package.json"]) {
      writeFileSync(join(root, file), "");
      utimesSync(join(root, file), 1_000, 1_000);
    }
    return root;
  }
  const build = (root: string, at: number) => {
    mkdirSync(join(root, "build"), { recursive: true });
    writeFileSync(join(root, "build/.stamp"), "");
    utimesSync(join(root, "build/.stamp"), at, at);
  };
  const touch = (root: string, file: string, at: number) => utimesSync(join(root, file), at, at);

  it("is missing before the first build", () => {
    const root = project();
    expect(staleness(root)).toBe("the compiled crawler (build/) is missing");
    rmSync(root, { recursive: true, force: true });
  });

  it("is older than a source changed after it, or a compiler setting; a test changed after it does not count", () => {
    const root = project();
    build(root, 2_000);
    expect(staleness(root)).toBeUndefined();
    touch(root, "crawler/cli/main.test.ts", 3_000);
    expect(staleness(root)).toBeUndefined();
    touch(root, "crawler/cli/main.ts", 2_001);
    expect(staleness(root)).toBe("the compiled crawler (build/) is older than crawler/cli/main.ts");
    build(root, 3_000);
    touch(root, "tsconfig.json", 4_000);
    expect(staleness(root)).toBe("the compiled crawler (build/) is older than tsconfig.json");
    build(root, 5_000);
    touch(root, "package.json", 6_000);
    expect(staleness(root)).toBe("the compiled crawler (build/) is older than package.json");
    rmSync(root, { recursive: true, force: true });
  });
});

describe("the command, given a build older than its sources", () => {
  // A copy of the command, its sources and its build, whose times the test sets: the checkout's own
  // build is never made stale under other tests.
  function copy(): string {
    const root = mkdtempSync(join(tmpdir(), "stale-command-"));
    for (const path of ["bin", "crawler", "build", "package.json", "package-lock.json", "tsconfig.json"])
      cpSync(join(ROOT, path), join(root, path), { recursive: true });
    symlinkSync(join(ROOT, "node_modules"), join(root, "node_modules"));
    return root;
  }
  const inAnHour = Date.now() / 1000 + 3600;

  it("runs the build while it is current", () => {
    const root = copy();
    utimesSync(join(root, "build/.stamp"), inAnHour, inAnHour);
    expect(observatory(["--version"], {}, join(root, "bin/observatory.mjs"))).toEqual({ code: 0, stdout: "0.1.0\n", stderr: "" });
    rmSync(root, { recursive: true, force: true });
  });

  it("says so and runs the sources through tsx when a source is newer", () => {
    const root = copy();
    utimesSync(join(root, "build/.stamp"), inAnHour, inAnHour);
    utimesSync(join(root, "crawler/cli/main.ts"), inAnHour + 1, inAnHour + 1);
    expect(observatory(["--version"], {}, join(root, "bin/observatory.mjs"))).toEqual({
      code: 0,
      stdout: "0.1.0\n",
      stderr:
        "observatory: the compiled crawler (build/) is older than crawler/cli/main.ts: running the TypeScript sources through tsx, slower (npm run build:crawler compiles it)\n",
    });
    rmSync(root, { recursive: true, force: true });
  });

  it("says so and runs the sources through tsx when there is no build", () => {
    const root = copy();
    rmSync(join(root, "build"), { recursive: true });
    expect(observatory(["--version"], {}, join(root, "bin/observatory.mjs"))).toEqual({
      code: 0,
      stdout: "0.1.0\n",
      stderr: "observatory: the compiled crawler (build/) is missing: running the TypeScript sources through tsx, slower (npm run build:crawler compiles it)\n",
    });
    rmSync(root, { recursive: true, force: true });
  });
});

describe("a rebuild under a running command", () => {
  it("keeps the previous build's own chunks, which that command may still import, for one build only", async () => {
    const root = mkdtempSync(join(tmpdir(), "rebuild-"));
    for (const path of ["bin", "crawler", "package.json", "package-lock.json", "tsconfig.json"])
      cpSync(join(ROOT, path), join(root, path), { recursive: true });
    symlinkSync(join(ROOT, "node_modules"), join(root, "node_modules"));
    // A previous build, as a daemon started from it sees it: a chunk of its own that the next build does not make.
    mkdirSync(join(root, "build/chunks"), { recursive: true });
    writeFileSync(join(root, "build/chunks/gone-ABCDEFGH.js"), "export const before = 1;\n");
    writeFileSync(join(root, "build/.own-chunks"), "gone-ABCDEFGH.js\n");
    const own = () => readFileSync(join(root, "build/.own-chunks"), "utf8").split("\n").filter(Boolean);
    const chunks = () => readdirSync(join(root, "build/chunks"));

    await buildCrawler(root);
    expect(chunks()).toContain("gone-ABCDEFGH.js");
    expect(own()).not.toContain("gone-ABCDEFGH.js");
    expect(own().length).toBeGreaterThan(10);
    expect(chunks().length).toBe(own().length + 1);

    await buildCrawler(root);
    expect(chunks()).not.toContain("gone-ABCDEFGH.js");
    expect(chunks().sort()).toEqual(own().sort());
    rmSync(root, { recursive: true, force: true });
  });
});
