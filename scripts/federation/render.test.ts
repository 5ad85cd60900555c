import { describe, expect, it } from "vitest";
import { toLua } from "./render.ts";

describe("toLua", () => {
  it("renders strings as long brackets that their content cannot close", () => {
    expect(toLua("a")).toBe("[[a]]");
    expect(toLua("x]]y")).toBe("[=[x]]y]=]");
    expect(toLua("x]]y]=]")).toBe("[==[x]]y]=]]==]");
  });

  it("renders lists and tables, keys bracketed apart from long strings", () => {
    expect(toLua(["a", 1, true])).toBe("{ [[a]], 1, true }");
    expect(toLua({ abuse: ["mailto:a@b"] })).toBe("{ [ [[abuse]] ] = { [[mailto:a@b]] } }");
  });
});
