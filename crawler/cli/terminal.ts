// Crawled values are hostile: before they reach a terminal, control characters (ANSI escapes
// that could rewrite the screen) and bidirectional overrides become visible escapes.
export function terminalSafe(value: string): string {
  return value.replace(/[\p{Cc}\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}
