// observatory domains add|remove|list|import: the domain list in the store.
import { normalizeDomain } from "../model/domain.ts";
import { CliError, EXIT } from "./exit.ts";
import { withStore } from "./context.ts";
import { readDomainFile } from "./crawl.ts";

function normalizeAll(inputs: string[]): string[] {
  return inputs.map((input) => {
    const result = normalizeDomain(input);
    if (!result.ok) throw new CliError(`${JSON.stringify(input)} is not a valid domain: ${result.reason}`, EXIT.usage);
    return result.domain;
  });
}

export function domainsAdd(inputs: string[]): Promise<number> {
  const domains = normalizeAll(inputs);
  return withStore((store) => {
    const added = store.addDomains(domains, "cli");
    process.stdout.write(`${added} added, ${domains.length - added} already known.\n`);
    return EXIT.ok;
  });
}

export function domainsRemove(inputs: string[]): Promise<number> {
  const domains = normalizeAll(inputs);
  return withStore((store) => {
    const missing = domains.filter((d) => !store.removeDomain(d));
    process.stdout.write(`${domains.length - missing.length} removed.\n`);
    if (missing.length > 0) process.stderr.write(`Not in the list: ${missing.join(", ")}\n`);
    return EXIT.ok;
  });
}

export function domainsList(options: { json: boolean }): Promise<number> {
  return withStore((store) => {
    const rows = store.listDomains();
    if (options.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    else for (const r of rows) process.stdout.write(`${r.domain}\t${r.optout_at ? "opted out" : r.source}\n`);
    return EXIT.ok;
  });
}

export function domainsImport(file: string): Promise<number> {
  const domains = readDomainFile(file);
  return withStore((store) => {
    const added = store.addDomains(domains, `import:${file}`);
    process.stdout.write(`${added} added, ${domains.length - added} already known.\n`);
    return EXIT.ok;
  });
}
