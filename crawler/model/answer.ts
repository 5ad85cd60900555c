// Classifying an IQ answer into the probe's outcome (conformance-rules.md: outcomes).
import type { Element } from "./xml.ts";
import type { Outcome, StanzaError } from "../contract.ts";
import { BOUNDS } from "../politeness.ts";

export const NS_STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";

/**
 * The answer to one IQ: a stanza, or nothing within our own time limit. `raw` is the stanza as
 * received, cut at BOUNDS.maxStanzaChars; `rawChars`, when present, is its full length.
 */
export type IqAnswer = { kind: "stanza"; stanza: Element; raw: string; rawChars?: number } | { kind: "timeout" };

export function readStanzaError(iq: Element): StanzaError {
  const error = iq.getChild("error");
  const cut = (s: string | undefined) => (s === undefined ? undefined : s.slice(0, BOUNDS.maxAttributeChars));
  const condition = error?.getChildElements().find((c) => c.getNS() === NS_STANZAS && c.name !== "text")?.name;
  const text = error?.getChild("text", NS_STANZAS)?.getText().trim();
  const by = error?.attrs.by ?? iq.attrs.from;
  return {
    condition: cut(condition) ?? "undefined-condition",
    ...(error?.attrs.type && { type: cut(error.attrs.type) }),
    ...(text && { text: cut(text) }),
    ...(by && { by: cut(by) }),
  };
}

export function classifyAnswer(answer: IqAnswer): { outcome: Outcome; error?: StanzaError } {
  if (answer.kind === "timeout") return { outcome: "timeout" };
  const { stanza } = answer;
  if (stanza.attrs.type !== "error") return { outcome: "ok" };
  const error = readStanzaError(stanza);
  if (error.condition === "remote-server-not-found") return { outcome: "remote-server-not-found", error };
  if (error.condition === "remote-server-timeout") return { outcome: "remote-server-timeout", error };
  return { outcome: "error", error };
}

/** Transient failures are retried once later in the same crawl; cancel-type errors never are. */
export function isTransient(outcome: Outcome, error: StanzaError | undefined): boolean {
  if (outcome === "remote-server-timeout" || outcome === "timeout") return true;
  return error?.type === "wait";
}
