// The SQLite store (better-sqlite3): WAL, versioned migrations, one connection. Its writes and the
// crawler's reads are in sections over that connection, each a file with its own statements:
// store.domains (the list, discovery, opt-outs), store.crawls (crawls and locks), store.chat
// (watches, the authbot log) and store.probes (probes, evidence, retention). The site's reads are queries.ts.
import Database from "better-sqlite3";
import { chmodSync, closeSync, fchmodSync, fstatSync, mkdirSync, openSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { ChatRecords } from "./chat.ts";
import { Crawls } from "./crawls.ts";
import { Domains } from "./domains.ts";
import { MIGRATING_FROM_TABLE, MIGRATIONS } from "./migrations.ts";
import { Probes } from "./probes.ts";

export type { CrawlCounts, CrawlRow, Holder, LockRow } from "./crawls.ts";

/** WAL pages after which a commit copies the WAL into the file (SQLite's default: 1,000, 4 MB). */
const WAL_CHECKPOINT_PAGES = 10_000;
/** The -wal file's size past which a checkpoint truncates it: above what WAL_CHECKPOINT_PAGES lets it reach (about 40 MB). */
const WAL_KEPT_BYTES = 64 * 1024 * 1024;

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
  /** The domain list, discovery and opt-outs. */
  readonly domains = new Domains(this);
  /** Crawls, their targets, dormancy, and the named locks. */
  readonly crawls = new Crawls(this);
  /** The chat's watches and the authbot mode's decisions. */
  readonly chat = new ChatRecords(this);
  /** Probes with their evidence and judgement, and retention. */
  readonly probes = new Probes(this);
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

  /** Runs `work` in one transaction (a savepoint inside another). */
  transaction<T>(work: () => T): T {
    return this.db.transaction(work)();
  }

  /** Runs `work` holding SQLite's write lock from the start: no other process can write in between. */
  exclusively<T>(work: () => T): T {
    return this.db.transaction(work).immediate();
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
    // SQLite's page cache stays at its default 2 MB: a 64 MB one saved about 4% of the store's CPU
    // a probe (bench:store, 200 domains × 300 crawls) and nothing measurable at 1,000 × 1,460, and it
    // would grow a crawl's memory by the store's size up to 64 MB (bench:crawl's peak RSS target).
    // Checkpoints less often: a page written by many batches in between (an index's) is copied to
    // the file once. A commit is in the WAL either way, so a kill loses nothing and a power loss
    // may undo the commits since the last checkpoint, and never leaves the store inconsistent (synchronous NORMAL).
    db.pragma(`wal_autocheckpoint = ${WAL_CHECKPOINT_PAGES}`);
    // A migration or a large batch can grow the -wal file past that; the next checkpoint gives the space back.
    db.pragma(`journal_size_limit = ${WAL_KEPT_BYTES}`);
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
    const version = () => this.db.pragma("user_version", { simple: true }) as number;
    const current = version();
    if (current > MIGRATIONS.length) {
      throw new StoreError(`the store is at schema version ${current}, newer than this code knows (${MIGRATIONS.length}): upgrade the observatory`);
    }
    // Each step holds the write lock from its start (immediate) and reads the version under it: two
    // processes opening a new store at once (a crawl, and a check or the daemon's chat) would
    // otherwise both read version 0 and both create its tables, the second failing.
    const step = this.db.transaction(() => {
      const at = version();
      if (at >= MIGRATIONS.length) return false;
      const migration = MIGRATIONS[at]!;
      if (typeof migration === "string") this.db.exec(migration);
      else migration(this.db);
      this.db.pragma(`user_version = ${at + 1}`);
      return true;
    });
    this.db.exec(`CREATE TABLE IF NOT EXISTS ${MIGRATING_FROM_TABLE} (version INTEGER NOT NULL)`);
    this.db.prepare(`INSERT INTO ${MIGRATING_FROM_TABLE} (version) VALUES (?)`).run(current);
    let more = current < MIGRATIONS.length;
    while (more) more = step.immediate();
    // A migration that rewrites a table (22 rewrites probes) grows the -wal file to about the
    // store's size: given back now, while no other connection reads (else at a later checkpoint, journal_size_limit).
    if (current < MIGRATIONS.length) this.db.pragma("wal_checkpoint(TRUNCATE)");
  }

  close(): void {
    this.db.close();
  }
}
