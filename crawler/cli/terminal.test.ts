import { describe, expect, it } from "vitest";
import { terminalSafe } from "./terminal.ts";

describe("terminalSafe", () => {
  it("turns escape sequences and bidi overrides into visible text", () => {
    expect(terminalSafe("a\u001b[2Jb")).toBe("a\\u{1b}[2Jb");
    expect(terminalSafe("admin\u202egnp.exe")).toBe("admin\\u{202e}gnp.exe");
    expect(terminalSafe("line\nbreak")).toBe("line\\u{a}break");
    expect(terminalSafe("jürgen@bücher.example")).toBe("jürgen@bücher.example");
  });
});
