// XEP-0030 §3.1 structure of a disco#info answer.
import type { Finding } from "../contract.ts";
import { NS_DISCO_INFO } from "../model/disco.ts";
import { finding, quote, repeated, type EntityContext } from "./finding.ts";

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
