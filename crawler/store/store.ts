// The SQLite store (better-sqlite3): WAL, versioned migrations, one transaction per probe.
import Database from "better-sqlite3";
import { chmodSync, closeSync, fchmodSync, fstatSync, mkdirSync, openSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { CONTACT_CATEGORIES, type Change, type DomainReport } from "../contract.ts";
import { hostname } from "node:os";
import { DISCOVERY, KEEP_CHANGED_PROBES } from "../politeness.ts";
import { ownIdentity } from "../process-identity.ts";
import { answerHash, FREEZE_CRAWL_SUMMARY, MIGRATIONS } from "./migrations.ts";
import type { TargetFacts } from "../model/contact-target.ts";
import type { JudgedProbe } from "../rules/judged-probe.ts";

export interface DomainRow {
  domain: string;
  source: string;
  added_at: string;
  optout_at: string | null;
}

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

export interface StoredEvidence {
  jid: string;
  kind: string;
  /** The answer as kept (without its id and to), or null when none came within our limit. */
  xml: string | null;
  /** What reading the answer left out (IqAnswer.cut). */
  cut: string[];
}

export interface CrawlCounts {
  total: number;
  done: number;
  ok: number;
  unreachable: number;
  /** Probes the observatory failed on (outcome internal-error). */
  notJudged: number;
  /** Domains this crawl found and added to the list, and the candidates it left out (DISCOVERY). */
  discovered: number;
  discoveryDropped: number;
}

export interface AuthbotDecisionRow {
  room: string;
  jid: string;
  domain: string;
  decidedAt: string;
  granted: boolean;
  fields?: string[];
  reason?: string;
  probeId?: number;
}

/** Folders up from the store's that are looked at before giving up: no real path is deeper. */
const MAX_FOLDER_DEPTH = 256;

/**
 * Creates the store's folder one level at a time, from the nearest folder that exists. Node's
 * recursive mkdir can loop for ever under /proc; this stops at the first level it cannot make,
 * with a StoreError that says why (a file where a folder should be, no permission).
 */
function ensureFolder(folder: string): void {
  const missing: string[] = [];
  let current = resolve(folder);
  for (let depth = 0; depth < MAX_FOLDER_DEPTH; depth++) {
    try {
      if (!statSync(current).isDirectory()) throw new StoreError(`cannot put the store under ${current}: it is a file, not a folder`);
      break;
    } catch (error) {
      if (error instanceof StoreError) throw error;
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "ENOENT" && code !== "ENOTDIR") throw new StoreError(`cannot use the folder ${current}: ${(error as Error).message}`);
      missing.push(current);
      const parent = dirname(current);
      if (parent === current) break;
      current = parent;
    }
  }
  for (const dir of missing.reverse()) {
    try {
      mkdirSync(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "EEXIST" && statSync(dir).isDirectory()) continue;
      throw new StoreError(`cannot create the folder ${dir} for the store: ${(error as Error).message}`);
    }
  }
}
/**
 * The store holds watchers' JIDs and pending opt-out codes: it is made readable and writable by
 * its owner only (0600), whatever the umask, and an older store is closed to others when opened.
 * SQLite gives the -wal and -shm files it creates the database file's permissions (its unix VFS),
 * so only those left by an earlier run are tightened here.
 */
function ownerOnly(path: string): void {
  const fd = openSync(path, "a", 0o600);
  try {
    tighten(fstatSync(fd).mode, (mode) => fchmodSync(fd, mode));
  } finally {
    closeSync(fd);
  }
  for (const companion of [`${path}-wal`, `${path}-shm`]) {
    try {
      tighten(statSync(companion).mode, (mode) => chmodSync(companion, mode));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
    }
  }
}

/** Takes the group's and others' permissions away; a file of another user's (EPERM) is left as its owner set it. */
function tighten(mode: number, chmod: (mode: number) => void): void {
  if ((mode & 0o077) === 0) return;
  try {
    chmod(mode & 0o700);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EPERM") throw error;
  }
}

export class StoreError extends Error {
  override name = "StoreError";
}

export class Store {
  private readonly statements = new Map<string, Database.Statement>();
  private constructor(readonly db: Database.Database) {}

  /** A prepared statement, prepared once per store (preparing is a real cost per probe). Every query goes through it. */
  sql(text: string): Database.Statement {
    let statement = this.statements.get(text);
    if (!statement) {
      statement = this.db.prepare(text);
      this.statements.set(text, statement);
    }
    return statement;
  }

  static open(path: string): Store {
    if (path !== ":memory:") ensureFolder(dirname(path));
    let db: Database.Database;
    try {
      if (path !== ":memory:") ownerOnly(path);
      db = new Database(path);
      db.pragma("journal_mode = WAL");
    } catch (error) {
      throw new StoreError(`cannot open the store ${path}: ${(error as Error).message}`);
    }
    db.pragma("foreign_keys = ON");
    db.pragma("synchronous = NORMAL"); // with WAL: durable at each checkpoint, never corrupt
    db.pragma("busy_timeout = 5000");
    const store = new Store(db);
    store.migrate();
    return store;
  }

  /** Opens an existing store for reading only (the site build): never creates or migrates it. */
  static openReadOnly(path: string): Store {
    let db: Database.Database;
    try {
      db = new Database(path, { readonly: true, fileMustExist: true });
    } catch (error) {
      throw new StoreError(`cannot open the store ${path}: ${(error as Error).message}`);
    }
    db.pragma("busy_timeout = 5000");
    const version = db.pragma("user_version", { simple: true }) as number;
    if (version !== MIGRATIONS.length) {
      db.close();
      throw new StoreError(
        `the store ${path} is at schema version ${version}, this code reads version ${MIGRATIONS.length}: run \`observatory crawl\` (or any command that writes) to migrate it`,
      );
    }
    return new Store(db);
  }

  private migrate(): void {
    const current = this.db.pragma("user_version", { simple: true }) as number;
    if (current > MIGRATIONS.length) {
      throw new StoreError(`the store is at schema version ${current}, newer than this code knows (${MIGRATIONS.length}): upgrade the observatory`);
    }
    for (let version = current; version < MIGRATIONS.length; version++) {
      this.db.transaction(() => {
        const migration = MIGRATIONS[version]!;
        if (typeof migration === "string") this.db.exec(migration);
        else migration(this.db);
        this.db.pragma(`user_version = ${version + 1}`);
      })();
    }
  }

  close(): void {
    this.db.close();
  }

  // Domains

  /** Adds domains (already normalised); those already known keep their source. Returns how many were new. */
  addDomains(domains: string[], source: string, now = new Date().toISOString()): number {
    const insert = this.sql("INSERT OR IGNORE INTO domains (domain, source, added_at) VALUES (?, ?, ?)");
    return this.db.transaction(() => domains.reduce((added, d) => added + insert.run(d, source, now).changes, 0))();
  }

  /**
   * Adds the domains a probe in crawl `crawlId` found, within the discovery bounds: at most
   * `perSource` new ones from this probe, and at most `crawlCap` new ones in the whole crawl. The
   * candidates past a bound are counted against the crawl (discovery_dropped).
   */
  addDiscovered(
    crawlId: number,
    found: Array<{ domain: string; via: string }>,
    bounds: { perSource: number; crawlCap: number },
    now = new Date().toISOString(),
  ): { added: number; dropped: number } {
    return this.db.transaction(() => this.writeDiscovered(crawlId, found, bounds, now))();
  }

  /** addDiscovered in the caller's transaction. */
  private writeDiscovered(
    crawlId: number,
    found: Array<{ domain: string; via: string }>,
    bounds: { perSource: number; crawlCap: number },
    now: string,
  ): { added: number; dropped: number } {
    if (found.length === 0) return { added: 0, dropped: 0 };
    let inCrawl = (this.sql("SELECT COUNT(*) AS n FROM domains WHERE discovered_in = ?").get(crawlId) as { n: number }).n;
    const known = this.sql("SELECT 1 FROM domains WHERE domain = ?");
    const insert = this.sql("INSERT INTO domains (domain, source, added_at, discovered_in) VALUES (?, ?, ?, ?)");
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
    if (dropped > 0) this.sql("UPDATE crawls SET discovery_dropped = discovery_dropped + ? WHERE id = ?").run(dropped, crawlId);
    return { added, dropped };
  }

  /** How many domains may join the list through discovery in one crawl (DISCOVERY). */
  discoveryCap(): number {
    const listed = (this.sql("SELECT COUNT(*) AS n FROM domains WHERE optout_at IS NULL").get() as { n: number }).n;
    return Math.max(DISCOVERY.crawlMinimum, Math.floor(listed * DISCOVERY.crawlShare));
  }

  removeDomain(domain: string): boolean {
    return this.sql("DELETE FROM domains WHERE domain = ?").run(domain).changes > 0;
  }

  listDomains(): DomainRow[] {
    return this.sql("SELECT domain, source, added_at, optout_at FROM domains ORDER BY domain").all() as DomainRow[];
  }

  /** The domains a crawl probes: every known one that has not opted out. */
  crawlableDomains(): string[] {
    return (this.sql("SELECT domain FROM domains WHERE optout_at IS NULL ORDER BY domain").all() as Array<{ domain: string }>).map((r) => r.domain);
  }

  /**
   * Records an opt-out: the domain is never probed again and leaves the site and the data at the
   * next build. Its history stays until `purgeAfter` (the grace period), so that an opt-out made by
   * mistake or by misuse can be undone; purgeOptOuts() deletes it then. Returns false when the
   * domain had opted out already.
   */
  optOut(domain: string, note: string, purgeAfter: string, now = new Date().toISOString()): boolean {
    return this.db.transaction(() => {
      if (this.isOptedOut(domain)) return false;
      this.sql("INSERT OR IGNORE INTO domains (domain, source, added_at) VALUES (?, 'optout', ?)").run(domain, now);
      this.sql("UPDATE domains SET optout_at = ?, optout_note = ?, purge_after = ? WHERE domain = ?").run(now, note, purgeAfter, domain);
      this.sql("DELETE FROM crawl_targets WHERE domain = ?").run(domain);
      // A domain that opted out is not watched any more: its watchers hear nothing of it again.
      this.sql("DELETE FROM watches WHERE domain = ?").run(domain);
      return true;
    })();
  }

  /** Records a decision of the authbot mode, with the probe it was made on. */
  recordAuthbotDecision(decision: AuthbotDecisionRow): void {
    this.sql("INSERT INTO authbot_decisions (room, jid, domain, decided_at, granted, fields, reason, probe_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)").run(
      decision.room,
      decision.jid,
      decision.domain,
      decision.decidedAt,
      Number(decision.granted),
      decision.fields ? JSON.stringify(decision.fields) : null,
      decision.reason ?? null,
      decision.probeId ?? null,
    );
  }

  /** The authbot mode's decisions, newest first. */
  authbotDecisions(limit = 1000): AuthbotDecisionRow[] {
    const rows = this.sql(
      "SELECT room, jid, domain, decided_at, granted, fields, reason, probe_id FROM authbot_decisions ORDER BY decided_at DESC, id DESC LIMIT ?",
    ).all(limit) as Array<{
      room: string;
      jid: string;
      domain: string;
      decided_at: string;
      granted: number;
      fields: string | null;
      reason: string | null;
      probe_id: number | null;
    }>;
    return rows.map((r) => ({
      room: r.room,
      jid: r.jid,
      domain: r.domain,
      decidedAt: r.decided_at,
      granted: r.granted === 1,
      ...(r.fields !== null && { fields: JSON.parse(r.fields) as string[] }),
      ...(r.reason !== null && { reason: r.reason }),
      ...(r.probe_id !== null && { probeId: r.probe_id }),
    }));
  }

  /** `jid` watches `domain` from now on, unless it already watches `most` domains. */
  addWatch(jid: string, domain: string, most: number, now = new Date().toISOString()): "added" | "already" | "full" {
    return this.db.transaction(() => {
      if (this.sql("SELECT 1 FROM watches WHERE jid = ? AND domain = ?").get(jid, domain)) return "already";
      if (this.watchesOf(jid).length >= most) return "full";
      this.sql("INSERT INTO watches (jid, domain, since) VALUES (?, ?, ?)").run(jid, domain, now);
      return "added";
    })();
  }

  removeWatch(jid: string, domain: string): boolean {
    return this.sql("DELETE FROM watches WHERE jid = ? AND domain = ?").run(jid, domain).changes > 0;
  }

  /** The domains `jid` watches, in order. */
  watchesOf(jid: string): string[] {
    return (this.sql("SELECT domain FROM watches WHERE jid = ? ORDER BY domain").all(jid) as Array<{ domain: string }>).map((r) => r.domain);
  }

  /** Every watch, for the observatory's operator (`observatory watches`). */
  allWatches(): Array<{ jid: string; domain: string; since: string }> {
    return this.sql("SELECT jid, domain, since FROM watches ORDER BY domain, jid").all() as Array<{ jid: string; domain: string; since: string }>;
  }

  /** What each watcher is told after crawl `crawlId` (one probe per domain): one notice per watched domain whose probe changed something. */
  watchNotices(crawlId: number): Array<{ jid: string; domain: string; probedAt: string; changes: Change[] }> {
    const rows = this.sql(
      `SELECT w.jid, p.domain, p.probed_at, p.changes FROM watches w JOIN probes p ON p.domain = w.domain
       WHERE p.crawl_id = ? AND p.changes <> '[]' ORDER BY w.jid, p.domain, p.probed_at`,
    ).all(crawlId) as Array<{ jid: string; domain: string; probed_at: string; changes: string }>;
    return rows.map((r) => ({ jid: r.jid, domain: r.domain, probedAt: r.probed_at, changes: JSON.parse(r.changes) as Change[] }));
  }

  /** Takes back an opt-out whose history is not purged yet. */
  undoOptOut(domain: string): "restored" | "not-opted-out" | "purged" {
    const row = this.sql("SELECT optout_at, purge_after FROM domains WHERE domain = ?").get(domain) as
      { optout_at: string | null; purge_after: string | null } | undefined;
    if (!row?.optout_at) return "not-opted-out";
    if (row.purge_after === null) return "purged";
    this.sql("UPDATE domains SET optout_at = NULL, optout_note = NULL, purge_after = NULL WHERE domain = ?").run(domain);
    return "restored";
  }

  /** Deletes the history of the domains whose grace period has ended; returns them. */
  purgeOptOuts(now = new Date().toISOString()): string[] {
    return this.db.transaction(() => {
      const due = (
        this.sql("SELECT domain FROM domains WHERE optout_at IS NOT NULL AND purge_after <= ? ORDER BY domain").all(now) as Array<{ domain: string }>
      ).map((r) => r.domain);
      for (const domain of due) {
        this.sql("DELETE FROM probes WHERE domain = ?").run(domain); // evidence, contacts, findings... cascade
        this.sql("UPDATE domains SET purge_after = NULL WHERE domain = ?").run(domain);
      }
      if (due.length > 0) this.deleteUnusedAnswers();
      return due;
    })();
  }

  /**
   * Retention: deletes the probes that changed nothing (the same as the domain's probe before them)
   * and the changed ones past each domain's newest `keepChanged`, except each domain's newest
   * `keepLast` and those of an unfinished crawl, then the answers no probe uses any more. The
   * newest probes stay for the dormancy count. Returns what was deleted.
   */
  pruneHistory(keepLast: number, keepChanged: number = KEEP_CHANGED_PROBES): { probes: number; answers: number } {
    return this.db.transaction(() => {
      const probes = this.sql(
        `DELETE FROM probes WHERE id IN (
           SELECT id FROM (
             SELECT id, changes, crawl_id,
               ROW_NUMBER() OVER (PARTITION BY domain ORDER BY probed_at DESC, id DESC) AS newest,
               ROW_NUMBER() OVER (PARTITION BY domain, changes = '[]' ORDER BY probed_at DESC, id DESC) AS newest_alike
             FROM probes)
           WHERE newest > ? AND (changes = '[]' OR newest_alike > ?)
             AND (crawl_id IS NULL OR crawl_id NOT IN (SELECT id FROM crawls WHERE status = 'running'))
             -- The evidence of an authbot decision stays with it.
             AND id NOT IN (SELECT probe_id FROM authbot_decisions WHERE probe_id IS NOT NULL))`,
      ).run(keepLast, keepChanged).changes;
      return { probes, answers: probes > 0 ? this.deleteUnusedAnswers() : 0 };
    })();
  }

  private deleteUnusedAnswers(): number {
    return this.sql(
      `DELETE FROM answers WHERE NOT EXISTS (SELECT 1 FROM evidence WHERE evidence.answer = answers.hash)
         AND NOT EXISTS (SELECT 1 FROM last_checks WHERE last_checks.answer = answers.hash)`,
    ).run().changes;
  }

  /** The last check of a contact-check target (by its key), from a crawl or a check, with its raw record; what a crawl may reuse (rules/check-reuse.ts). */
  lastCheck(key: string): TargetFacts | undefined {
    const row = this.sql("SELECT l.facts, a.xml FROM last_checks l LEFT JOIN answers a ON a.hash = l.answer WHERE l.key = ?").get(key) as
      { facts: string; xml: string | null } | undefined;
    if (!row) return undefined;
    const facts = JSON.parse(row.facts) as TargetFacts;
    return "record" in facts && facts.record ? { ...facts, record: { ...facts.record, raw: row.xml ?? undefined } } : facts;
  }

  /** Forgets the last checks made before `cutoff`: past the reuse window, no crawl reuses them. Returns how many. */
  forgetChecksBefore(cutoff: string): number {
    return this.db.transaction(() => {
      const forgotten = this.sql("DELETE FROM last_checks WHERE checked_at < ?").run(cutoff).changes;
      if (forgotten > 0) this.deleteUnusedAnswers();
      return forgotten;
    })();
  }

  /** Adds a run's contact-check figures to its crawl's (a resumed crawl runs more than once). */
  addCheckFigures(crawlId: number, figures: { requests: number; lookups: number; reused: number }): void {
    this.sql("UPDATE crawls SET check_requests = check_requests + ?, check_lookups = check_lookups + ?, checks_reused = checks_reused + ? WHERE id = ?").run(
      figures.requests,
      figures.lookups,
      figures.reused,
      crawlId,
    );
  }

  /** A crawl's contact-check figures: checks that asked a host, checks that asked only DNS, checks reused from before. */
  checkFigures(crawlId: number): { requests: number; lookups: number; reused: number } | undefined {
    return this.sql("SELECT check_requests AS requests, check_lookups AS lookups, checks_reused AS reused FROM crawls WHERE id = ?").get(crawlId) as
      { requests: number; lookups: number; reused: number } | undefined;
  }

  /** The domains whose newest probe names `jid` as an operator (crawler/rules/operators.ts), through the index. */
  domainsListingOperator(jid: string): string[] {
    return (
      this.sql(
        `SELECT DISTINCT p.domain FROM operator_jids o JOIN probes p ON p.id = o.probe_id
         WHERE o.jid = ? AND p.id = (SELECT q.id FROM probes q WHERE q.domain = p.domain ORDER BY q.probed_at DESC, q.id DESC LIMIT 1)
         ORDER BY p.domain`,
      ).all(jid) as Array<{ domain: string }>
    ).map((r) => r.domain);
  }

  /** Keeps an opt-out request until it is confirmed with its code or expires. */
  addOptOutRequest(code: string, jid: string, domain: string, now: string): void {
    this.sql("INSERT INTO optout_requests (code, jid, domain, created_at) VALUES (?, ?, ?, ?)").run(code, jid, domain, now);
  }

  /** Takes the request with this code made by `jid` since `notBefore`, once; expired requests go too. */
  takeOptOutRequest(code: string, jid: string, notBefore: string): string | undefined {
    return this.db.transaction(() => {
      this.sql("DELETE FROM optout_requests WHERE created_at < ?").run(notBefore);
      const row = this.sql("SELECT domain FROM optout_requests WHERE code = ? AND jid = ?").get(code, jid) as { domain: string } | undefined;
      if (row) this.sql("DELETE FROM optout_requests WHERE code = ?").run(code);
      return row?.domain;
    })();
  }

  /** Domains whose last `crawls` crawl probes were all judged unreachable (the stored level, rules/verdict.ts): dormant, probed less often. */
  dormantDomains(crawls: number): Set<string> {
    const rows = this.sql(
      `SELECT domain FROM (
       SELECT domain, level, ROW_NUMBER() OVER (PARTITION BY domain ORDER BY probed_at DESC, id DESC) AS k
       FROM probes WHERE crawl_id IS NOT NULL)
     WHERE k <= ? GROUP BY domain HAVING COUNT(*) = ? AND SUM(level != 'unreachable') = 0`,
    ).all(crawls, crawls) as Array<{ domain: string }>;
    return new Set(rows.map((r) => r.domain));
  }

  finishedCrawlCount(): number {
    return (this.sql("SELECT COUNT(*) AS n FROM crawls WHERE status = 'finished'").get() as { n: number }).n;
  }

  /** Whether `domain` is on the list (opted out or not). */
  isListed(domain: string): boolean {
    return this.sql("SELECT 1 FROM domains WHERE domain = ?").get(domain) !== undefined;
  }

  isOptedOut(domain: string): boolean {
    return this.sql("SELECT 1 FROM domains WHERE domain = ? AND optout_at IS NOT NULL").get(domain) !== undefined;
  }

  // Crawls

  unfinishedCrawl(): CrawlRow | undefined {
    return this.sql("SELECT * FROM crawls WHERE status = 'running' ORDER BY id DESC LIMIT 1").get() as CrawlRow | undefined;
  }

  startCrawl(domains: string[], settings: object, holder: Holder = ownIdentity(), now = new Date().toISOString()): number {
    return this.db.transaction(() => {
      const id = Number(
        this.sql("INSERT INTO crawls (started_at, status, pid, process, total, settings) VALUES (?, 'running', ?, ?, ?, ?)").run(
          now,
          holder.pid,
          holder.identity,
          domains.length,
          JSON.stringify(settings),
        ).lastInsertRowid,
      );
      const target = this.sql("INSERT OR IGNORE INTO crawl_targets (crawl_id, domain) VALUES (?, ?)");
      for (const d of domains) target.run(id, d);
      return id;
    })();
  }

  /** Takes over an interrupted crawl. */
  claimCrawl(id: number, holder: Holder = ownIdentity()): void {
    this.sql("UPDATE crawls SET pid = ?, process = ? WHERE id = ?").run(holder.pid, holder.identity, id);
  }

  /** Runs `work` holding SQLite's write lock from the start: no other process can write in between. */
  exclusively<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
  }

  /**
   * Takes the named lock for this process, in one transaction: a lock held by a live process on
   * this host is refused (its holder is returned); one whose holder is gone (isAlive says so) is taken over.
   */
  takeLock(name: string, isAlive: (holder: LockRow) => boolean, me: Holder = ownIdentity(), now = new Date().toISOString()): LockRow | undefined {
    return this.exclusively(() => {
      const held = this.sql("SELECT * FROM locks WHERE name = ?").get(name) as LockRow | undefined;
      if (held && held.host === hostname() && isAlive(held)) return held;
      this.sql("INSERT OR REPLACE INTO locks (name, pid, process, host, since) VALUES (?, ?, ?, ?, ?)").run(name, me.pid, me.identity, hostname(), now);
      return undefined;
    });
  }

  /** Gives the lock back, if this process still holds it. */
  releaseLock(name: string, me: Holder = ownIdentity()): void {
    this.sql("DELETE FROM locks WHERE name = ? AND pid = ? AND process IS ? AND host = ?").run(name, me.pid, me.identity, hostname());
  }

  /** The targets of a crawl that have no probe yet, minus those that opted out since. */
  pendingTargets(crawlId: number): string[] {
    const rows = this.sql(
      `SELECT t.domain FROM crawl_targets t
       WHERE t.crawl_id = ? AND NOT EXISTS (SELECT 1 FROM probes p WHERE p.crawl_id = t.crawl_id AND p.domain = t.domain)
         AND NOT EXISTS (SELECT 1 FROM domains d WHERE d.domain = t.domain AND d.optout_at IS NOT NULL)
       ORDER BY t.domain`,
    ).all(crawlId) as Array<{ domain: string }>;
    return rows.map((r) => r.domain);
  }

  /** Marks the crawl finished, and counts its network-wide figures once (crawl_summaries). */
  finishCrawl(id: number, now = new Date().toISOString()): void {
    this.db.transaction(() => {
      this.sql("UPDATE crawls SET status = 'finished', finished_at = ?, pid = NULL WHERE id = ?").run(now, id);
      this.sql(FREEZE_CRAWL_SUMMARY).run({ id });
      // A finished crawl is never resumed: its checks' targets are not needed any more.
      this.sql("DELETE FROM crawl_checks WHERE crawl_id = ?").run(id);
    })();
  }

  crawlCounts(id: number): CrawlCounts {
    return this.sql(
      `SELECT (SELECT total FROM crawls WHERE id = @id) AS total,
              COUNT(*) AS done,
              COALESCE(SUM(outcome = 'ok'), 0) AS ok,
              COALESCE(SUM(level = 'unreachable'), 0) AS unreachable,
              COALESCE(SUM(level = 'not-judged'), 0) AS notJudged,
              (SELECT COUNT(*) FROM domains WHERE discovered_in = @id) AS discovered,
              (SELECT discovery_dropped FROM crawls WHERE id = @id) AS discoveryDropped
       FROM probes WHERE crawl_id = @id`,
    ).get({ id }) as CrawlCounts;
  }

  getCrawl(id: number): CrawlRow | undefined {
    return this.sql("SELECT * FROM crawls WHERE id = ?").get(id) as CrawlRow | undefined;
  }

  // Probes

  /**
   * A batch of one crawl's finished probes, in one transaction: each whose domain has not opted
   * out meanwhile is recorded, with the new domains it named (addDiscovered). All or nothing: when
   * the write fails, none of the batch is kept (the crawl then writes its probes one at a time).
   */
  recordCrawlProbes(
    crawlId: number,
    batch: ReadonlyArray<{ result: JudgedProbe; attempts: number; found: Array<{ domain: string; via: string }> }>,
    bounds: { perSource: number; crawlCap: number },
  ): Array<{ stored: boolean; added: number; dropped: number }> {
    const now = new Date().toISOString();
    return this.db.transaction(() =>
      batch.map(({ result, attempts, found }) => {
        if (this.isOptedOut(result.report.domain)) return { stored: false, added: 0, dropped: 0 };
        // Inside the batch's transaction: a transaction of its own would be a savepoint per probe.
        this.writeProbe(crawlId, result, attempts);
        return { stored: true, ...this.writeDiscovered(crawlId, found, bounds, now) };
      }),
    )();
  }

  /** Records one probe, as judged (crawl/record.ts), with everything read from it, in one transaction. */
  recordProbe(crawlId: number | null, result: JudgedProbe, attempts = 1): number {
    return this.db.transaction(() => this.writeProbe(crawlId, result, attempts))();
  }

  /** One probe's rows, in the caller's transaction. */
  private writeProbe(crawlId: number | null, result: JudgedProbe, attempts: number): number {
    const { report, evidence, verdict, changes } = result;
    const probeId = Number(
      this.sql(
        `INSERT INTO probes (crawl_id, domain, probed_at, duration_ms, attempts, outcome, error_condition, error_type, error_text, error_by,
           software_name, software_version, software_os, serverinfo_forms, errors, warnings, infos,
           level, authbot_ready, publishes_administrators, has_abuse_contact, abuse_contact_works, every_contact_works, report, changes)
         VALUES (@crawl_id, @domain, @probed_at, @duration_ms, @attempts, @outcome, @error_condition, @error_type, @error_text, @error_by,
           @software_name, @software_version, @software_os, @serverinfo_forms, @errors, @warnings, @infos,
           @level, @authbot_ready, @publishes_administrators, @has_abuse_contact, @abuse_contact_works, @every_contact_works, @report, @changes)`,
      ).run({
        crawl_id: crawlId,
        domain: report.domain,
        probed_at: report.probedAt,
        duration_ms: report.durationMs,
        attempts,
        outcome: report.outcome,
        error_condition: report.error?.condition ?? null,
        error_type: report.error?.type ?? null,
        error_text: report.error?.text ?? null,
        error_by: report.error?.by ?? null,
        software_name: report.software?.name ?? null,
        software_version: report.software?.version ?? null,
        software_os: report.software?.os ?? null,
        serverinfo_forms: report.serverinfo.forms,
        errors: verdict.counts.error,
        warnings: verdict.counts.warning,
        infos: verdict.counts.info,
        level: verdict.level,
        authbot_ready: Number(verdict.authbotReady),
        publishes_administrators: Number(verdict.publishesAdministrators),
        has_abuse_contact: Number(verdict.hasAbuseContact),
        abuse_contact_works: Number(verdict.abuseContactWorks),
        every_contact_works: Number(verdict.everyContactWorks),
        report: JSON.stringify(report),
        changes: JSON.stringify(changes),
      }).lastInsertRowid,
    );
    const addAnswer = this.sql("INSERT OR IGNORE INTO answers (hash, xml) VALUES (?, ?)");
    const addEvidence = this.sql("INSERT INTO evidence (probe_id, position, jid, kind, answer, cut, vantage) VALUES (?, ?, ?, ?, ?, ?, ?)");
    evidence.forEach((e, i) => {
      const hash = e.raw === undefined ? null : answerHash(e.raw);
      if (hash !== null) addAnswer.run(hash, e.raw);
      addEvidence.run(probeId, i, e.jid, e.kind, hash, e.cut && e.cut.length > 0 ? JSON.stringify(e.cut) : null, e.vantage ?? null);
    });
    const addVantage = this.sql(
      `INSERT INTO probe_vantages (probe_id, position, vantage, outcome, error_condition, error_type, error_text, error_by, reached_via)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    (report.vantages ?? []).forEach((v, i) =>
      addVantage.run(
        probeId,
        i,
        v.vantage,
        v.outcome,
        v.error?.condition ?? null,
        v.error?.type ?? null,
        v.error?.text ?? null,
        v.error?.by ?? null,
        Number(v.vantage === report.via),
      ),
    );
    const addContact = this.sql("INSERT INTO contacts (probe_id, jid, category, position, value) VALUES (?, ?, ?, ?, ?)");
    const addAdministrator = this.sql("INSERT INTO administrators (probe_id, jid, position, value) VALUES (?, ?, ?, ?)");
    const entities = [{ jid: report.domain, contacts: report.contacts, administrators: report.administrators }, ...report.components];
    for (const entity of entities) {
      for (const category of CONTACT_CATEGORIES) entity.contacts[category].forEach((v, i) => addContact.run(probeId, entity.jid, category, i, v));
      entity.administrators.forEach((v, i) => addAdministrator.run(probeId, entity.jid, i, v));
    }
    const addComponent = this.sql("INSERT INTO components (probe_id, jid, name, outcome, error_condition, serverinfo) VALUES (?, ?, ?, ?, ?, ?)");
    for (const c of report.components) addComponent.run(probeId, c.jid, c.name ?? null, c.outcome, c.error?.condition ?? null, c.serverinfo ? 1 : 0);
    const addOperator = this.sql("INSERT INTO operator_jids (probe_id, jid) VALUES (?, ?)");
    for (const jid of result.operators) addOperator.run(probeId, jid);
    const addFinding = this.sql("INSERT INTO findings (probe_id, rule, severity, subject, field, value, message) VALUES (?, ?, ?, ?, ?, ?, ?)");
    for (const f of report.findings) addFinding.run(probeId, f.rule, f.severity, f.subject, f.field ?? null, f.value ?? null, f.message);
    if (crawlId !== null) {
      const addTarget = this.sql("INSERT OR IGNORE INTO crawl_checks (crawl_id, key, facts) VALUES (?, ?, ?)");
      for (const t of result.targets ?? []) addTarget.run(crawlId, t.key, JSON.stringify(t.facts));
    }
    // Each target asked afresh is its last check now, whatever it found: a newer check, broken or not, replaces an older one.
    const keepCheck = this.sql(
      `INSERT INTO last_checks (key, checked_at, facts, answer) VALUES (?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET checked_at = excluded.checked_at, facts = excluded.facts, answer = excluded.answer
       WHERE excluded.checked_at >= last_checks.checked_at`,
    );
    for (const t of result.targets ?? []) {
      if (!t.remember) continue;
      const facts = t.facts as TargetFacts;
      if (facts.kind === "skipped") continue;
      const raw = facts.record?.raw;
      const hash = raw === undefined ? null : answerHash(raw);
      if (hash !== null) addAnswer.run(hash, raw);
      keepCheck.run(t.key, facts.checkedAt, JSON.stringify(facts.record ? { ...facts, record: { ...facts.record, raw: undefined } } : facts), hash);
    }
    return probeId;
  }

  /** The report a new probe of the domain, made at `probedAt`, follows in its history. */
  /** The probe of a domain before `probedAt` (or at it, written earlier), what a new probe is compared with. */
  previousReport(domain: string, probedAt: string): DomainReport | undefined {
    const row = this.sql("SELECT report FROM probes WHERE domain = ? AND probed_at <= ? ORDER BY probed_at DESC, id DESC LIMIT 1").get(domain, probedAt) as
      { report: string } | undefined;
    return row ? (JSON.parse(row.report) as DomainReport) : undefined;
  }

  /** The newest report of a domain, from a crawl or a check. */
  latestReport(domain: string): DomainReport | undefined {
    const row = this.sql("SELECT report FROM latest_probes WHERE domain = ?").get(domain) as { report: string } | undefined;
    return row ? (JSON.parse(row.report) as DomainReport) : undefined;
  }

  /** The reports of one crawl, by domain. */
  crawlReports(crawlId: number): DomainReport[] {
    return (this.sql("SELECT report FROM probes WHERE crawl_id = ? ORDER BY domain").all(crawlId) as Array<{ report: string }>).map(
      (r) => JSON.parse(r.report) as DomainReport,
    );
  }

  /** The contact-check targets an unfinished crawl has already checked, by key, for the resumed run's checker. */
  crawlChecks(crawlId: number): Array<[string, TargetFacts]> {
    return (this.sql("SELECT key, facts FROM crawl_checks WHERE crawl_id = ?").all(crawlId) as Array<{ key: string; facts: string }>).map((r) => [
      r.key,
      JSON.parse(r.facts) as TargetFacts,
    ]);
  }

  /** The raw answers behind a domain's probe in a crawl, in the order they were asked. */
  evidenceOf(crawlId: number, domain: string): StoredEvidence[] {
    const rows = this.sql(
      `SELECT e.jid, e.kind, a.xml, e.cut FROM evidence e JOIN probes p ON p.id = e.probe_id LEFT JOIN answers a ON a.hash = e.answer
       WHERE p.crawl_id = ? AND p.domain = ? AND e.vantage IS NULL ORDER BY e.position`,
    ).all(crawlId, domain) as Array<{ jid: string; kind: string; xml: string | null; cut: string | null }>;
    return rows.map((r) => ({ jid: r.jid, kind: r.kind, xml: r.xml, cut: r.cut === null ? [] : (JSON.parse(r.cut) as string[]) }));
  }

  /** Records that a crawl found our own server to be the problem (rules/federation.ts ownServerProblem): the overview says so. */
  noteOwnServerProblem(crawlId: number, problem: string): void {
    this.sql("UPDATE crawls SET own_server_problem = ? WHERE id = ?").run(problem, crawlId);
  }

  /** Each vantage's outcome in a domain's probe of a crawl (none when only our own server asked), ours first, with its failed answers' raw XML. */
  vantagesOf(crawlId: number, domain: string): Array<{ vantage: string; outcome: string; errorText: string | null; reachedVia: boolean; xml: string[] }> {
    const rows = this.sql(
      `SELECT v.vantage, v.outcome, v.error_text AS errorText, v.reached_via AS reachedVia, p.id AS probeId FROM probe_vantages v JOIN probes p ON p.id = v.probe_id
       WHERE p.crawl_id = ? AND p.domain = ? ORDER BY v.position`,
    ).all(crawlId, domain) as Array<{ vantage: string; outcome: string; errorText: string | null; reachedVia: number; probeId: number }>;
    const answers = this.sql(`SELECT a.xml FROM evidence e JOIN answers a ON a.hash = e.answer WHERE e.probe_id = ? AND e.vantage = ? ORDER BY e.position`);
    return rows.map((r) => ({
      vantage: r.vantage,
      outcome: r.outcome,
      errorText: r.errorText,
      reachedVia: r.reachedVia === 1,
      xml: (answers.all(r.probeId, r.vantage) as Array<{ xml: string }>).map((a) => a.xml),
    }));
  }
}
