// observatory: the command line. Thin: parse, call the core, print, exit with a documented code.
import { Command, CommanderError, Option } from "commander";
import { PROJECT } from "../project.ts";
import type { SelftestFlags } from "./selftest.ts";
import { CliError, EXIT } from "./exit.ts";
import { terminalSafe } from "../model/invisible.ts";
import { describeFatal, guardProcess } from "./guard.ts";
import { wholeNumber } from "./flags.ts";
import { FLAG_BOUNDS } from "../politeness.ts";

// Each command's module (and with it the store, XMPP, the network) is loaded when that command
// runs, not at every start: `observatory --help` and a mistyped flag load none of them.
const commands = {
  check: () => import("./check.ts"),
  selftest: () => import("./selftest.ts"),
  crawl: () => import("./crawl.ts"),
  daemon: () => import("./daemon.ts"),
  domains: () => import("./domains.ts"),
  watches: () => import("./watches.ts"),
  status: () => import("./status.ts"),
};

let exitCode: number = EXIT.ok;
const set = (code: number) => {
  exitCode = code;
};

const program = new Command("observatory")
  .description(`${PROJECT.name}: who runs each federated XMPP server, and whether what it publishes (XEP-0157) is right.`)
  .version(PROJECT.version)
  .exitOverride()
  .showHelpAfterError("(run observatory --help for usage)")
  .addHelpText(
    "after",
    `\nExit codes: 0 ok, 1 error findings or unreachable (check), a failed check (selftest), 2 usage or configuration, 3 our own account (or, for selftest, yours) cannot log in, 4 another crawl or daemon is running, 70 an internal error (a bug: please report it).`,
  );

// Each flag is declared once; the commands take the ones that apply to them.
const FLAGS = {
  timeout: () =>
    new Option("--timeout <seconds>", `per-IQ timeout, 1 to ${FLAG_BOUNDS.maxTimeoutSeconds}`).argParser(
      wholeNumber("--timeout", 1, FLAG_BOUNDS.maxTimeoutSeconds),
    ),
  concurrency: () =>
    new Option("--concurrency <n>", `probes in flight, 1 to ${FLAG_BOUNDS.maxConcurrency}`).argParser(
      wholeNumber("--concurrency", 1, FLAG_BOUNDS.maxConcurrency),
    ),
  rate: () =>
    new Option("--rate <n>", `at most n probes started per second, up to ${FLAG_BOUNDS.maxRate} (0: no cap)`).argParser(
      wholeNumber("--rate", 0, FLAG_BOUNDS.maxRate),
    ),
};

program
  .command("check")
  .description("probe domains now and print what they publish and every finding")
  .argument("<domain...>", "one or more domains")
  .option("--json", "print JSON (one object, or an array for several domains); schema: schemas/check-output.schema.json", false)
  .option("--no-store", "do not record the result in the store")
  .addOption(FLAGS.timeout())
  .action(async (domains: string[], options: { json: boolean; store: boolean; timeout?: number }) =>
    set(await (await commands.check()).checkCommand(domains, options)),
  );

program
  .command("selftest")
  .description("as an administrator of <domain>, check with your own account that its MUC and PubSub services treat you as an owner (read-only)")
  .argument("<domain>", "the domain you administer")
  .requiredOption("--as <jid>", "your administrator account, a bare JID; the password comes from OBSERVATORY_SELFTEST_PASSWORD or is asked without echo")
  .option("--json", "print JSON; schema: schemas/selftest-output.schema.json", false)
  .addOption(FLAGS.timeout())
  .action(async (domain: string, options: SelftestFlags) => set(await (await commands.selftest()).selftestCommand(domain, options)));

program
  .command("crawl")
  .description("probe every known domain (or those in FILE) into the store; resumes an unfinished crawl")
  .option("--domains <file>", "a file with one domain per line ('#' comments)")
  .addOption(FLAGS.concurrency())
  .addOption(FLAGS.timeout())
  .addOption(FLAGS.rate())
  .action(async (options) => set(await (await commands.crawl()).crawlCommand(options)));

program
  .command("daemon")
  .description("crawl, build the site and publish it atomically on a schedule, until SIGTERM or SIGINT")
  .option("--schedule <cron>", 'when to run (default: OBSERVATORY_SCHEDULE, or every 6 hours: "0 */6 * * *")')
  .option("--publish-dir <path>", "the published site, a symbolic link the daemon swaps (default: OBSERVATORY_PUBLISH_DIR, or dist)")
  .option("--run-now", "run once at start, not only on schedule", false)
  .addOption(FLAGS.concurrency())
  .addOption(FLAGS.rate())
  .addOption(FLAGS.timeout())
  .action(async (options) => set(await (await commands.daemon()).daemonCommand(options)));

program
  .command("bot")
  .description("answer chat commands (check, whoami, watch, opt out) on the account, until SIGTERM or SIGINT; the daemon does this too")
  .addOption(FLAGS.timeout())
  .action(async (options) => set(await (await commands.daemon()).botCommand(options)));

program
  .command("authbot")
  .description("as bot, and grant membership in these rooms to joiners whose server lists them as operators (the account must be admin or owner there)")
  .requiredOption("--room <jid...>", "the rooms, each a bare JID (non-anonymous)")
  .option("--authbot-rule", "decide exactly as the XSF's authbot does (crawler/operators/authbot.ts), instead of the observatory's rule", false)
  .addOption(FLAGS.timeout())
  .action(async (options) => set(await (await commands.daemon()).authbotCommand(options)));

program
  .command("watches")
  .description("list who watches which domain (chat: watch example.org)")
  .option("--json", "print JSON", false)
  .action(async (options: { json: boolean }) => set(await (await commands.watches()).watchesCommand(options)));

program
  .command("status")
  .description("show the last crawl, the one under way, and the daemon's next run and last error")
  .option("--json", "print JSON", false)
  .action(async (options: { json: boolean }) => set((await commands.status()).statusCommand(options)));

const domains = program.command("domains").description("manage the list of domains to crawl");
domains
  .command("add")
  .argument("<domain...>")
  .description("add domains")
  .action(async (d: string[]) => set(await (await commands.domains()).domainsAdd(d)));
domains
  .command("remove")
  .argument("<domain...>")
  .description("remove domains")
  .action(async (d: string[]) => set(await (await commands.domains()).domainsRemove(d)));
domains
  .command("list")
  .option("--json", "print JSON", false)
  .description("list the domains")
  .action(async (o: { json: boolean }) => set(await (await commands.domains()).domainsList(o)));
domains
  .command("import")
  .argument("<file-or-url>", "a plain list (one per line, '#' comments) or XMPP Providers JSON (items with a jid field); a file or an https:// URL")
  .option("--allow-private", "allow a URL on a private, loopback or link-local address (refused by default)", false)
  .description("add the domains of a list; bad lines are reported and skipped")
  .action(async (f: string, o: { allowPrivate: boolean }) => set(await (await commands.domains()).domainsImport(f, o)));
domains
  .command("optout")
  .argument("<domain...>")
  .option("--note <text>", "who asked, and how", "opted out by the operator of this instance")
  .option("--undo", "take the opt-out back, while the domain's history is not purged yet (OBSERVATORY_OPTOUT_GRACE_DAYS)", false)
  .description("never probe these domains again; their history is purged after the grace period")
  .action(async (d: string[], o: { note: string; undo: boolean }) => set(await (await commands.domains()).domainsOptout(d, o)));

export async function main(argv: string[]): Promise<number> {
  guardProcess();
  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help" ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof CliError) {
      process.stderr.write(`observatory: ${printable(error.message)}\n`);
      return error.exitCode;
    }
    const code = await exitCodeOf(error);
    if (code !== undefined) {
      process.stderr.write(`observatory: ${printable((error as Error).message)}\n`);
      return code;
    }
    process.stderr.write(`observatory: internal error, please report it: ${describeFatal(error)}\n`);
    return EXIT.internal;
  }
}

/** An error's message as it may reach a terminal: it can quote what a server sent (a stream error's text, its mechanisms). */
function printable(message: string): string {
  return message.split("\n").map(terminalSafe).join("\n");
}

/**
 * The documented exit code of a typed error from below the CLI, or undefined for a bug. The
 * modules are loaded here, on an error only (see `commands`); the one the error came from is
 * loaded already.
 */
async function exitCodeOf(error: unknown): Promise<number | undefined> {
  const [{ ConfigError }, { StoreError }, { PublishError }, { OptedOutError }, { AuthbotRoomError }, { LoginError }, { CrawlBusyError }, { LockBusyError }] =
    await Promise.all([
      import("../config.ts"),
      import("../store/store.ts"),
      import("../schedule/publish.ts"),
      import("../crawl/use-case.ts"),
      import("../chat/authbot.ts"),
      import("../xmpp/session.ts"),
      import("../crawl/crawl.ts"),
      import("../schedule/lock.ts"),
    ]);
  if (
    error instanceof ConfigError ||
    error instanceof StoreError ||
    error instanceof PublishError ||
    error instanceof OptedOutError ||
    error instanceof AuthbotRoomError
  )
    return EXIT.usage;
  if (error instanceof LoginError) return EXIT.login;
  if (error instanceof CrawlBusyError || error instanceof LockBusyError) return EXIT.busy;
  return undefined;
}
