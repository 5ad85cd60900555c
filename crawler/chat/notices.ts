// After each finished crawl, each watcher hears once per watched domain that changed in it
// (store.watchNotices), from the account the daemon keeps online.
import type { Logger } from "../log.ts";
import type { Store } from "../store/store.ts";
import type { XmppSession } from "../xmpp/session.ts";
import { watchNotice } from "./replies.ts";
import { NOTICE_SEND_TIMEOUT_MS } from "../politeness.ts";

/** A send that takes longer than this (our own server gone) is given up, so that the daemon's run never waits on it. */

/** Sends the notices of crawl `crawlId`, one after another; returns how many were sent. A failed send is logged and skipped. */
export async function notifyWatchers(session: XmppSession, store: Store, crawlId: number, siteUrl: string, logger: Logger): Promise<number> {
  let sent = 0;
  for (const notice of store.chat.watchNotices(crawlId)) {
    try {
      await within(session.sendMessage(notice.jid, watchNotice(notice.domain, notice.probedAt, notice.changes, siteUrl)), NOTICE_SEND_TIMEOUT_MS);
      sent++;
    } catch (error) {
      logger.log("warn", "watch-notice-failed", { to: notice.jid, domain: notice.domain, error: (error as Error).message });
    }
  }
  return sent;
}

/** The promise, or a rejection after `ms`; the timer is cleared either way. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`not sent within ${ms / 1000} s`)), ms)));
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
