// The crawler account takes opt-outs by message: from a JID that the domain itself lists as an
// operator (an xmpp: abuse, admin or security address, or an administrator: decideOptOut), it
// records the opt-out and says so.
import { currentStates } from "../store/queries.ts";
import type { Store } from "../store/store.ts";
import type { Logger } from "../log.ts";
import type { XmppSession } from "../xmpp/session.ts";
import { decideOptOut } from "./request.ts";

const HELP =
  'I am the crawler of Serverinfo Observatory, which reads what XMPP servers publish in their serverinfo form (XEP-0157). To stop it probing your domain, send "opt out example.org" from an address your domain lists as an xmpp: abuse, admin or security address or in administrators.';

export async function listenForOptOuts(session: XmppSession, store: Store, logger: Logger): Promise<void> {
  await session.acceptMessages((from, body) => {
    const decision = decideOptOut(
      from,
      body,
      currentStates(store).map((s) => s.report),
    );
    let reply: string;
    if (decision.kind === "accept") {
      const fresh = store.optOut(decision.domain, `asked by xmpp:${from} on ${new Date().toISOString()}`);
      reply = fresh
        ? `Done: ${decision.domain} is opted out. It will not be probed again, and its history leaves the site and the data at the next build.`
        : `${decision.domain} had opted out already.`;
      logger.log("info", "opt-out-by-message", { domain: decision.domain, from, fresh });
    } else if (decision.kind === "refuse") {
      reply = decision.reply;
      logger.log("warn", "opt-out-refused", { from });
    } else {
      reply = HELP;
    }
    session.sendMessage(from, reply).catch((error: Error) => logger.log("warn", "reply-failed", { to: from, error: error.message }));
  });
}
