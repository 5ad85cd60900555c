// What changed for a domain between two of its probes. Decided once, when a probe is stored
// (crawler/store/store.ts); the server page, the feeds, the downloads and the watchers read it.
import { CONTACT_CATEGORIES, isJudged, type Change, type DomainReport, type Finding } from "../contract.ts";
import { cutChars } from "../model/bounded.ts";
import { BOUNDS, type Bounds } from "../politeness.ts";
import { partialFailure, vantagesThatFailed } from "../rules/federation.ts";

const findingKey = (f: Finding) => [f.rule, f.subject, f.field ?? "", f.value ?? ""].join("\u0000");
const software = (r: DomainReport) => (r.software ? `${r.software.name} ${r.software.version ?? ""}`.trim() : "unknown");

function setDiff(before: string[], after: string[]): { added: string[]; removed: string[] } {
  const a = new Set(before);
  const b = new Set(after);
  return { added: [...b].filter((v) => !a.has(v)), removed: [...a].filter((v) => !b.has(v)) };
}

/**
 * The changes from `previous` (undefined for a domain's first probe) to `next`; empty when
 * nothing changed. At most maxChangesPerProbe, each cut to maxFindingChars: a server that swaps
 * its 300 addresses at every crawl cannot fill the store, a page or a watcher's chat.
 */
export function diffReports(previous: DomainReport | undefined, next: DomainReport, bounds: Bounds = BOUNDS): Change[] {
  // The same report (store.probes.reportToCompare gives it when only the times differ): nothing changed.
  if (previous === next) return [];
  const changes = allChanges(previous, next).map((c) => ({ ...c, text: cutChars(c.text, bounds.maxFindingChars) }));
  if (changes.length <= bounds.maxChangesPerProbe) return changes;
  const kept = changes.slice(0, bounds.maxChangesPerProbe - 1);
  return [...kept, { kind: "more-changes", text: `and ${changes.length - kept.length} more changes` }];
}

function allChanges(previous: DomainReport | undefined, next: DomainReport): Change[] {
  if (!previous) return [{ kind: "first-seen", text: `First probed: ${next.outcome === "ok" ? "reachable" : next.outcome}` }];
  const changes: Change[] = [];
  if (previous.outcome !== next.outcome) changes.push({ kind: "outcome", text: `Outcome changed from ${previous.outcome} to ${next.outcome}` });
  changes.push(...partialFailureChanges(previous, next));
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
  // A partial failure's beginning and end are said above, whatever the outcome either side.
  const [wasPartial, isPartial] = [partialFailure(previous), partialFailure(next)];
  const before = new Map(previous.findings.filter((f) => f !== wasPartial).map((f) => [findingKey(f), f]));
  const after = new Map(next.findings.filter((f) => f !== isPartial).map((f) => [findingKey(f), f]));
  for (const [key, f] of after) if (!before.has(key)) changes.push({ kind: "finding-appeared", text: `${f.rule}: ${f.message}`, rule: f.rule });
  for (const [key, f] of before) if (!after.has(key)) changes.push({ kind: "finding-resolved", text: `Resolved ${f.rule}: ${f.message}`, rule: f.rule });
  return changes;
}

/**
 * When a partial failure (rules/federation.ts: federation-partial, some vantages reach the domain
 * and others cannot) began and ended, in the history: it begins when the finding appears, and ends
 * when every vantage reaches the domain again, or none does. Said whatever the outcome either side,
 * so that a domain going from unreachable everywhere to reachable from some vantages has it too.
 */
function partialFailureChanges(previous: DomainReport, next: DomainReport): Change[] {
  const was = partialFailure(previous);
  const is = partialFailure(next);
  if (!was && is) return [{ kind: "finding-appeared", rule: is.rule, text: `Partial failure began (${is.rule}): ${is.message}` }];
  if (!was || is) return [];
  const now = !isJudged(next.outcome)
    ? "this probe was not judged"
    : next.outcome !== "ok"
      ? `no vantage reaches it now (${next.outcome})`
      : vantagesThatFailed(next).length > 0
        ? "our own server had a problem in this crawl, and nothing was judged against the domain"
        : "every vantage reaches it again";
  return [{ kind: "finding-resolved", rule: was.rule, text: `Partial failure ended (${was.rule}): ${now}. It was: ${was.message}` }];
}
