import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";
import { buildSite } from "./build.ts";

describe("buildSite", () => {
  it("stops a build that runs past its time limit, and says so", async () => {
    const dir = mkdtempSync(`${tmpdir()}/build-`);
    const started = Date.now();
    const result = await buildSite(`${dir}/none.sqlite`, `${dir}/out`, {}, 200);
    expect(result.code).toBeNull();
    expect(result.output).toContain("the site build did not finish within 200 ms and was stopped");
    expect(Date.now() - started).toBeLessThan(15_000);
  }, 30_000);
});
