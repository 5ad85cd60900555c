// Reading one stanza from raw XML text (fixtures, stored evidence, tests) through the same bounded
// parser as the live stream, so that both read a hostile answer the same way.
import type { Element } from "@xmpp/xml";
import { BOUNDS } from "../politeness.ts";
import { BoundedParser, cutsOf, type ParserBounds } from "./bounded-parser.ts";

export type { Element };

export class XmlError extends Error {
  override name = "XmlError";
}

/** The first stanza of `raw`, and what reading it left out (cutsOf). Throws XmlError when there is none. */
export function readStanza(raw: string, bounds: ParserBounds = BOUNDS): { stanza: Element; cut: string[] } {
  const parser = new BoundedParser(bounds);
  let stanza: Element | undefined;
  let failure: Error | undefined;
  parser.on("element", (element: Element) => (stanza ??= element));
  parser.on("error", (error: Error) => (failure ??= error));
  parser.write(`<stream>${raw.trim().replace(/^<\?xml[^>]*\?>/, "")}</stream>`);
  if (!stanza) throw new XmlError(failure ? `not well-formed XML: ${failure.message}` : "no element in the XML");
  return { stanza, cut: cutsOf(stanza) };
}

export function parseXml(raw: string): Element {
  return readStanza(raw).stanza;
}
