// observatory selftest <domain> --as <jid>: an administrator checks, with their own account, that
// their MUC and PubSub services treat them as the proto-XEP says (crawler/probe/selftest.ts asks,
// crawler/judge/selftest.ts judges). The password never comes from a flag.
import { SELFTEST_STATUSES, type SelftestOutput, type SelftestResult } from "../contract.ts";
import { selftestAccount } from "../config.ts";
import { formatInstant, formatWait } from "../model/dates.ts";
import { normalizeDomain } from "../model/domain.ts";
import { SELFTEST } from "../politeness.ts";
import { runSelftest } from "../probe/selftest.ts";
import { SELFTEST_CHECK_LIST } from "../judge/selftest.ts";
import { ConnectionLostError, XmppSession } from "../xmpp/session.ts";
import { CliError, EXIT } from "./exit.ts";
import { askHidden } from "./terminal.ts";
import { terminalSafe } from "../model/invisible.ts";
import { softwareLine } from "./report.ts";

export interface SelftestFlags {
  as: string;
  json: boolean;
  timeout?: number;
}

export const READ_ONLY_NOTICE =
  "Read-only: the self-test sends IQs of type get only. It never joins a room, submits a form, or creates, configures or destroys anything.";

export async function selftestCommand(input: string, flags: SelftestFlags): Promise<number> {
  const domain = normalizeDomain(input);
  if (!domain.ok) throw new CliError(`${JSON.stringify(input)} is not a valid domain: ${domain.reason}`, EXIT.usage);
  const account = selftestAccount(flags.as);
  const password = account.password ?? (await askHidden(`Password for ${account.jid} (not shown): `));
  if (!password)
    throw new CliError(
      `no password for ${account.jid}: set OBSERVATORY_SELFTEST_PASSWORD, or run on a terminal to be asked (never on the command line)`,
      EXIT.usage,
    );
  process.stderr.write(`${READ_ONLY_NOTICE}\n`);
  const session = await XmppSession.open({ ...account, password });
  let output: SelftestOutput;
  try {
    output = await runSelftest(
      { get: (to, payload, ms) => session.request(to, payload, ms, "get"), sentIqs: () => session.sentIqs() },
      { domain: domain.domain, administrator: account.jid, timeoutMs: (flags.timeout ?? SELFTEST.requestTimeoutMs / 1000) * 1000 },
      flags.json ? undefined : (step) => process.stderr.write(`… ${step}\n`),
    );
  } catch (error) {
    // Nothing judged on half the answers is worth printing; the administrator runs it again.
    if (error instanceof ConnectionLostError)
      throw new CliError(`the self-test did not finish: the connection of ${account.jid} to its server dropped; run it again`, EXIT.login);
    throw error;
  } finally {
    await session.close();
  }
  process.stdout.write(flags.json ? `${JSON.stringify(output, null, 2)}\n` : `${renderSelftest(output)}\n`);
  return selftestExitCode(output);
}

/** 1 when a check failed; 0 otherwise (a skip is said in the report, and tests nothing). */
export function selftestExitCode(output: SelftestOutput): number {
  return output.summary.fail > 0 ? EXIT.findings : EXIT.ok;
}

/** Failures first: they are what the administrator has to act on. */
const SHOWN_FIRST = ["fail", "pass", "skip"] as const satisfies ReadonlyArray<(typeof SELFTEST_STATUSES)[number]>;
const MARK = { pass: "✓ pass", fail: "✗ fail", skip: "– skip" } as const;
const MAX_EVIDENCE_LINES = 12;

function evidenceLines(result: SelftestResult): string[] {
  return result.evidence.flatMap((e) => {
    const head = `        ${e.request} to ${terminalSafe(e.to)}: ${e.answer === undefined ? `no answer (${e.outcome})` : "answered"}`;
    if (e.answer === undefined) return [head];
    const lines = terminalSafe(e.answer).split("\n");
    const shown = lines.slice(0, MAX_EVIDENCE_LINES).map((l) => `          ${l.length > 300 ? `${l.slice(0, 300)}…` : l}`);
    const rest = e.cut ? [`          … (${e.cut})`] : lines.length > MAX_EVIDENCE_LINES ? ["          … (the whole answer is in --json)"] : [];
    const redacted = e.redacted ? [`          (redacted: ${terminalSafe(e.redacted)})`] : [];
    return [head, ...shown, ...rest, ...redacted];
  });
}

/** The readable report: the listing first, then each check with its spec sentence, each result with why, fix and evidence. */
export function renderSelftest(output: SelftestOutput): string {
  const lines = [
    `${terminalSafe(output.domain)}: self-test as ${terminalSafe(output.administrator)}, ${formatInstant(output.startedAt)}, took ${formatWait(output.durationMs)}`,
    `  ${output.summary.pass} passed, ${output.summary.fail} failed, ${output.summary.skip} skipped; ${output.requests.get} requests, all of type get (${output.requests.set} set)`,
  ];
  if (output.software) lines.push(softwareLine(output.software));
  for (const check of SELFTEST_CHECK_LIST) {
    const results = output.results.filter((r) => r.check === check.id);
    if (results.length === 0) continue;
    lines.push("", `${check.title} [${check.id}]`);
    for (const spec of check.spec) lines.push(`  ${spec.document} ${spec.section}: “${spec.quote}”`);
    for (const status of SHOWN_FIRST)
      for (const r of results.filter((x) => x.status === status)) {
        lines.push(`    ${MARK[r.status]} ${terminalSafe(r.entity)}: ${terminalSafe(r.why)}`);
        if (r.fix) lines.push(`        fix: ${r.fix}`);
        lines.push(...evidenceLines(r));
      }
  }
  if (output.notes.length > 0) lines.push("", "Notes:", ...output.notes.map((n) => `  - ${terminalSafe(n)}`));
  return lines.join("\n");
}
