// Who a domain names as its operators: the one definition the rules, the verdict, the opt-out and
// the site share. authbot (the XSF operators channel) trusts xmpp: addresses in the abuse, admin
// and security fields only; the proto-XEP "XMPP Service Administrators" adds the administrators field.
import type { ContactCategory, DomainReport } from "../contract.ts";
import { bareJid, jidDomain, parseJid } from "../model/jid.ts";
import { isJoinQuery, parseXmppUri, schemeOf } from "../model/uri.ts";
import { isConferenceService } from "../model/disco.ts";

/** The contact categories whose xmpp: addresses name operators (authbot's set). */
export const OPERATOR_CATEGORIES: readonly ContactCategory[] = ["abuse", "admin", "security"];

/** The bare JIDs of the valid xmpp: URIs among some values, in order; `keep` may leave some out by their query. */
export function xmppJids(values: string[], keep: (query: string | undefined) => boolean = () => true): string[] {
  return values.flatMap((v) => {
    const value = v.trim();
    if (schemeOf(value) !== "xmpp") return [];
    const parsed = parseXmppUri(value);
    return parsed.ok && keep(parsed.query) ? [parsed.bare] : [];
  });
}

/** The valid administrators as normalised bare JIDs, each once, in order. */
export function administratorJids(values: string[]): string[] {
  const jids = values.flatMap((v) => {
    const parsed = parseJid(v.trim());
    return parsed.ok && !schemeOf(v.trim()) ? [bareJid(parsed.jid)] : [];
  });
  return [...new Set(jids)];
}

/** The administrators that name accounts (a localpart): a domain publishes administrators when there is one. */
export function administratorAccounts(values: string[]): string[] {
  return administratorJids(values).filter((jid) => jid.includes("@"));
}

/**
 * Every person a domain names as its operator: the bare JIDs of its operator xmpp: addresses and
 * its administrators, leaving out rooms. A room is not a person: anyone who joins it can speak from
 * its address (a mediated invitation comes from the room's bare JID), so an address with ?join, or
 * on a service the domain's disco#items identifies as a conference service, never counts. Nor does
 * a JID without a localpart: it names a server, and nobody logs in as it.
 */
export function operatorJids(report: Pick<DomainReport, "contacts" | "administrators" | "components" | "checks">): Set<string> {
  const rooms = new Set(report.components.filter((c) => isConferenceService(c.identities)).map((c) => c.jid.toLowerCase()));
  // The contact checks judged each address on what its own domain says it is (model/contact-target.ts namesRoom): a room there is a room here.
  const checkedRooms = new Set(report.checks.filter((c) => c.kind === "xmpp-room").map((c) => c.value.trim()));
  const personal = OPERATOR_CATEGORIES.flatMap((c) => report.contacts[c])
    .filter((value) => !checkedRooms.has(value.trim()))
    .flatMap((value) => xmppJids([value], (query) => !isJoinQuery(query)));
  const administrators = administratorAccounts(report.administrators.filter((value) => !checkedRooms.has(value.trim())));
  return new Set([...personal, ...administrators].filter((jid) => jid.includes("@") && !rooms.has(jidDomain(jid) ?? "")));
}
