// observatory crawl: probe every known domain (or those of a file) into the store.
import { readFileSync } from "node:fs";
import { parseDomainSource } from "../model/providers.ts";
import type { DomainList } from "../model/domain.ts";
import { listedVia } from "../crawl/sources.ts";
import { addList } from "../crawl/lists.ts";
import { optoutPath, seedsPath } from "../config.ts";
import { newCrawlTargets } from "../crawl/targets.ts";
import { CrawlBusyError, DEFAULT_CRAWL_SETTINGS, openCrawl, runCrawl, type CrawlSettings } from "../crawl/crawl.ts";
import { createProgress } from "./progress.ts";
import { CliError, EXIT } from "./exit.ts";
import { withSession, withStore } from "./context.ts";

export interface CrawlOptions {
  domains?: string;
  concurrency?: number;
  timeout?: number;
  rate?: number;
}

/** Reads a plain list or an XMPP Providers JSON file; bad lines are reported and skipped. */
export function readDomainFile(file: string): DomainList {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`, EXIT.usage);
  }
  const list = parseDomainSource(text);
  reportSkipped(file, list.errors);
  return list;
}

/** One line per skipped entry of a list, naming where it was. */
export function reportSkipped(source: string, errors: Array<{ line: number; input: string; reason: string; file?: string }>): void {
  for (const e of errors) process.stderr.write(`${e.file ?? source}:${e.line}: skipped${e.input ? ` ${JSON.stringify(e.input)}` : ""}: ${e.reason}\n`);
}

export async function crawlCommand(options: CrawlOptions): Promise<number> {
  const settings: CrawlSettings = {
    ...DEFAULT_CRAWL_SETTINGS,
    ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
    ...(options.timeout !== undefined && { iqTimeoutMs: options.timeout * 1000 }),
    ...(options.rate !== undefined && { probesPerSecond: options.rate }),
  };
  const file = options.domains;
  const fileList = file === undefined ? undefined : readDomainFile(file);
  const fileDomains = fileList?.domains;
  return withStore(async (store) => {
    if (fileList) addList(store, fileList, (named) => listedVia.crawlFile(file!, named));
    let crawl;
    try {
      crawl = openCrawl(store, () => {
        const { targets, dormantSkipped, lists } = newCrawlTargets(store, { seeds: seedsPath(), optout: optoutPath() }, fileDomains);
        reportSkipped("domain files", lists.errors);
        if (dormantSkipped > 0) process.stderr.write(`${dormantSkipped} dormant domains (unreachable in every recent crawl) wait for a later crawl.\n`);
        return targets;
      }, settings);
    } catch (error) {
      if (error instanceof CrawlBusyError) throw new CliError(error.message, EXIT.busy);
      throw error;
    }
    if (crawl.resumed && fileDomains) process.stderr.write(`Resuming the unfinished crawl #${crawl.crawlId} first; run again afterwards to crawl ${options.domains}.\n`);

    const controller = new AbortController();
    const onSignal = () => {
      process.stderr.write("\nStopping: finishing the probes in flight; the next `crawl` resumes.\n");
      controller.abort();
    };
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    try {
      const summary = await withSession((session) => runCrawl(store, session, crawl, settings, createProgress(), controller.signal));
      const counts = store.crawlCounts(crawl.crawlId);
      process.stderr.write(
        `Crawl #${crawl.crawlId} ${summary.finished ? "finished" : "stopped"}: ${counts.done}/${counts.total} probed (${counts.ok} reachable, ${counts.unreachable} unreachable)` +
          `${summary.retried ? `, ${summary.retried} retried` : ""}${summary.requeued ? `, ${summary.requeued} redone after our connection dropped` : ""}` +
          `${summary.failedInternally.length ? `, ${summary.failedInternally.length} skipped by an internal error` : ""}` +
          `${summary.discovered ? `; ${summary.discovered} new domains found for the next crawl` : ""}.\n`,
      );
      if (summary.interruption) {
        process.stderr.write(`Stopped early: ${summary.interruption}. Run \`observatory crawl\` again to resume.\n`);
        return controller.signal.aborted ? EXIT.ok : EXIT.login;
      }
      return EXIT.ok;
    } finally {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
  });
}
