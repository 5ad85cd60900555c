// The one contract: the shapes that cross boundaries (CLI --json, the store's report column,
// the data downloads, the site). The JSON Schemas in schemas/ are generated from these
// definitions (npm run schemas), and a test fails when the committed files drift.
import { Type, type Static } from "@sinclair/typebox";

export const SCHEMA_BASE_URL = "https://serverinfo-observatory.github.io/schemas/";

export const CONTACT_CATEGORIES = ["abuse", "admin", "feedback", "sales", "security", "status", "support"] as const;
export type ContactCategory = (typeof CONTACT_CATEGORIES)[number];

export const SeveritySchema = Type.Union([Type.Literal("error"), Type.Literal("warning"), Type.Literal("info")]);
export type Severity = Static<typeof SeveritySchema>;

export const OUTCOMES = ["ok", "remote-server-not-found", "remote-server-timeout", "error", "timeout"] as const;
export const OutcomeSchema = Type.Union(OUTCOMES.map((o) => Type.Literal(o)), {
  description:
    "Whether the entity could be asked at all. remote-server-not-found and remote-server-timeout come from our own server (RFC 6120 §8.3.3.16-17); error is any other stanza error; timeout is our own limit.",
});
export type Outcome = Static<typeof OutcomeSchema>;

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

const addressList = (category: ContactCategory) =>
  Type.Array(Type.String(), { description: `Raw values of ${category}-addresses, in order.` });
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
    findings: Type.Array(FindingSchema),
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

export function emptyContacts(): Contacts {
  return { abuse: [], admin: [], feedback: [], sales: [], security: [], status: [], support: [] };
}
