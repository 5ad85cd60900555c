// npm run readme:recipes: writes the README's recipes from deploy/recipes/ (site/lib/recipes.ts).
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { withRecipes } from "../site/lib/recipes.ts";
import { readRecipe } from "./recipes.ts";

const path = fileURLToPath(new URL("../README.md", import.meta.url));
writeFileSync(
  path,
  withRecipes(readFileSync(path, "utf8"), (file) => readRecipe(file)),
);
console.log("wrote the recipes in README.md");
