// Every tunable of the crawler, named and explained in one place: what it asks of others, and the
// limits on its own work (imports, retries, publishing). How much a page or a reply shows is a
// presentation choice, kept beside the presentation. The site shows these to operators, so keep
// the comments true.

/**
 * Probes (domains) in flight at the same time over our one client connection. This is our own
 * cap, not what protects others (that is the rate below, and one probe per domain): most probes in
 * flight are only waiting for a silent domain, and a waiting probe must not hold the others back.
 * At 20 probes started a second and a 30 s timeout, 256 leaves room for every silent domain to
 * wait its timeout. Each probe has at most 3 IQs out at once, and MAX_IQS_IN_FLIGHT caps them all.
 */
export const DEFAULT_CONCURRENCY = 256;

/**
 * IQs in flight at once over our one client connection, every probe, contact check and chat check
 * together: what our own server and its s2s links carry for us at any moment. Past it, a question
 * waits for a free slot before it is sent, and its timeout counts from the sending. At the default
 * rate and timeout a crawl stays under it; it binds when many slow domains answer late together.
 */
export const MAX_IQS_IN_FLIGHT = 512;

/**
 * A crawl's probes reach the store in batches, one transaction each: a commit is most of what
 * storing a probe costs (bench:crawl's profile). A batch is written when it holds `maxProbes`, or
 * when its first probe has waited `maxDelayMs`. A crash or kill loses at most one batch of
 * finished probes, which the next run probes again; nothing half-written is ever kept.
 * Storing a probe of a generated domain costs about 0.30 ms of CPU in batches of 2, 0.15 in
 * batches of 64 and 0.12 in batches of 256: a fast crawl fills batches of 256. The wait stays
 * short, since a probe is reported (the progress, a stop after it) when it is stored: a crawl at 20
 * probes a second writes about two at a time, which costs it little.
 */
export const STORE_BATCH = { maxProbes: 256, maxDelayMs: 100 } as const;

/**
 * Stored probes that older rules judged are judged again this many at a time, one transaction
 * each (crawl/record.ts rejudgeStored): a kill keeps the batches done, and the next crawl goes on
 * with the rest. Each holds the store's write lock while it judges, so a batch is kept small
 * enough for the daemon's chat to wait for it; the event loop runs between.
 */
export const REJUDGE_BATCH = 500;

/** At most one probe in flight per target domain: a probe walks one domain's components one after another. */
export const PROBES_PER_DOMAIN = 1;

/**
 * Global rate cap: at most this many probes started per second, network-wide.
 * Each probe sends about 3 IQs plus one per component, so this keeps our home server and
 * the federation's s2s links far below anything an operator would notice. 0 means no cap.
 */
export const DEFAULT_PROBES_PER_SECOND = 20;

/** How long we wait for any one IQ answer before calling it a timeout (our own limit). */
export const DEFAULT_IQ_TIMEOUT_MS = 30_000;

/** The most time one domain may take, all its IQs included; past it the probe ends with what it has. */
export const DEFAULT_DOMAIN_BUDGET_MS = 120_000;

/** Components (disco#items entries without a node) we ask disco#info of. XEP-0030 §6.2 advises restraint past about twenty. */
export const DEFAULT_MAX_COMPONENTS = 20;

/**
 * Snowball discovery within bounds: a hostile server (or many, with wildcard DNS) could otherwise
 * grow the list without end. Per crawl, at most `perSource` new domains from what one domain
 * publishes, and at most `crawlShare` of the list (but never fewer than `crawlMinimum`) in all.
 * The rest are counted and shown in the crawl summary and in `status`.
 */
export const DISCOVERY = { perSource: 10, crawlShare: 0.1, crawlMinimum: 100 } as const;

/**
 * A domain whose probe failed for a transient reason is retried once, this much later in the same
 * crawl. A probe that timed out (ours, or our server's s2s timeout) has already waited that long,
 * and is retried at once, at the queue's rate: so the last domains' retries do not double the tail.
 */
export const RETRY_DELAY_MS = 30_000;

/** How many times a transient failure is retried within one crawl. */
export const MAX_RETRIES = 1;

/** How long the crawl waits for our own server to come back after the connection drops, before it stops (and resumes next run), unless OBSERVATORY_RECONNECT_PATIENCE says otherwise. */
export const RECONNECT_PATIENCE_MS = 120_000;

/**
 * Retention: the probes that changed something kept per domain (besides the newest
 * OBSERVATORY_KEEP_PROBES). At 2% of domains changing per 6-hourly crawl that is years of history;
 * a server that changes at every crawl keeps about seven weeks' worth, not an ever-growing store.
 */
export const KEEP_CHANGED_PROBES = 200;

/** A domain unreachable in this many consecutive crawls is dormant: still listed, never deleted, probed less often. */
export const DORMANT_AFTER_CRAWLS = 8;

/** Dormant domains are probed in one crawl out of this many. */
export const DORMANT_PROBE_EVERY = 4;

/** Bounds on what a hostile server controls. Past one, we keep what fits, record a finding and go on. */
export const BOUNDS = {
  /** Characters of one answer stanza read; the rest of it is skipped unread. */
  maxStanzaChars: 256 * 1024,
  /** Characters of one answer kept as evidence: what was read, written out again (escaping can make it longer). */
  maxEvidenceChars: 512 * 1024,
  /** Elements nested below the stanza (a disco#info answer needs 5: iq, query, x, field, value); deeper ones are dropped. */
  maxDepth: 16,
  maxIdentities: 64,
  maxFeatures: 512,
  maxForms: 16,
  maxFieldsPerForm: 128,
  maxValuesPerField: 128,
  /** Characters of one value kept; longer values are cut and flagged. */
  maxValueChars: 2048,
  maxItems: 1024,
  /** Characters of any attribute (names, JIDs, versions) kept. */
  maxAttributeChars: 1024,
  /** Findings of one rule on one entity kept; the rest are counted in one more finding. */
  maxFindingsPerRule: 50,
  /** Findings of one report kept, errors first; the rest are counted in one more finding. */
  maxFindingsPerReport: 100,
  /** Characters of a finding's message and value kept (they quote what was published). */
  maxFindingChars: 512,
  /**
   * Characters of one report, as JSON. Past it, the report keeps what fits, in order (its
   * findings, errors first, on at most half; the domain's contacts and administrators; the rest)
   * and says how much it left out; the findings were judged on everything read. A real server's
   * report is a few kilobytes; this keeps a hostile one's page and JSON small (rules/report-budget.ts).
   */
  maxReportChars: 64 * 1024,
  /** Changes recorded for one probe (each cut to maxFindingChars); the rest are counted in one more. */
  maxChangesPerProbe: 50,
} as const;

export type Bounds = { readonly [K in keyof typeof BOUNDS]: number };

/** The daemon's site build may take this long; past it, it is stopped and the run fails (the previous site stays). */
export const SITE_BUILD_TIMEOUT_MS = 30 * 60_000;

/**
 * What the site build's processes run with besides the site's variables: glibc's malloc keeps an
 * arena per thread (up to eight per core), each holding on to what it freed; two arenas keep the
 * build's peak memory about an eighth lower at the same speed (README: bench:site).
 */
export const SITE_BUILD_ENVIRONMENT = { MALLOC_ARENA_MAX: "2" } as const;

/** Logging in to our own account: attempts, and the pause before the second (doubled before each later one). */
export const LOGIN_ATTEMPTS = 3;
export const LOGIN_RETRY_DELAY_MS = 2_000;
/** Each step of logging in (connect, STARTTLS, SASL, bind) when OBSERVATORY_LOGIN_TIMEOUT is not set; xmpp.js's own default is 2 s. */
export const DEFAULT_LOGIN_TIMEOUT_MS = 30_000;
/**
 * The most SCRAM iterations a server may ask of our login (crawler/xmpp/scram.ts): ejabberd asks
 * 4,096, Prosody 10,000; a million take 0.2 to 0.3 s of the thread pool here. More is refused: the
 * server could otherwise keep us deriving for as long as it liked.
 */
export const MAX_SCRAM_ITERATIONS = 1_000_000;

/** Reconnecting after our own connection drops: the first pause, doubled after each failed attempt up to the ceiling. */
export const RECONNECT_FIRST_DELAY_MS = 1_000;
export const RECONNECT_MAX_DELAY_MS = 300_000;

/** The authbot mode (crawler/chat/authbot.ts). */
export const AUTHBOT = {
  /** Each IQ of the probe made when someone joins, as authbot itself allows. */
  probeTimeoutMs: 60_000,
  /** A domain's probe is reused for the joins within this time: a flood of joins probes each domain once. */
  reuseMs: 60_000,
  /** Domains whose last probe is remembered for reuse. */
  maxRemembered: 10_000,
  /** A refusal is explained to one JID in one room at most once in this time, however often they rejoin. */
  explainEveryMs: 3_600_000,
  /** How long a room may take to answer our join. */
  joinTimeoutMs: 30_000,
  /** The nickname the observatory joins rooms with. */
  nick: "observatory",
} as const;

/** The inbox (messages to the crawler's account): every limit on what strangers can make us do. */
export const INBOX = {
  /** Commands a sender may send per window; the rest are refused, with one reply that says when to try again. */
  commandsPerSender: 20,
  commandWindowMs: 3_600_000,
  /** Of those, `check`s that probe (a check answered from a recent probe costs nothing). */
  checksPerSender: 5,
  /** A domain is probed by `check` at most once in this time; a check within it gets the last result and its age. */
  checkEveryMs: 10 * 60_000,
  /** Probes that strangers start, for everyone together, per minute: chat `check`s and the authbot mode's joiners share them (chat/probe-budget.ts). */
  checkProbesPerMinute: 10,
  /** Domains new to the list that those probes may add, for everyone together, per day. */
  newDomainsPerDay: 50,
  /** Domains one JID may watch. */
  watchesPerJid: 20,
  /** Changes listed in one watch notice; the rest are counted. */
  noticeLines: 10,
  /** Text that is not a command is answered with the help at most once per sender per window. */
  helpWindowMs: 86_400_000,
  /** Replies of any kind, to everyone together, per minute: a flood from many accounts cannot make us one. */
  repliesPerMinute: 60,
  /** Senders remembered by the limits; the longest-unseen are forgotten first. */
  maxTrackedSenders: 10_000,
  /** How long an opt-out request waits for `confirm <code>`. */
  confirmWithinMs: 15 * 60_000,
} as const;

/**
 * The most the command-line flags accept. A time past Node's timer limit (2^31 ms, about 24.8
 * days) would fire at once, so every time has a sane maximum well below it.
 */
export const FLAG_BOUNDS = {
  /** --timeout, in seconds: ten minutes is already far past any server's answer. */
  maxTimeoutSeconds: 600,
  /** --concurrency: probes in flight. */
  maxConcurrency: 256,
  /** --rate: probes started per second. */
  maxRate: 1000,
} as const;

/**
 * Checking that published contacts work (crawler/probe/contact-checks.ts): from our vantage point,
 * without bothering anyone. No SMTP connection, no mail, nothing that reveals whether an account exists.
 */
export const CONTACT_CHECKS = {
  /** Distinct addresses checked per domain (its contacts and administrators, in order); the rest are shown as not checked. */
  maxAddressesPerDomain: 16,
  /** Distinct targets (domains, rooms, mail domains, web pages) checked per crawl; past it, addresses are shown as not checked. */
  maxTargetsPerCrawl: 20_000,
  /** Each DNS question, and how many times it is asked before giving up; through the system resolver unless OBSERVATORY_DNS_SERVERS says otherwise. */
  dnsTimeoutMs: 5_000,
  dnsTries: 2,
  /**
   * A DNS answer is reused for this long, by every check that asks the same question (a domain's
   * mail and web checks ask for its addresses twice, and many domains share a mail host). Short, so
   * that a fixed record is seen by the next crawl; failed lookups are not kept.
   */
  dnsCacheMs: 60_000,
  /** DNS answers kept at once, each at most maxDnsRecords records. */
  dnsCacheEntries: 10_000,
  /** Records of one DNS answer kept (MX, A, AAAA each). */
  maxDnsRecords: 16,
  /** MX hosts of one mail domain whose addresses are looked up, by preference (in parallel); the rest are trusted unasked. */
  maxMxHostsAsked: 4,
  /**
   * A crawl reuses the last check of a target that worked (an XMPP domain or room, a web page, a
   * domain's own security.txt) for this long, unless OBSERVATORY_CHECK_REUSE says otherwise: within
   * it, while DNS still gives the same answer, the target's host is not asked again, and its mark
   * keeps the time it was really checked. A broken or unknown target is asked at every crawl, and
   * `check` (command line and chat) always asks afresh (rules/check-reuse.ts).
   */
  reuseWorkingMs: 24 * 3_600_000,
  /**
   * Within one crawl (or one `check`), a TCP connection refused at a resolved address and port is
   * remembered for this long: another web check that would connect there (whatever its host name)
   * gets the same failure at once, with the time it was really seen, instead of a second attempt.
   * Only a refused connection: a timeout, a TLS or an HTTP failure is asked every time. The next
   * crawl connects again, so a host that came up shows then (model/known-refusal.ts).
   */
  refusedConnectionMs: 10 * 60_000,
  /** Refused address:port pairs one crawl remembers at once; past it, the oldest is forgotten. */
  maxRefusedConnections: 10_000,
  /** Server hosts (SRV targets, by preference) of an XMPP domain whose addresses are looked up to tell that it has not moved. */
  maxServerHostsAsked: 4,
  /** One web check (an https: or http: address, or a security.txt), redirects included. */
  webTimeoutMs: 10_000,
  /** Bytes of a page's body read; the rest is never downloaded. */
  maxBodyBytes: 64 * 1024,
  /** Redirects followed; never from https onto plain http. */
  maxRedirects: 5,
  /**
   * Per web host name, and per address a request connects to (however many names share it): one
   * request at a time, and the next starts no sooner than this many ms after the previous one
   * ended. For the whole process: the crawl, chat checks and authbot share one web client.
   */
  perHostIntervalMs: 1_000,
  perAddressIntervalMs: 1_000,
  /** Web requests in flight, for all hosts together, in the whole process. */
  webConcurrency: 8,
  /** Response headers kept in the raw record, and characters of each. */
  maxHeaders: 64,
  maxHeaderChars: 512,
  /**
   * Characters of one raw record of a check (DNS answer, HTTP exchange with its headers and, for a
   * security.txt, its body) kept: a crawl holds each target's record until it ends, for every domain that lists it.
   */
  maxRecordChars: 16 * 1024,
  /** Bytes (UTF-8) of one raw record (XMPP answer, DNS answer, HTTP exchange) shown on a server page and in its JSON; the rest is cut, with a note. */
  shownRecordBytes: 48 * 1024,
  /**
   * Bytes of all the raw records of one server page (and its JSON) together: a hostile server's
   * page and JSON stay well under 200 KB (bench:store). A real server's answers are a few KB.
   */
  shownRecordsBytesPerPage: 48 * 1024,
} as const;

/**
 * `observatory selftest` (crawler/probe/selftest.ts): an administrator's own read-only check of
 * what the proto-XEP "XMPP Service Administrators" asks of their MUC and PubSub services. One
 * request at a time; a service that lets one request time out is asked nothing more.
 */
export const SELFTEST = {
  /** MUC services (identity conference/text) and PubSub services (pubsub/service) among the domain's components, in disco#items order. */
  maxMucServices: 3,
  maxPubsubServices: 3,
  /** Rooms of one MUC service and nodes of one PubSub service tried; disco#items asks for this many (XEP-0059 max). */
  maxRoomsPerService: 5,
  maxNodesPerService: 5,
  /** Each request, unless --timeout says otherwise. */
  requestTimeoutMs: 10_000,
  /** Requests of one run after the probe of the domain (itself bounded): past it, the rest is skipped and the report says so. */
  maxRequests: 150,
  /** The whole run, the probe included: past it, nothing more is asked. */
  runBudgetMs: 300_000,
  /** Characters of one raw answer kept in the report as evidence; the rest is cut, with a note. */
  maxEvidenceChars: 8 * 1024,
} as const;

/** How many times one domain may be put back after our own connection dropped, within one run. */
export const MAX_REQUEUES = 5;

/** A domain list imported from a URL (`domains import`): its size, the time it may take, and the redirects followed. */
export const MAX_IMPORT_BYTES = 16 * 1024 * 1024;
export const IMPORT_TIMEOUT_MS = 30_000;
export const MAX_IMPORT_REDIRECTS = 5;

/** How many releases of the site the daemon keeps, the published one included. */
export const KEPT_RELEASES = 3;

/** How long a site build may take to stop after it is asked to, before it is killed. */
export const BUILD_KILL_GRACE_MS = 10_000;

/** How long sending one watch notice may take before it is given up (the next crawl tries again). */
export const NOTICE_SEND_TIMEOUT_MS = 10_000;

/**
 * Past these, a crawl says that our own server has a problem (OBSERVATORY_VANTAGES,
 * rules/federation.ts): other vantages reached this many of the domains it failed on, and at least
 * this share of them.
 */
export const OWN_SERVER_SICK = { minReachedElsewhere: 10, minShare: 0.5 } as const;
