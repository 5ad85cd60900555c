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

/** A feed of one entry with this title and these lines. */
function feedOf(title: string, lines: string[]): string {
  const entry = { id: "urn:e", title, updated: "2026-01-01T00:00:00Z", link: "https://o.example/s/", lines };
  return atomFeed({
    id: "urn:x",
    title: "t",
    updated: "2026-01-01T00:00:00Z",
    link: "https://o.example/",
    self: "https://o.example/feed.xml",
    entries: [entry],
  });
}

describe("atomFeed", () => {
  it("escapes hostile text as HTML inside XML, and no ]]> ends the CDATA early", () => {
    const xml = feedOf("<b>", ["<img src=x onerror=alert(1)>", "]]><evil/>"]);
    const parsed = new XMLParser().parse(xml);
    // Entry titles are HTML: the text "<b>" arrives escaped, to be shown as text.
    expect(parsed.feed.entry.title).toBe("&lt;b&gt;");
    expect(parsed.feed.entry.content).toBe("<ul><li><bdi>&lt;img src=x onerror=alert(1)&gt;</bdi></li><li><bdi>]]&gt;&lt;evil/&gt;</bdi></li></ul>");
    expect(xml).not.toContain("<evil/>");
  });

  it("writes out bidi overrides and isolates each line", () => {
    const xml = feedOf("admin\u202egnp.exe", ["added xmpp:a@b\u202ecod.exe"]);
    expect(xml).not.toContain("\u202e");
    const parsed = new XMLParser().parse(xml);
    expect(parsed.feed.entry.title).toBe("admin[U+202E]gnp.exe");
    expect(parsed.feed.entry.content).toBe("<ul><li><bdi>added xmpp:a@b[U+202E]cod.exe</bdi></li></ul>");
  });

  it("is an Atom feed: its links, its instants, its entries, whatever an address holds", () => {
    const xml = atomFeed({
      id: "https://o.example/f.xml?a=1&b=<2>",
      title: `t"<&>`,
      updated: "2026-01-01T00:00:00Z",
      link: "https://o.example/",
      self: "https://o.example/f.xml",
      entries: [
        { id: "urn:1", title: "one", updated: "2026-01-02T00:00:00Z", link: `https://o.example/s/?x="&`, lines: ["a"] },
        { id: "urn:2", title: "two", updated: "2026-01-01T00:00:00Z", link: "https://o.example/t/", lines: [] },
      ],
    });
    const parsed = new XMLParser({ ignoreAttributes: false }).parse(xml);
    expect(parsed.feed["@_xmlns"]).toBe("http://www.w3.org/2005/Atom");
    expect(parsed.feed.id).toBe("https://o.example/f.xml?a=1&b=<2>");
    expect(parsed.feed.title).toBe(`t"<&>`);
    expect(parsed.feed.updated).toBe("2026-01-01T00:00:00.000Z");
    expect(parsed.feed.link.map((l: Record<string, string>) => [l["@_rel"], l["@_href"]])).toEqual([
      ["alternate", "https://o.example/"],
      ["self", "https://o.example/f.xml"],
    ]);
    expect(parsed.feed.entry.map((e: Record<string, unknown>) => e.id)).toEqual(["urn:1", "urn:2"]);
    expect(parsed.feed.entry[0].link["@_href"]).toBe(`https://o.example/s/?x="&`);
    expect(parsed.feed.entry[0].updated).toBe("2026-01-02T00:00:00.000Z");
    expect(parsed.feed.author.name).toBe("Serverinfo Observatory");
  });
});
