// What changed for a domain between two probes: the history on its page and its Atom feed.
import { CONTACT_CATEGORIES, type DomainReport, type Finding } from "../../crawler/contract.ts";
import type { HistoryEntry } from "../../crawler/contract.ts";

export type ChangeKind =
  | "first-seen"
  | "outcome"
  | "software"
  | "contact-added"
  | "contact-removed"
  | "administrator-added"
  | "administrator-removed"
  | "finding-appeared"
  | "finding-resolved";

export interface Change {
  kind: ChangeKind;
  /** Plain text; the page and the feed escape it. */
  text: string;
  rule?: string;
}

export interface ChangeSet {
  at: string;
  domain: string;
  changes: Change[];
}

const findingKey = (f: Finding) => [f.rule, f.subject, f.field ?? "", f.value ?? ""].join("\u0000");
const software = (r: DomainReport) => (r.software ? `${r.software.name} ${r.software.version ?? ""}`.trim() : "unknown");

function setDiff(before: string[], after: string[]): { added: string[]; removed: string[] } {
  const a = new Set(before);
  const b = new Set(after);
  return { added: [...b].filter((v) => !a.has(v)), removed: [...a].filter((v) => !b.has(v)) };
}

export function diffReports(previous: DomainReport | undefined, next: DomainReport): Change[] {
  if (!previous) return [{ kind: "first-seen", text: `First probed: ${next.outcome === "ok" ? "reachable" : next.outcome}` }];
  const changes: Change[] = [];
  if (previous.outcome !== next.outcome) changes.push({ kind: "outcome", text: `Outcome changed from ${previous.outcome} to ${next.outcome}` });
  // An unreachable probe says nothing about what the domain publishes: compare only answers.
  if (previous.outcome !== "ok" || next.outcome !== "ok") return changes;
  if (software(previous) !== software(next) && next.software)
    changes.push({ kind: "software", text: `Software changed from ${software(previous)} to ${software(next)}` });
  for (const category of CONTACT_CATEGORIES) {
    const { added, removed } = setDiff(previous.contacts[category], next.contacts[category]);
    for (const v of added) changes.push({ kind: "contact-added", text: `${category} address added: ${v}` });
    for (const v of removed) changes.push({ kind: "contact-removed", text: `${category} address removed: ${v}` });
  }
  const admins = setDiff(previous.administrators, next.administrators);
  for (const v of admins.added) changes.push({ kind: "administrator-added", text: `Administrator added: ${v}` });
  for (const v of admins.removed) changes.push({ kind: "administrator-removed", text: `Administrator removed: ${v}` });
  const before = new Map(previous.findings.map((f) => [findingKey(f), f]));
  const after = new Map(next.findings.map((f) => [findingKey(f), f]));
  for (const [key, f] of after) if (!before.has(key)) changes.push({ kind: "finding-appeared", text: `${f.rule}: ${f.message}`, rule: f.rule });
  for (const [key, f] of before) if (!after.has(key)) changes.push({ kind: "finding-resolved", text: `Resolved ${f.rule}: ${f.message}`, rule: f.rule });
  return changes;
}

/** The change log of a domain, newest first, leaving out probes that changed nothing. */
export function changeLog(domain: string, history: HistoryEntry[]): ChangeSet[] {
  const sets: ChangeSet[] = [];
  let previous: DomainReport | undefined;
  for (const entry of history) {
    const changes = diffReports(previous, entry.report);
    if (changes.length > 0) sets.push({ at: entry.probedAt, domain, changes });
    previous = entry.report;
  }
  return sets.reverse();
}
