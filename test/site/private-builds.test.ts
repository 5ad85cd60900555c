// Where a site build writes: its site, and nothing in the project. The daemon's unit makes the
// project read-only (deploy/serverinfo-observatory.service: ProtectSystem=strict), and a daemon's
// build may run while someone runs another from the same checkout.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildSite, PROJECT_ROOT } from "../../crawler/schedule/build.ts";
import { writeSyntheticStore } from "../../scripts/synthetic-store.ts";

/** Where Git and the tests' own reports write while the tests run: not where a build may. */
const NOT_WATCHED = new Set([".git", "test-results"]);

/** Every path under `dir` (to `depth` folders down) with its modification time: where a build could leave something. */
function snapshot(dir: string, depth = 2): Map<string, number> {
  const found = new Map<string, number>();
  if (!existsSync(dir)) return found;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (NOT_WATCHED.has(entry.name) || entry.name === ".servers") continue;
    const path = join(dir, entry.name);
    found.set(path, lstatSync(path).mtimeMs);
    if (entry.isDirectory() && depth > 0) for (const [p, t] of snapshot(path, depth - 1)) found.set(p, t);
  }
  return found;
}

/** What the project holds where Astro and Vite write by default: its root, .astro/, .cache/ and node_modules' caches. */
const projectWritable = () =>
  new Map([
    ...snapshot(PROJECT_ROOT, 0),
    ...[".astro", ".cache", "node_modules/.astro", "node_modules/.vite", "node_modules/.cache"].flatMap((d) => [...snapshot(join(PROJECT_ROOT, d))]),
  ]);

/** Whether this process may mount in a namespace of its own: root with CAP_SYS_ADMIN (on CI, and here; not in every container). */
const canMountReadOnly = process.getuid?.() === 0 && spawnSync("unshare", ["--mount", "true"]).status === 0;

/** The files of a built site, relative to it. */
const siteFiles = (dir: string) => readdirSync(dir, { recursive: true, encoding: "utf8" }).sort();

type Build = Awaited<ReturnType<typeof buildSite>>;

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("a site build writes its site and nothing in the project", () => {
  it("two builds at once, from one checkout, both finish, and neither leaves anything in the project or Astro's files in its site", async () => {
    const dir = mkdtempSync(join(tmpdir(), "observatory-two-builds-"));
    made.push(dir);
    writeSyntheticStore(join(dir, "store.sqlite"), { domains: 30, crawls: 2 });
    const before = projectWritable();
    const temporary = join(dir, "tmp");
    mkdirSync(temporary);
    const savedTmpdir = process.env.TMPDIR;
    process.env.TMPDIR = temporary;
    let builds: Build[];
    try {
      builds = await Promise.all([buildSite(join(dir, "store.sqlite"), join(dir, "a")), buildSite(join(dir, "store.sqlite"), join(dir, "b"))]);
    } finally {
      if (savedTmpdir === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmpdir;
    }
    const [first, second] = builds as [Build, Build];
    expect(first.code, first.output).toBe(0);
    expect(second.code, second.output).toBe(0);
    expect(projectWritable()).toEqual(before);
    expect(siteFiles(join(dir, "a"))).toEqual(siteFiles(join(dir, "b")));
    // Astro's page modules and content files, and the caches, stay out of the site.
    expect(siteFiles(join(dir, "a")).filter((f) => /\.mjs$|^(cache|vite|chunks|pages|collections)\b/.test(f))).toEqual([]);
    expect(existsSync(join(dir, "a/servers/d8.example/index.html"))).toBe(true);
    // Each build's own root, in the temporary folder, is gone.
    expect(readdirSync(temporary).filter((f) => f.startsWith("observatory-site-build-"))).toEqual([]);
  }, 180_000);

  // As systemd's ProtectSystem=strict does it: the project mounted read-only, in a mount namespace of
  // the build's own (unshare(1)).
  it.runIf(canMountReadOnly)(
    "in a project mounted read-only, as the daemon's unit runs it",
    () => {
      const dir = mkdtempSync(join(tmpdir(), "observatory-readonly-build-"));
      made.push(dir);
      writeSyntheticStore(join(dir, "store.sqlite"), { domains: 30, crawls: 2 });
      const script = join(dir, "build.mjs");
      writeFileSync(
        script,
        `const { buildSite } = await import(${JSON.stringify(join(PROJECT_ROOT, "crawler/schedule/build.ts"))});\n` +
          `const r = await buildSite(${JSON.stringify(join(dir, "store.sqlite"))}, ${JSON.stringify(join(dir, "out"))});\n` +
          `if (r.code !== 0) { console.error(r.output); process.exit(1); }\n`,
      );
      const before = projectWritable();
      const readOnly = 'mount --bind -o ro "$0" "$0" && if [ -w "$0" ]; then echo "the project is still writable" >&2; exit 9; fi; exec "$@"';
      execFileSync("unshare", ["--mount", "--", "sh", "-c", readOnly, PROJECT_ROOT, process.execPath, "--import", "tsx", script], {
        // Where `--import tsx` is found.
        cwd: PROJECT_ROOT,
        stdio: "pipe",
        timeout: 170_000,
      });
      expect(projectWritable()).toEqual(before);
      expect(existsSync(join(dir, "out/servers/d8.example/index.html"))).toBe(true);
    },
    180_000,
  );
});
