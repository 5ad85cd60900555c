// The answers an administrator's self-test reads (crawler/probe/selftest.ts): a room's owner
// form and affiliation lists (XEP-0045 §10), a node's configuration form and affiliations
// (XEP-0060 §8.2, §8.9), and a disco#items list that the service bounded itself (XEP-0059).
// Pure, and within bounds: the answers come from services we do not control.
import type { Element } from "./xml.ts";
import { Limits } from "./bounded.ts";
import { NS_DATA } from "./dataform.ts";
import { NS_DISCO_ITEMS, type DiscoItem } from "./disco.ts";
import { bareJid, parseJid } from "./jid.ts";

export const NS_MUC_OWNER = "http://jabber.org/protocol/muc#owner";
export const NS_MUC_ADMIN = "http://jabber.org/protocol/muc#admin";
export const NS_PUBSUB_OWNER = "http://jabber.org/protocol/pubsub#owner";
export const NS_RSM = "http://jabber.org/protocol/rsm";

/** The affiliations a room's lists are asked for, the highest first (XEP-0045 §5.2). */
export const MUC_LISTS = ["owner", "admin", "member"] as const;
export type MucList = (typeof MUC_LISTS)[number];

/** A JID from an answer, as a canonical bare JID, or the raw text lowercased when it is not a valid JID (it is still compared). */
export function canonicalBare(jid: string): string {
  const parsed = parseJid(jid);
  return parsed.ok ? bareJid(parsed.jid) : jid.toLowerCase();
}

/** Whether a result carries a data form of type form where the owner's request expects it. */
export function carriesOwnerForm(iq: Element, kind: "muc" | "pubsub"): boolean {
  if (iq.attrs.type !== "result") return false;
  const holder = kind === "muc" ? iq.getChild("query", NS_MUC_OWNER) : iq.getChild("pubsub", NS_PUBSUB_OWNER)?.getChild("configure");
  const form = holder?.getChild("x", NS_DATA);
  return form !== undefined && form.attrs.type === "form";
}

/** The bare JIDs of a room's affiliation list (muc#admin items), at most BOUNDS.maxItems read. */
export function mucListJids(iq: Element, limits = new Limits()): string[] {
  const query = iq.getChild("query", NS_MUC_ADMIN);
  const items = limits.take(query?.getChildren("item") ?? [], limits.bounds.maxItems, "list items");
  return items.flatMap((item) => {
    const jid = limits.attr(item.attrs.jid, "item jid");
    return jid === undefined ? [] : [canonicalBare(jid)];
  });
}

export interface NodeAffiliation {
  jid: string;
  affiliation: string;
}

/** A node's affiliations (pubsub#owner affiliations), with canonical bare JIDs. */
export function nodeAffiliations(iq: Element, limits = new Limits()): NodeAffiliation[] {
  const list = iq.getChild("pubsub", NS_PUBSUB_OWNER)?.getChild("affiliations");
  const entries = limits.take(list?.getChildren("affiliation") ?? [], limits.bounds.maxItems, "affiliations");
  return entries.flatMap((entry) => {
    const jid = limits.attr(entry.attrs.jid, "affiliation jid");
    return jid === undefined ? [] : [{ jid: canonicalBare(jid), affiliation: limits.attr(entry.attrs.affiliation, "affiliation") ?? "" }];
  });
}

/** The total a service says its disco#items list holds when it answered a XEP-0059 page of it, or undefined. */
export function pagedTotal(iq: Element): number | undefined {
  const count = iq.getChild("query", NS_DISCO_ITEMS)?.getChild("set", NS_RSM)?.getChild("count")?.getText();
  if (count === undefined || !/^\d{1,9}$/.test(count.trim())) return undefined;
  return Number(count.trim());
}

/**
 * Whether a service's disco#items entry is one of its own rooms (room@service) or nodes (the
 * service's JID with a node): a list naming JIDs elsewhere must not make the self-test ask other servers.
 */
export function isOwnTarget(item: DiscoItem, service: string, kind: "room" | "node"): boolean {
  const own = canonicalBare(service);
  return kind === "room"
    ? item.node === undefined && !item.jid.includes("/") && canonicalBare(item.jid).endsWith(`@${own}`)
    : item.node !== undefined && canonicalBare(item.jid) === own;
}
