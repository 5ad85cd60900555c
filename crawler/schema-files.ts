// The schema files as text, from the contract: one definition, rendered the same way everywhere.
import { CheckOutputSchema, DomainReportSchema, RulesFileSchema, SelftestOutputSchema, ServerFileSchema, ServersFileSchema } from "./contract.ts";

const META = "https://json-schema.org/draft/2020-12/schema";

function render(schema: object): string {
  // TypeBox adds symbol-keyed metadata only; JSON.stringify drops it.
  return `${JSON.stringify({ $schema: META, ...schema }, null, 2)}\n`;
}

export function schemaFiles(): Record<string, string> {
  const report = DomainReportSchema;
  // The check output refers to the report by its $id, so the two files stay one definition.
  const output = { $id: CheckOutputSchema.$id, title: CheckOutputSchema.title, anyOf: [{ $ref: report.$id }, { type: "array", items: { $ref: report.$id } }] };
  return {
    "domain-report.schema.json": render(report),
    "check-output.schema.json": render(output),
    "servers.schema.json": render(ServersFileSchema),
    "server.schema.json": render(ServerFileSchema),
    "rules.schema.json": render(RulesFileSchema),
    "selftest-output.schema.json": render(SelftestOutputSchema),
  };
}
