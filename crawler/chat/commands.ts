// What a chat message asks of the observatory. Pure and cheap: it runs before any limit or store,
// so that a flood of chatter never reaches them.
import { normalizeDomain } from "../model/domain.ts";

/** A domain named in a command, or why the words given are none. */
export type DomainArgument = { ok: true; domain: string } | { ok: false; reason: string };

export type Command =
  | { kind: "help" }
  | { kind: "check"; domain: DomainArgument }
  | { kind: "whoami" }
  | { kind: "watch"; domain: DomainArgument }
  | { kind: "unwatch"; domain: DomainArgument }
  | { kind: "watching" }
  | { kind: "opt-out"; domain: string | undefined }
  | { kind: "confirm"; code: string };

export type CommandKind = Command["kind"];

const OPT_OUT = /\bopt[\s-]?out\b/i;
const CONFIRM = /^\s*confirm\s+([A-Za-z0-9]{4,16})\s*$/i;
/** Words that end a sentence or wrap a domain: "check <example.org>." */
const WRAPPING = /^[<("'`]+|[>)"'`.!?:,;]+$/g;

/** The domain a request names: the first word that is a valid domain. */
export function requestedDomain(body: string): string | undefined {
  for (const word of body.split(/[\s,;]+/)) {
    const cleaned = word.replace(WRAPPING, "");
    if (!cleaned.includes(".")) continue;
    const result = normalizeDomain(cleaned);
    if (result.ok) return result.domain;
  }
  return undefined;
}

function domainArgument(verb: string, rest: string): DomainArgument {
  const word = rest.trim().split(/\s+/)[0]?.replace(WRAPPING, "") ?? "";
  if (word === "") return { ok: false, reason: `name a domain: ${verb} example.org` };
  const result = normalizeDomain(word);
  return result.ok ? { ok: true, domain: result.domain } : { ok: false, reason: `${JSON.stringify(word.slice(0, 100))} is not a domain: ${result.reason}` };
}

/** The command a message carries, if any. */
export function parseCommand(body: string): Command | undefined {
  const confirm = CONFIRM.exec(body);
  if (confirm) return { kind: "confirm", code: confirm[1]!.toUpperCase() };
  // An opt-out is understood anywhere in a message ("please opt out example.org"): asking must be easy.
  if (OPT_OUT.test(body)) return { kind: "opt-out", domain: requestedDomain(body) };
  const text = body.trim();
  const space = text.search(/\s/);
  const verb = (space === -1 ? text : text.slice(0, space)).toLowerCase().replace(/[.!?:]+$/, "");
  const rest = space === -1 ? "" : text.slice(space);
  switch (verb) {
    case "help":
    case "?":
      return { kind: "help" };
    case "whoami":
      return { kind: "whoami" };
    case "watching":
      return { kind: "watching" };
    case "check":
    case "watch":
    case "unwatch":
      return { kind: verb, domain: domainArgument(verb, rest) };
    default:
      return undefined;
  }
}
