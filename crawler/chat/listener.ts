// The account's inbox wired to the chat bot: each message a person writes to us (xmpp/inbound.ts
// decides which) goes to the bot, and its reply goes back. Replies are sent in order per message
// but never awaited by the socket handler: a slow check does not hold up other senders.
import type { Logger } from "../log.ts";
import type { XmppSession } from "../xmpp/session.ts";
import type { ChatBot } from "./bot.ts";
import { RateLimit } from "./rate-limit.ts";

export async function listenForCommands(session: XmppSession, bot: ChatBot, logger: Logger): Promise<void> {
  // Ignored messages are logged, a few a minute at most, so that an operator can see an attempt.
  const ignoredLog = new RateLimit(10, 60_000, 1);
  await session.acceptMessages(
    (from, body) => {
      void bot.handle(from, body).then((reply) => {
        if (reply !== undefined)
          session.sendMessage(from, reply).catch((error: Error) => logger.log("warn", "reply-failed", { to: from, error: error.message }));
      });
    },
    (reason, from) => {
      if (ignoredLog.take("*", Date.now()).ok) logger.log("info", "inbox-ignored", { from, reason });
    },
  );
}
