// observatory daemon: crawl, build and publish on a schedule until SIGTERM or SIGINT.
import { publishDirSetting, scheduleSetting } from "../config.ts";
import { crawlSettings, type CrawlFlags } from "../crawl/use-case.ts";
import { runDaemon } from "../schedule/daemon.ts";
import { runBot } from "../schedule/bot.ts";
import { createLogger } from "../log.ts";
import { EXIT } from "./exit.ts";
import { describeFatal, reportFatalWith } from "./guard.ts";

export interface DaemonCliOptions extends CrawlFlags {
  schedule?: string;
  publishDir?: string;
  runNow: boolean;
}

/** A long-running command's logger: the log stays one JSON object a line, even for the last error. */
function serviceLogger() {
  const logger = createLogger();
  reportFatalWith((kind, error) => logger.log("error", "internal-error", { kind, error: describeFatal(error) }));
  return logger;
}

/** observatory bot: the chat commands alone, until SIGTERM or SIGINT. */
export async function botCommand(options: CrawlFlags): Promise<number> {
  await runBot(crawlSettings(options), serviceLogger());
  return EXIT.ok;
}

export async function daemonCommand(options: DaemonCliOptions): Promise<number> {
  const logger = serviceLogger();
  await runDaemon(
    {
      schedule: scheduleSetting(options.schedule),
      publishDir: publishDirSetting(options.publishDir),
      runNow: options.runNow,
      settings: crawlSettings(options),
    },
    logger,
  );
  return EXIT.ok;
}
