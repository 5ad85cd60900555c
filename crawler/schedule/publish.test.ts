import { existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkPublishDir, newReleaseDir, publishRelease, releasesDir } from "./publish.ts";
import { KEPT_RELEASES } from "../politeness.ts";

describe("publishing releases", () => {
  it("swaps a link to each new release and keeps the last few", () => {
    const root = mkdtempSync(join(tmpdir(), "publish-"));
    const site = join(root, "site");
    for (let i = 0; i < 5; i++) {
      const release = newReleaseDir(site, new Date(Date.UTC(2026, 0, 1, 0, i)));
      writeFileSync(join(release, "index.html"), `release ${i}`);
      publishRelease(site, release);
      expect(readFileSync(join(site, "index.html"), "utf8")).toBe(`release ${i}`);
    }
    expect(readdirSync(releasesDir(site))).toHaveLength(KEPT_RELEASES);
    expect(readlinkSync(site)).toContain("2026-01-01T00-04");
    expect(existsSync(`${site}.next-${process.pid}`)).toBe(false);
  });

  it("refuses to replace a real folder", () => {
    const root = mkdtempSync(join(tmpdir(), "publish-"));
    mkdirSync(join(root, "dist"));
    expect(() => checkPublishDir(join(root, "dist"))).toThrow(/is a folder, not a link/);
  });
});
