// The store's domain list: the domains known, discovery within its bounds, and opt-outs (their
// confirmation codes, their grace period and the purge after it). A section of the one connection (store.ts).
import { DISCOVERY } from "../politeness.ts";
import type { Store } from "./store.ts";

export interface DomainRow {
  domain: string;
  source: string;
  added_at: string;
  optout_at: string | null;
}

/** A domain a probe named, and where it was found. */
export interface Discovered {
  domain: string;
  via: string;
}

/** How many domains discovery may add: from one probe, and in the whole crawl (DISCOVERY). */
export interface DiscoveryBounds {
  perSource: number;
  crawlCap: number;
}

export class Domains {
  constructor(private readonly store: Store) {}

  /** Adds domains (already normalised); those already known keep their source. Returns how many were new. */
  add(domains: string[], source: string, now = new Date().toISOString()): number {
    const insert = this.store.sql("INSERT OR IGNORE INTO domains (domain, source, added_at) VALUES (?, ?, ?)");
    return this.store.transaction(() => domains.reduce((added, d) => added + insert.run(d, source, now).changes, 0));
  }

  /**
   * Adds the domains a probe in crawl `crawlId` found, within the discovery bounds: at most
   * `perSource` new ones from this probe, and at most `crawlCap` new ones in the whole crawl. The
   * candidates past a bound are counted against the crawl (discovery_dropped).
   */
  addDiscovered(crawlId: number, found: Discovered[], bounds: DiscoveryBounds, now = new Date().toISOString()): { added: number; dropped: number } {
    return this.store.transaction(() => this.writeDiscovered(crawlId, found, bounds, now));
  }

  /** addDiscovered in the caller's transaction (the probes' batch write). */
  writeDiscovered(crawlId: number, found: Discovered[], bounds: DiscoveryBounds, now: string): { added: number; dropped: number } {
    if (found.length === 0) return { added: 0, dropped: 0 };
    let inCrawl = (this.store.sql("SELECT COUNT(*) AS n FROM domains WHERE discovered_in = ?").get(crawlId) as { n: number }).n;
    const known = this.store.sql("SELECT 1 FROM domains WHERE domain = ?");
    const insert = this.store.sql("INSERT INTO domains (domain, source, added_at, discovered_in) VALUES (?, ?, ?, ?)");
    let added = 0;
    let dropped = 0;
    for (const { domain, via } of found) {
      if (known.get(domain)) continue;
      if (added >= bounds.perSource || inCrawl >= bounds.crawlCap) {
        dropped++;
        continue;
      }
      insert.run(domain, via, now, crawlId);
      added++;
      inCrawl++;
    }
    if (dropped > 0) this.store.sql("UPDATE crawls SET discovery_dropped = discovery_dropped + ? WHERE id = ?").run(dropped, crawlId);
    return { added, dropped };
  }

  /** How many domains may join the list through discovery in one crawl (DISCOVERY). */
  discoveryCap(): number {
    const listed = (this.store.sql("SELECT COUNT(*) AS n FROM domains WHERE optout_at IS NULL").get() as { n: number }).n;
    return Math.max(DISCOVERY.crawlMinimum, Math.floor(listed * DISCOVERY.crawlShare));
  }

  remove(domain: string): boolean {
    return this.store.sql("DELETE FROM domains WHERE domain = ?").run(domain).changes > 0;
  }

  list(): DomainRow[] {
    return this.store.sql("SELECT domain, source, added_at, optout_at FROM domains ORDER BY domain").all() as DomainRow[];
  }

  /** The domains a crawl probes: every known one that has not opted out. */
  crawlable(): string[] {
    return (this.store.sql("SELECT domain FROM domains WHERE optout_at IS NULL ORDER BY domain").all() as Array<{ domain: string }>).map((r) => r.domain);
  }

  /** Whether `domain` is on the list (opted out or not). */
  isListed(domain: string): boolean {
    return this.store.sql("SELECT 1 FROM domains WHERE domain = ?").get(domain) !== undefined;
  }

  isOptedOut(domain: string): boolean {
    return this.store.sql("SELECT 1 FROM domains WHERE domain = ? AND optout_at IS NOT NULL").get(domain) !== undefined;
  }

  /**
   * Records an opt-out: the domain is never probed again and leaves the site and the data at the
   * next build. Its history stays until `purgeAfter` (the grace period), so that an opt-out made by
   * mistake or by misuse can be undone; purgeOptOuts() deletes it then. Returns false when the
   * domain had opted out already.
   */
  optOut(domain: string, note: string, purgeAfter: string, now = new Date().toISOString()): boolean {
    return this.store.transaction(() => {
      if (this.isOptedOut(domain)) return false;
      this.store.sql("INSERT OR IGNORE INTO domains (domain, source, added_at) VALUES (?, 'optout', ?)").run(domain, now);
      this.store.sql("UPDATE domains SET optout_at = ?, optout_note = ?, purge_after = ? WHERE domain = ?").run(now, note, purgeAfter, domain);
      this.store.sql("DELETE FROM crawl_targets WHERE domain = ?").run(domain);
      // A domain that opted out is not watched any more: its watchers hear nothing of it again.
      this.store.sql("DELETE FROM watches WHERE domain = ?").run(domain);
      return true;
    });
  }

  /** Takes back an opt-out whose history is not purged yet. */
  undoOptOut(domain: string): "restored" | "not-opted-out" | "purged" {
    const row = this.store.sql("SELECT optout_at, purge_after FROM domains WHERE domain = ?").get(domain) as
      { optout_at: string | null; purge_after: string | null } | undefined;
    if (!row?.optout_at) return "not-opted-out";
    if (row.purge_after === null) return "purged";
    this.store.sql("UPDATE domains SET optout_at = NULL, optout_note = NULL, purge_after = NULL WHERE domain = ?").run(domain);
    return "restored";
  }

  /** Deletes the history of the domains whose grace period has ended; returns them. */
  purgeOptOuts(now = new Date().toISOString()): string[] {
    return this.store.transaction(() => {
      const due = (
        this.store.sql("SELECT domain FROM domains WHERE optout_at IS NOT NULL AND purge_after <= ? ORDER BY domain").all(now) as Array<{ domain: string }>
      ).map((r) => r.domain);
      for (const domain of due) {
        this.store.sql("DELETE FROM probes WHERE domain = ?").run(domain); // its evidence, vantages and operators cascade
        this.store.sql("UPDATE domains SET purge_after = NULL WHERE domain = ?").run(domain);
      }
      if (due.length > 0) this.store.probes.deleteUnusedAnswers();
      return due;
    });
  }

  /** Keeps an opt-out request until it is confirmed with its code or expires. */
  addOptOutRequest(code: string, jid: string, domain: string, now: string): void {
    this.store.sql("INSERT INTO optout_requests (code, jid, domain, created_at) VALUES (?, ?, ?, ?)").run(code, jid, domain, now);
  }

  /** Takes the request with this code made by `jid` since `notBefore`, once; expired requests go too. */
  takeOptOutRequest(code: string, jid: string, notBefore: string): string | undefined {
    return this.store.transaction(() => {
      this.store.sql("DELETE FROM optout_requests WHERE created_at < ?").run(notBefore);
      const row = this.store.sql("SELECT domain FROM optout_requests WHERE code = ? AND jid = ?").get(code, jid) as { domain: string } | undefined;
      if (row) this.store.sql("DELETE FROM optout_requests WHERE code = ?").run(code);
      return row?.domain;
    });
  }

  /** The domains whose newest probe names `jid` as an operator (crawler/operators/operators.ts), through the index: who may opt them out. */
  listingOperator(jid: string): string[] {
    // Not through latest_probes: the view's window is pushed down only for a WHERE on one domain,
    // so joining it here would rank every probe of every domain; the JID's few index rows lead.
    return (
      this.store
        .sql(
          `SELECT DISTINCT p.domain FROM operator_jids o JOIN probes p ON p.id = o.probe_id
         WHERE o.jid = ? AND p.id = (SELECT q.id FROM probes q WHERE q.domain = p.domain ORDER BY q.probed_at DESC, q.id DESC LIMIT 1)
         ORDER BY p.domain`,
        )
        .all(jid) as Array<{ domain: string }>
    ).map((r) => r.domain);
  }
}
