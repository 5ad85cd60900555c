// XEP-0030 §3.1 structure of a disco#info answer.
import type { Finding } from "../contract.ts";
import { NS_DISCO_INFO } from "../model/disco.ts";
import { quote, repeated, type EntityContext } from "./finding.ts";
import { defineRules, SERVER_SOFTWARE_BUG } from "./rule.ts";
import { SPEC } from "./specs.ts";

export const DISCO_RULES = defineRules("disco", [
  {
    id: "disco-no-identity",
    severity: "error",
    scope: "entity",
    title: "The disco#info answer has no identity",
    why: "Every entity must say what it is. Clients and crawlers that find no identity treat the answer as broken, and may ignore the contact form inside it.",
    spec: [SPEC.xep0030Identity],
    fix: { generic: SERVER_SOFTWARE_BUG },
  },
  {
    id: "disco-identity-incomplete",
    severity: "error",
    scope: "entity",
    title: "An identity lacks its category or type",
    why: "An identity is a category and a type; without both it cannot be understood, and entity capabilities hashes cannot be computed from it.",
    spec: [SPEC.xep0030Identity],
    fix: { generic: `Give every identity both a category and a type. ${SERVER_SOFTWARE_BUG}` },
  },
  {
    id: "disco-identity-conflict",
    severity: "error",
    scope: "entity",
    title: "The same identity appears twice",
    why: "Two identities with the same category, type and language make the answer ill-formed for entity capabilities (XEP-0115), so clients discard it.",
    spec: [SPEC.xep0030IdentityConflict, SPEC.xep0115IllFormed],
    fix: {
      generic: "Remove the duplicate identity, usually added by a second module or component that announces itself again.",
      "prosody-0.12": "Look for a module that calls module:add_identity() with the server's own category and type, and disable it on this host.",
      "prosody-13": "Look for a module that calls module:add_identity() with the server's own category and type, and disable it on this host.",
    },
  },
  {
    id: "disco-no-server-identity",
    severity: "info",
    scope: "domain",
    title: "The domain has no server identity",
    why: "The bare domain of an XMPP service normally answers with the identity category 'server'. Without it, tools cannot tell a server from a component or gateway.",
    spec: [SPEC.xep0030Identity],
    fix: { generic: "Serve the bare domain with the XMPP server itself, which announces category 'server', type 'im'." },
  },
  {
    id: "disco-no-discoinfo-feature",
    severity: "warning",
    scope: "entity",
    title: "disco#info is not listed as a feature",
    why: "Every entity must support disco#info. Receivers should infer it when it is missing, but some still check for it.",
    spec: [SPEC.xep0030Identity, SPEC.xep0030InferFeature],
    fix: { generic: `Add the feature http://jabber.org/protocol/disco#info to the answer. ${SERVER_SOFTWARE_BUG}` },
  },
  {
    id: "disco-duplicate-feature",
    severity: "warning",
    scope: "entity",
    title: "The same feature is listed twice",
    why: "A duplicated feature makes the answer ill-formed for entity capabilities (XEP-0115): clients discard the whole answer, contacts included.",
    spec: [SPEC.xep0115IllFormed],
    fix: {
      generic: "Remove the module or setting that announces the feature a second time.",
      "prosody-0.12": "Two enabled modules announce the same feature (module:add_feature); disable the redundant one on this host.",
      "prosody-13": "Two enabled modules announce the same feature (module:add_feature); disable the redundant one on this host.",
    },
  },
]);

const finding = DISCO_RULES.finding;

export function discoRules({ jid, isDomain, info }: EntityContext): Finding[] {
  const out: Finding[] = [];
  if (info.identities.length === 0) {
    out.push(finding("disco-no-identity", jid, info.hasQuery ? "The answer lists no <identity/>." : "The answer has no disco#info <query/> at all."));
  }
  for (const identity of info.identities) {
    if (!identity.category || !identity.type) {
      const missing = [!identity.category && "category", !identity.type && "type"].filter(Boolean).join(" and ");
      out.push(finding("disco-identity-incomplete", jid, `An identity${identity.name ? ` named ${quote(identity.name)}` : ""} has no ${missing}.`));
    }
  }
  const complete = info.identities.filter((i) => i.category && i.type);
  for (const identity of repeated(complete, (i) => `${i.category}/${i.type}/${i.lang ?? ""}`)) {
    out.push(
      finding(
        "disco-identity-conflict",
        jid,
        `The identity ${identity.category}/${identity.type}${identity.lang ? ` (${identity.lang})` : ""} appears more than once.`,
      ),
    );
  }
  if (isDomain && complete.length > 0 && !complete.some((i) => i.category === "server")) {
    const listed = complete.map((i) => `${i.category}/${i.type}`).join(", ");
    out.push(finding("disco-no-server-identity", jid, `The bare domain's identities (${listed}) include no 'server' category.`));
  }
  if (info.hasQuery && !info.features.includes(NS_DISCO_INFO)) {
    out.push(finding("disco-no-discoinfo-feature", jid, `The feature ${NS_DISCO_INFO} is not listed.`));
  }
  for (const feature of repeated(info.features)) {
    out.push(finding("disco-duplicate-feature", jid, `The feature ${quote(feature)} is listed more than once.`, { value: feature }));
  }
  return out;
}
