// XEP-0030 disco#info and disco#items answers, read into plain data within bounds.
import type { Element } from "./xml.ts";
import { Limits } from "./bounded.ts";
import { NS_DATA, parseForm, type DataForm } from "./dataform.ts";
import type { Identity } from "../contract.ts";

export const NS_DISCO_INFO = "http://jabber.org/protocol/disco#info";
export const NS_DISCO_ITEMS = "http://jabber.org/protocol/disco#items";

export interface DiscoInfo {
  /** Whether the answer had a disco#info <query/> at all. */
  hasQuery: boolean;
  identities: Identity[];
  features: string[];
  /** Every jabber:x:data form, inside <query/> or beside it, in document order. */
  forms: DataForm[];
  /** Bounds that were hit while reading (a finding each). */
  exceeded: string[];
}

/**
 * Whether an entity's identities make it a conference service (XEP-0045: category "conference"):
 * its JIDs name rooms, not people, and an xmpp: address on it is a room.
 */
export function isConferenceService(identities: ReadonlyArray<{ category?: string | undefined }>): boolean {
  return identities.some((i) => i.category === "conference");
}

export interface DiscoItem {
  jid: string;
  node: string | undefined;
  name: string | undefined;
}

export interface DiscoItems {
  items: DiscoItem[];
  exceeded: string[];
}

function withoutUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

/** Reads a disco#info result stanza (the whole <iq/>). */
export function parseDiscoInfo(iq: Element, limits = new Limits()): DiscoInfo {
  const { bounds } = limits;
  const query = iq.getChild("query", NS_DISCO_INFO);
  const identities = limits.take(query?.getChildren("identity") ?? [], bounds.maxIdentities, "identities").map((el) =>
    withoutUndefined({
      category: limits.attr(el.attrs.category, "identity category"),
      type: limits.attr(el.attrs.type, "identity type"),
      name: limits.attr(el.attrs.name, "identity name"),
      lang: limits.attr(el.attrs["xml:lang"], "identity language"),
    }),
  );
  const features = limits.take(query?.getChildren("feature") ?? [], bounds.maxFeatures, "features").map((el) => limits.attr(el.attrs.var, "feature") ?? "");
  const placed = [
    ...(query?.getChildren("x", NS_DATA) ?? []).map((el) => ({ el, inQuery: true })),
    ...iq.getChildren("x", NS_DATA).map((el) => ({ el, inQuery: false })),
  ];
  const forms = limits.take(placed, bounds.maxForms, "forms").map(({ el, inQuery }, index) => parseForm(el, index, inQuery, limits));
  return { hasQuery: query !== undefined, identities, features, forms, exceeded: limits.exceeded };
}

/** Reads a disco#items result stanza (the whole <iq/>). Items without a jid are skipped (XEP-0030 §4.1: MUST possess one). */
export function parseDiscoItems(iq: Element, limits = new Limits()): DiscoItems {
  const query = iq.getChild("query", NS_DISCO_ITEMS);
  const items = limits
    .take(query?.getChildren("item") ?? [], limits.bounds.maxItems, "items")
    .filter((el) => el.attrs.jid)
    .map((el) => ({
      jid: limits.attr(el.attrs.jid, "item jid") ?? "",
      node: limits.attr(el.attrs.node, "item node"),
      name: limits.attr(el.attrs.name, "item name"),
    }));
  return { items, exceeded: limits.exceeded };
}
