import { describe, expect, it } from "vitest";
import { counted, noun, SEVERITY_NOUNS } from "./counted.ts";

describe("counted", () => {
  it("writes a count with its noun, singular only for one", () => {
    expect([0, 1, 2].map((n) => counted(n, "change"))).toEqual(["0 changes", "1 change", "2 changes"]);
    expect(counted(3, noun("entry", "entries"))).toBe("3 entries");
    expect(counted(1, noun("entry", "entries"))).toBe("1 entry");
  });

  it("counts findings by severity in English: notes, not infos", () => {
    expect(counted(9, SEVERITY_NOUNS.warning)).toBe("9 warnings");
    expect(counted(6, SEVERITY_NOUNS.info)).toBe("6 notes");
    expect(counted(1, SEVERITY_NOUNS.info)).toBe("1 note");
    expect(counted(1, SEVERITY_NOUNS.error)).toBe("1 error");
  });
});
