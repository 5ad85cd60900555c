// The server list: one row per domain, in reading order. Its pages carry LIST_PAGE_ROWS rows each
// (what a reader without JavaScript pages through); the script that searches, filters and sorts
// the whole list fetches it in parts of LIST_PART_ROWS rows, as static files, when the reader
// first uses the form. So the first load stays small at any size of the network (README:
// bench:site). Pure: summaries in, rows, pages and parts out.
import { CONTACT_CATEGORIES, type ContactCategory } from "../../crawler/contract.ts";
import type { Level } from "../../crawler/judge/verdict.ts";
import { serverPath } from "./links.ts";
import { byReadingOrder } from "./reading-order.ts";
import type { DomainSummary } from "./summary.ts";

export const LIST_PAGE_ROWS = 1_000;
export const LIST_PART_ROWS = 10_000;

export interface ListRow {
  domain: string;
  /** Its page. */
  path: string;
  level: Level;
  software: string;
  version: string;
  categories: ContactCategory[];
  administrators: number;
  /** m: publishes administrators, b: has an abuse contact, t: authbot-ready. */
  flags: string;
  errors: number;
  warnings: number;
  infos: number;
}

/**
 * One row of a data part: [domain, its page's path, level, software, version,
 * categories (a bit per CONTACT_CATEGORIES entry, in the part's `categories` order),
 * administrators, flags, errors, warnings, infos]. Arrays, not objects: a part of 10,000 rows
 * stays near 100 KB gzipped.
 */
export type PartRow = [string, string, Level, string, string, number, number, string, number, number, number];

export interface ListPart {
  categories: ContactCategory[];
  rows: PartRow[];
}

function rowOf(s: DomainSummary): ListRow {
  const v = s.verdict;
  return {
    domain: s.domain,
    path: serverPath(s.domain),
    level: v.level,
    software: s.software?.name ?? "",
    version: s.software?.version ?? "",
    categories: s.categories,
    administrators: s.administrators,
    flags: [v.publishesAdministrators && "m", v.hasAbuseContact && "b", v.authbotReady && "t"].filter(Boolean).join(""),
    errors: v.counts.error,
    warnings: v.counts.warning,
    infos: v.counts.info,
  };
}

export interface ServerList {
  /** Every domain's row, in reading order. */
  rows: ListRow[];
  /** The software filter's choices: the names most domains run (at most SOFTWARE_CHOICES), sorted. */
  software: string[];
}

/**
 * The software filter offers the names most domains run, no more: every list page carries the
 * choices, and a crawled name is whatever a server says, so distinct names are as many as domains.
 */
export const SOFTWARE_CHOICES = 40;

/** The names most rows show, at most SOFTWARE_CHOICES, in reading order (as the list's sort by software ranks them). */
function softwareChoices(rows: ListRow[]): string[] {
  const counts = new Map<string, number>();
  for (const r of rows) if (r.software) counts.set(r.software, (counts.get(r.software) ?? 0) + 1);
  return [...counts]
    .sort(([a, m], [b, n]) => n - m || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, SOFTWARE_CHOICES)
    .map(([name]) => name)
    .sort(byReadingOrder);
}

const made = new WeakMap<DomainSummary[], ServerList>();

/** The list of these summaries, made once: each of its pages and parts reads it. */
export function serverList(summaries: DomainSummary[]): ServerList {
  let list = made.get(summaries);
  if (!list) {
    // In reading order, which is also what sorting the list by domain in the browser gives, so that a row's index is its rank by domain there.
    const rows = summaries.map(rowOf).sort((a, b) => byReadingOrder(a.domain, b.domain));
    list = { rows, software: softwareChoices(rows) };
    made.set(summaries, list);
  }
  return list;
}

/** How many pages or parts `rows` rows take, `size` a piece; an empty list still has its first page. */
export const pieces = (rows: number, size: number) => Math.max(1, Math.ceil(rows / size));

/** The rows of page `page` (1 is the first). */
export const pageRows = (rows: ListRow[], page: number) => rows.slice((page - 1) * LIST_PAGE_ROWS, page * LIST_PAGE_ROWS);

/** The path of page `page` of the list: the first is the list itself. */
export const listPagePath = (page: number) => (page === 1 ? "/servers/" : `/servers/page/${page}/`);

/** The path of data part `part` (1 is the first). */
export const listPartPath = (part: number) => `/servers/rows/${part}.json`;

export function listPart(rows: ListRow[], part: number): ListPart {
  const slice = rows.slice((part - 1) * LIST_PART_ROWS, part * LIST_PART_ROWS);
  return {
    categories: [...CONTACT_CATEGORIES],
    rows: slice.map((r) => [
      r.domain,
      r.path,
      r.level,
      r.software,
      r.version,
      r.categories.reduce((bits, c) => bits | (1 << CONTACT_CATEGORIES.indexOf(c)), 0),
      r.administrators,
      r.flags,
      r.errors,
      r.warnings,
      r.infos,
    ]),
  };
}
