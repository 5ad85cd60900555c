// observatory check <domain>...: probe now, print the report (or JSON), store it unless --no-store.
import type { DomainReport, ProbeResult } from "../contract.ts";
import { normalizeDomain } from "../model/domain.ts";
import { probeDomain } from "../probe/probe.ts";
import { DEFAULT_CRAWL_SETTINGS } from "../crawl/crawl.ts";
import { listedVia } from "../crawl/sources.ts";
import { CliError, EXIT } from "./exit.ts";
import { withSession, withStore } from "./context.ts";
import { failsCheck, renderReport } from "./report.ts";
import type { Store } from "../store/store.ts";

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
  const probeOptions = { ...DEFAULT_CRAWL_SETTINGS, ...(options.timeout && { iqTimeoutMs: options.timeout * 1000 }) };

  const run = async (store: Store | undefined): Promise<DomainReport[]> =>
    withSession(async (session) => {
      const results: ProbeResult[] = await Promise.all(domains.map((d) => probeDomain(session, d, probeOptions)));
      if (store) {
        store.addDomains(domains, listedVia.check());
        for (const result of results) store.recordProbe(null, result);
      }
      return results.map((r) => r.report);
    });

  const reports = options.store ? await withStore((store) => run(store)) : await run(undefined);
  if (options.json) {
    process.stdout.write(`${JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2)}\n`);
  } else {
    process.stdout.write(`${reports.map(renderReport).join("\n\n")}\n`);
  }
  return reports.some(failsCheck) ? EXIT.findings : EXIT.ok;
}
