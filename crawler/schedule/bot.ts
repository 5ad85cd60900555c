// `observatory bot` (and `observatory authbot`, which adds the authbot mode in its rooms): the
// chat commands alone, without crawling or publishing, until SIGTERM or
// SIGINT. One account answers in one place: the bot and the daemon share the "chat" lock, since two
// sessions of one account would both answer every message.
import { resolve } from "node:path";
import { accountConfig, databasePath, siteUrl } from "../config.ts";
import type { CrawlSettings } from "../crawl/crawl.ts";
import type { Logger } from "../log.ts";
import { openContactNetwork } from "../net/network.ts";
import { Store } from "../store/store.ts";
import { openInbox, type AuthbotSetting } from "./daemon.ts";
import { acquireLock, CHAT_LOCK, CHAT_LOCK_WHAT } from "./lock.ts";

export async function runBot(settings: CrawlSettings, logger: Logger, authbot?: AuthbotSetting): Promise<void> {
  accountConfig();
  siteUrl();
  // One contact network for the process: every chat check, and authbot's, share its limits.
  const network = openContactNetwork();
  const store = Store.open(resolve(databasePath()));
  let lock: { release: () => void };
  try {
    lock = acquireLock(store, CHAT_LOCK, CHAT_LOCK_WHAT);
  } catch (error) {
    store.close();
    await network?.close();
    throw error;
  }
  try {
    const inbox = await openInbox(store, settings, network, logger, true, authbot);
    logger.log("info", "bot-started", { pid: process.pid, jid: inbox?.jid });
    await new Promise<void>((done) => {
      const stop = async (signal: string) => {
        logger.log("info", "bot-stopping", { signal });
        await inbox?.close();
        done();
      };
      process.once("SIGTERM", () => void stop("SIGTERM"));
      process.once("SIGINT", () => void stop("SIGINT"));
    });
    logger.log("info", "bot-stopped", {});
  } finally {
    lock.release();
    store.close();
    await network?.close();
  }
}
