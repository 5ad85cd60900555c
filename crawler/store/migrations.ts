// The store's schema, as numbered migrations. PRAGMA user_version records how far a file is.
// Never edit a published migration: add the next one (the one exception, issue 33: 2, 3, 4 and 12
// once judged stored probes and 5 counted their verdicts; they no longer do, which changes the
// result for no store but one older than migration 2). A migration is SQL, or a function for
// work SQL cannot do (hashing the stored answers, reading the listed names). A migration changes
// the schema and never judges: the rules' verdicts are data, each stored with the version of the
// rules that made it (migration 17), and a probe judged by older rules is judged again by the
// crawl (crawl/record.ts rejudgeStored), whatever version its file is at. The store imports
// nothing of the rules (eslint.config.js).
import { hash } from "node:crypto";
import type Database from "better-sqlite3";
import { isReachable, OUTCOMES, type DomainReport } from "../contract.ts";
import { checkDomain, isAddressDomainpart } from "../model/jid.ts";
import { contentHash, storedForm, type EvidenceRow } from "./probe-content.ts";

export type Migration = string | ((db: Database.Database) => void);

export const MIGRATIONS: Migration[] = [
  // 1: domains, crawls, probes with their evidence and what was read from them.
  `
  CREATE TABLE domains (
    domain TEXT PRIMARY KEY,
    source TEXT NOT NULL,                 -- where it came from: cli, import:<file>, check, ...
    added_at TEXT NOT NULL,
    optout_at TEXT,                       -- set: never probed again
    optout_note TEXT
  ) STRICT;

  CREATE TABLE crawls (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL CHECK (status IN ('running', 'finished')),
    pid INTEGER,                          -- the process running it, to tell a crash from a live crawl
    total INTEGER NOT NULL,
    settings TEXT NOT NULL                -- the politeness settings it ran with (JSON)
  ) STRICT;

  -- The domains a crawl set out to probe: a resumed crawl probes those not yet in probes.
  CREATE TABLE crawl_targets (
    crawl_id INTEGER NOT NULL REFERENCES crawls(id) ON DELETE CASCADE,
    domain TEXT NOT NULL,
    PRIMARY KEY (crawl_id, domain)
  ) STRICT, WITHOUT ROWID;

  CREATE TABLE probes (
    id INTEGER PRIMARY KEY,
    crawl_id INTEGER REFERENCES crawls(id) ON DELETE CASCADE, -- NULL for a one-off check
    domain TEXT NOT NULL,
    probed_at TEXT NOT NULL,
    duration_ms INTEGER NOT NULL,
    attempts INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    error_condition TEXT,
    error_type TEXT,
    error_text TEXT,
    error_by TEXT,
    software_name TEXT,
    software_version TEXT,
    software_os TEXT,
    serverinfo_forms INTEGER NOT NULL,
    errors INTEGER NOT NULL,
    warnings INTEGER NOT NULL,
    infos INTEGER NOT NULL,
    report TEXT NOT NULL,                 -- the DomainReport (crawler/contract.ts) as JSON
    UNIQUE (crawl_id, domain)
  ) STRICT;
  CREATE INDEX probes_by_domain ON probes (domain, probed_at);

  -- The raw answers, as received: the evidence behind every finding.
  CREATE TABLE evidence (
    probe_id INTEGER NOT NULL REFERENCES probes(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    jid TEXT NOT NULL,
    kind TEXT NOT NULL,                   -- disco-info, disco-items, version
    xml TEXT,                             -- NULL: no answer within our limit
    PRIMARY KEY (probe_id, position)
  ) STRICT;

  CREATE TABLE contacts (
    probe_id INTEGER NOT NULL REFERENCES probes(id) ON DELETE CASCADE,
    jid TEXT NOT NULL,                    -- the domain or a component
    category TEXT NOT NULL,
    position INTEGER NOT NULL,
    value TEXT NOT NULL
  ) STRICT;
  CREATE INDEX contacts_by_probe ON contacts (probe_id);

  CREATE TABLE administrators (
    probe_id INTEGER NOT NULL REFERENCES probes(id) ON DELETE CASCADE,
    jid TEXT NOT NULL,
    position INTEGER NOT NULL,
    value TEXT NOT NULL
  ) STRICT;
  CREATE INDEX administrators_by_probe ON administrators (probe_id);

  CREATE TABLE components (
    probe_id INTEGER NOT NULL REFERENCES probes(id) ON DELETE CASCADE,
    jid TEXT NOT NULL,
    name TEXT,
    outcome TEXT NOT NULL,
    error_condition TEXT,
    serverinfo INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX components_by_probe ON components (probe_id);

  CREATE TABLE findings (
    probe_id INTEGER NOT NULL REFERENCES probes(id) ON DELETE CASCADE,
    rule TEXT NOT NULL,
    severity TEXT NOT NULL,
    subject TEXT NOT NULL,
    field TEXT,
    value TEXT,
    message TEXT NOT NULL
  ) STRICT;
  CREATE INDEX findings_by_probe ON findings (probe_id);
  CREATE INDEX findings_by_rule ON findings (rule);
  `,

  // 2: each probe's verdict (crawler/judge/verdict.ts) in columns beside its severity counts, so
  // that SQL summaries count them instead of restating the rules. The probes stored before are
  // judged by the crawl (rules_version, migration 17); this migration once judged them itself.
  `
  ALTER TABLE probes ADD COLUMN level TEXT NOT NULL DEFAULT 'unreachable';
  ALTER TABLE probes ADD COLUMN authbot_ready INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE probes ADD COLUMN publishes_administrators INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE probes ADD COLUMN has_abuse_contact INTEGER NOT NULL DEFAULT 0;
  `,

  // 3: what each probe changed since the domain's previous one (crawler/judge/changes.ts), so that
  // the site, the feeds and the watchers read it instead of re-deriving it. The probes stored
  // before get theirs from the crawl's judging (migration 17), as they once did from here.
  `ALTER TABLE probes ADD COLUMN changes TEXT NOT NULL DEFAULT '[]';`,

  // 4: opt-outs that can be confirmed, undone within a grace period, and looked up by sender.
  // operator_jids: each probe's operators (crawler/operators/operators.ts), indexed by JID, so that a
  // message's sender is found without parsing every stored report (the probes stored before get
  // theirs from the crawl's judging, migration 17). optout_requests: requests waiting for their
  // confirmation code. domains.purge_after: when an opted-out domain's history goes.
  `
  CREATE TABLE operator_jids (
    probe_id INTEGER NOT NULL REFERENCES probes(id) ON DELETE CASCADE,
    jid TEXT NOT NULL
  ) STRICT;
  CREATE INDEX operator_jids_by_jid ON operator_jids (jid);
  CREATE INDEX operator_jids_by_probe ON operator_jids (probe_id);
  CREATE TABLE optout_requests (
    code TEXT PRIMARY KEY,
    jid TEXT NOT NULL,
    domain TEXT NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT;
  ALTER TABLE domains ADD COLUMN purge_after TEXT;
  `,

  // 5: storage that stays bounded over years.
  // answers: each distinct answer stored once, by its SHA-256; evidence rows point to it, and say
  // what reading it left out (cut, JSON). crawl_summaries: each finished crawl's network-wide
  // figures, counted when it finishes, so that pruning old unchanged probes keeps the trends.
  (db) => {
    db.function("sha256_hex", { deterministic: true }, (text: unknown) => answerHash(String(text)));
    db.exec(`
      CREATE TABLE answers (
        hash TEXT PRIMARY KEY,              -- SHA-256 of xml, hex
        xml TEXT NOT NULL
      ) STRICT;
      INSERT OR IGNORE INTO answers (hash, xml) SELECT sha256_hex(xml), xml FROM evidence WHERE xml IS NOT NULL;
      CREATE TABLE evidence_by_hash (
        probe_id INTEGER NOT NULL REFERENCES probes(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        jid TEXT NOT NULL,
        kind TEXT NOT NULL,                 -- disco-info, disco-items, version
        answer TEXT REFERENCES answers(hash), -- NULL: no answer within our limit
        cut TEXT,                           -- JSON list of what reading the answer left out, or NULL
        PRIMARY KEY (probe_id, position)
      ) STRICT;
      INSERT INTO evidence_by_hash (probe_id, position, jid, kind, answer)
        SELECT probe_id, position, jid, kind, CASE WHEN xml IS NULL THEN NULL ELSE sha256_hex(xml) END FROM evidence;
      DROP TABLE evidence;
      ALTER TABLE evidence_by_hash RENAME TO evidence;
      CREATE INDEX evidence_by_answer ON evidence (answer);

      CREATE TABLE crawl_summaries (
        crawl_id INTEGER PRIMARY KEY REFERENCES crawls(id) ON DELETE CASCADE,
        probed INTEGER NOT NULL,
        reachable INTEGER NOT NULL,
        with_serverinfo INTEGER NOT NULL,
        with_abuse INTEGER NOT NULL,
        with_administrators INTEGER NOT NULL,
        with_xmpp_operator INTEGER NOT NULL,
        clean INTEGER NOT NULL,
        warnings_only INTEGER NOT NULL,
        with_errors INTEGER NOT NULL
      ) STRICT;
    `);
    // A store from before migration 2 has no verdicts yet (the crawl judges its probes, migration
    // 17): its finished crawls are counted once they are judged (crawls.countUncounted), not here.
    if (migratingFrom(db) < 2) return;
    const freeze = db.prepare(FREEZE_CRAWL_SUMMARY_7);
    for (const { id } of db.prepare("SELECT id FROM crawls WHERE status = 'finished'").all() as Array<{ id: number }>) freeze.run({ id });
  },

  // 6: discovery within bounds (politeness.ts DISCOVERY): which crawl found a domain, and how
  // many candidates each crawl left out.
  `
  ALTER TABLE domains ADD COLUMN discovered_in INTEGER REFERENCES crawls(id) ON DELETE SET NULL;
  CREATE INDEX domains_by_discovery ON domains (discovered_in) WHERE discovered_in IS NOT NULL;
  ALTER TABLE crawls ADD COLUMN discovery_dropped INTEGER NOT NULL DEFAULT 0;
  `,

  // 7: holders that outlive a pid (crawler/process-identity.ts): each running crawl and each lock
  // records the boot id and start time of its process beside the pid. Locks live here, so that
  // taking over a stale one is one transaction, never a race between two processes.
  `
  ALTER TABLE crawls ADD COLUMN process TEXT;
  CREATE TABLE locks (
    name TEXT PRIMARY KEY,
    pid INTEGER NOT NULL,
    process TEXT,
    host TEXT NOT NULL,
    since TEXT NOT NULL
  ) STRICT;
  `,

  // 8: watches: an operator's JID asks to hear, after each crawl, what changed for their domain.
  `
  CREATE TABLE watches (
    jid TEXT NOT NULL,
    domain TEXT NOT NULL,
    since TEXT NOT NULL,
    PRIMARY KEY (jid, domain)
  ) STRICT;
  CREATE INDEX watches_by_domain ON watches (domain);
  `,

  // 9: the authbot mode's decisions, each with the probe it was made on (and so its evidence).
  `
  CREATE TABLE authbot_decisions (
    id INTEGER PRIMARY KEY,
    room TEXT NOT NULL,
    jid TEXT NOT NULL,
    domain TEXT NOT NULL,
    decided_at TEXT NOT NULL,
    granted INTEGER NOT NULL,
    fields TEXT,                          -- JSON array of the fields that listed the JID, when granted
    reason TEXT,                          -- why not, when refused
    probe_id INTEGER REFERENCES probes(id) ON DELETE SET NULL
  ) STRICT;
  CREATE INDEX authbot_decisions_by_jid ON authbot_decisions (jid);
  `,

  // 10: whether the published contacts work (rules/reachability.ts): two more verdict columns, and
  // the network-wide counts of them. Reports stored before carry no checks: an empty list.
  `
  ALTER TABLE probes ADD COLUMN abuse_contact_works INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE probes ADD COLUMN every_contact_works INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE crawl_summaries ADD COLUMN with_working_abuse INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE crawl_summaries ADD COLUMN with_every_contact_working INTEGER NOT NULL DEFAULT 0;
  UPDATE probes SET report = json_set(report, '$.checks', json('[]')) WHERE json_extract(report, '$.checks') IS NULL;
  `,

  // 11: the contact-check targets of an unfinished crawl, so that a resumed crawl checks each target once in all.
  `
  CREATE TABLE crawl_checks (
    crawl_id INTEGER NOT NULL REFERENCES crawls(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    facts TEXT NOT NULL,                  -- JSON: what the check found (crawler/model/contact-target.ts)
    PRIMARY KEY (crawl_id, key)
  ) STRICT;
  `,

  // 12: authbot-ready as the real authbot decides (operators/authbot.ts: issue 18). This migration
  // judged the stored probes again; that is the crawl's now (migration 17), so it changes nothing.
  // It stays, empty, so that every later migration keeps its number.
  ``,

  // 13: no IP address on the list (issue 30). Before, `domains import` read 2130706433 and 127.1
  // as 127.0.0.1, and the authbot mode listed a joiner's domain as it came ([::1]): each is removed
  // as `domains remove` would, with its place in an unfinished crawl and its watches.
  (db) => {
    const domains = (db.prepare("SELECT domain FROM domains").all() as Array<{ domain: string }>).map((r) => r.domain);
    for (const domain of domains.filter(isListedAddress))
      for (const table of ["domains", "crawl_targets", "watches"]) db.prepare(`DELETE FROM ${table} WHERE domain = ?`).run(domain);
  },

  // 14: more than one vantage (issue 32). When our own server cannot reach a domain, other vantages
  // are asked: each one's outcome, and the raw answers of those that failed (evidence, marked with
  // the vantage; NULL marks the answers of the probe the report was made from). Probes stored
  // before were asked from our own server only: they have no rows here.
  `
  ALTER TABLE evidence ADD COLUMN vantage TEXT;
  ALTER TABLE crawls ADD COLUMN own_server_problem TEXT; -- set: the crawl found our own server to be the problem, in words
  CREATE TABLE probe_vantages (
    probe_id INTEGER NOT NULL REFERENCES probes(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,            -- 0: our own server
    vantage TEXT NOT NULL,                -- the domain of the vantage's account
    outcome TEXT NOT NULL,
    error_condition TEXT,
    error_type TEXT,
    error_text TEXT,                      -- the vantage's own server's words: "certificate has expired"
    error_by TEXT,
    reached_via INTEGER NOT NULL,         -- 1: the report was probed through this vantage
    PRIMARY KEY (probe_id, position)
  ) STRICT;
  `,

  // 15: "the newest probe of a domain", written once (issue 33): the probe with the latest
  // probed_at, the higher id breaking a tie. SQLite pushes a WHERE on domain into the window, so a
  // lookup of one domain reads that domain's probes through probes_by_domain.
  `
  CREATE VIEW latest_probes AS
    SELECT * FROM (SELECT p.*, ROW_NUMBER() OVER (PARTITION BY domain ORDER BY probed_at DESC, id DESC) AS newest FROM probes p) WHERE newest = 1;
  `,

  // 16: one name for one concept (issue 33): the crawl summaries' count of authbot-ready domains
  // (operators/authbot.ts, the verdict's authbotReady) was named with_xmpp_operator, which the
  // observatory's own operator rule (operators/operators.ts) could be taken for.
  `ALTER TABLE crawl_summaries RENAME COLUMN with_xmpp_operator TO authbot_ready;`,

  // 17: the version of the rules that judged each probe (crawler/rules/version.ts): its verdict
  // columns, its changes and its operator_jids. 0 for the probes stored before: judged by rules of
  // no known version, so the crawl judges them again (crawl/record.ts rejudgeStored), as it does any
  // probe judged by older rules; the index finds them without reading every report.
  `
  ALTER TABLE probes ADD COLUMN rules_version INTEGER NOT NULL DEFAULT 0;
  CREATE INDEX probes_by_rules_version ON probes (rules_version);
  `,

  // 18: an unconfirmed failure has an outcome of its own (issue 32). Before, a failure only our own
  // sick server saw, which no other vantage could confirm, was stored as internal-error with this
  // text; it becomes unconfirmed, with our own server's error (kept among its vantages) as its own.
  // Its level stays not-judged. The history's texts written then stay as they were. This rewrites
  // how a stored fact was written, and judges nothing: no rule is asked.
  (db) => {
    const update = db.prepare(
      "UPDATE probes SET outcome = 'unconfirmed', error_condition = ?, error_type = ?, error_text = ?, error_by = ?, report = ? WHERE id = ?",
    );
    const stored = db.prepare("SELECT id, report FROM probes WHERE outcome = 'internal-error' AND instr(error_text, ?) = 1");
    for (const row of stored.all(UNCONFIRMED_TEXT_18) as Array<{ id: number; report: string }>) {
      const { error: _ours, ...report } = JSON.parse(row.report) as DomainReport;
      const home = report.vantages?.[0]?.error;
      const now: DomainReport = { ...report, outcome: "unconfirmed", ...(home && { error: home }) };
      update.run(home?.condition ?? null, home?.type ?? null, home?.text ?? null, home?.by ?? null, JSON.stringify(now), row.id);
    }
  },

  // 19: a daemon does not re-check what it checked today (issue 34). The last check of each target
  // that asked someone's host (an XMPP domain or room, a web page), from a crawl or a check, which
  // later crawls may reuse (rules/check-reuse.ts): its facts as JSON without the raw record, whose
  // text is in answers (shared with the probes' evidence), and when it ran. Rows past the reuse
  // window are deleted after each finished crawl. Each crawl counts its checks: those that asked a
  // host, those that asked only DNS (mail), and those reused.
  `
  CREATE TABLE last_checks (
    key TEXT PRIMARY KEY,                 -- rules/reachability.ts targetKey: xmpp-domain:example.org, web:https://...
    checked_at TEXT NOT NULL,
    facts TEXT NOT NULL,                  -- model/contact-target.ts TargetFacts, record.raw left out
    answer TEXT                           -- answers.hash of the raw record, if any
  ) STRICT, WITHOUT ROWID;
  CREATE INDEX last_checks_by_answer ON last_checks (answer);
  ALTER TABLE crawls ADD COLUMN check_requests INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE crawls ADD COLUMN check_lookups INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE crawls ADD COLUMN checks_reused INTEGER NOT NULL DEFAULT 0;
  `,

  // 20: what retention reads (probes.pruneHistory) in an index of its own, so that it reads neither
  // the table nor any report: after each crawl it ranks every kept probe of every domain, and a
  // probe's changes column lies after its report, which runs over several pages. And the authbot
  // decisions by probe, which deleting a probe looks up (ON DELETE SET NULL) instead of reading them all.
  `
  CREATE INDEX probes_for_retention ON probes (domain, probed_at, changes = '[]', crawl_id);
  CREATE INDEX authbot_decisions_by_probe ON authbot_decisions (probe_id);
  `,

  // 21: what a probe read (its contacts, administrators and components) and its findings were
  // written again as rows of their own beside its report, about 12 of a probe's 18 rows, and
  // nothing but tests read them: the crawler, the site and the chat read the report (issue 34:
  // bench:store). The report keeps all of it; the operator index (operator_jids) stays, as
  // domains.ts finds a JID's domains through it.
  `
  DROP TABLE contacts;
  DROP TABLE administrators;
  DROP TABLE components;
  DROP TABLE findings;
  `,

  // 22: what a probe found kept once for every probe of the domain that found the same (issue 34:
  // bench:store). probe_contents holds each distinct content (store/probe-content.ts): a report's
  // body (the report with its own times null) and its evidence rows, which now belong to the
  // content; a probe points to its content and keeps its own times (report_times). A content goes
  // with the last probe that points to it (the triggers; a content names its domain, so only that
  // domain's probes can point to it, found through probes_for_retention). The retention index gains
  // the id (the order every reader of a domain's probes asks for) and the content, so that
  // probes_by_domain, a prefix of it, goes: one index fewer to write and delete per probe.
  (db) => {
    db.exec(`
      CREATE TABLE probe_contents (
        id INTEGER PRIMARY KEY,
        hash BLOB NOT NULL UNIQUE,          -- SHA-256 of the body's hash and the evidence rows
        body_hash BLOB NOT NULL,            -- SHA-256 of body
        body TEXT NOT NULL                  -- the report as JSON, its own times null
      ) STRICT;
      CREATE TABLE content_evidence (
        content_id INTEGER NOT NULL REFERENCES probe_contents(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        jid TEXT NOT NULL,
        kind TEXT NOT NULL,                 -- disco-info, disco-items, version, dns, http
        answer TEXT REFERENCES answers(hash), -- NULL: no answer within our limit
        cut TEXT,                           -- JSON list of what reading the answer left out, or NULL
        vantage TEXT,                       -- NULL: the report's own answers; else the vantage whose failed answer it is
        PRIMARY KEY (content_id, position)
      ) STRICT, WITHOUT ROWID;
      ALTER TABLE probes ADD COLUMN content_id INTEGER;  -- probe_contents.id
      ALTER TABLE probes ADD COLUMN report_times TEXT;   -- JSON: the times the body leaves out
    `);
    const page = db.prepare("SELECT id, report FROM probes WHERE id > ? ORDER BY id LIMIT 1000");
    const evidenceOf = db.prepare("SELECT jid, kind, answer, cut, vantage FROM evidence WHERE probe_id = ? ORDER BY position").raw();
    const find = db.prepare("SELECT id FROM probe_contents WHERE hash = ?").pluck();
    const add = db.prepare("INSERT INTO probe_contents (hash, body_hash, body) VALUES (?, ?, ?)");
    const addEvidence = db.prepare("INSERT INTO content_evidence (content_id, position, jid, kind, answer, cut, vantage) VALUES (?, ?, ?, ?, ?, ?, ?)");
    const point = db.prepare("UPDATE probes SET content_id = ?, report_times = ? WHERE id = ?");
    for (let rows = page.all(0) as Array<{ id: number; report: string }>; rows.length > 0; rows = page.all(rows.at(-1)!.id) as typeof rows) {
      for (const row of rows) {
        const form = storedForm(JSON.parse(row.report) as DomainReport);
        const evidence = evidenceOf.all(row.id) as EvidenceRow[];
        const hash = contentHash(form.hash, evidence);
        let id = find.get(hash) as number | undefined;
        if (id === undefined) {
          id = Number(add.run(hash, form.hash, form.body).lastInsertRowid);
          evidence.forEach((e, position) => addEvidence.run(id, position, ...e));
        }
        point.run(id, form.times, row.id);
      }
    }
    db.exec(`
      DROP TABLE evidence;
      ALTER TABLE content_evidence RENAME TO evidence;
      CREATE INDEX evidence_by_answer ON evidence (answer);
      DROP VIEW latest_probes;
      ALTER TABLE probes DROP COLUMN report;
      CREATE VIEW latest_probes AS
        SELECT * FROM (SELECT p.*, ROW_NUMBER() OVER (PARTITION BY domain ORDER BY probed_at DESC, id DESC) AS newest FROM probes p) WHERE newest = 1;
      DROP INDEX probes_by_domain;
      DROP INDEX probes_for_retention;
      CREATE INDEX probes_for_retention ON probes (domain, probed_at, id, changes = '[]', crawl_id, content_id);
      CREATE TRIGGER probe_contents_unused_after_delete AFTER DELETE ON probes
        WHEN NOT EXISTS (SELECT 1 FROM probes WHERE domain = old.domain AND content_id = old.content_id)
        BEGIN DELETE FROM probe_contents WHERE id = old.content_id; END;
      CREATE TRIGGER probe_contents_unused_after_update AFTER UPDATE OF content_id ON probes
        WHEN old.content_id IS NOT new.content_id AND NOT EXISTS (SELECT 1 FROM probes WHERE domain = old.domain AND content_id = old.content_id)
        BEGIN DELETE FROM probe_contents WHERE id = old.content_id; END;
    `);
  },
];

/** How the text of an unconfirmed failure stored as internal-error began (migration 18). */
const UNCONFIRMED_TEXT_18 = "Not judged: our own server could not reach the domain known to work, and no other vantage could confirm its failure";

/** Whether a name on the list is an IP address, in the forms the list could hold one. */
function isListedAddress(domain: string): boolean {
  const checked = checkDomain(domain);
  return checked.ok ? isAddressDomainpart(checked.value) : domain.startsWith("[");
}

/** The key of an answer in the answers table. */
export function answerHash(xml: string): string {
  // One call, not a Hash object per answer (crypto.hash, Node 20.12).
  return hash("sha256", xml, "hex");
}

/** The outcomes contract.isReachable counts as reached, as SQL: the one meaning of "reachable", not restated. */
const REACHABLE_OUTCOMES = OUTCOMES.filter(isReachable)
  .map((o) => `'${o}'`)
  .join(", ");

/**
 * Counts a finished crawl's network-wide figures from the verdicts its probes were stored with
 * (opted-out domains left out). Reachable is contract isReachable's (REACHABLE_OUTCOMES): a probe
 * we failed on (internal-error) counts as reached, as the overview's card counts it; an
 * unconfirmed failure was not reached.
 */
export const FREEZE_CRAWL_SUMMARY = `
  INSERT OR REPLACE INTO crawl_summaries (crawl_id, probed, reachable, with_serverinfo, with_abuse, with_administrators, authbot_ready,
    with_working_abuse, with_every_contact_working, clean, warnings_only, with_errors)
  SELECT @id, COUNT(*), COALESCE(SUM(outcome IN (${REACHABLE_OUTCOMES})), 0), COALESCE(SUM(serverinfo_forms > 0), 0), COALESCE(SUM(has_abuse_contact), 0),
         COALESCE(SUM(publishes_administrators), 0), COALESCE(SUM(authbot_ready), 0), COALESCE(SUM(abuse_contact_works), 0),
         COALESCE(SUM(every_contact_works), 0), COALESCE(SUM(level = 'clean'), 0),
         COALESCE(SUM(level = 'warnings'), 0), COALESCE(SUM(level = 'errors'), 0)
  FROM probes WHERE crawl_id = @id AND domain IN (SELECT domain FROM domains WHERE optout_at IS NULL)`;

/**
 * The schema version the store was at when this connection began migrating it (store.ts migrate
 * writes it in a table of the connection's own): what a migration that counts stored verdicts asks.
 */
export const MIGRATING_FROM_TABLE = "temp.migrating_from";
function migratingFrom(db: Database.Database): number {
  // Absent when the migrations are run on a new file by hand (the tests' stores at a version): nothing stored then.
  if (!db.prepare("SELECT 1 FROM temp.sqlite_master WHERE name = 'migrating_from'").get()) return 0;
  return (db.prepare(`SELECT version FROM ${MIGRATING_FROM_TABLE}`).get() as { version: number } | undefined)?.version ?? 0;
}

/** The same as migration 7 knew it, before the columns of migration 10: a migration's SQL never changes. */
const FREEZE_CRAWL_SUMMARY_7 = `
  INSERT OR REPLACE INTO crawl_summaries (crawl_id, probed, reachable, with_serverinfo, with_abuse, with_administrators, with_xmpp_operator, clean, warnings_only, with_errors)
  SELECT @id, COUNT(*), COALESCE(SUM(outcome = 'ok'), 0), COALESCE(SUM(serverinfo_forms > 0), 0), COALESCE(SUM(has_abuse_contact), 0),
         COALESCE(SUM(publishes_administrators), 0), COALESCE(SUM(authbot_ready), 0), COALESCE(SUM(level = 'clean'), 0),
         COALESCE(SUM(level = 'warnings'), 0), COALESCE(SUM(level = 'errors'), 0)
  FROM probes WHERE crawl_id = @id AND domain IN (SELECT domain FROM domains WHERE optout_at IS NULL)`;
