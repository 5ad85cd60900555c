// The read side of the store, for the site and the data downloads: the one way they see it.
// Opted-out and removed domains are left out everywhere.
import type { CrawlSummaryRow, DomainReport, DomainState, HistoryEntry } from "../contract.ts";
import type { Store } from "./store.ts";
import { DORMANT_AFTER_CRAWLS } from "../politeness.ts";

/** The newest probe of every listed, not opted-out domain. */
export function currentStates(store: Store, dormantAfter = DORMANT_AFTER_CRAWLS): DomainState[] {
  const dormant = store.dormantDomains(dormantAfter);
  const rows = store.sql(
    `SELECT d.domain, d.source, d.added_at, p.report, p.crawl_id
     FROM domains d
     JOIN (SELECT domain, report, crawl_id, ROW_NUMBER() OVER (PARTITION BY domain ORDER BY probed_at DESC, id DESC) AS newest FROM probes) p
       ON p.domain = d.domain AND p.newest = 1
     WHERE d.optout_at IS NULL
     ORDER BY d.domain`,
  ).all() as Array<{ domain: string; source: string; added_at: string; report: string; crawl_id: number | null }>;
  return rows.map((r) => ({ domain: r.domain, source: r.source, addedAt: r.added_at, report: JSON.parse(r.report) as DomainReport, crawlId: r.crawl_id, dormant: dormant.has(r.domain) }));
}

/** Every probe of one domain, oldest first. */
export function domainHistory(store: Store, domain: string): HistoryEntry[] {
  const rows = store.sql(
    `SELECT p.probed_at, p.crawl_id, p.report FROM probes p JOIN domains d ON d.domain = p.domain
     WHERE p.domain = ? AND d.optout_at IS NULL ORDER BY p.probed_at, p.id`,
  ).all(domain) as Array<{ probed_at: string; crawl_id: number | null; report: string }>;
  return rows.map((r) => ({ probedAt: r.probed_at, crawlId: r.crawl_id, report: JSON.parse(r.report) as DomainReport }));
}

/**
 * Network-wide figures of every finished crawl, oldest first, computed in SQL (the store may hold
 * hundreds of thousands of probes). "Operator" means a valid xmpp: address among the abuse, admin
 * and security addresses: the absence of the contacts-no-xmpp-operator finding on a form.
 */
export function crawlSummaries(store: Store): CrawlSummaryRow[] {
  return store.sql(
    `SELECT c.id, c.started_at AS startedAt, c.finished_at AS finishedAt, c.total,
       COUNT(p.id) AS probed,
       COALESCE(SUM(p.outcome = 'ok'), 0) AS reachable,
       COALESCE(SUM(p.serverinfo_forms > 0), 0) AS withServerinfo,
       COALESCE(SUM(EXISTS (SELECT 1 FROM contacts x WHERE x.probe_id = p.id AND x.jid = p.domain AND x.category = 'abuse' AND TRIM(x.value) <> '')), 0) AS withAbuse,
       COALESCE(SUM(EXISTS (SELECT 1 FROM administrators a WHERE a.probe_id = p.id AND a.jid = p.domain AND TRIM(a.value) <> '')), 0) AS withAdministrators,
       COALESCE(SUM(p.serverinfo_forms > 0 AND NOT EXISTS (SELECT 1 FROM findings f WHERE f.probe_id = p.id AND f.rule = 'contacts-no-xmpp-operator')), 0) AS withXmppOperator,
       COALESCE(SUM(p.outcome = 'ok' AND p.errors = 0 AND p.warnings = 0), 0) AS clean,
       COALESCE(SUM(p.outcome = 'ok' AND p.errors = 0 AND p.warnings > 0), 0) AS warningsOnly,
       COALESCE(SUM(p.outcome = 'ok' AND p.errors > 0), 0) AS withErrors
     FROM crawls c
     LEFT JOIN probes p ON p.crawl_id = c.id AND p.domain IN (SELECT domain FROM domains WHERE optout_at IS NULL)
     WHERE c.status = 'finished'
     GROUP BY c.id ORDER BY c.started_at`,
  ).all() as CrawlSummaryRow[];
}

/** The newest finished crawl, if any. */
export function latestFinishedCrawl(store: Store): { id: number; startedAt: string; finishedAt: string } | undefined {
  return store.sql("SELECT id, started_at AS startedAt, finished_at AS finishedAt FROM crawls WHERE status = 'finished' ORDER BY id DESC LIMIT 1").get() as
    | { id: number; startedAt: string; finishedAt: string }
    | undefined;
}
