// The one contract: the shapes that cross boundaries (CLI --json, the store's report column,
// the data downloads, the site). The JSON Schemas in schemas/ are generated from these
// definitions (npm run schemas), and a test fails when the committed files drift.
import { Type, type Static, type TOptional } from "@sinclair/typebox";
import { CONTACT_CHECKS, DORMANT_AFTER_CRAWLS, DORMANT_PROBE_EVERY } from "./politeness.ts";

export const SCHEMA_BASE_URL = "https://serverinfo-observatory.github.io/schemas/";

export const CONTACT_CATEGORIES = ["abuse", "admin", "feedback", "sales", "security", "status", "support"] as const;

/** The server software the rule catalogue writes fixes for. */
export const SOFTWARE_FAMILIES = ["prosody-0.12", "prosody-13", "snikket", "ejabberd", "ejabberd-24", "openfire", "tigase", "mongooseim"] as const;
export type SoftwareFamily = (typeof SOFTWARE_FAMILIES)[number];
export type ContactCategory = (typeof CONTACT_CATEGORIES)[number];

export const SeveritySchema = Type.Union([Type.Literal("error"), Type.Literal("warning"), Type.Literal("info")]);
export type Severity = Static<typeof SeveritySchema>;
/** The severities, most important first. */
export const SEVERITIES: readonly Severity[] = ["error", "warning", "info"];
/** Orders by severity, most important first (for sort). */
export const bySeverity = (a: { severity: Severity }, b: { severity: Severity }) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity);

export const OUTCOMES = ["ok", "remote-server-not-found", "remote-server-timeout", "error", "timeout", "internal-error", "unconfirmed"] as const;
export const OutcomeSchema = Type.Union(
  OUTCOMES.map((o) => Type.Literal(o)),
  {
    description:
      "Whether the entity could be asked at all. remote-server-not-found and remote-server-timeout come from our own server (RFC 6120 §8.3.3.16-17); error is any other stanza error; timeout is our own limit; internal-error is a failure of the observatory itself while handling the answer (error.text says what), so nothing is judged; unconfirmed is a failure only our own server saw in a crawl that found our own server to be the problem (it could not reach the domain known to work, or failed on many domains others reached), which no working vantage could confirm (vantages says who failed, error is our own server's), so nothing is judged.",
  },
);
export type Outcome = Static<typeof OutcomeSchema>;

/**
 * Whether the entity was reached: it answered (an internal-error is a failure of ours on its
 * answer). A stanza error counts as no answer, whoever sent it. The one judgement for the verdict,
 * dormancy, the components and the contact checks.
 */
export function isReachable(outcome: Outcome): boolean {
  return outcome === "ok" || outcome === "internal-error";
}

/**
 * Whether anything is judged of a probe with this outcome: not of one the observatory failed on
 * (internal-error), nor of a failure nobody could confirm (unconfirmed). Their level is not-judged,
 * and they are no step towards dormancy.
 */
export function isJudged(outcome: Outcome): boolean {
  return outcome !== "internal-error" && outcome !== "unconfirmed";
}

export const StanzaErrorSchema = Type.Object(
  {
    condition: Type.String({ description: "The defined condition, such as service-unavailable." }),
    type: Type.Optional(Type.String({ description: "The error type: cancel, wait, modify, auth or continue." })),
    text: Type.Optional(Type.String({ description: "The human-readable text the server gave, if any." })),
    by: Type.Optional(Type.String({ description: "Who produced the error: the by attribute, or else the from attribute." })),
  },
  { additionalProperties: false },
);
export type StanzaError = Static<typeof StanzaErrorSchema>;

export const SoftwareSchema = Type.Object(
  {
    name: Type.String(),
    version: Type.Optional(Type.String()),
    os: Type.Optional(Type.String()),
  },
  { additionalProperties: false, description: "The XEP-0092 software version answer." },
);
export type Software = Static<typeof SoftwareSchema>;

const addressList = (category: ContactCategory) => Type.Array(Type.String(), { description: `Raw values of ${category}-addresses, in order.` });
export const ContactsSchema = Type.Object(
  {
    abuse: addressList("abuse"),
    admin: addressList("admin"),
    feedback: addressList("feedback"),
    sales: addressList("sales"),
    security: addressList("security"),
    status: addressList("status"),
    support: addressList("support"),
  },
  { additionalProperties: false },
);
export type Contacts = Static<typeof ContactsSchema>;

export const IdentitySchema = Type.Object(
  {
    category: Type.Optional(Type.String()),
    type: Type.Optional(Type.String()),
    name: Type.Optional(Type.String()),
    lang: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export type Identity = Static<typeof IdentitySchema>;

export const FindingSchema = Type.Object(
  {
    rule: Type.String({ description: "The stable rule id from the catalogue (data/rules.json)." }),
    severity: SeveritySchema,
    subject: Type.String({ description: "The JID the finding was made on: the domain or one of its components." }),
    message: Type.String(),
    field: Type.Optional(Type.String({ description: "The form field concerned, if any." })),
    value: Type.Optional(Type.String({ description: "The value concerned, if any, as published." })),
  },
  { additionalProperties: false },
);
export type Finding = Static<typeof FindingSchema>;

export const ComponentSchema = Type.Object(
  {
    jid: Type.String(),
    name: Type.Optional(Type.String({ description: "The name the domain's disco#items gave it." })),
    outcome: OutcomeSchema,
    error: Type.Optional(StanzaErrorSchema),
    identities: Type.Array(IdentitySchema),
    features: Type.Array(Type.String()),
    serverinfo: Type.Boolean({ description: "Whether it publishes a serverinfo form." }),
    contacts: ContactsSchema,
    administrators: Type.Array(Type.String()),
  },
  { additionalProperties: false },
);
export type Component = Static<typeof ComponentSchema>;

/** What a check of one published address found (crawler/probe/contact-checks.ts checks, crawler/rules/reachability.ts judges). */
export const CHECK_STATUSES = ["works", "broken", "not-checked"] as const;
export type CheckStatus = (typeof CHECK_STATUSES)[number];
/** What was checked: an account's domain (never the account: privacy), a room, a mail domain's DNS, a web page, a security.txt. */
export const CHECK_KINDS = ["xmpp-account", "xmpp-room", "mail", "web", "security-txt", "none"] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

export const AddressCheckSchema = Type.Object(
  {
    value: Type.String({ description: "The address as published (for the domain's own /.well-known/security.txt, its URL)." }),
    fields: Type.Array(Type.String(), {
      description: "The fields that list it (abuse-addresses, administrators, ...); empty for the domain's own /.well-known/security.txt.",
    }),
    kind: Type.Union(
      CHECK_KINDS.map((k) => Type.Literal(k)),
      { description: "What was checked; none for schemes the observatory does not check (tel:, sip:, ...)." },
    ),
    status: Type.Union(
      CHECK_STATUSES.map((s) => Type.Literal(s)),
      { description: "works: it can reach someone, as far as we can tell without bothering anyone; broken: it cannot; not-checked: see why." },
    ),
    checkedAt: Type.Optional(
      Type.String({
        format: "date-time",
        description:
          "When the check really ran: checks are shared within a crawl, and a crawl reuses one that worked for up to a day (OBSERVATORY_CHECK_REUSE) while its target is unchanged.",
      }),
    ),
    why: Type.String({ description: "What the check found, in words." }),
    http: Type.Optional(
      Type.Object(
        {
          status: Type.Optional(Type.Integer({ description: "The final HTTP status." })),
          finalUrl: Type.Optional(Type.String()),
          redirects: Type.Integer({ minimum: 0 }),
          certificateValid: Type.Optional(Type.Boolean({ description: "Whether every https hop presented a valid certificate." })),
        },
        { additionalProperties: false },
      ),
    ),
    mail: Type.Optional(
      Type.Object(
        {
          hosts: Type.Array(Type.String(), { description: "The MX hosts, by preference; the domain itself for the RFC 5321 §5.1 address fallback." }),
          nullMx: Type.Boolean({ description: "RFC 7505: the domain says it accepts no mail." }),
        },
        { additionalProperties: false },
      ),
    ),
    room: Type.Optional(
      Type.Object(
        { exists: Type.Boolean(), public: Type.Optional(Type.Boolean()), membersOnly: Type.Optional(Type.Boolean()) },
        { additionalProperties: false },
      ),
    ),
    securityTxt: Type.Optional(
      Type.Object(
        { contacts: Type.Integer({ minimum: 0 }), expires: Type.Optional(Type.String()) },
        { additionalProperties: false, description: "What the RFC 9116 file said." },
      ),
    ),
    records: Type.Array(Type.String(), { description: "The raw records behind it: keys into the server file's `records`." }),
  },
  { additionalProperties: false },
);
export type AddressCheck = Static<typeof AddressCheckSchema>;

/** What one vantage got when it asked a domain its disco#info (crawler/crawl/vantages.ts asks, crawler/rules/federation.ts judges). */
export const VantageOutcomeSchema = Type.Object(
  {
    vantage: Type.String({ description: "The server the question went through: the domain of the observatory's account there." }),
    outcome: OutcomeSchema,
    error: Type.Optional(StanzaErrorSchema),
  },
  { additionalProperties: false },
);
export type VantageOutcome = Static<typeof VantageOutcomeSchema>;

export const DomainReportSchema = Type.Object(
  {
    domain: Type.String(),
    probedAt: Type.String({ format: "date-time" }),
    durationMs: Type.Integer({ minimum: 0 }),
    outcome: OutcomeSchema,
    error: Type.Optional(StanzaErrorSchema),
    software: Type.Optional(SoftwareSchema),
    identities: Type.Array(IdentitySchema),
    features: Type.Array(Type.String()),
    serverinfo: Type.Object(
      {
        forms: Type.Integer({ minimum: 0, description: "How many forms with the serverinfo FORM_TYPE the answer holds." }),
      },
      { additionalProperties: false },
    ),
    contacts: ContactsSchema,
    administrators: Type.Array(Type.String(), { description: "Raw values of the administrators field, in order." }),
    components: Type.Array(ComponentSchema),
    checks: Type.Array(AddressCheckSchema, {
      description: `Whether each published address (the domain's contacts and administrators, each once, at most ${CONTACT_CHECKS.maxAddressesPerDomain}) can work, and the domain's own security.txt. An address not here was not checked.`,
    }),
    findings: Type.Array(FindingSchema),
    vantages: Type.Optional(
      Type.Array(VantageOutcomeSchema, {
        description:
          "Present when the observatory's own server could not reach the domain and other vantages were asked: each working vantage's outcome, our own server's first. Absent when our own server reached it (nobody else was asked).",
      }),
    ),
    via: Type.Optional(
      Type.String({
        description: "The vantage this report was probed through, when it is not the observatory's own server (which could not reach the domain).",
      }),
    ),
  },
  {
    $id: `${SCHEMA_BASE_URL}domain-report.schema.json`,
    additionalProperties: false,
    description: "What one domain publishes in its serverinfo form, and every finding about it.",
  },
);
export type DomainReport = Static<typeof DomainReportSchema>;

/** `observatory check --json` prints one report, or an array of them for several domains. */
export const CheckOutputSchema = Type.Union([DomainReportSchema, Type.Array(DomainReportSchema)], {
  $id: `${SCHEMA_BASE_URL}check-output.schema.json`,
  title: "observatory check --json",
});

const SpecCitationSchema = Type.Object(
  { document: Type.String(), section: Type.String(), quote: Type.String(), url: Type.String() },
  { additionalProperties: false },
);

// `observatory selftest`: an administrator's read-only check of what the proto-XEP "XMPP Service
// Administrators" asks of their MUC and PubSub services (crawler/probe/selftest.ts asks,
// crawler/judge/selftest.ts judges).

export const SELFTEST_CHECKS = ["listed", "muc-owner-rights", "muc-not-listed", "pubsub-owner-rights", "pubsub-not-listed"] as const;
export type SelftestCheckId = (typeof SELFTEST_CHECKS)[number];
export const SELFTEST_STATUSES = ["pass", "fail", "skip"] as const;
export type SelftestStatus = (typeof SELFTEST_STATUSES)[number];

export const SelftestEvidenceSchema = Type.Object(
  {
    to: Type.String({ description: "The entity asked." }),
    request: Type.String({ description: "What was asked, always an IQ of type get: such as `muc#owner get` (the room's configuration form)." }),
    answer: Type.Optional(Type.String({ description: "The answer as received, as text; absent when none came in time." })),
    outcome: OutcomeSchema,
    cut: Type.Optional(Type.String({ description: "What was left out of `answer` (it is cut past a bound)." })),
    redacted: Type.Optional(
      Type.String({
        description:
          "The private fields whose values `answer` does not show (text-private, or named like a secret: a room's password), each value replaced by [redacted], so that the output can be shared.",
      }),
    ),
  },
  { additionalProperties: false },
);
export type SelftestEvidence = Static<typeof SelftestEvidenceSchema>;

export const SelftestResultSchema = Type.Object(
  {
    check: Type.Union(SELFTEST_CHECKS.map((c) => Type.Literal(c))),
    status: Type.Union(SELFTEST_STATUSES.map((s) => Type.Literal(s))),
    entity: Type.String({ description: "What was tried: the domain, a service, a room's JID, or a node as service + node." }),
    why: Type.String(),
    fix: Type.Optional(Type.String({ description: "For a fail: what to change, for the detected server software." })),
    evidence: Type.Array(SelftestEvidenceSchema),
  },
  { additionalProperties: false },
);
export type SelftestResult = Static<typeof SelftestResultSchema>;

export const SelftestOutputSchema = Type.Object(
  {
    domain: Type.String(),
    administrator: Type.String({ description: "The bare JID the self-test ran as." }),
    startedAt: Type.String({ format: "date-time" }),
    durationMs: Type.Integer({ minimum: 0 }),
    software: Type.Optional(SoftwareSchema),
    requests: Type.Object(
      {
        get: Type.Integer({ minimum: 0, description: "IQs of type get sent, the probe of the domain included." }),
        set: Type.Integer({ minimum: 0, description: "IQs of type set sent: always 0, the self-test only reads." }),
      },
      { additionalProperties: false },
    ),
    checks: Type.Array(
      Type.Object(
        { id: Type.Union(SELFTEST_CHECKS.map((c) => Type.Literal(c))), title: Type.String(), spec: Type.Array(SpecCitationSchema) },
        { additionalProperties: false },
      ),
      { description: "Each check once, with the spec sentences it tests." },
    ),
    results: Type.Array(SelftestResultSchema, { description: "One result per check and entity tried, in check order." }),
    notes: Type.Array(Type.String(), { description: "What the run left out and why: bounds reached, services that went silent." }),
    summary: Type.Object(
      { pass: Type.Integer({ minimum: 0 }), fail: Type.Integer({ minimum: 0 }), skip: Type.Integer({ minimum: 0 }) },
      { additionalProperties: false },
    ),
  },
  {
    $id: `${SCHEMA_BASE_URL}selftest-output.schema.json`,
    title: "observatory selftest --json",
    additionalProperties: false,
  },
);
export type SelftestOutput = Static<typeof SelftestOutputSchema>;

// The data downloads (site: /data/). Each file names its schema, published beside it.

export const LEVELS = ["clean", "warnings", "errors", "unreachable", "not-judged"] as const;
export type Level = (typeof LEVELS)[number];

/** What is judged of a report, once, when its probe is stored (crawler/judge/verdict.ts). */
export interface Verdict {
  level: Level;
  /** authbot can recognise the operators: an xmpp: address among abuse, admin and security of the first serverinfo form that is exactly xmpp:<bare JID> (crawler/operators/authbot.ts). */
  authbotReady: boolean;
  publishesAdministrators: boolean;
  hasAbuseContact: boolean;
  /** At least one abuse address was checked and works. */
  abuseContactWorks: boolean;
  /** It publishes addresses, and none that was checked is broken. */
  everyContactWorks: boolean;
  counts: Record<Severity, number>;
}

export const LevelSchema = Type.Union(
  LEVELS.map((l) => Type.Literal(l)),
  {
    description:
      "clean: no finding above info; warnings: warnings but no errors; errors: at least one error; unreachable: the domain could not be asked (the outcome is neither ok nor internal-error nor unconfirmed); not-judged: the observatory failed on its answer (internal-error), or only our own server failed on it while it was itself sick, and no working vantage could confirm the failure (unconfirmed).",
  },
);

export const ServerEntrySchema = Type.Object(
  {
    ...DomainReportSchema.properties,
    level: LevelSchema,
    listed: Type.Object(
      {
        since: Type.String({ format: "date-time", description: "When the domain joined the list." }),
        via: Type.String({ description: `How it joined the list: "seed list: <source>", "found in <domain>'s administrators", "imported from <URL>", ...` }),
        dormant: Type.Boolean({
          description: `Unreachable in each of the last ${DORMANT_AFTER_CRAWLS} crawls: still listed, probed in one crawl of ${DORMANT_PROBE_EVERY}.`,
        }),
      },
      { additionalProperties: false },
    ),
    links: Type.Object({ page: Type.String(), json: Type.String(), badge: Type.String(), feed: Type.String() }, { additionalProperties: false }),
  },
  { additionalProperties: false, description: "A domain's current state: its newest probe, its level, and where to find more." },
);
export type ServerEntry = Static<typeof ServerEntrySchema>;

const CrawlRefSchema = Type.Union([
  Type.Object(
    { id: Type.Integer(), startedAt: Type.String({ format: "date-time" }), finishedAt: Type.String({ format: "date-time" }) },
    { additionalProperties: false },
  ),
  Type.Null(),
]);

export const ServersFileSchema = Type.Object(
  {
    $schema: Type.String(),
    generatedAt: Type.String({ format: "date-time" }),
    crawl: CrawlRefSchema,
    licence: Type.String(),
    servers: Type.Array(ServerEntrySchema),
  },
  { $id: `${SCHEMA_BASE_URL}servers.schema.json`, additionalProperties: false, title: "/data/servers.json: every domain's current state" },
);
export type ServersFile = Static<typeof ServersFileSchema>;

/** What can change for a domain between two of its probes (crawler/judge/changes.ts decides). */
export const CHANGE_KINDS = [
  "first-seen",
  "outcome",
  "software",
  "contact-added",
  "contact-removed",
  "administrator-added",
  "administrator-removed",
  "finding-appeared",
  "finding-resolved",
  /** The changes of one probe past BOUNDS.maxChangesPerProbe, counted in one. */
  "more-changes",
] as const;
export type ChangeKind = (typeof CHANGE_KINDS)[number];

export const ChangeSchema = Type.Object(
  {
    kind: Type.Union(CHANGE_KINDS.map((k) => Type.Literal(k))),
    /** Plain text; the page, the feed and the chat escape it as they need. */
    text: Type.String(),
    rule: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);
export interface Change {
  kind: ChangeKind;
  text: string;
  rule?: string;
}

export const HistoryProbeSchema = Type.Object(
  {
    probedAt: Type.String({ format: "date-time" }),
    crawlId: Type.Union([Type.Integer(), Type.Null()], { description: "The crawl it was part of; null for a one-off check." }),
    outcome: OutcomeSchema,
    level: LevelSchema,
    counts: Type.Object(
      { error: Type.Integer({ minimum: 0 }), warning: Type.Integer({ minimum: 0 }), info: Type.Integer({ minimum: 0 }) },
      { additionalProperties: false, description: "Findings by severity." },
    ),
  },
  { additionalProperties: false },
);
export type HistoryProbe = Static<typeof HistoryProbeSchema>;

export const RawRecordSchema = Type.Object(
  {
    key: Type.String({ description: "What a check's `records` refer to it by." }),
    kind: Type.Union(["disco-info", "disco-items", "version", "dns", "http"].map((k) => Type.Literal(k))),
    subject: Type.String({ description: "Who was asked: a JID, a DNS name or a URL." }),
    text: Type.Optional(Type.String({ description: "The record as text; absent when no answer came." })),
    cut: Type.Array(Type.String(), { description: "What was left out, in words: by the probe's bounds, or to fit the page." }),
  },
  { additionalProperties: false },
);
export type RawRecord = Static<typeof RawRecordSchema>;

export const ServerFileSchema = Type.Object(
  {
    $schema: Type.String(),
    generatedAt: Type.String({ format: "date-time" }),
    licence: Type.String(),
    server: ServerEntrySchema,
    history: Type.Array(HistoryProbeSchema, {
      description:
        "Every probe of the domain the store keeps (each one that changed something, and the latest ones), oldest first. The newest probe's full report is `server`.",
    }),
    changes: Type.Array(Type.Object({ at: Type.String({ format: "date-time" }), changes: Type.Array(ChangeSchema) }, { additionalProperties: false }), {
      description: "What changed between probes, newest first, as far back as fits the page (see olderChanges).",
    }),
    olderChanges: Type.Integer({ minimum: 0, description: "Older sets of changes left out of `changes` to keep the file small." }),
    records: Type.Array(RawRecordSchema, {
      description: "What the servers answered in the newest probe, as received: each XMPP answer (pretty-printed), DNS answer and HTTP exchange, each capped.",
    }),
  },
  { $id: `${SCHEMA_BASE_URL}server.schema.json`, additionalProperties: false, title: "/data/servers/<domain>.json: one domain with its history" },
);
export type ServerFile = Static<typeof ServerFileSchema>;

/**
 * Where a rule's fix for one software comes from: run on that version in this project's
 * federation, or written from the software's documentation (software the federation cannot run),
 * or written for software the federation runs but not yet run on it.
 */
export const FixBasisSchema = Type.Union(
  [
    Type.Object(
      {
        kind: Type.Literal("run"),
        version: Type.String({
          description: "The version it was run on: applied, as written, to a federation host that tripped the rule, which a new crawl found cleared.",
        }),
      },
      { additionalProperties: false },
    ),
    Type.Object(
      {
        kind: Type.Literal("documentation"),
        title: Type.String({ description: "The document it rests on." }),
        url: Type.String({ pattern: "^https://", description: "An https link to it." }),
      },
      { additionalProperties: false, description: "Written from the software's documentation or source; never run here, so not verified." },
    ),
    Type.Object(
      { kind: Type.Literal("not-run") },
      { additionalProperties: false, description: "Software the federation runs, but this fix was not run on it." },
    ),
  ],
  { description: "Where the fix for this software comes from." },
);
export type FixBasis = Static<typeof FixBasisSchema>;

export const RuleSchema = Type.Object(
  {
    id: Type.String(),
    severity: SeveritySchema,
    title: Type.String(),
    why: Type.String(),
    spec: Type.Array(SpecCitationSchema),
    fix: Type.Object(
      { generic: Type.String(), ...Object.fromEntries(SOFTWARE_FAMILIES.map((f) => [f, Type.String()])) } as Record<
        "generic" | SoftwareFamily,
        ReturnType<typeof Type.String>
      >,
      {
        additionalProperties: false,
      },
    ),
    fixBasis: Type.Object(
      Object.fromEntries(SOFTWARE_FAMILIES.map((f) => [f, Type.Optional(FixBasisSchema)])) as Record<SoftwareFamily, TOptional<typeof FixBasisSchema>>,
      {
        additionalProperties: false,
        description: "For each software whose fix is its own (not the generic advice alone), where that fix comes from.",
      },
    ),
    scope: Type.Union([Type.Literal("domain"), Type.Literal("entity")]),
    family: Type.Union(
      ["disco", "form", "fields", "addresses", "administrators", "components", "reachability", "federation", "bounds"].map((f) => Type.Literal(f)),
    ),
    aliases: Type.Optional(Type.Array(Type.String())),
  },
  { additionalProperties: false },
);
export type RuleData = Static<typeof RuleSchema>;

export const RulesFileSchema = Type.Object(
  {
    $schema: Type.String(),
    generatedAt: Type.String({ format: "date-time" }),
    rules: Type.Array(
      Type.Object(
        { ...RuleSchema.properties, domains: Type.Integer({ minimum: 0, description: "How many domains trip it now." }) },
        { additionalProperties: false },
      ),
    ),
  },
  { $id: `${SCHEMA_BASE_URL}rules.schema.json`, additionalProperties: false, title: "/data/rules.json: the rule catalogue" },
);
export type RulesFile = Static<typeof RulesFileSchema>;

// What a probe hands to the store: the report, and the raw answers behind it.

/** The XMPP answers of a probe, and the raw records of its contact checks (DNS answers, HTTP exchanges). */
export type EvidenceKind = "disco-info" | "disco-items" | "version" | "dns" | "http";

export interface Evidence {
  jid: string;
  kind: EvidenceKind;
  /** The answer stanza as received (without id and to), or undefined when none came within our limit. */
  raw: string | undefined;
  /** What reading the answer left out (too deep, too long), in words. */
  cut?: string[];
  /** The vantage that asked, when it is not the one the report was probed through (crawler/crawl/vantages.ts): a failure kept as evidence. */
  vantage?: string;
}

export interface ProbeResult {
  report: DomainReport;
  evidence: Evidence[];
  /**
   * The contact-check targets this probe's checks used, with what was found (crawler/model/contact-target.ts
   * TargetFacts), kept with the crawl until it finishes: a resumed crawl checks none of them again.
   * Those marked `remember` were asked afresh, and the store keeps them as the target's last check,
   * which later crawls may reuse (crawler/rules/check-reuse.ts). Those marked `reused` are such a
   * last check, reused: the crawl does not keep them again (a resumed crawl decides them again from
   * the store's last checks, as this run did, and asks the host only where that no longer allows reuse).
   */
  targets?: Array<{ key: string; facts: object; remember?: true; reused?: true }>;
}

/** What the record step judged of a probe's report (crawler/judge/judged-probe.ts), kept by the store beside the report. */
export interface Judgement {
  verdict: Verdict;
  /** What changed since the domain's probe before this one (crawler/judge/changes.ts). */
  changes: Change[];
  /** The JIDs the observatory's rule names as the domain's operators (crawler/operators/operators.ts), for the store's index. */
  operators: string[];
  /** The rules that judged it (crawler/rules/version.ts RULES_VERSION): a probe judged by older ones is judged again. */
  rulesVersion: number;
}

/** A probe as the store writes it: the result and its judgement. The store judges nothing itself. */
export interface JudgedProbe extends ProbeResult, Judgement {}

// The store's read side, as the site sees it (crawler/store/queries.ts).

export interface DomainState {
  domain: string;
  /** How the domain joined the list (crawler/crawl/sources.ts). */
  source: string;
  addedAt: string;
  /** The newest probe, from a crawl or a check. */
  report: DomainReport;
  /** Its verdict, as stored with it. */
  verdict: Verdict;
  /** The crawl of that probe, or null for a one-off check. */
  crawlId: number | null;
  /** Unreachable in each of the last DORMANT_AFTER_CRAWLS crawls: probed less often, never deleted. */
  dormant: boolean;
}

export interface CrawlSummaryRow {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  total: number;
  probed: number;
  reachable: number;
  withServerinfo: number;
  withAbuse: number;
  withAdministrators: number;
  /** Domains authbot would let one of their people in for (the verdict's authbotReady). */
  authbotReady: number;
  withWorkingAbuse: number;
  withEveryContactWorking: number;
  clean: number;
  warningsOnly: number;
  withErrors: number;
}

/** One stored probe of a domain, as its history shows it: what it found, judged when it was stored. */
export interface HistoryEntry extends HistoryProbe {
  /** What changed since the domain's previous probe, decided once when the probe was stored. */
  changes: Change[];
}

export function emptyContacts(): Contacts {
  return { abuse: [], admin: [], feedback: [], sales: [], security: [], status: [], support: [] };
}
