// Writes the JSON Schemas of the contract (crawler/contract.ts) into schemas/.
// Run after changing the contract: npm run schemas. A test fails while they differ.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { schemaFiles } from "../crawler/schema-files.ts";

const dir = fileURLToPath(new URL("../schemas/", import.meta.url));
for (const [name, text] of Object.entries(schemaFiles())) writeFileSync(`${dir}${name}`, text);
console.log(`wrote ${Object.keys(schemaFiles()).join(", ")} in schemas/`);
