import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { schemaFiles } from "./schema-files.ts";

describe("schemas/", () => {
  it.each(Object.entries(schemaFiles()))("%s matches the contract (run npm run schemas after changing crawler/contract.ts)", (name, text) => {
    expect(readFileSync(fileURLToPath(new URL(`../schemas/${name}`, import.meta.url)), "utf8")).toBe(text);
  });
});
