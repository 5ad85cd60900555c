// Who a domain names as its operators: the one definition the rules, the verdict, the opt-out and
// the site share. authbot (the XSF operators channel) trusts xmpp: addresses in the abuse, admin
// and security fields only; the proto-XEP "XMPP Service Administrators" adds the administrators field.
import type { ContactCategory, Contacts } from "../contract.ts";
import { bareJid, parseJid } from "../model/jid.ts";
import { parseXmppUri, schemeOf } from "../model/uri.ts";

/** The contact categories whose xmpp: addresses name operators (authbot's set). */
export const OPERATOR_CATEGORIES: readonly ContactCategory[] = ["abuse", "admin", "security"];

/** The bare JIDs of the valid xmpp: URIs among some values, in order. */
export function xmppJids(values: string[]): string[] {
  return values.flatMap((v) => {
    const value = v.trim();
    if (schemeOf(value) !== "xmpp") return [];
    const parsed = parseXmppUri(value);
    return parsed.ok ? [parsed.bare] : [];
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

/** The bare JIDs of the xmpp: addresses in the operator categories. */
export function operatorXmppJids(contacts: Contacts): string[] {
  return xmppJids(OPERATOR_CATEGORIES.flatMap((c) => contacts[c]));
}

/** Every operator a domain names: its operator xmpp: addresses and its administrators, as bare JIDs. */
export function operatorJids(published: { contacts: Contacts; administrators: string[] }): Set<string> {
  return new Set([...operatorXmppJids(published.contacts), ...administratorJids(published.administrators)]);
}
