// Where a site build writes: its site, and nothing in the project. The daemon's unit makes the
// project read-only (deploy/serverinfo-observatory.service: ProtectSystem=strict), and a daemon's
// build may run while someone runs another from the same checkout.
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildSite, PROJECT_ROOT } from "../../crawler/schedule/build.ts";
import { writeSyntheticStore } from "../../scripts/synthetic-store.ts";

/** Every path under `dir` with its modification time, where a build could leave something (not the sources' contents). */
function snapshot(dir: string, depth = 2): Map<string, number> {
  const found = new Map<string, number>();
  if (!existsSync(dir)) return found;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    found.set(path, statSync(path).mtimeMs);
    if (entry.isDirectory() && depth > 0 && entry.name !== ".git" && entry.name !== ".servers") for (const [p, t] of snapshot(path, depth - 1)) found.set(p, t);
  }
  return found;
}

/** What the project holds where Astro and Vite write by default: its root, .astro/ and node_modules' caches. */
const projectWritable = () =>
  new Map([
    ...snapshot(PROJECT_ROOT, 0),
    ...snapshot(join(PROJECT_ROOT, ".astro")),
    ...snapshot(join(PROJECT_ROOT, "node_modules/.astro")),
    ...snapshot(join(PROJECT_ROOT, "node_modules/.vite")),
    ...snapshot(join(PROJECT_ROOT, "node_modules/.cache")),
  ]);

/** The files of a built site, relative to it. */
const siteFiles = (dir: string) => readdirSync(dir, { recursive: true, encoding: "utf8" }).sort();

describe("a site build writes its site and nothing in the project", () => {
  it("two builds at once, from one checkout, both finish, and neither leaves anything in the project or Astro's modules in its site", async () => {
    const dir = mkdtempSync(join(tmpdir(), "observatory-two-builds-"));
    writeSyntheticStore(join(dir, "store.sqlite"), { domains: 30, crawls: 2 });
    const before = projectWritable();
    const temporary = join(dir, "tmp");
    mkdirSync(temporary);
    const savedTmpdir = process.env.TMPDIR;
    process.env.TMPDIR = temporary;
    let builds: Array<{ code: number | null; output: string }>;
    try {
      builds = await Promise.all([buildSite(join(dir, "store.sqlite"), join(dir, "a")), buildSite(join(dir, "store.sqlite"), join(dir, "b"))]);
    } finally {
      if (savedTmpdir === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmpdir;
    }
    const [first, second] = builds as [{ code: number | null; output: string }, { code: number | null; output: string }];
    expect(first.code, first.output).toBe(0);
    expect(second.code, second.output).toBe(0);
    expect(projectWritable()).toEqual(before);
    expect(siteFiles(join(dir, "a"))).toEqual(siteFiles(join(dir, "b")));
    expect(siteFiles(join(dir, "a")).filter((f) => /\.mjs$|^cache\b|^chunks\b|^pages\b/.test(f))).toEqual([]);
    expect(existsSync(join(dir, "a/servers/d8.example/index.html"))).toBe(true);
    // Each build's own root, in the temporary folder, is gone.
    expect(readdirSync(temporary).filter((f) => f.startsWith("observatory-site-build-"))).toEqual([]);
  }, 180_000);

  // The deployed daemon's case, as another user than the project's owner (root here, as on CI).
  it.runIf(process.getuid?.() === 0)(
    "as a user who cannot write to the project, as the daemon's unit runs it",
    () => {
      // In /tmp itself: the tests' own temporary folder is their user's alone.
      const dir = mkdtempSync("/tmp/observatory-readonly-build-");
      chmodSync(dir, 0o777);
      try {
        writeSyntheticStore(join(dir, "store.sqlite"), { domains: 30, crawls: 2 });
        chmodSync(join(dir, "store.sqlite"), 0o644);
        const script = join(dir, "build.mjs");
        writeFileSync(
          script,
          `const { buildSite } = await import(${JSON.stringify(join(PROJECT_ROOT, "crawler/schedule/build.ts"))});\n` +
            `const r = await buildSite(${JSON.stringify(join(dir, "store.sqlite"))}, ${JSON.stringify(join(dir, "out"))});\n` +
            `if (r.code !== 0) { console.error(r.output); process.exit(1); }\n`,
        );
        const before = projectWritable();
        execFileSync("runuser", ["-u", "nobody", "--", "env", `TMPDIR=${dir}`, `HOME=${dir}`, process.execPath, "--import", "tsx", script], {
          // Where `--import tsx` is found.
          cwd: PROJECT_ROOT,
          stdio: "pipe",
        });
        expect(projectWritable()).toEqual(before);
        expect(existsSync(join(dir, "out/servers/d8.example/index.html"))).toBe(true);
        expect(statSync(join(dir, "out/index.html")).uid).not.toBe(0);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    180_000,
  );
});
