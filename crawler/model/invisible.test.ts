import { describe, expect, it } from "vitest";
import { codePointName, revealInvisible, splitInvisible } from "./invisible.ts";

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
