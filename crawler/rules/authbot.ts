// Who may join an operators' room on the strength of what their server publishes: the one place
// that decides it, for `whoami`, `check` and the authbot mode. Pure.
//
// authbot (the XSF operators channel's bot) grants membership to a JID its server lists as an
// xmpp: URI in abuse-, admin- or security-addresses, comparing strings. This observatory's rule
// compares normalised bare JIDs (case, IDNA, no resource, percent-escapes), never counts a room
// (?join, or a JID on the domain's conference service), and by default also trusts the
// `administrators` field of the proto-XEP "XMPP Service Administrators".
import type { ContactCategory, Contacts, DomainReport } from "../contract.ts";
import { bareJid, parseJid } from "../model/jid.ts";
import { schemeOf } from "../model/uri.ts";
import { administratorJids, OPERATOR_CATEGORIES, operatorJids, xmppJids } from "./operators.ts";
import { unreachableXmppValues } from "./reachability.ts";

export interface MembershipRule {
  /** Whether an entry of `administrators` is enough (the observatory's default), or only authbot's three fields count. */
  administrators: boolean;
}

export const OBSERVATORY_RULE: MembershipRule = { administrators: true };

export type Decision = { grant: true; fields: string[] } | { grant: false; reason: string };

const field = (category: ContactCategory) => `${category}-addresses`;

/** The sender's bare JID, normalised as the rules compare it; undefined when it is no JID. */
export function normalisedBareJid(jid: string): string | undefined {
  const parsed = parseJid(jid.trim());
  return parsed.ok ? bareJid(parsed.jid) : undefined;
}

/** The fields where `report` lists `jid` as an operator this rule trusts. */
export function operatorFields(report: DomainReport, jid: string, rule: MembershipRule = OBSERVATORY_RULE): string[] {
  if (!operatorJids(report).has(jid)) return [];
  const fields = OPERATOR_CATEGORIES.filter((c) => xmppJids(report.contacts[c]).includes(jid)).map(field);
  if (rule.administrators && administratorJids(report.administrators).includes(jid)) fields.push("administrators");
  return fields;
}

/**
 * The JIDs authbot itself lets in: it compares the joiner's JID, as a string, with the xmpp: URIs in
 * its three fields, so only a URI that is exactly xmpp:<normalised bare JID> (no query, no escapes,
 * no capitals) can ever match. A room (?join) never matches anyone.
 */
export function authbotJids(report: DomainReport): string[] {
  if (report.outcome !== "ok" || report.serverinfo.forms === 0) return [];
  // An operator on a domain we cannot reach over s2s cannot join the room either (rules/reachability.ts).
  const unreachable = unreachableXmppValues(report);
  return authbotJidsIn(report.contacts).filter((jid) => !unreachable.has(`xmpp:${jid}`));
}

/** The same, from the contacts of a serverinfo form. */
export function authbotJidsIn(contacts: Contacts): string[] {
  const values = OPERATOR_CATEGORIES.flatMap((c) => contacts[c].map((v) => v.trim()));
  return [...new Set(xmppJids(values).filter((jid) => values.includes(`xmpp:${jid}`)))];
}

/** Whether `report` lets `jid` (a normalised bare JID) in under `rule`, and if not, why, in the words of the rules. */
export function decideMembership(report: DomainReport, jid: string, rule: MembershipRule = OBSERVATORY_RULE): Decision {
  const domain = report.domain;
  if (report.outcome !== "ok") {
    const why = report.error?.condition && report.error.condition !== report.outcome ? `${report.outcome}: ${report.error.condition}` : report.outcome;
    return { grant: false, reason: `${domain} could not be reached from here (${why}), so I cannot read whom it lists.` };
  }
  if (report.serverinfo.forms === 0) return { grant: false, reason: `${domain} publishes no serverinfo form (XEP-0157), so it lists no operators.` };
  const fields = operatorFields(report, jid, rule);
  if (fields.length > 0) return { grant: true, fields };
  return { grant: false, reason: whyNot(report, jid, rule) };
}

function whyNot(report: DomainReport, jid: string, rule: MembershipRule): string {
  const domain = report.domain;
  const entries = OPERATOR_CATEGORIES.flatMap((c) => report.contacts[c].map((value) => ({ value: value.trim(), field: field(c) })));
  const plain = entries.find((e) => !schemeOf(e.value) && normalisedBareJid(e.value) === jid);
  if (plain) return `${domain} lists ${jid} in ${plain.field} without the xmpp: scheme; publish xmpp:${jid}.`;
  const room = entries.find((e) => schemeOf(e.value) === "xmpp" && xmppJids([e.value]).includes(jid));
  if (room)
    return `${domain} lists ${JSON.stringify(room.value)} in ${room.field}, which is a room, not a person: anyone in a room can speak from its address. Publish xmpp:${jid}.`;
  if (!rule.administrators && administratorJids(report.administrators).includes(jid))
    return `${domain} lists ${jid} only in administrators, which this room does not trust (authbot's own rule); publish xmpp:${jid} in admin-addresses.`;
  const elsewhere = (["feedback", "sales", "status", "support"] as const).find((c) => xmppJids(report.contacts[c]).includes(jid));
  if (elsewhere)
    return `${domain} lists ${jid} in ${field(elsewhere)}, which does not name operators; publish xmpp:${jid} in abuse-, admin- or security-addresses.`;
  const trusted = rule.administrators
    ? "as an xmpp: address in abuse-, admin- or security-addresses, nor in administrators"
    : "as an xmpp: address in abuse-, admin- or security-addresses";
  return `${domain} does not list ${jid} ${trusted}.`;
}

/** Everyone `report` lets in under `rule`, with the fields that list them, in order. */
export function recognisedOperators(report: DomainReport, rule: MembershipRule = OBSERVATORY_RULE): Array<{ jid: string; fields: string[] }> {
  if (report.outcome !== "ok" || report.serverinfo.forms === 0) return [];
  return [...operatorJids(report)].map((jid) => ({ jid, fields: operatorFields(report, jid, rule) })).filter((o) => o.fields.length > 0);
}

/** Why authbot recognises nobody for `report` (authbotJids is empty), in the words of the rules. */
export function whyNobody(report: DomainReport): string {
  const domain = report.domain;
  if (report.outcome !== "ok") return `${domain} could not be reached from here (${report.outcome}).`;
  if (report.serverinfo.forms === 0) return `${domain} publishes no serverinfo form (XEP-0157).`;
  const entries = OPERATOR_CATEGORIES.flatMap((c) => report.contacts[c].map((value) => ({ value: value.trim(), field: field(c) })));
  for (const { value, field: where } of entries) {
    const jid = schemeOf(value) === undefined ? normalisedBareJid(value) : xmppJids([value])[0];
    if (jid === undefined || !jid.includes("@")) continue;
    if (schemeOf(value) === undefined) return `${domain} lists ${jid} in ${where} without the xmpp: scheme; publish xmpp:${jid}.`;
    return `${domain} lists ${JSON.stringify(value)} in ${where}, which authbot's comparison with xmpp:<bare JID> never matches; publish xmpp:${jid}.`;
  }
  return `${domain} lists no xmpp: address in abuse-, admin- or security-addresses.`;
}
