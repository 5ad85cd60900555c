import { describe, expect, it } from "vitest";
import { templatePlaceholder } from "./template.ts";

describe("templatePlaceholder", () => {
  it("finds the placeholders of configuration templates left unfilled", () => {
    expect(templatePlaceholder("mailto:{{ admin_email }}")).toBe("{{ admin_email }}");
    expect(templatePlaceholder("xmpp:admin@${DOMAIN}")).toBe("${DOMAIN}");
    expect(templatePlaceholder("mailto:<email>")).toBe("<email>");
    expect(templatePlaceholder("mailto:abuse@__DOMAIN__")).toBe("__DOMAIN__");
  });

  it("leaves real addresses alone, underscores and braces in them included", () => {
    for (const value of [
      "mailto:abuse@example.org",
      "xmpp:my_name@example.org",
      "https://example.org/a{b}",
      "mailto:__init@example.org",
      "https://example.org/$x",
    ])
      expect(templatePlaceholder(value), value).toBeUndefined();
  });
});
