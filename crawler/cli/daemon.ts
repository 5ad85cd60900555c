// observatory daemon: crawl, build and publish on a schedule until SIGTERM or SIGINT.
import { DEFAULT_CRAWL_SETTINGS } from "../crawl/crawl.ts";
import { DEFAULT_SCHEDULE, runDaemon } from "../schedule/daemon.ts";
import { createLogger } from "../log.ts";
import { LockBusyError } from "../schedule/lock.ts";
import { PublishError } from "../schedule/publish.ts";
import { LoginError } from "../xmpp/session.ts";
import { CliError, EXIT } from "./exit.ts";

export interface DaemonCliOptions {
  schedule?: string;
  publishDir?: string;
  runNow: boolean;
  concurrency?: number;
  rate?: number;
  timeout?: number;
}

export async function daemonCommand(options: DaemonCliOptions): Promise<number> {
  const schedule = options.schedule ?? process.env.OBSERVATORY_SCHEDULE?.trim() ?? DEFAULT_SCHEDULE;
  const publishDir = options.publishDir ?? process.env.OBSERVATORY_PUBLISH_DIR?.trim() ?? "dist";
  const settings = {
    ...DEFAULT_CRAWL_SETTINGS,
    ...(options.concurrency !== undefined && { concurrency: options.concurrency }),
    ...(options.rate !== undefined && { probesPerSecond: options.rate }),
    ...(options.timeout !== undefined && { iqTimeoutMs: options.timeout * 1000 }),
  };
  try {
    await runDaemon({ schedule, publishDir, runNow: options.runNow, settings }, createLogger());
    return EXIT.ok;
  } catch (error) {
    if (error instanceof LockBusyError) throw new CliError(error.message, EXIT.busy);
    if (error instanceof LoginError) throw new CliError(error.message, EXIT.login);
    if (error instanceof PublishError) throw new CliError(error.message, EXIT.usage);
    if (error instanceof Error && error.message.includes("is not a valid cron expression")) throw new CliError(`${error.message} (OBSERVATORY_SCHEDULE or --schedule)`, EXIT.usage);
    throw error;
  }
}
