// The crawler account's inbox: opt-outs by message, in two steps. A domain's operator (decideOptOut)
// asks, gets a code, and confirms with it; only then is the opt-out recorded. The cheap checks come
// first (is it a command? is the sender within the limit?), so a flood never reaches the store.
import { randomInt } from "node:crypto";
import { optOutPurgeAfter } from "../config.ts";
import type { Logger } from "../log.ts";
import { INBOX } from "../politeness.ts";
import type { Store } from "../store/store.ts";
import type { XmppSession } from "../xmpp/session.ts";
import { RateLimit } from "./rate-limit.ts";
import { decideOptOut, parseCommand } from "./request.ts";

export const HELP =
  'I am the crawler of Serverinfo Observatory, which reads what XMPP servers publish in their serverinfo form (XEP-0157). To stop it probing your domain, send "opt out example.org" from an address your domain lists as an xmpp: abuse, admin or security address or in administrators; I answer with a code to confirm it.';

/** Codes without look-alike characters (no 0/O, 1/I/L). */
const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

export function newConfirmationCode(): string {
  return Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join("");
}

const clock = (ms: number) => new Date(ms).toISOString().slice(11, 16) + " UTC";

export class Inbox {
  private readonly commands = new RateLimit(INBOX.commandsPerSender, INBOX.commandWindowMs, INBOX.maxTrackedSenders);
  private readonly help = new RateLimit(1, INBOX.helpWindowMs, INBOX.maxTrackedSenders);
  private readonly replies = new RateLimit(INBOX.repliesPerMinute, 60_000, 1);

  constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly code: () => string = newConfirmationCode,
  ) {}

  /** The reply to one message from `sender` (a bare JID), or undefined to stay silent. Never throws. */
  handle(sender: string, body: string, now = Date.now()): string | undefined {
    try {
      const reply = this.answer(sender, body, now);
      if (reply === undefined) return undefined;
      if (!this.replies.take("*", now).ok) {
        this.logger.log("warn", "inbox-reply-budget-spent", { to: sender });
        return undefined;
      }
      return reply;
    } catch (error) {
      // A store that cannot be read or written (busy, disk full) costs this message, not the process.
      this.logger.log("error", "inbox-error", { from: sender, error: (error as Error).message });
      return undefined;
    }
  }

  private answer(sender: string, body: string, now: number): string | undefined {
    const command = parseCommand(body);
    if (!command) return this.help.take(sender, now).ok ? HELP : undefined;
    const admitted = this.commands.take(sender, now);
    if (!admitted.ok) {
      if (!admitted.first) return undefined;
      this.logger.log("warn", "inbox-rate-limited", { from: sender });
      return `Too many requests from you: I take ${INBOX.commandsPerSender} an hour. Try again after ${clock(admitted.retryAt)}.`;
    }
    const at = new Date(now).toISOString();
    if (command.kind === "confirm") {
      const domain = this.store.takeOptOutRequest(command.code, sender, new Date(now - INBOX.confirmWithinMs).toISOString());
      if (!domain)
        return `I have no opt-out request from you with the code ${command.code}. Codes last ${INBOX.confirmWithinMs / 60_000} minutes; send "opt out example.org" for a new one.`;
      const purgeAfter = optOutPurgeAfter(new Date(now));
      const fresh = this.store.optOut(domain, `asked by xmpp:${sender} on ${at}, confirmed by code`, purgeAfter, at);
      this.logger.log("info", "opt-out-by-message", { domain, from: sender, fresh });
      return fresh
        ? `Done: ${domain} is opted out. It will not be probed again, and it leaves the site and the data at the next build. Its history is deleted after ${purgeAfter.slice(0, 10)}; until then the operator of this observatory can undo this.`
        : `${domain} had opted out already.`;
    }
    const decision = decideOptOut(sender, command.domain, this.store.domainsListingOperator(sender));
    if (decision.kind === "refuse") {
      this.logger.log("warn", "opt-out-refused", { from: sender, domain: command.domain });
      return decision.reply;
    }
    if (this.store.isOptedOut(decision.domain)) return `${decision.domain} had opted out already.`;
    const code = this.code();
    this.store.addOptOutRequest(code, sender, decision.domain, at);
    this.logger.log("info", "opt-out-requested", { domain: decision.domain, from: sender });
    return `To opt ${decision.domain} out of Serverinfo Observatory, reply "confirm ${code}" within ${INBOX.confirmWithinMs / 60_000} minutes. It will then not be probed again, and it leaves the site and the data.`;
  }
}

export async function listenForOptOuts(session: XmppSession, store: Store, logger: Logger): Promise<void> {
  const inbox = new Inbox(store, logger);
  // Ignored messages are logged, a few a minute at most, so that an operator can see an attempt.
  const ignoredLog = new RateLimit(10, 60_000, 1);
  await session.acceptMessages(
    (from, body) => {
      const reply = inbox.handle(from, body);
      if (reply !== undefined) session.sendMessage(from, reply).catch((error: Error) => logger.log("warn", "reply-failed", { to: from, error: error.message }));
    },
    (reason, from) => {
      if (ignoredLog.take("*", Date.now()).ok) logger.log("info", "inbox-ignored", { from, reason });
    },
  );
}
