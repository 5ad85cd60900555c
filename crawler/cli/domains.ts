// observatory domains add|remove|list|import: the domain list in the store.
import { normalizeDomain } from "../model/domain.ts";
import { CliError, EXIT } from "./exit.ts";
import { withStore } from "./context.ts";
import { readDomainFile, reportSkipped } from "./crawl.ts";
import { parseDomainSource } from "../model/providers.ts";
import type { DomainList } from "../model/domain.ts";
import { listedVia } from "../crawl/sources.ts";
import { addList } from "../crawl/lists.ts";
import { fetchList } from "./fetch-list.ts";
import { withoutUserinfo } from "../model/uri.ts";
import { terminalSafe } from "../model/invisible.ts";
import { DORMANT_AFTER_CRAWLS } from "../politeness.ts";
import { optOutPurgeAfter } from "../config.ts";

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
    const added = store.domains.add(domains, listedVia.operator());
    process.stdout.write(`${added} added, ${domains.length - added} already known.\n`);
    return EXIT.ok;
  });
}

export function domainsRemove(inputs: string[]): Promise<number> {
  const domains = normalizeAll(inputs);
  return withStore((store) => {
    const missing = domains.filter((d) => !store.domains.remove(d));
    process.stdout.write(`${domains.length - missing.length} removed.\n`);
    if (missing.length > 0) process.stderr.write(`Not in the list: ${missing.join(", ")}\n`);
    return EXIT.ok;
  });
}

export function domainsOptout(inputs: string[], options: { note: string; undo: boolean }): Promise<number> {
  const domains = normalizeAll(inputs);
  const purgeAfter = optOutPurgeAfter();
  return withStore((store) => {
    let code: number = EXIT.ok;
    for (const domain of domains) {
      if (options.undo) {
        const outcome = store.domains.undoOptOut(domain);
        if (outcome === "restored")
          process.stdout.write(`${domain}: opt-out undone; it is probed again, and its history is back on the site at the next build.\n`);
        else {
          process.stderr.write(outcome === "purged" ? `${domain}: its history was purged already; the opt-out stays.\n` : `${domain}: had not opted out.\n`);
          code = EXIT.usage;
        }
        continue;
      }
      const done = store.domains.optOut(domain, options.note, purgeAfter);
      process.stdout.write(
        done
          ? `${domain}: opted out; it will not be probed again and leaves the site at the next build. Its history is purged after ${purgeAfter} (undo until then: observatory domains optout --undo ${domain}).\n`
          : `${domain}: had opted out already.\n`,
      );
    }
    return code;
  });
}

export function domainsList(options: { json: boolean }): Promise<number> {
  return withStore((store) => {
    const dormant = store.crawls.dormantDomains(DORMANT_AFTER_CRAWLS);
    const rows = store.domains.list().map((r) => ({ ...r, dormant: dormant.has(r.domain) }));
    if (options.json) process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    // Sources are named by lists and by crawled servers: print them terminal-safe.
    else
      for (const r of rows)
        process.stdout.write(`${terminalSafe(r.domain)}\t${r.optout_at ? "opted out" : terminalSafe(r.source)}${r.dormant ? "\tdormant" : ""}\n`);
    return EXIT.ok;
  });
}

export async function domainsImport(source: string, options: { allowPrivate?: boolean } = {}): Promise<number> {
  let list: DomainList;
  if (/^[a-z]+:\/\//i.test(source)) {
    if (!source.toLowerCase().startsWith("https://"))
      throw new CliError(`only https:// URLs can be imported, not ${JSON.stringify(withoutUserinfo(source))}`, EXIT.usage);
    list = parseDomainSource(await fetchList(source, options));
    reportSkipped(withoutUserinfo(source), list.errors);
  } else {
    list = readDomainFile(source);
  }
  return withStore((store) => {
    const added = addList(store, list, (named) => listedVia.import(source, named));
    process.stdout.write(`${added} added, ${list.domains.length - added} already known.\n`);
    return EXIT.ok;
  });
}
