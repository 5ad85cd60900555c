// One report may hold only so much (BOUNDS.maxReportChars, maxFindingsPerReport): whatever a
// server publishes, its stored report, its page and its JSON stay small. The rules have already
// judged everything that was read; this only decides what the report keeps, and says what it left out.
import type { Component, Contacts, DomainReport, Finding } from "../contract.ts";
import { bySeverity, CONTACT_CATEGORIES } from "../contract.ts";
import { cutChars as cut } from "../model/bounded.ts";
import { BOUNDS, type Bounds } from "../politeness.ts";
import { BOUNDS_RULES } from "./bounds.ts";

/** Room kept for the report's own skeleton and for the finding that says what was left out. */
const RESERVE = 2048;

const cost = (value: unknown) => JSON.stringify(value).length + 1;

/**
 * At least JSON.stringify(value).length, counted without writing the JSON out: each character of a
 * string or key as six (its longest escape, \u001f), each number as written (at least the four of
 * "null"). A report far under its budget, as nearly all are, is known to fit at about a fifth of
 * the cost of writing it, and without the garbage; one near it is measured exactly. A value that
 * writes itself (toJSON) is not bounded.
 */
function jsonLengthBound(value: unknown): number {
  switch (typeof value) {
    case "string":
      return 2 + 6 * value.length;
    case "number":
      return Math.max(4, String(value).length);
    case "boolean":
      return 5;
    case "object": {
      if (value === null) return 4;
      if (typeof (value as { toJSON?: unknown }).toJSON === "function") return Infinity;
      let n = 2;
      if (Array.isArray(value)) {
        for (const item of value as unknown[]) n += jsonLengthBound(item) + 1;
        return n;
      }
      for (const key in value) if (Object.hasOwn(value, key)) n += 6 * key.length + 4 + jsonLengthBound((value as Record<string, unknown>)[key]);
      return n;
    }
    default:
      return 4;
  }
}

/** Whether a value's JSON (with one more character, as cost counts) is at most `most` characters. */
const fits = (value: unknown, most: number) => jsonLengthBound(value) + 1 <= most || cost(value) <= most;

/** Charges what a report keeps against what is left of its budget; counts what did not fit. */
class Budget {
  dropped = 0;
  constructor(private left: number) {}

  keep(value: unknown, most = Infinity): boolean {
    const price = cost(value);
    if (price > Math.min(this.left, most)) {
      this.dropped++;
      return false;
    }
    this.left -= price;
    return true;
  }

  /** The values that fit, spending at most `most` characters on them. */
  list<T>(values: T[], most = Infinity): T[] {
    let spent = 0;
    return values.filter((v) => {
      const kept = this.keep(v, most - spent);
      if (kept) spent += cost(v);
      return kept;
    });
  }

  contacts(contacts: Contacts): Contacts {
    return Object.fromEntries(CONTACT_CATEGORIES.map((c) => [c, this.list(contacts[c])])) as Contacts;
  }
}

/** Findings with their quotes cut, errors first, at most maxFindingsPerReport of them and then one that counts the rest. */
export function trimFindings(findings: Finding[], domain: string, bounds: Bounds = BOUNDS): Finding[] {
  const shortened = findings.map((f) => ({
    ...f,
    message: cut(f.message, bounds.maxFindingChars),
    ...(f.value !== undefined && { value: cut(f.value, bounds.maxFindingChars) }),
  }));
  if (shortened.length <= bounds.maxFindingsPerReport) return shortened;
  const ordered = shortened.map((f, i) => ({ f, i })).sort((a, b) => bySeverity(a.f, b.f) || a.i - b.i);
  const kept = ordered.slice(0, bounds.maxFindingsPerReport - 1).map(({ f }) => f);
  const more = shortened.length - kept.length;
  return [
    ...kept,
    BOUNDS_RULES.finding(
      "answer-exceeds-bounds",
      domain,
      `The answers gave ${shortened.length} findings; the report keeps ${kept.length} (errors first), and ${more} more were judged but not kept.`,
    ),
  ];
}

/**
 * The report within BOUNDS.maxReportChars. A report that fits is returned as it is (its findings
 * trimmed). Otherwise it keeps, while the budget lasts: its findings (errors first, on at most
 * half the budget), the checks of its addresses, the domain's contacts and administrators, its identities and features, then
 * each component in order.
 */
export function fitReport(report: DomainReport, bounds: Bounds = BOUNDS): DomainReport {
  const trimmed: DomainReport = { ...report, findings: trimFindings(report.findings, report.domain, bounds) };
  if (fits(trimmed, bounds.maxReportChars)) return trimmed;

  const { contacts, administrators, checks, findings, identities, features, components, ...skeleton } = trimmed;
  const available = bounds.maxReportChars - RESERVE - cost(skeleton);
  const budget = new Budget(available);
  const keptFindings = budget.list([...findings].sort(bySeverity), available / 2);
  // The checks before the contacts: at most a few dozen, and the verdict (abuse works, every
  // contact works) and the page's marks read them; a dropped check would read as "not checked".
  const keptChecks = budget.list(checks);
  const fitted: DomainReport = {
    ...skeleton,
    contacts: budget.contacts(contacts),
    administrators: budget.list(administrators),
    checks: keptChecks,
    findings: keptFindings,
    identities: budget.list(identities),
    features: budget.list(features),
    components: [],
  };
  for (const component of components) {
    const kept = fitComponent(component, budget);
    if (kept) fitted.components.push(kept);
  }
  fitted.findings.push(
    BOUNDS_RULES.finding(
      "answer-exceeds-bounds",
      report.domain,
      `The answers hold more than one report keeps (${bounds.maxReportChars} characters): ${budget.dropped} entries (values, findings, identities, features or components) were left out of this report. The findings were judged on everything read.`,
    ),
  );
  return fitted;
}

function fitComponent(component: Component, budget: Budget): Component | undefined {
  const { identities, features, contacts, administrators, ...skeleton } = component;
  if (!budget.keep(skeleton)) return undefined;
  return {
    ...skeleton,
    identities: budget.list(identities),
    contacts: budget.contacts(contacts),
    administrators: budget.list(administrators),
    features: budget.list(features),
  };
}
