// After each finished crawl, each watcher hears once per watched domain that changed in it
// (store.watchNotices), from the account the daemon keeps online.
import type { Logger } from "../log.ts";
import type { Store } from "../store/store.ts";
import type { XmppSession } from "../xmpp/session.ts";
import { watchNotice } from "./replies.ts";

/** Sends the notices of crawl `crawlId`, one after another; returns how many were sent. A failed send is logged and skipped. */
export async function notifyWatchers(session: XmppSession, store: Store, crawlId: number, siteUrl: string, logger: Logger): Promise<number> {
  let sent = 0;
  for (const notice of store.watchNotices(crawlId)) {
    try {
      await session.sendMessage(notice.jid, watchNotice(notice.domain, notice.probedAt, notice.changes, siteUrl));
      sent++;
    } catch (error) {
      logger.log("warn", "watch-notice-failed", { to: notice.jid, domain: notice.domain, error: (error as Error).message });
    }
  }
  return sent;
}
