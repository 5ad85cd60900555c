// observatory check <domain>...: probe now, print the report (or JSON), store it unless --no-store.
import { normalizeDomain } from "../model/domain.ts";
import { checkDomains, crawlSettings } from "../crawl/use-case.ts";
import { CliError, EXIT } from "./exit.ts";
import { printLoginRetry, withStore } from "./context.ts";
import { failsCheck, renderReport } from "./report.ts";

export interface CheckOptions {
  json: boolean;
  store: boolean;
  timeout?: number;
}

export async function checkCommand(inputs: string[], options: CheckOptions): Promise<number> {
  const domains = inputs.map((input) => {
    const result = normalizeDomain(input);
    if (!result.ok) throw new CliError(`${JSON.stringify(input)} is not a valid domain: ${result.reason}`, EXIT.usage);
    return result.domain;
  });
  const settings = crawlSettings({ timeout: options.timeout });
  const results = options.store
    ? await withStore((store) => checkDomains(domains, settings, store, printLoginRetry))
    : await checkDomains(domains, settings, undefined, printLoginRetry);
  const reports = results.map((r) => r.report);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2)}\n`);
  } else {
    process.stdout.write(`${reports.map(renderReport).join("\n\n")}\n`);
  }
  return reports.some(failsCheck) ? EXIT.findings : EXIT.ok;
}
