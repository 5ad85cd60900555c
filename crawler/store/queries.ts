// The read side of the store, for the site and the data downloads: the one way they see it.
// Opted-out and removed domains are left out everywhere.
import type { Change, CrawlSummaryRow, DomainState, HistoryEntry, Level, Outcome, Verdict } from "../contract.ts";
import { reportOf, type ReportColumns } from "./probes.ts";
import type { Store } from "./store.ts";
import { DORMANT_AFTER_CRAWLS } from "../politeness.ts";

/** A probe's verdict, as the store keeps it (crawler/judge/verdict.ts made it). */
interface VerdictColumns {
  level: Level;
  authbot_ready: number;
  publishes_administrators: number;
  has_abuse_contact: number;
  abuse_contact_works: number;
  every_contact_works: number;
  errors: number;
  warnings: number;
  infos: number;
}

function verdictOf(r: VerdictColumns): Verdict {
  return {
    level: r.level,
    authbotReady: r.authbot_ready === 1,
    publishesAdministrators: r.publishes_administrators === 1,
    hasAbuseContact: r.has_abuse_contact === 1,
    abuseContactWorks: r.abuse_contact_works === 1,
    everyContactWorks: r.every_contact_works === 1,
    counts: { error: r.errors, warning: r.warnings, info: r.infos },
  };
}

/** A domain's current state as the store keeps it, with the id of its newest probe (whose evidence its page shows). */
export interface StoredState {
  state: DomainState;
  probeId: number;
}

type StateRow = VerdictColumns & ReportColumns & { id: number; domain: string; source: string; added_at: string; crawl_id: number | null };

const STATE_COLUMNS = `p.id, d.domain, d.source, d.added_at, r.body, p.report_times, p.crawl_id,
       p.level, p.authbot_ready, p.publishes_administrators, p.has_abuse_contact, p.abuse_contact_works, p.every_contact_works, p.errors, p.warnings, p.infos
     FROM domains d
     JOIN latest_probes p ON p.domain = d.domain
     JOIN probe_contents r ON r.id = p.content_id
     WHERE d.optout_at IS NULL`;

function storedState(r: StateRow, dormant: ReadonlySet<string>): StoredState {
  return {
    probeId: r.id,
    state: {
      domain: r.domain,
      source: r.source,
      addedAt: r.added_at,
      report: reportOf(r),
      verdict: verdictOf(r),
      crawlId: r.crawl_id,
      dormant: dormant.has(r.domain),
    },
  };
}

/** The domains that are dormant now (store.crawls.dormantDomains), for the readers below. */
export function dormantNow(store: Store, dormantAfter = DORMANT_AFTER_CRAWLS): Set<string> {
  return store.crawls.dormantDomains(dormantAfter);
}

/**
 * The newest probe of every listed, not opted-out domain, by domain, one at a time: a reader that
 * folds them (the site's network-wide figures, its downloads) holds one report at a time, not
 * every one. The connection is busy until the iteration ends: a reader that queries the store
 * meanwhile does it on another connection. A share gives only its part of the domains.
 */
export function* eachCurrentState(store: Store, dormant: ReadonlySet<string>, share: Share = { part: 0, parts: 1 }): Generator<StoredState> {
  const rows = store.sql(`SELECT ${STATE_COLUMNS} AND d.rowid % ? = ? ORDER BY d.domain`).iterate(share.parts, share.part) as IterableIterator<StateRow>;
  for (const row of rows) yield storedState(row, dormant);
}

/** One of `parts` shares of the listed domains (0 ≤ part < parts), which readers in parallel divide between them; every domain is in exactly one. */
export interface Share {
  part: number;
  parts: number;
}

/** The newest probe of every listed, not opted-out domain. */
export function currentStates(store: Store, dormantAfter = DORMANT_AFTER_CRAWLS): DomainState[] {
  return Array.from(eachCurrentState(store, dormantNow(store, dormantAfter)), (s) => s.state);
}

/** The newest probe of one listed, not opted-out domain, or undefined. */
export function currentState(store: Store, domain: string, dormant: ReadonlySet<string>): StoredState | undefined {
  const row = store.sql(`SELECT ${STATE_COLUMNS} AND d.domain = ?`).get(domain) as StateRow | undefined;
  return row && storedState(row, dormant);
}

/** Every stored probe of one domain, oldest first, with the verdict and the changes it was stored with. */
export function domainHistory(store: Store, domain: string): HistoryEntry[] {
  const rows = store
    .sql(
      `SELECT p.probed_at, p.crawl_id, p.outcome, p.level, p.errors, p.warnings, p.infos, p.changes FROM probes p JOIN domains d ON d.domain = p.domain
     WHERE p.domain = ? AND d.optout_at IS NULL ORDER BY p.probed_at, p.id`,
    )
    .all(domain) as Array<{
    probed_at: string;
    crawl_id: number | null;
    outcome: Outcome;
    level: Level;
    errors: number;
    warnings: number;
    infos: number;
    changes: string;
  }>;
  return rows.map((r) => ({
    probedAt: r.probed_at,
    crawlId: r.crawl_id,
    outcome: r.outcome,
    level: r.level,
    counts: { error: r.errors, warning: r.warnings, info: r.infos },
    changes: JSON.parse(r.changes) as Change[],
  }));
}

/**
 * Network-wide figures of every finished crawl, oldest first, as counted when each crawl finished
 * (store.crawls.finish): old probes that changed nothing are pruned, and the trends stay.
 */
export function crawlSummaries(store: Store): CrawlSummaryRow[] {
  return store
    .sql(
      `SELECT c.id, c.started_at AS startedAt, c.finished_at AS finishedAt, c.total,
       s.probed, s.reachable, s.with_serverinfo AS withServerinfo, s.with_abuse AS withAbuse, s.with_administrators AS withAdministrators,
       s.authbot_ready AS authbotReady, s.with_working_abuse AS withWorkingAbuse, s.with_every_contact_working AS withEveryContactWorking, s.clean, s.warnings_only AS warningsOnly, s.with_errors AS withErrors
     FROM crawls c JOIN crawl_summaries s ON s.crawl_id = c.id
     WHERE c.status = 'finished'
     ORDER BY c.started_at`,
    )
    .all() as CrawlSummaryRow[];
}

/** The newest finished crawl, if any. */
export function latestFinishedCrawl(store: Store): { id: number; startedAt: string; finishedAt: string } | undefined {
  return store.sql("SELECT id, started_at AS startedAt, finished_at AS finishedAt FROM crawls WHERE status = 'finished' ORDER BY id DESC LIMIT 1").get() as
    { id: number; startedAt: string; finishedAt: string } | undefined;
}

/** What a crawl said of our own server, when it found it to be the problem (crawl/vantages.ts), or undefined. */
export function ownServerProblemOf(store: Store, crawlId: number): string | undefined {
  const row = store.sql("SELECT own_server_problem AS problem FROM crawls WHERE id = ?").get(crawlId) as { problem: string | null } | undefined;
  return row?.problem ?? undefined;
}

/** The raw answers behind a probe (a domain's newest: StoredState.probeId), in the order they were asked: what the server page shows as evidence. */
export function probeEvidence(store: Store, probeId: number): Array<{ jid: string; kind: string; xml: string | null; cut: string[]; vantage?: string }> {
  const rows = store
    .sql(
      `SELECT e.jid, e.kind, a.xml, e.cut, e.vantage FROM probes p JOIN evidence e ON e.content_id = p.content_id LEFT JOIN answers a ON a.hash = e.answer
       WHERE p.id = ?
       ORDER BY e.position`,
    )
    .all(probeId) as Array<{ jid: string; kind: string; xml: string | null; cut: string | null; vantage: string | null }>;
  return rows.map((r) => ({
    jid: r.jid,
    kind: r.kind,
    xml: r.xml,
    cut: r.cut === null ? [] : (JSON.parse(r.cut) as string[]),
    ...(r.vantage !== null && { vantage: r.vantage }),
  }));
}
