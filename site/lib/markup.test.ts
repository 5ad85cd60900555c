import { describe, expect, it } from "vitest";
import { crawledHtml, whenHtml } from "./markup.ts";

describe("crawledHtml", () => {
  it("writes hostile text as text, isolated", () => {
    expect(crawledHtml(`<img src=x onerror="alert(1)">&amp;'`)).toBe("<bdi>&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;amp;&apos;</bdi>");
    expect(crawledHtml("a.example", `value" onclick="x`)).toBe(`<bdi class="value&quot; onclick=&quot;x">a.example</bdi>`);
  });

  it("shows each invisible character as its code point, controls included", () => {
    expect(crawledHtml("admin\u202egnp.exe\u0000")).toBe(
      `<bdi>admin<span class="invisible" title="an invisible character in the crawled text">U+202E</span>gnp.exe<span class="invisible" title="an invisible character in the crawled text">U+0000</span></bdi>`,
    );
    expect(crawledHtml("")).toBe("<bdi></bdi>");
  });
});

describe("whenHtml", () => {
  it("keeps the instant for machines and writes it for people", () => {
    expect(whenHtml("2026-12-03T10:56:00.000Z")).toBe(`<time datetime="2026-12-03T10:56:00.000Z">3 Dec 2026, 10:56 UTC</time>`);
    expect(whenHtml("2026-12-03T10:56:00.000Z", true)).toBe(`<time datetime="2026-12-03T10:56:00.000Z">3 Dec 2026</time>`);
  });
});
