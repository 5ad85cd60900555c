// The readable report of `observatory check`: pure, from a DomainReport to text.
import { CONTACT_CATEGORIES, type DomainReport } from "../contract.ts";
import { severityGroups, type FindingCard } from "../present/presentation.ts";
import { fixBasisFor, fixFor } from "../rules/catalogue.ts";
import { describeFixBasis } from "../rules/fixes-run.ts";
import { detectSoftware, SOFTWARE_LABELS } from "../rules/software.ts";
import { terminalSafe } from "../model/invisible.ts";
import { explainOutcome, explainVantages } from "../present/explain.ts";
import { judge } from "../judge/verdict.ts";
import { isOwnSecurityTxt } from "../rules/reachability.ts";
import { formatInstant } from "../model/dates.ts";

const MAX_SHOWN_VALUE = 200;

const CHECK_MARK = { works: "✓ works  ", broken: "✗ broken ", "not-checked": "– not checked" } as const;

const shown = (v: string) => {
  const safe = terminalSafe(v);
  return safe.length > MAX_SHOWN_VALUE ? `${safe.slice(0, MAX_SHOWN_VALUE)}… (${v.length} characters)` : safe;
};

function cardLines(card: FindingCard, family: ReturnType<typeof detectSoftware>): string[] {
  const lines = [`  [${card.rule}] ${shown(card.subject)}: ${shown(card.text)}`, `      fix: ${fixFor(card.rule, family)}`];
  const basis = fixBasisFor(card.rule, family);
  if (basis && family) {
    const { text, url } = describeFixBasis(basis, family);
    lines.push(`           ${text}${url ? ` ${url}` : ""}`);
  }
  return lines;
}

/** The software line of a report (check, selftest): what the server says it runs, and whose fixes follow. */
export function softwareLine(s: NonNullable<DomainReport["software"]>): string {
  const family = detectSoftware(s);
  return `  software: ${shown(s.name)}${s.version ? ` ${shown(s.version)}` : ""}${s.os ? ` on ${shown(s.os)}` : ""}${family ? ` (fixes for ${SOFTWARE_LABELS[family]})` : ""}`;
}

export function renderReport(report: DomainReport): string {
  const family = detectSoftware(report.software);
  const lines: string[] = [`${shown(report.domain)}: ${explainOutcome(report, shown)}`];
  if (report.vantages) lines.push("  vantages:", ...explainVantages(report, shown).map((line) => `    ${line}`));
  if (report.software) lines.push(softwareLine(report.software));
  if (report.outcome !== "ok") return lines.join("\n");
  lines.push(report.serverinfo.forms === 0 ? "  contacts: no serverinfo form" : "  contacts:");
  for (const category of CONTACT_CATEGORIES) {
    const values = report.contacts[category];
    if (values.length > 0) lines.push(`    ${category.padEnd(9)} ${values.map(shown).join(", ")}`);
  }
  if (report.administrators.length > 0) {
    lines.push(`  ★ administrators (service admins, owners of every room and node): ${report.administrators.map(shown).join(", ")}`);
  }
  if (report.checks.length > 0) {
    lines.push("  do they work? (checked without bothering anyone: DNS for mail, one GET for pages, s2s for XMPP; never whether an account exists)");
    for (const c of report.checks)
      lines.push(
        `    ${CHECK_MARK[c.status]} ${shown(c.value)}${isOwnSecurityTxt(c) ? " (its own security.txt)" : ""}${c.checkedAt ? ` (checked ${formatInstant(c.checkedAt)})` : ""}: ${shown(c.why)}`,
      );
  }
  if (report.components.length > 0) {
    lines.push("  components:");
    for (const c of report.components) {
      const identity = c.identities.map((i) => `${i.category}/${i.type}`).join(", ");
      lines.push(
        `    ${shown(c.jid)} ${c.outcome === "ok" ? `(${shown(identity)})${c.serverinfo ? ", serverinfo form" : ""}` : `— ${c.outcome}${c.error?.text ? `: ${shown(c.error.text)}` : c.error && c.error.condition !== c.outcome ? ` (${c.error.condition})` : ""}`}`,
      );
    }
  }
  // One card per problem (present/presentation.ts), by severity; the count is of the findings, as the verdict counts them.
  for (const group of severityGroups(report.findings)) {
    lines.push(`  ${group.heading}:`);
    for (const card of group.cards) lines.push(...cardLines(card, family));
  }
  if (report.findings.length === 0) lines.push("  no findings");
  return lines.join("\n");
}

/** Whether a report makes `check` exit 1: an error finding, unreachable, or not judged. */
export function failsCheck(report: DomainReport): boolean {
  const level = judge(report).level;
  return level === "errors" || level === "unreachable" || level === "not-judged";
}
