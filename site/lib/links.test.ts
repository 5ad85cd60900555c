import { describe, expect, it } from "vitest";
import { contactHref, domainSlug, serverPath } from "./links.ts";

describe("links", () => {
  it("links only safe, well-formed addresses", () => {
    expect(contactHref("xmpp:admin@example.org?message")).toBe("xmpp:admin@example.org?message");
    expect(contactHref(" mailto:a@example.org ")).toBe("mailto:a@example.org");
    expect(contactHref("javascript:alert(1)")).toBeUndefined();
    expect(contactHref("jAvAsCrIpT:alert(1)")).toBeUndefined();
    expect(contactHref("data:text/html,x")).toBeUndefined();
    expect(contactHref('https://x.example/" onmouseover="a')).toBeUndefined();
    expect(contactHref("admin@example.org")).toBeUndefined();
  });

  it("gives every domain, IDNs included, a plain ASCII path", () => {
    expect(domainSlug("bücher.example")).toBe("xn--bcher-kva.example");
    expect(serverPath("Example.org".toLowerCase())).toBe("/servers/example.org/");
    expect(() => domainSlug("a b")).toThrow();
  });
});
