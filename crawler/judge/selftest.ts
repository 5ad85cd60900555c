// The self-test's judgement (`observatory selftest`): what the proto-XEP "XMPP Service
// Administrators" asks of a domain's MUC and PubSub services, checked from an administrator's own
// session. Each check is one unit with its name, the sentences it tests and its fixes per server
// software; the probe (crawler/probe/selftest.ts) only asks, and this file only judges what it was told.
import type { DomainReport, SelftestCheckId, SelftestEvidence, SelftestOutput, SelftestResult, SelftestStatus } from "../contract.ts";
import { SELFTEST_CHECKS } from "../contract.ts";
import { classifyAnswer, type IqAnswer } from "../model/answer.ts";
import { cutChars } from "../model/bounded.ts";
import { REDACTED, redactPrivateFields } from "../model/private-fields.ts";
import { canonicalBare, carriesOwnerForm, MUC_LISTS, mucListJids, nodeAffiliations, type MucList } from "../model/owner-answers.ts";
import { SELFTEST } from "../politeness.ts";
import { administratorJids } from "../operators/operators.ts";
import { SERVER_SOFTWARE_BUG } from "../rules/rule.ts";
import type { RuleEntry } from "../rules/rule.ts";
import { detectSoftware, ownFix, type SoftwareFamily } from "../rules/software.ts";
import { SPEC, type SpecCitation } from "../rules/specs.ts";

interface SelftestCheck {
  readonly id: SelftestCheckId;
  readonly title: string;
  readonly spec: readonly SpecCitation[];
  /** For a fail: the generic fix, and the software whose fix differs (as the rules' fixes: rules/rule.ts). */
  readonly fix: RuleEntry["fix"];
}

/**
 * Prosody's mod_pubsub, 0.12 and 13 alike (run on 0.12.3 and 13.0.1): its admins hold
 * `default_admin_affiliation` on every node, from the service, not from the node's affiliations.
 */
const PROSODY_PUBSUB_ADMINS_FIX = (version: string) =>
  `Prosody ${version}'s mod_pubsub gives the component's admins the affiliation \`default_admin_affiliation\` on every node, \`"owner"\` unless configured otherwise, without listing them among the node's affiliations: remove any other \`default_admin_affiliation\`, and list your JID in the PubSub Component's own \`admins\` (or the global \`admins\`), then restart Prosody.`;

const NOT_LISTED_FIX: RuleEntry["fix"] = {
  generic:
    "An administrator needs no owner affiliation: their rights come from being an administrator. Remove your owner affiliation from the rooms and nodes where you hold one. If you never held one there, your server lists administrators as owners by itself. " +
    SERVER_SOFTWARE_BUG,
};

export const SELFTEST_CHECK_LIST: readonly SelftestCheck[] = [
  {
    id: "listed",
    title: "The domain lists you in administrators",
    spec: [SPEC.protoJids, SPEC.proto],
    fix: {
      generic: "Add your bare JID to the `administrators` field of the domain's serverinfo form (http://jabber.org/network/serverinfo).",
      "prosody-0.12":
        'Prosody 0.12 has no administrators field of its own (the contact_info table holds only the *-addresses fields): use the module of this observatory\'s Prosody 0.12 recipe (operators page), mod_serverinfo_administrators, with `serverinfo_administrators = { "you@example.org" }` and `mod_server_contact_info` disabled on the host.',
      "prosody-13":
        'Prosody 13\'s mod_server_info owns the serverinfo form: define the field in `server_info_extensions` (`{ name = "administrators", type = "list-multi" }`) and give its value in `server_info` (`administrators = { "you@example.org" }`).',
      ejabberd:
        'Add the entry `- {modules: all, name: administrators, urls: ["you@example.org"]}` to `mod_disco: server_info` in ejabberd.yml (bare JIDs, no scheme): the same entry that clears administrators-missing, run on ejabberd 23.01 and 24.12.',
    },
  },
  {
    id: "muc-owner-rights",
    title: "MUC rooms give you an owner's rights",
    spec: [SPEC.protoOwners, SPEC.xep0045OwnerConfig],
    fix: {
      generic: "Give the administrators you publish the MUC service's admin rights, so that it treats them as the owner of every room.",
      "prosody-0.12":
        "Prosody's mod_muc makes the component's admins owners of every room while `component_admins_as_room_owners` is true (the default in 0.12): remove any `component_admins_as_room_owners = false`, and list your JID in the MUC Component's own `admins` (or the global `admins`; a VirtualHost's `admins` does not reach its components), then restart Prosody.",
      "prosody-13":
        "Since Prosody 13.0 component admins are no longer room owners by default (`component_admins_as_room_owners` is false): add `component_admins_as_room_owners = true` to the MUC Component section, list your JID in that Component's own `admins` (or the global `admins`; a VirtualHost's `admins` does not reach its components), and restart Prosody. Rooms then treat you as an owner without listing you among their owners.",
      ejabberd:
        'ejabberd\'s mod_muc treats as owner of every room whoever matches its `access_admin` rule (default: none): define an ACL with your JID (`acl: admin: user: "you@example.org"`), a rule (`access_rules: muc_admin: allow: admin`) and set `mod_muc: access_admin: muc_admin` in ejabberd.yml, then reload the configuration.',
    },
  },
  {
    id: "muc-not-listed",
    title: "MUC rooms do not list you as owner",
    spec: [SPEC.protoNotListed],
    fix: NOT_LISTED_FIX,
  },
  {
    id: "pubsub-owner-rights",
    title: "PubSub nodes give you an owner's rights",
    spec: [SPEC.protoPubsubOwners, SPEC.xep0060ConfigureForbidden],
    fix: {
      generic: "Give the administrators you publish the PubSub service's admin rights, so that it treats them as the owner of every node.",
      "prosody-0.12": PROSODY_PUBSUB_ADMINS_FIX("0.12"),
      "prosody-13": PROSODY_PUBSUB_ADMINS_FIX("13"),
      ejabberd:
        "ejabberd 23.01's mod_pubsub reads a node's affiliations from the node alone (node_flat: get_affiliation); no option makes service administrators owners of every node. Only the node's owners can add you, which would list you as owner. " +
        SERVER_SOFTWARE_BUG,
      "ejabberd-24":
        "ejabberd 24.12's mod_pubsub, as 23.01's, reads a node's affiliations from the node alone (node_flat: get_affiliation), and gives the node's configuration to its owners only (mod_pubsub: get_configure); no option makes service administrators owners of every node. Only the node's owners can add you, which would list you as owner. " +
        SERVER_SOFTWARE_BUG,
    },
  },
  {
    id: "pubsub-not-listed",
    title: "PubSub nodes do not list you as owner",
    spec: [SPEC.protoNotListed],
    fix: NOT_LISTED_FIX,
  },
];

const CHECKS_BY_ID = new Map(SELFTEST_CHECK_LIST.map((c) => [c.id, c]));

/** The fix of a check for the detected software, or the generic one. */
export function selftestFix(check: SelftestCheckId, family: SoftwareFamily | undefined): string {
  const { fix } = CHECKS_BY_ID.get(check)!;
  return (family && ownFix(fix, family)) || fix.generic;
}

/** One question the probe asked, and the answer it got (undefined: not asked, the run's bounds were reached). */
export interface Asked {
  to: string;
  request: string;
  answer: IqAnswer;
}

export interface RoomSeen {
  room: string;
  lists: Partial<Record<MucList, Asked>>;
  ownerForm?: Asked;
}

export interface NodeSeen {
  service: string;
  node: string;
  affiliations?: Asked;
  configure?: Asked;
}

export interface ServiceSeen<Target> {
  jid: string;
  /** The disco#items question; undefined when the run's bounds left the service unasked. */
  items?: Asked;
  targets: Target[];
  /** The first question the service let time out: nothing more was asked of it. */
  wentSilent?: string;
}

/** Everything the probe saw, for the judgement. */
export interface SelftestSeen {
  domain: string;
  administrator: string;
  startedAt: string;
  durationMs: number;
  report: DomainReport;
  muc: ServiceSeen<RoomSeen>[];
  pubsub: ServiceSeen<NodeSeen>[];
  requests: { get: number; set: number };
  notes: string[];
}

function evidence(asked: Asked | undefined): SelftestEvidence[] {
  if (!asked) return [];
  const { outcome } = classifyAnswer(asked.answer);
  if (asked.answer.kind === "timeout") return [{ to: asked.to, request: asked.request, outcome }];
  // An administrator shares this output (a bug report, a chat): what the service told them alone,
  // such as a room's password in its owner form, is taken out first.
  const redaction = redactPrivateFields(asked.answer.stanza);
  const raw = redaction ? redaction.stanza.toString() : asked.answer.raw;
  const kept = cutChars(raw, SELFTEST.maxEvidenceChars);
  return [
    {
      to: asked.to,
      request: asked.request,
      answer: kept,
      outcome,
      ...(kept !== raw && { cut: `the answer had ${raw.length} characters; the first ${SELFTEST.maxEvidenceChars} are kept` }),
      ...(redaction && { redacted: redactionNote(redaction.fields) }),
    },
  ];
}

function redactionNote(fields: string[]): string {
  const values = fields.length === 1 ? "the value of 1 private field was" : `the values of ${fields.length} private fields were`;
  return `${values} replaced by ${REDACTED}: ${fields.join(", ")}`;
}

type AnswerKind = { kind: "timeout" } | { kind: "result" } | { kind: "refused"; condition: string } | { kind: "error"; condition: string };

/** forbidden and not-allowed are how XEP-0045 §10 and XEP-0060 §8 refuse someone without an owner's rights. */
const REFUSALS = new Set(["forbidden", "not-allowed"]);

function answerKind(asked: Asked): AnswerKind {
  const { outcome, error } = classifyAnswer(asked.answer);
  if (outcome === "timeout") return { kind: "timeout" };
  if (outcome === "ok") return { kind: "result" };
  const condition = error?.condition ?? outcome;
  return REFUSALS.has(condition) ? { kind: "refused", condition } : { kind: "error", condition };
}

const article = (word: string) => (/^[aeiou]/i.test(word) ? "an" : "a");
const seconds = (ms: number) => `${Math.round(ms / 1000)} s`;

/** Why a question was not asked: the service went silent before, or the run reached its bounds. */
function notAsked(service: ServiceSeen<unknown>, timeoutMs: number): Judged {
  return service.wentSilent !== undefined
    ? { status: "skip", why: `Not asked: the service did not answer ${service.wentSilent} within ${seconds(timeoutMs)}, and nothing more was asked of it.` }
    : { status: "skip", why: `Not asked: the run reached its bound of ${SELFTEST.maxRequests} requests or ${seconds(SELFTEST.runBudgetMs)}.` };
}

interface Judged {
  status: SelftestStatus;
  why: string;
}

/** Check 1: whether the domain's administrators field lists the JID the test runs as. */
export function judgeListed(report: DomainReport, administrator: string): Judged {
  if (report.outcome !== "ok")
    return { status: "fail", why: `${report.domain} did not answer disco#info (${report.outcome}), so its administrators field could not be read.` };
  const listed = administratorJids(report.administrators);
  if (listed.includes(canonicalBare(administrator))) return { status: "pass", why: `${report.domain}'s administrators field lists ${administrator}.` };
  if (report.administrators.length === 0)
    return {
      status: "fail",
      why: `${report.domain} publishes no administrators field, so nobody can tell that ${administrator} administers it. The other checks still ran.`,
    };
  return {
    status: "fail",
    why: `${report.domain}'s administrators field lists ${listed.length === 0 ? "no valid bare JID" : listed.join(", ")}, not ${administrator}. The other checks still ran.`,
  };
}

/** The affiliation a room's lists (those we could read) give the administrator, or undefined when none names them. */
function roomAffiliation(room: RoomSeen, me: string): MucList | undefined {
  return MUC_LISTS.find((list) => {
    const asked = room.lists[list];
    return asked?.answer.kind === "stanza" && answerKind(asked).kind === "result" && mucListJids(asked.answer.stanza).includes(me);
  });
}

/** The affiliation a node's affiliations give the administrator, or undefined when they name none (or could not be read). */
function nodeAffiliation(node: NodeSeen, me: string): string | undefined {
  const asked = node.affiliations;
  if (asked?.answer.kind !== "stanza" || answerKind(asked).kind !== "result") return undefined;
  const mine = nodeAffiliations(asked.answer.stanza).find((a) => a.jid === me)?.affiliation;
  return mine === "none" ? undefined : mine;
}

/** A room or node where the administrator holds an affiliation cannot tell administrator rights from it. */
function affiliatedSkip(affiliation: string, what: "room" | "node"): Judged {
  return {
    status: "skip",
    why: `You are ${article(affiliation)} ${affiliation} of this ${what}, so its answer says nothing about administrator rights: the test needs a ${what} where you have no affiliation.`,
  };
}

function ownerRights(service: ServiceSeen<unknown>, asked: Asked | undefined, what: "room" | "node", timeoutMs: number): Judged {
  const kind = what === "room" ? "muc" : "pubsub";
  const request = kind === "muc" ? "its configuration form (muc#owner get)" : "its configuration form (pubsub#owner configure, get)";
  if (!asked) return notAsked(service, timeoutMs);
  const answer = answerKind(asked);
  switch (answer.kind) {
    case "timeout":
      return { status: "skip", why: `No answer to ${request} within ${seconds(timeoutMs)}.` };
    case "refused":
      return { status: "fail", why: `The ${what} refused ${request} with <${answer.condition}/>: it does not give you an owner's rights.` };
    case "error":
      return { status: "skip", why: `The ${what} answered ${request} with <${answer.condition}/>, which says nothing about your rights.` };
    case "result":
      return asked.answer.kind === "stanza" && carriesOwnerForm(asked.answer.stanza, kind)
        ? { status: "pass", why: `The ${what} gave you ${request}, as it gives its owners.` }
        : { status: "skip", why: `The ${what} answered ${request} without a form of type form: nothing to judge.` };
  }
}

function notListed(service: ServiceSeen<unknown>, asked: Asked | undefined, listedAs: string | undefined, what: "room" | "node", timeoutMs: number): Judged {
  const list = what === "room" ? "owner list (muc#admin get, affiliation owner)" : "affiliations (pubsub#owner affiliations get)";
  if (!asked) return notAsked(service, timeoutMs);
  const answer = answerKind(asked);
  if (answer.kind === "timeout") return { status: "skip", why: `No answer when asked for its ${list} within ${seconds(timeoutMs)}.` };
  if (answer.kind !== "result")
    return { status: "skip", why: `The ${what} did not let you read its ${list}: <${answer.condition}/>. Whether it lists you cannot be seen.` };
  if (listedAs === "owner")
    return {
      status: "fail",
      why: `The ${what}'s ${list} names you as an owner. If you made yourself an owner of this ${what}, that is why; otherwise your server lists administrators as owners.`,
    };
  return { status: "pass", why: `The ${what}'s ${list} does not name you as an owner.` };
}

function result(check: SelftestCheckId, entity: string, judged: Judged, family: SoftwareFamily | undefined, asked: Array<Asked | undefined>): SelftestResult {
  return {
    check,
    status: judged.status,
    entity,
    why: judged.why,
    ...(judged.status === "fail" && { fix: selftestFix(check, family) }),
    evidence: asked.flatMap(evidence),
  };
}

/** A result for a whole service whose rooms or nodes could not be tried, or undefined when they were. */
function serviceSkip(service: ServiceSeen<unknown>, kind: "muc" | "pubsub", timeoutMs: number): Judged | undefined {
  const things = kind === "muc" ? "rooms" : "nodes";
  if (!service.items) return notAsked(service, timeoutMs);
  const answer = answerKind(service.items);
  if (answer.kind === "timeout")
    return { status: "skip", why: `The service did not list its ${things} (disco#items) within ${seconds(timeoutMs)}; nothing more was asked of it.` };
  if (answer.kind !== "result") return { status: "skip", why: `The service refused to list its ${things} (disco#items: <${answer.condition}/>).` };
  if (service.targets.length > 0) return undefined;
  return {
    status: "skip",
    why:
      kind === "muc"
        ? "The service lists no rooms. To test, have another account (not an administrator) create a public room there, then run the self-test again."
        : "The service lists no nodes. To test, have another account create a node there (on a Prosody PubSub component only its admins may create nodes: use a second admin account), then run the self-test again.",
  };
}

const SERVICE_KINDS = {
  muc: { check: "muc-owner-rights", what: "MUC service (identity conference/text)" },
  pubsub: { check: "pubsub-owner-rights", what: "PubSub service (identity pubsub/service)" },
} as const;

/** One kind of service's results: a skip when the domain names none, one for each service that could not be tried, and each target's. */
function serviceResults<Target>(
  kind: keyof typeof SERVICE_KINDS,
  services: ServiceSeen<Target>[],
  seen: SelftestSeen,
  family: SoftwareFamily | undefined,
  timeoutMs: number,
  targetResults: (service: ServiceSeen<Target>, target: Target) => SelftestResult[],
): SelftestResult[] {
  const { check, what } = SERVICE_KINDS[kind];
  if (services.length === 0)
    return [result(check, seen.domain, { status: "skip", why: `${seen.domain}'s disco#items names no ${what} among its components.` }, family, [])];
  return services.flatMap((service) => {
    const skipped = serviceSkip(service, kind, timeoutMs);
    return skipped ? [result(check, service.jid, skipped, family, [service.items])] : service.targets.flatMap((target) => targetResults(service, target));
  });
}

/** Every result of a run, in check order, from what the probe saw. */
export function judgeSelftest(seen: SelftestSeen, timeoutMs: number): SelftestOutput {
  const family = detectSoftware(seen.report.software);
  const me = canonicalBare(seen.administrator);
  const results: SelftestResult[] = [
    result("listed", seen.domain, judgeListed(seen.report, seen.administrator), family, []),
    ...serviceResults("muc", seen.muc, seen, family, timeoutMs, (service, room) => {
      const affiliation = roomAffiliation(room, me);
      const rights = affiliation === undefined ? ownerRights(service, room.ownerForm, "room", timeoutMs) : affiliatedSkip(affiliation, "room");
      return [
        result("muc-owner-rights", room.room, rights, family, [affiliation === undefined ? room.ownerForm : room.lists[affiliation]]),
        result("muc-not-listed", room.room, notListed(service, room.lists.owner, affiliation, "room", timeoutMs), family, [room.lists.owner]),
      ];
    }),
    ...serviceResults("pubsub", seen.pubsub, seen, family, timeoutMs, (service, node) => {
      const entity = `${node.service} node ${node.node}`;
      const held = nodeAffiliation(node, me);
      const rights = held === undefined ? ownerRights(service, node.configure, "node", timeoutMs) : affiliatedSkip(held, "node");
      return [
        result("pubsub-owner-rights", entity, rights, family, [held === undefined ? node.configure : node.affiliations]),
        result("pubsub-not-listed", entity, notListed(service, node.affiliations, held, "node", timeoutMs), family, [node.affiliations]),
      ];
    }),
  ];

  // In check order; within a check, in the order the probe tried its entities (the sort is stable).
  results.sort((a, b) => SELFTEST_CHECKS.indexOf(a.check) - SELFTEST_CHECKS.indexOf(b.check));
  const count = (status: SelftestStatus) => results.filter((r) => r.status === status).length;
  return {
    domain: seen.domain,
    administrator: seen.administrator,
    startedAt: seen.startedAt,
    durationMs: seen.durationMs,
    ...(seen.report.software && { software: seen.report.software }),
    requests: seen.requests,
    checks: SELFTEST_CHECKS.map((id) => {
      const check = CHECKS_BY_ID.get(id)!;
      return { id, title: check.title, spec: [...check.spec] };
    }),
    results,
    notes: seen.notes,
    summary: { pass: count("pass"), fail: count("fail"), skip: count("skip") },
  };
}
