import { describe, expect, it } from "vitest";
import { XMLParser } from "fast-xml-parser";
import { badgeSvg } from "./badge.ts";
import { atomFeed } from "./atom.ts";

describe("badgeSvg", () => {
  it("is well-formed SVG with an accessible title, whatever the domain holds", () => {
    const svg = badgeSvg(`x"><script>alert(1)</script>.example`, "errors");
    expect(svg).not.toContain("<script>");
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(svg);
    expect(parsed.svg["@_role"]).toBe("img");
    expect(parsed.svg.title).toBe(`x"><script>alert(1)</script>.example: serverinfo errors`);
    expect(parsed.svg["@_aria-label"]).toBe(parsed.svg.title);
    expect(badgeSvg("a.example", "unknown")).toContain("not probed");
  });
});

describe("atomFeed", () => {
  it("escapes hostile text as HTML inside XML, and no ]]> ends the CDATA early", () => {
    const xml = atomFeed({
      id: "urn:x",
      title: "t",
      updated: "2026-01-01T00:00:00Z",
      link: "https://o.example/",
      self: "https://o.example/feed.xml",
      entries: [
        { id: "urn:e", title: "<b>", updated: "2026-01-01T00:00:00Z", link: "https://o.example/s/", lines: ["<img src=x onerror=alert(1)>", "]]><evil/>"] },
      ],
    });
    const parsed = new XMLParser().parse(xml);
    // Entry titles are HTML: the text "<b>" arrives escaped, to be shown as text.
    expect(parsed.feed.entry.title).toBe("&lt;b&gt;");
    expect(parsed.feed.entry.content).toBe("<ul><li>&lt;img src=x onerror=alert(1)&gt;</li><li>]]&gt;&lt;evil/&gt;</li></ul>");
    expect(xml).not.toContain("<evil/>");
  });
});
