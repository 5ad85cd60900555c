// XEP-0092 software version answers.
import type { Element } from "./xml.ts";
import { Limits } from "./bounded.ts";
import type { Software } from "../contract.ts";

export const NS_VERSION = "jabber:iq:version";

export function parseVersion(iq: Element, limits = new Limits()): Software | undefined {
  const query = iq.getChild("query", NS_VERSION);
  const text = (name: string) => {
    const value = query?.getChild(name)?.getText().trim();
    return value ? limits.text(value, limits.bounds.maxAttributeChars, `version ${name}`) : undefined;
  };
  const name = text("name");
  if (!name) return undefined;
  const version = text("version");
  const os = text("os");
  return { name, ...(version && { version }), ...(os && { os }) };
}
