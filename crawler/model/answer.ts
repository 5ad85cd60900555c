// Classifying an IQ answer into the probe's outcome (conformance-rules.md: outcomes).
import { readStanza, type Element } from "./xml.ts";
import type { Outcome, StanzaError } from "../contract.ts";
import { BOUNDS } from "../politeness.ts";

export const NS_STANZAS = "urn:ietf:params:xml:ns:xmpp-stanzas";

/**
 * The answer to one IQ: a stanza, or nothing within our own time limit. `raw` is the stanza as
 * read, at most BOUNDS.maxStanzaChars; `cut`, when present, says in words what reading it left
 * out (elements too deep, characters past the bound), for the answer-exceeds-bounds finding.
 */
export type IqAnswer = { kind: "stanza"; stanza: Element; raw: string; cut?: string[] } | { kind: "timeout" };

/** The answer held in raw XML (a fixture, stored evidence), read as the live stream reads it. */
export function answerFromXml(raw: string): IqAnswer {
  const { stanza, cut } = readStanza(raw);
  return { kind: "stanza", stanza, raw, ...(cut.length > 0 && { cut }) };
}

const STANZA_CONDITION = /^[a-z]+(?:-[a-z]+)*$/;

export function readStanzaError(iq: Element): StanzaError {
  const error = iq.getChild("error");
  const cut = (s: string | undefined) => (s === undefined ? undefined : s.slice(0, BOUNDS.maxAttributeChars));
  const named = error?.getChildElements().find((c) => c.getNS() === NS_STANZAS && c.name !== "text")?.name;
  // RFC 6120 §8.3.3's conditions are lower-case words joined by hyphens; any other name (the parser
  // takes U+202E or a C1 control in a name) is the peer's text, not a condition.
  const condition = named !== undefined && STANZA_CONDITION.test(named) ? named : undefined;
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
