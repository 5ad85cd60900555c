// The observatory's account in chat: the commands of chat/commands.ts, each answered in short
// plain text. Every limit (politeness.ts INBOX) is checked before the store or a probe is touched,
// so that a flood costs nothing: first "is it a command?", then the sender's limit, then the
// domain's and everyone's. Opt-outs take two steps: a request from a listed operator gets a code,
// and only `confirm <code>` from the same JID records it.
import { randomInt } from "node:crypto";
import { optOutPurgeAfter } from "../config.ts";
import type { DomainReport } from "../contract.ts";
import type { Logger } from "../log.ts";
import { domainOfJid } from "../model/domain.ts";
import { INBOX } from "../politeness.ts";
import { normalisedBareJid } from "../operators/authbot.ts";
import { judge } from "../judge/verdict.ts";
import type { Store } from "../store/store.ts";
import { parseCommand, type Command, type DomainArgument } from "./commands.ts";
import { decideOptOut, OPERATOR } from "./optout.ts";
import { RateLimit } from "./rate-limit.ts";
import { BUDGET_WORDS, ProbeBudget } from "./probe-budget.ts";
import { checkReply, HELP, pageOf, whoamiLine } from "./replies.ts";
import { formatDay, formatInstant } from "../model/dates.ts";

/** Codes without look-alike characters (no 0/O, 1/I/L). */
const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

export function newConfirmationCode(): string {
  return Array.from({ length: 8 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join("");
}

export interface ChatDeps {
  store: Store;
  logger: Logger;
  /** Probes a domain now, through the crawl's own probe, and stores the probe. */
  probe: (domain: string) => Promise<DomainReport>;
  /** What strangers may make us probe, shared with the authbot mode in the same process. */
  budget?: ProbeBudget;
  /** The site's public address, for the link at the end of a reply. */
  siteUrl: string;
  code?: () => string;
}

export class ChatBot {
  private readonly commands = new RateLimit(INBOX.commandsPerSender, INBOX.commandWindowMs, INBOX.maxTrackedSenders);
  private readonly checks = new RateLimit(INBOX.checksPerSender, INBOX.commandWindowMs, INBOX.maxTrackedSenders);
  private readonly budget: ProbeBudget;
  private readonly help = new RateLimit(1, INBOX.helpWindowMs, INBOX.maxTrackedSenders);
  private readonly replies = new RateLimit(INBOX.repliesPerMinute, 60_000, 1);
  /** One probe per domain at a time: a second check of it waits for the first. */
  private readonly probing = new Map<string, Promise<DomainReport>>();

  constructor(private readonly deps: ChatDeps) {
    this.budget = deps.budget ?? new ProbeBudget();
  }

  /** The reply to one message from `from` (a JID), or undefined to stay silent. Never throws. */
  async handle(from: string, body: string, now = Date.now()): Promise<string | undefined> {
    const sender = normalisedBareJid(from);
    if (sender === undefined) return undefined;
    let reply: string | undefined;
    try {
      reply = await this.answer(sender, body, now);
    } catch (error) {
      // A store that cannot be read or written (busy, disk full), or a failed probe, costs this message, not the process.
      this.deps.logger.log("error", "inbox-error", { from: sender, error: (error as Error).message });
      reply = "Something went wrong on my side; the operator of this observatory can see it in the log. Try again later.";
    }
    if (reply === undefined) return undefined;
    if (!this.replies.take("*", now).ok) {
      this.deps.logger.log("warn", "inbox-reply-budget-spent", { to: sender });
      return undefined;
    }
    return reply;
  }

  private async answer(sender: string, body: string, now: number): Promise<string | undefined> {
    const command = parseCommand(body);
    if (!command) return this.help.take(sender, now).ok ? HELP : undefined;
    const admitted = this.commands.take(sender, now);
    if (!admitted.ok) {
      if (!admitted.first) return undefined;
      this.deps.logger.log("warn", "inbox-rate-limited", { from: sender });
      return `Too many messages from you: I take ${INBOX.commandsPerSender} commands an hour. Try again after ${formatInstant(new Date(admitted.retryAt).toISOString())}.`;
    }
    this.deps.logger.log("info", "chat-command", { from: sender, command: command.kind });
    return this.run(command, sender, now);
  }

  private run(command: Command, sender: string, now: number): Promise<string> | string {
    switch (command.kind) {
      case "help":
        return HELP;
      case "check":
        return this.check(sender, command.domain, now);
      case "whoami":
        return this.whoami(sender);
      case "watch":
        return this.watch(sender, command.domain, now);
      case "unwatch":
        return withDomain(command.domain, (domain) =>
          this.deps.store.chat.removeWatch(sender, domain) ? `You no longer watch ${domain}.` : `You were not watching ${domain}.`,
        );
      case "watching": {
        const domains = this.deps.store.chat.watchesOf(sender);
        return domains.length === 0
          ? 'You watch no domain. Send "watch example.org" for a domain that lists you as an operator.'
          : `You watch: ${domains.join(", ")}.`;
      }
      case "opt-out":
        return this.optOut(sender, command.domain, now);
      case "confirm":
        return this.confirm(sender, command.code, now);
    }
  }

  private async check(sender: string, argument: DomainArgument, now: number): Promise<string> {
    if (!argument.ok) return `I cannot check that: ${argument.reason}.`;
    const { domain } = argument;
    const { store } = this.deps;
    if (store.domains.isOptedOut(domain)) return `${domain} opted out of this observatory: I do not probe it.`;
    const last = store.probes.latestReport(domain);
    const lastAge = last ? now - Date.parse(last.probedAt) : Infinity;
    if (last && lastAge < INBOX.checkEveryMs) return checkReply(last, judge(last), { kind: "stored", ageMs: Math.max(0, lastAge) }, this.deps.siteUrl);
    const pending = this.probing.get(domain);
    if (pending) return this.reply(await pending);
    const mine = this.checks.take(sender, now);
    if (!mine.ok)
      return `You asked for ${INBOX.checksPerSender} checks this hour, the most I take. Try again after ${formatInstant(new Date(mine.retryAt).toISOString())}.`;
    const everyone = this.budget.take(!store.domains.isListed(domain), now);
    if (!everyone.ok && everyone.cap === "probes")
      return `I am checking many domains right now (${BUDGET_WORDS.probes}). Try again after ${formatInstant(new Date(everyone.retryAt).toISOString())}.`;
    if (!everyone.ok)
      return `I take ${BUDGET_WORDS.newDomains}, and that is reached. Try again tomorrow, or ask the operator of this observatory to add ${domain}.`;
    const probe = this.deps.probe(domain).finally(() => this.probing.delete(domain));
    this.probing.set(domain, probe);
    this.deps.logger.log("info", "chat-check", { from: sender, domain });
    return this.reply(await probe);
  }

  private reply(report: DomainReport): string {
    return checkReply(report, judge(report), { kind: "fresh" }, this.deps.siteUrl);
  }

  private whoami(sender: string): string {
    const { store } = this.deps;
    const own = domainOfJid(sender);
    const domains = [...new Set([...store.domains.listingOperator(sender), ...(own.ok ? [own.domain] : [])])];
    const reports = domains.flatMap((domain) => {
      const report = store.domains.isOptedOut(domain) ? undefined : store.probes.latestReport(domain);
      return report ? [report] : [];
    });
    if (reports.length === 0)
      return own.ok
        ? `You are ${sender}. No domain I know lists you as an operator, and I have not probed ${own.domain}: send "check ${own.domain}", and publish xmpp:${sender} in its admin-addresses.`
        : `You are ${sender}. No domain I know lists you as an operator.`;
    return [`You are ${sender}.`, ...reports.map((r) => whoamiLine(r, sender)), ...reports.map((r) => pageOf(this.deps.siteUrl, r.domain))].join("\n");
  }

  private watch(sender: string, argument: DomainArgument, now: number): string {
    return withDomain(argument, (domain) => {
      const { store } = this.deps;
      if (!store.domains.listingOperator(sender).includes(domain))
        return `${domain} does not list you as an operator (${OPERATOR}), so you cannot watch it. Its page is public: ${pageOf(this.deps.siteUrl, domain)}`;
      switch (store.chat.addWatch(sender, domain, INBOX.watchesPerJid, new Date(now).toISOString())) {
        case "added":
          return `You watch ${domain}: after each crawl in which something changes for it, I tell you what. "unwatch ${domain}" ends it.`;
        case "already":
          return `You watch ${domain} already.`;
        case "full":
          return `You watch ${INBOX.watchesPerJid} domains, the most I keep for one address. "unwatch" one first.`;
      }
    });
  }

  private optOut(sender: string, named: string | undefined, now: number): string {
    const { store, logger } = this.deps;
    const decision = decideOptOut(sender, named, store.domains.listingOperator(sender));
    if (decision.kind === "refuse") {
      logger.log("warn", "opt-out-refused", { from: sender, domain: named });
      return decision.reply;
    }
    if (store.domains.isOptedOut(decision.domain)) return `${decision.domain} had opted out already.`;
    const code = (this.deps.code ?? newConfirmationCode)();
    store.domains.addOptOutRequest(code, sender, decision.domain, new Date(now).toISOString());
    logger.log("info", "opt-out-requested", { domain: decision.domain, from: sender });
    return `To opt ${decision.domain} out of Serverinfo Observatory, reply "confirm ${code}" within ${INBOX.confirmWithinMs / 60_000} minutes. It will then not be probed again, and it leaves the site and the data.`;
  }

  private confirm(sender: string, code: string, now: number): string {
    const { store, logger } = this.deps;
    const at = new Date(now).toISOString();
    const domain = store.domains.takeOptOutRequest(code, sender, new Date(now - INBOX.confirmWithinMs).toISOString());
    if (!domain)
      return `I have no opt-out request from you with the code ${code}. Codes last ${INBOX.confirmWithinMs / 60_000} minutes; send "opt out example.org" for a new one.`;
    const purgeAfter = optOutPurgeAfter(new Date(now));
    const fresh = store.domains.optOut(domain, `asked by xmpp:${sender} on ${at}, confirmed by code`, purgeAfter, at);
    logger.log("info", "opt-out-by-message", { domain, from: sender, fresh });
    return fresh
      ? `Done: ${domain} is opted out. It will not be probed again, and it leaves the site and the data at the next build. Its history is deleted after ${formatDay(purgeAfter)}; until then the operator of this observatory can undo this.`
      : `${domain} had opted out already.`;
  }
}

function withDomain(argument: DomainArgument, use: (domain: string) => string): string {
  return argument.ok ? use(argument.domain) : `I cannot do that: ${argument.reason}.`;
}
