import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { withRulesTable } from "./readme-table.ts";

it("the README's rule table is the catalogue's (run npm run readme:rules after changing a rule)", () => {
  const readme = readFileSync(fileURLToPath(new URL("../../README.md", import.meta.url)), "utf8");
  expect(readme).toBe(withRulesTable(readme));
});
