// The store's schema, as numbered migrations. PRAGMA user_version records how far a file is.
// Never edit a published migration: add the next one.
export const MIGRATIONS: string[] = [
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
];
