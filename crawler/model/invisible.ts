// Characters a reader cannot see but that change what they see: control characters (terminal
// escapes), format characters (bidi overrides and isolates such as U+202E, zero-width
// characters) and line or paragraph separators. Crawled text is hostile, so wherever it is shown
// each of these is replaced by something visible. This is the one place that decides which.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const INVISIBLE_ALL = new RegExp(INVISIBLE.source, "gu");

/** The text with each invisible character replaced by what `show` makes of its code point. */
export function revealInvisible(value: string, show: (codePoint: number) => string): string {
  return value.replace(INVISIBLE_ALL, (c) => show(c.codePointAt(0)!));
}

/** The text cut into visible runs and invisible characters, for a renderer that marks the latter. */
export type TextPart = { text: string } | { invisible: number };

export function splitInvisible(value: string): TextPart[] {
  // Most text has none: one run, without a test per character.
  if (!INVISIBLE.test(value)) return value ? [{ text: value }] : [];
  const parts: TextPart[] = [];
  let run = "";
  for (const c of value) {
    if (INVISIBLE.test(c)) {
      if (run) parts.push({ text: run });
      run = "";
      parts.push({ invisible: c.codePointAt(0)! });
    } else run += c;
  }
  if (run) parts.push({ text: run });
  return parts;
}

/** The usual name of a code point: U+202E. */
export function codePointName(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** The text with each invisible character written out as [U+202E], for plain-text places (SVG labels, feeds). */
export function showInvisible(value: string): string {
  return revealInvisible(value, (codePoint) => `[${codePointName(codePoint)}]`);
}

/**
 * The text as it may reach a terminal: each invisible character written out as \u{1b}, so that a
 * crawled value cannot move the cursor, clear the screen or reorder what is shown (the CLI, and
 * the log on a terminal).
 */
export function terminalSafe(value: string): string {
  return revealInvisible(value, (codePoint) => `\\u{${codePoint.toString(16)}}`);
}

/**
 * JSON text (one log line) with each invisible character escaped as JSON writes escapes (\u202e),
 * so that a log viewer showing the line raw cannot be reordered or driven by what a peer sent.
 * JSON.stringify escapes only the C0 controls; the line stays valid JSON with the same values.
 */
export function jsonSafe(json: string): string {
  return revealInvisible(json, (codePoint) =>
    String.fromCodePoint(codePoint)
      .split("")
      .map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, "0")}`)
      .join(""),
  );
}
