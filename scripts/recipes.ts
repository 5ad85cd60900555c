// The recipes' files (deploy/recipes/, listed in site/lib/recipes.ts), read for the README and for
// the federation's hosts that run them.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { RECIPE_DOMAIN } from "../site/lib/recipes.ts";

export const RECIPES_DIR = fileURLToPath(new URL("../deploy/recipes", import.meta.url));

/** A recipe's file as it is, or written for `domain` in place of the domain it is written for. */
export function readRecipe(file: string, domain = RECIPE_DOMAIN): string {
  return readFileSync(`${RECIPES_DIR}/${file}`, "utf8").replaceAll(RECIPE_DOMAIN, domain);
}
