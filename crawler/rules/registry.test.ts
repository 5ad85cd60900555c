import { describe, expect, it } from "vitest";
import { editDistance, intendedField, isClarkNotation } from "./registry.ts";

describe("field names", () => {
  it.each([
    ["abuse-address", "abuse-addresses"],
    ["admin-adresses", "admin-addresses"],
    ["Support-Addresses", "support-addresses"],
    ["security_addresses", "security-addresses"],
    ["administrator", "administrators"],
    ["feedback-adress", "feedback-addresses"],
  ])("%s is a near miss of %s", (name, intended) => expect(intendedField(name)).toBe(intended));

  it.each(["x-custom", "serverinfo-pubsub-node", "abuse-addresses", "{urn:x}abuse-address", "website"])("%s is no near miss", (name) => {
    expect(intendedField(name)).toBeUndefined();
  });

  it("knows Clark notation and measures edits, transpositions included", () => {
    expect(isClarkNotation("{https://example.org/ns}name")).toBe(true);
    expect(isClarkNotation("{}name")).toBe(false);
    expect(editDistance("abuse", "abuse")).toBe(0);
    expect(editDistance("abuse", "absue")).toBe(1);
    expect(editDistance("admin", "admni")).toBe(1);
  });
});
