// "1 error", "6 warnings", "3 notes": a count and its noun, written one way for the site, the CLI
// and the chat. Nouns whose plural is not the singular and an "s" say so where they are named.
import type { Severity } from "../contract.ts";

export interface Noun {
  readonly one: string;
  readonly many: string;
}

/** A noun whose plural is the singular and an "s". */
export const noun = (one: string, many = `${one}s`): Noun => ({ one, many });

/** "1 change", "0 changes", "2 changes". */
export function counted(n: number, what: Noun | string): string {
  const { one, many } = typeof what === "string" ? noun(what) : what;
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * What a finding of each severity is called when counted. "info" is no count noun ("6 infos" is
 * not English), so an info finding is a note.
 */
export const SEVERITY_NOUNS: Readonly<Record<Severity, Noun>> = {
  error: noun("error"),
  warning: noun("warning"),
  info: noun("note"),
};
