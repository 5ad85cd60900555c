// After each finished crawl, each watcher hears once per watched domain that changed in it
// (store.watchNotices), from the account the daemon keeps online.
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "../log.ts";
import type { Store } from "../store/store.ts";
import type { XmppSession } from "../xmpp/session.ts";
import { watchNotice } from "./replies.ts";

/** A send that takes longer than this (our own server gone) is given up, so that the daemon's run never waits on it. */
const SEND_TIMEOUT_MS = 10_000;

/** Sends the notices of crawl `crawlId`, one after another; returns how many were sent. A failed send is logged and skipped. */
export async function notifyWatchers(session: XmppSession, store: Store, crawlId: number, siteUrl: string, logger: Logger): Promise<number> {
  let sent = 0;
  for (const notice of store.watchNotices(crawlId)) {
    try {
      await Promise.race([
        session.sendMessage(notice.jid, watchNotice(notice.domain, notice.probedAt, notice.changes, siteUrl)),
        sleep(SEND_TIMEOUT_MS).then(() => Promise.reject(new Error(`no send within ${SEND_TIMEOUT_MS / 1000} s`))),
      ]);
      sent++;
    } catch (error) {
      logger.log("warn", "watch-notice-failed", { to: notice.jid, domain: notice.domain, error: (error as Error).message });
    }
  }
  return sent;
}
