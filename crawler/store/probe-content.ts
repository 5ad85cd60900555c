// How the store keeps what a probe found (migration 22): its content, shared by every probe of the
// domain that found the same, and its own times, in the probe's row. A domain that changed nothing
// since its previous probe costs a row, not another copy of a report of several KB and of its
// evidence rows (issue 34: bench:store). The content is the report's body and the evidence: the
// raw answers (each in answers, by its hash) in the order they were asked. The times are the
// probe's probedAt and durationMs and each check's checkedAt: they differ at every probe (an
// address check of the domain itself runs with its probe) while nothing else does. Lossless: the
// body keeps each time's key, in its place, with null as its value (no report has null there), and
// the times list the values taken out, in order. The form is part of the schema: changing it needs a migration.
import { hash } from "node:crypto";
import type { AddressCheck, DomainReport } from "../contract.ts";

/** A report as the store keeps it: its body (JSON), the body's SHA-256, and the times taken out of it (JSON). */
export interface StoredReportForm {
  body: string;
  hash: Buffer;
  times: string;
}

/** Each report's stored form, made once: the crawl's judging (reportToCompare) and its write both need it. */
const forms = new WeakMap<DomainReport, StoredReportForm>();

/** The stored form of a report: its body with its own times null, and those times. */
export function storedForm(report: DomainReport): StoredReportForm {
  let form = forms.get(report);
  if (!form) {
    form = storedFormOf(report);
    forms.set(report, form);
  }
  return form;
}

function storedFormOf(report: DomainReport): StoredReportForm {
  const times: unknown[] = [];
  const take = <T>(value: T): T | null => {
    if (value === undefined) return value as T;
    times.push(value);
    return null;
  };
  const body: Record<string, unknown> = { ...report, probedAt: take(report.probedAt), durationMs: take(report.durationMs) };
  if (Array.isArray(report.checks)) body.checks = report.checks.map((c) => (c.checkedAt === undefined ? c : { ...c, checkedAt: take(c.checkedAt) }));
  const text = JSON.stringify(body);
  return { body: text, hash: hash("sha256", text, "buffer"), times: JSON.stringify(times) };
}

/** The report a body and its times were made from (storedForm's inverse). */
export function reportFromStored(body: string, times: string): DomainReport {
  const report = JSON.parse(body) as Record<string, unknown> & { checks?: Array<Record<string, unknown>> };
  return withTimes(report, JSON.parse(times) as unknown[]) as DomainReport;
}

/**
 * The report `like` with the times `times` (a stored probe's), in place of its own: the domain's
 * stored report when its body is `like`'s (the same hash), made without reading that body.
 */
export function reportWithTimesOf(like: DomainReport, times: string): DomainReport {
  return withTimes(
    { ...like, checks: like.checks.map((c) => ({ ...c })) } as Record<string, unknown> & { checks: Array<Record<string, unknown>> },
    JSON.parse(times) as unknown[],
  ) as DomainReport;
}

/** Puts `times` back, in storedForm's order, where `report` has a time's key (its value null in a body). */
function withTimes(report: Record<string, unknown> & { checks?: Array<Record<string, unknown>> }, times: unknown[]): Record<string, unknown> {
  let next = 0;
  const give = (holder: Record<string, unknown>, key: string) => {
    if (key in holder && holder[key] !== undefined) holder[key] = times[next++];
  };
  give(report, "probedAt");
  give(report, "durationMs");
  if (Array.isArray(report.checks)) for (const check of report.checks) give(check, "checkedAt" satisfies keyof AddressCheck);
  return report;
}

/** One evidence row of a content as stored: jid, kind, the answer's hash (null: no answer), what reading it left out (JSON, or null), the vantage (null: the report's own). */
export type EvidenceRow = [jid: string, kind: string, answer: string | null, cut: string | null, vantage: string | null];

/** The key of a content: the SHA-256 of its body's and its evidence rows. */
export function contentHash(bodyHash: Buffer, rows: readonly EvidenceRow[]): Buffer {
  return hash("sha256", `${bodyHash.toString("hex")}\n${JSON.stringify(rows)}`, "buffer");
}
