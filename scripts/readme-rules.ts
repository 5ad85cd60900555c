// npm run readme:rules: writes the README's rule table from the catalogue (crawler/rules).
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { withRulesTable } from "../crawler/present/readme-table.ts";

const path = fileURLToPath(new URL("../README.md", import.meta.url));
writeFileSync(path, withRulesTable(readFileSync(path, "utf8")));
console.log("wrote the rule table in README.md");
