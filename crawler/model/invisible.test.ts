import { describe, expect, it } from "vitest";
import { codePointName, revealInvisible, splitInvisible, terminalSafe } from "./invisible.ts";

describe("invisible characters", () => {
  it("finds bidi overrides, isolates, zero-width characters, controls and separators", () => {
    const hostile = "a\u202eb\u2066c\u200bd\u001be\u2028f";
    expect(revealInvisible(hostile, (c) => `<${codePointName(c)}>`)).toBe("a<U+202E>b<U+2066>c<U+200B>d<U+001B>e<U+2028>f");
  });

  it("leaves visible text alone, right-to-left letters and astral characters included", () => {
    const text = "admin@example.org שלום 😀";
    expect(revealInvisible(text, () => "?")).toBe(text);
    expect(splitInvisible(text)).toEqual([{ text }]);
  });

  it("splits text into visible runs and invisible characters, in order", () => {
    expect(splitInvisible("\u202eexe.gnp\u202c")).toEqual([{ invisible: 0x202e }, { text: "exe.gnp" }, { invisible: 0x202c }]);
    expect(splitInvisible("")).toEqual([]);
  });
});

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
