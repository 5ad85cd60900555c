import { revealInvisible } from "../model/invisible.ts";

// Crawled values are hostile: before they reach a terminal, control characters (ANSI escapes
// that could rewrite the screen) and bidirectional overrides become visible escapes.
export function terminalSafe(value: string): string {
  return revealInvisible(value, (codePoint) => `\\u{${codePoint.toString(16)}}`);
}
