import { describe, expect, it } from "vitest";
import { terminalSafe } from "./terminal.ts";

describe("terminalSafe", () => {
  it("turns escape sequences and bidi overrides into visible text", () => {
    expect(terminalSafe("a\u001b[2Jb")).toBe("a\\u{1b}[2Jb");
    expect(terminalSafe("admin\u202egnp.exe")).toBe("admin\\u{202e}gnp.exe");
    expect(terminalSafe("line\nbreak")).toBe("line\\u{a}break");
    expect(terminalSafe("jürgen@bücher.example")).toBe("jürgen@bücher.example");
    // Other invisible format characters and line separators, too.
    expect(terminalSafe("a\u200bb\u2066c\u2028d")).toBe("a\\u{200b}b\\u{2066}c\\u{2028}d");
  });
});
