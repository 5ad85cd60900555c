// observatory daemon: crawl, build and publish on a schedule until SIGTERM or SIGINT.
import { authbotRooms, authbotRule, environmentFilesReadableByOthers, publishDirSetting, scheduleSetting } from "../config.ts";
import type { AuthbotSetting } from "../schedule/daemon.ts";
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

/**
 * A long-running command's logger: the log stays one JSON object a line, even for the last error.
 * It first warns of an environment file that others can read: the account's password is in it.
 */
function serviceLogger() {
  const logger = createLogger();
  reportFatalWith((kind, error) => logger.log("error", "internal-error", { kind, error: describeFatal(error) }));
  for (const { file, mode } of environmentFilesReadableByOthers())
    logger.log("warn", "environment-file-readable", {
      file,
      mode,
      why: "it holds the account's password, and users other than its owner can read it",
      fix: `chmod 600 ${file}`,
    });
  return logger;
}

/** The authbot mode's setting: the rooms given (or OBSERVATORY_AUTHBOT_ROOMS) and the rule (OBSERVATORY_AUTHBOT_RULE, or --authbot-rule). */
function authbotSetting(rooms?: string[], authbotRuleFlag = false): AuthbotSetting {
  return { rooms: authbotRooms(rooms), rule: authbotRule(authbotRuleFlag) };
}

/** observatory bot: the chat commands alone, until SIGTERM or SIGINT. */
export async function botCommand(options: CrawlFlags): Promise<number> {
  await runBot(crawlSettings(options), serviceLogger());
  return EXIT.ok;
}

/** observatory authbot: the chat commands and the authbot mode in the rooms given, until SIGTERM or SIGINT. */
export async function authbotCommand(options: CrawlFlags & { room: string[]; authbotRule: boolean }): Promise<number> {
  const setting = authbotSetting(options.room, options.authbotRule);
  await runBot(crawlSettings(options), serviceLogger(), setting);
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
      authbot: authbotSetting(),
    },
    logger,
  );
  return EXIT.ok;
}
