// Crawled values are hostile: before they reach a terminal, control characters (ANSI escapes
// that could rewrite the screen) and bidirectional overrides become visible escapes.
export function terminalSafe(value: string): string {
  return value.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}
