import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { withRecipes } from "../site/lib/recipes.ts";
import { readRecipe } from "./recipes.ts";

it("the README's recipes are deploy/recipes' files (run npm run readme:recipes after changing one)", () => {
  const readme = readFileSync(fileURLToPath(new URL("../README.md", import.meta.url)), "utf8");
  expect(readme).toBe(withRecipes(readme, (file) => readRecipe(file)));
});
