// The store's crawls and locks: a crawl's life (started, claimed after a crash, finished with its
// network-wide figures frozen), its targets, what it left to resume, dormancy, and the named
// locks of the daemon and the crawl. A section of the one connection (store.ts).
import { hostname } from "node:os";
import { ownIdentity } from "../process-identity.ts";
import type { TargetFacts } from "../model/contact-target.ts";
import { FREEZE_CRAWL_SUMMARY } from "./migrations.ts";
import type { Store } from "./store.ts";

export interface CrawlRow {
  id: number;
  started_at: string;
  finished_at: string | null;
  status: "running" | "finished";
  pid: number | null;
  /** Boot id and start time of that process (crawler/process-identity.ts). */
  process: string | null;
  total: number;
  settings: string;
}

/** A process that holds a crawl or a lock (crawler/process-identity.ts). */
export interface Holder {
  pid: number;
  identity: string | null;
}

export interface LockRow {
  name: string;
  pid: number;
  process: string | null;
  host: string;
  since: string;
}

export interface CrawlCounts {
  total: number;
  done: number;
  ok: number;
  unreachable: number;
  /** Probes not judged: the observatory failed on them (internal-error), or only our own sick server failed on them (unconfirmed). */
  notJudged: number;
  /** Domains this crawl found and added to the list, and the candidates it left out (DISCOVERY). */
  discovered: number;
  discoveryDropped: number;
}

export class Crawls {
  constructor(private readonly store: Store) {}

  unfinished(): CrawlRow | undefined {
    return this.store.sql("SELECT * FROM crawls WHERE status = 'running' ORDER BY id DESC LIMIT 1").get() as CrawlRow | undefined;
  }

  start(domains: string[], settings: object, holder: Holder = ownIdentity(), now = new Date().toISOString()): number {
    return this.store.transaction(() => {
      const id = Number(
        this.store
          .sql("INSERT INTO crawls (started_at, status, pid, process, total, settings) VALUES (?, 'running', ?, ?, ?, ?)")
          .run(now, holder.pid, holder.identity, domains.length, JSON.stringify(settings)).lastInsertRowid,
      );
      const target = this.store.sql("INSERT OR IGNORE INTO crawl_targets (crawl_id, domain) VALUES (?, ?)");
      for (const d of domains) target.run(id, d);
      return id;
    });
  }

  /** Takes over an interrupted crawl. */
  claim(id: number, holder: Holder = ownIdentity()): void {
    this.store.sql("UPDATE crawls SET pid = ?, process = ? WHERE id = ?").run(holder.pid, holder.identity, id);
  }

  /** The targets of a crawl that have no probe yet, minus those that opted out since. */
  pendingTargets(crawlId: number): string[] {
    const rows = this.store
      .sql(
        `SELECT t.domain FROM crawl_targets t
       WHERE t.crawl_id = ? AND NOT EXISTS (SELECT 1 FROM probes p WHERE p.crawl_id = t.crawl_id AND p.domain = t.domain)
         AND NOT EXISTS (SELECT 1 FROM domains d WHERE d.domain = t.domain AND d.optout_at IS NOT NULL)
       ORDER BY t.domain`,
      )
      .all(crawlId) as Array<{ domain: string }>;
    return rows.map((r) => r.domain);
  }

  /** Marks the crawl finished, and counts its network-wide figures once (crawl_summaries). */
  finish(id: number, now = new Date().toISOString()): void {
    this.store.transaction(() => {
      this.store.sql("UPDATE crawls SET status = 'finished', finished_at = ?, pid = NULL WHERE id = ?").run(now, id);
      this.store.sql(FREEZE_CRAWL_SUMMARY).run({ id });
      // A finished crawl is never resumed: its checks' targets are not needed any more.
      this.store.sql("DELETE FROM crawl_checks WHERE crawl_id = ?").run(id);
    });
  }

  /**
   * Counts the network-wide figures of the finished crawls that have none: those of a store from
   * before its probes had verdicts (migration 5), once the crawl has judged them (crawl/record.ts
   * rejudgeStored). Returns how many.
   */
  countUncounted(): number {
    return this.store.transaction(() => {
      const ids = this.store.sql("SELECT id FROM crawls WHERE status = 'finished' AND id NOT IN (SELECT crawl_id FROM crawl_summaries)").all() as Array<{
        id: number;
      }>;
      for (const { id } of ids) this.store.sql(FREEZE_CRAWL_SUMMARY).run({ id });
      return ids.length;
    });
  }

  counts(id: number): CrawlCounts {
    return this.store
      .sql(
        `SELECT (SELECT total FROM crawls WHERE id = @id) AS total,
              COUNT(*) AS done,
              COALESCE(SUM(outcome = 'ok'), 0) AS ok,
              COALESCE(SUM(level = 'unreachable'), 0) AS unreachable,
              COALESCE(SUM(level = 'not-judged'), 0) AS notJudged,
              (SELECT COUNT(*) FROM domains WHERE discovered_in = @id) AS discovered,
              (SELECT discovery_dropped FROM crawls WHERE id = @id) AS discoveryDropped
       FROM probes WHERE crawl_id = @id`,
      )
      .get({ id }) as CrawlCounts;
  }

  get(id: number): CrawlRow | undefined {
    return this.store.sql("SELECT * FROM crawls WHERE id = ?").get(id) as CrawlRow | undefined;
  }

  finishedCount(): number {
    return (this.store.sql("SELECT COUNT(*) AS n FROM crawls WHERE status = 'finished'").get() as { n: number }).n;
  }

  /** The contact-check targets an unfinished crawl has already checked, by key, for the resumed run's checker. */
  checkedTargets(crawlId: number): Array<[string, TargetFacts]> {
    return (this.store.sql("SELECT key, facts FROM crawl_checks WHERE crawl_id = ?").all(crawlId) as Array<{ key: string; facts: string }>).map((r) => [
      r.key,
      JSON.parse(r.facts) as TargetFacts,
    ]);
  }

  /** Records that a crawl found our own server to be the problem (rules/federation.ts ownServerProblem): the overview says so. */
  noteOwnServerProblem(crawlId: number, problem: string): void {
    this.store.sql("UPDATE crawls SET own_server_problem = ? WHERE id = ?").run(problem, crawlId);
  }

  /** What a crawl found wrong with our own server, if it did (noteOwnServerProblem), by this run or one before it. */
  ownServerProblem(crawlId: number): string | undefined {
    return (
      (this.store.sql("SELECT own_server_problem AS problem FROM crawls WHERE id = ?").get(crawlId) as { problem: string | null } | undefined)?.problem ??
      undefined
    );
  }

  /** Domains whose last `crawls` crawl probes were all judged unreachable (the stored level, judge/verdict.ts): dormant, probed less often. */
  dormantDomains(crawls: number): Set<string> {
    const rows = this.store
      .sql(
        `SELECT domain FROM (
       SELECT domain, level, ROW_NUMBER() OVER (PARTITION BY domain ORDER BY probed_at DESC, id DESC) AS k
       FROM probes WHERE crawl_id IS NOT NULL)
     WHERE k <= ? GROUP BY domain HAVING COUNT(*) = ? AND SUM(level != 'unreachable') = 0`,
      )
      .all(crawls, crawls) as Array<{ domain: string }>;
    return new Set(rows.map((r) => r.domain));
  }

  /**
   * Takes the named lock for this process, in one transaction: a lock held by a live process on
   * this host is refused (its holder is returned); one whose holder is gone (isAlive says so) is taken over.
   */
  takeLock(name: string, isAlive: (holder: LockRow) => boolean, me: Holder = ownIdentity(), now = new Date().toISOString()): LockRow | undefined {
    return this.store.exclusively(() => {
      const held = this.store.sql("SELECT * FROM locks WHERE name = ?").get(name) as LockRow | undefined;
      if (held && held.host === hostname() && isAlive(held)) return held;
      this.store.sql("INSERT OR REPLACE INTO locks (name, pid, process, host, since) VALUES (?, ?, ?, ?, ?)").run(name, me.pid, me.identity, hostname(), now);
      return undefined;
    });
  }

  /** Gives the lock back, if this process still holds it. */
  releaseLock(name: string, me: Holder = ownIdentity()): void {
    this.store.sql("DELETE FROM locks WHERE name = ? AND pid = ? AND process IS ? AND host = ?").run(name, me.pid, me.identity, hostname());
  }

  /** Adds a run's contact-check figures to its crawl's (a resumed crawl runs more than once). */
  addCheckFigures(crawlId: number, figures: { requests: number; lookups: number; reused: number }): void {
    this.store
      .sql("UPDATE crawls SET check_requests = check_requests + ?, check_lookups = check_lookups + ?, checks_reused = checks_reused + ? WHERE id = ?")
      .run(figures.requests, figures.lookups, figures.reused, crawlId);
  }

  /** A crawl's contact-check figures: checks that asked a host, checks that asked only DNS, checks reused from before. */
  checkFigures(crawlId: number): { requests: number; lookups: number; reused: number } | undefined {
    return this.store.sql("SELECT check_requests AS requests, check_lookups AS lookups, checks_reused AS reused FROM crawls WHERE id = ?").get(crawlId) as
      { requests: number; lookups: number; reused: number } | undefined;
  }
}
