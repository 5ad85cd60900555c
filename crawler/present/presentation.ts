// How findings are shown to people: one card per problem. The stored findings stay one per field
// or value; this groups the findings of one rule on one subject (and of one severity) into one
// card that names every field or value it concerns. The one place that decides it, for the server
// and rule pages, the CLI report, the chat replies and the watch notices. Pure.
import { bySeverity, SEVERITIES, type Change, type Finding, type Severity } from "../contract.ts";
import { counted, SEVERITY_NOUNS } from "./counted.ts";
import { getRule } from "../rules/catalogue.ts";
import { quote } from "../rules/finding.ts";

export interface FindingCard {
  rule: string;
  severity: Severity;
  subject: string;
  /** The stored findings it stands for, in their order. */
  findings: Finding[];
  /** What a person reads: the finding's own message, or one sentence for all of them. */
  text: string;
}

/** How a card of several findings of a rule on fields reads, where the rule's title would read badly. */
const GROUPED: Readonly<Record<string, string>> = {
  "field-empty": "{n} fields have no value: {list}.",
  "field-no-type": "{n} fields have no type attribute: {list}.",
  "field-wrong-type": "{n} fields have another type than the registered one: {list}.",
  "field-unregistered": "{n} fields are not registered for serverinfo: {list}.",
  "field-name-typo": "{n} field names look misspelt: {list}.",
  "serverinfo-duplicate-field": "{n} fields appear more than once: {list}.",
};

/** How many fields or values a card names before it counts the rest. */
const NAMED = 8;

/** The short name of a field: abuse for abuse-addresses. */
const shortField = (field: string) => field.replace(/-addresses$/, "");

function named(items: string[]): string {
  const unique = [...new Set(items)];
  const shown = unique.slice(0, NAMED).join(", ");
  return unique.length > NAMED ? `${shown} and ${unique.length - NAMED} more` : shown;
}

/** A finding's message, naming its value when the message does not. */
export function findingText(f: Finding): string {
  const value = f.value?.trim();
  if (!value || f.message.includes(value.slice(0, 40))) return f.message;
  return `${quote(value)}: ${f.message}`;
}

function cardText(findings: Finding[]): string {
  const first = findings[0]!;
  if (findings.length === 1) return findingText(first);
  const rule = getRule(first.rule);
  const values = findings.map((f) => f.value?.trim()).filter((v): v is string => v !== undefined && v !== "");
  const sameMessage = findings.every((f) => f.message === first.message);
  // The same words about several values (two mail addresses on one dead domain): the words once, every value named.
  if (values.length === findings.length && sameMessage) return `${named(values.map((v) => quote(v)))}: ${first.message}`;
  if (values.length === findings.length) return `${rule.title} (${findings.length} values): ${named(values.map((v) => quote(v)))}.`;
  const fields = findings.map((f) => f.field).filter((v): v is string => v !== undefined);
  if (fields.length === findings.length) {
    const grouped = GROUPED[first.rule];
    if (grouped) return grouped.replace("{n}", String(findings.length)).replace("{list}", named(fields.map(shortField)));
    return `${rule.title} (${findings.length} fields): ${named(fields.map(shortField))}.`;
  }
  return `${rule.title} (${findings.length} times): ${named(findings.map((f) => f.message))}`;
}

/** The cards of some findings, in the order of their first finding. */
export function findingCards(findings: Finding[]): FindingCard[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = `${f.rule}\u0000${f.subject}\u0000${f.severity}`;
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  return [...groups.values()].map((group) => ({
    rule: group[0]!.rule,
    severity: group[0]!.severity,
    subject: group[0]!.subject,
    findings: group,
    text: cardText(group),
  }));
}

/**
 * The cards a short reply leads with: by severity, the domain's own before its components', and
 * infos only when there is nothing worse.
 */
/** The findings of one severity, headed by their count ("9 warnings", "1 note"), as cards. */
export interface SeverityGroup {
  severity: Severity;
  heading: string;
  cards: FindingCard[];
}

/** The findings grouped by severity, the most severe first; a severity without findings has no group. */
export function severityGroups(findings: Finding[]): SeverityGroup[] {
  return SEVERITIES.flatMap((severity) => {
    const ofSeverity = findings.filter((f) => f.severity === severity);
    return ofSeverity.length > 0 ? [{ severity, heading: counted(ofSeverity.length, SEVERITY_NOUNS[severity]), cards: findingCards(ofSeverity) }] : [];
  });
}

export function leadingCards(findings: Finding[], domain: string, most: number): { shown: FindingCard[]; more: number } {
  const own = (subject: string) => (subject === domain ? 0 : 1);
  const cards = findingCards(findings).sort((a, b) => bySeverity(a, b) || own(a.subject) - own(b.subject));
  const worse = cards.filter((c) => c.severity !== "info");
  const candidates = worse.length > 0 ? worse : cards;
  const shown = candidates.slice(0, most);
  return { shown, more: cards.length - shown.length };
}

/** Changes of one kind and rule, said once: "3 findings appeared: field-empty on feedback, sales, status". */
export function changeLines(changes: Change[]): string[] {
  const groups = new Map<string, Change[]>();
  for (const c of changes) {
    const key = c.rule !== undefined && (c.kind === "finding-appeared" || c.kind === "finding-resolved") ? `${c.kind}\u0000${c.rule}` : `${groups.size}\u0001`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  return [...groups.values()].map((group) => {
    const first = group[0]!;
    if (group.length === 1) return first.text;
    const what = first.kind === "finding-appeared" ? "appeared" : "were resolved";
    const said = group.map((c) => c.text.replace(/^(Resolved )?[a-z0-9-]+: /, "").replace(/\.$/, ""));
    const rest = said.length > NAMED ? `; and ${said.length - NAMED} more` : "";
    return `${group.length} ${first.rule} findings ${what}: ${said.slice(0, NAMED).join("; ")}${rest}.`;
  });
}
