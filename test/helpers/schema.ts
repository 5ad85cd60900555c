// Validates JSON against the committed schemas (schemas/), as a consumer of the data would.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const load = (name: string) => JSON.parse(readFileSync(fileURLToPath(new URL(`../../schemas/${name}`, import.meta.url)), "utf8"));

export function checkOutputValidator() {
  const ajv = new Ajv2020.default({ allErrors: true, strict: true });
  addFormats.default(ajv);
  ajv.addSchema(load("domain-report.schema.json"));
  return ajv.compile(load("check-output.schema.json"));
}

export function selftestOutputValidator() {
  const ajv = new Ajv2020.default({ allErrors: true, strict: true });
  addFormats.default(ajv);
  return ajv.compile(load("selftest-output.schema.json"));
}
