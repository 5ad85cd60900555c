// Parsing raw XML text into elements, with a bound on its size. Used for fixtures, stored
// evidence and tests; live stanzas arrive already parsed from the XMPP stream.
import parse from "@xmpp/xml/lib/parse.js";
import type { Element } from "@xmpp/xml";
import { BOUNDS } from "../politeness.ts";

export type { Element };

export class XmlTooLargeError extends Error {
  constructor(
    readonly size: number,
    readonly limit: number,
  ) {
    super(`XML of ${size} characters exceeds the limit of ${limit}`);
    this.name = "XmlTooLargeError";
  }
}

export function parseXml(raw: string, maxChars: number = BOUNDS.maxStanzaChars): Element {
  if (raw.length > maxChars) throw new XmlTooLargeError(raw.length, maxChars);
  return parse(raw.trim());
}
