// observatory crawl: probe every known domain (or those of a file) into the store.
import { listText } from "../model/domain.ts";
import { terminalSafe } from "../model/invisible.ts";
import { readFileSync } from "node:fs";
import { parseDomainSource } from "../model/providers.ts";
import type { DomainList } from "../model/domain.ts";
import { crawlOnce, crawlSettings, type CrawlFlags } from "../crawl/use-case.ts";
import { describePanel } from "../crawl/vantages.ts";
import type { CheckFigures } from "../probe/contact-checks.ts";
import { openContactNetwork } from "../net/network.ts";
import { createProgress } from "./progress.ts";
import { DISCOVERY } from "../politeness.ts";
import { CliError, EXIT } from "./exit.ts";
import { printLoginRetry, withStore } from "./context.ts";
import { counted } from "../present/counted.ts";

export interface CrawlOptions extends CrawlFlags {
  domains?: string;
}

/** Reads a plain list or an XMPP Providers JSON file; bad lines are reported and skipped. */
export function readDomainFile(file: string): DomainList {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new CliError(`cannot read ${file}: ${(error as Error).message}`, EXIT.usage);
  }
  const text = listText(bytes);
  if (!text.ok) throw new CliError(`cannot read ${file}: ${text.reason}; give one domain a line, or XMPP Providers JSON`, EXIT.usage);
  const list = parseDomainSource(text.text);
  reportSkipped(file, list.errors);
  return list;
}

/** Skipped entries shown one a line; past them, a count. */
const MAX_SKIPPED_SHOWN = 20;

/** One line per skipped entry of a list (the first MAX_SKIPPED_SHOWN), naming where it was, and the count of the rest. */
export function reportSkipped(source: string, errors: Array<{ line: number; input: string; reason: string; file?: string }>): void {
  for (const e of errors.slice(0, MAX_SKIPPED_SHOWN))
    // A list's lines are anyone's text (an imported URL's above all): terminal-safe.
    process.stderr.write(
      `${terminalSafe(`${e.file ?? source}:${e.line}: skipped${e.input ? ` ${JSON.stringify(e.input.slice(0, 200))}` : ""}: ${e.reason}`)}\n`,
    );
  if (errors.length > MAX_SKIPPED_SHOWN) process.stderr.write(`${source}: and ${errors.length - MAX_SKIPPED_SHOWN} more lines skipped\n`);
}

export async function crawlCommand(options: CrawlOptions): Promise<number> {
  const file = options.domains;
  const explicit = file === undefined ? undefined : { file, list: readDomainFile(file) };
  return withStore(async (store) => {
    // A bad OBSERVATORY_DNS_SERVERS (or other network setting) stops the command before anything is done.
    const network = openContactNetwork();
    const controller = new AbortController();
    const onSignal = () => {
      process.stderr.write("\nStopping: finishing the probes in flight; the next `crawl` resumes.\n");
      controller.abort();
    };
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    try {
      const { summary, counts } = await crawlOnce(store, {
        network,
        settings: crawlSettings(options),
        explicit,
        progress: createProgress(),
        signal: controller.signal,
        events: {
          listLineSkipped: (error) => reportSkipped("domain files", [error]),
          loginRetry: printLoginRetry,
          optOutsPurged: (purged) =>
            process.stderr.write(`Purged the history of ${purged.length} opted-out domains whose grace period ended: ${purged.join(", ")}.\n`),
          probesRejudged: ({ probes, rulesVersion }) =>
            process.stderr.write(`Judged ${counted(probes, "stored probe")} again by the rules of version ${rulesVersion}.\n`),
          historyPruned: ({ probes }) => {
            if (probes > 0) process.stderr.write(`Retention: deleted ${probes} old probes (OBSERVATORY_KEEP_PROBES; see the README on retention).\n`);
          },
          targetsChosen: ({ dormantSkipped }) => {
            if (dormantSkipped > 0) process.stderr.write(`${dormantSkipped} dormant domains (unreachable in every recent crawl) wait for a later crawl.\n`);
          },
          opened: ({ crawlId, resumed }) => {
            if (resumed && explicit) process.stderr.write(`Resuming the unfinished crawl #${crawlId} first; run again afterwards to crawl ${file}.\n`);
          },
        },
      });
      process.stderr.write(
        `Crawl #${summary.crawlId} ${summary.finished ? "finished" : "stopped"}: ${counts.done}/${counts.total} probed (${counts.ok} reachable, ${counts.unreachable} unreachable)` +
          `${summary.retried ? `, ${summary.retried} retried` : ""}${summary.requeued ? `, ${summary.requeued} redone after our connection dropped` : ""}` +
          `${summary.failedInternally.length ? `, ${summary.failedInternally.length} not judged because of an error of ours (recorded as internal-error)` : ""}` +
          `${summary.discovered ? `; ${summary.discovered} new domains found for the next crawl` : ""}` +
          `${summary.discoveryDropped ? `; ${summary.discoveryDropped} more found but left out, past the discovery bounds (at most ${DISCOVERY.perSource} per domain, and 10% of the list, per crawl)` : ""}.\n`,
      );
      if (summary.checks) process.stderr.write(`${describeCheckFigures(summary.checks)}\n`);
      if (summary.vantages) process.stderr.write(`${describePanel(summary.vantages)}\n`);
      if (summary.interruption) {
        process.stderr.write(`Stopped early: ${summary.interruption}. Run \`observatory crawl\` again to resume.\n`);
        return controller.signal.aborted ? EXIT.ok : EXIT.login;
      }
      return EXIT.ok;
    } finally {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      await network?.close();
    }
  });
}

/** The contact checks of a crawl's run, in one line: what asked someone's host, what asked only DNS, what was reused. */
export function describeCheckFigures(figures: CheckFigures): string {
  return (
    `Contact checks: ${figures.requests} asked an address's host (XMPP domains and rooms, web pages), ${figures.lookups} only DNS (mail domains), ` +
    `${figures.reused} reused from an earlier check that worked (OBSERVATORY_CHECK_REUSE; DNS asked again to tell that nothing moved).`
  );
}
