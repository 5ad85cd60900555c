import { describe, expect, it } from "vitest";
import { checkMarkHtml, contactValueHtml, crawledHtml, fixBasisHtml, whenHtml } from "./markup.ts";

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

  it("drops no character: the noncharacters XML has no place for stay in the HTML, as Astro wrote them", () => {
    expect(crawledHtml("a\uffffb\ufffec")).toBe("<bdi>a\uffffb\ufffec</bdi>");
  });
});

describe("whenHtml", () => {
  it("keeps the instant for machines and writes it for people", () => {
    expect(whenHtml("2026-12-03T10:56:00.000Z")).toBe(`<time datetime="2026-12-03T10:56:00.000Z">3 Dec 2026, 10:56 UTC</time>`);
    expect(whenHtml("2026-12-03T10:56:00.000Z", true)).toBe(`<time datetime="2026-12-03T10:56:00.000Z">3 Dec 2026</time>`);
  });
});

describe("contactValueHtml", () => {
  it("links a safe, well-formed address, and shows anything else as inert text", () => {
    expect(contactValueHtml("mailto:abuse@a.example")).toBe(
      `<a class="value" href="mailto:abuse@a.example" rel="nofollow noopener noreferrer"><bdi>mailto:abuse@a.example</bdi></a>`,
    );
    expect(contactValueHtml(`javascript:alert("x")`)).toBe(
      `<span class="value"><bdi>javascript:alert(&quot;x&quot;)</bdi></span><span class="muted"> (not a link: the scheme javascript: is not made a link)</span>`,
    );
    expect(contactValueHtml("https://a b")).toBe(`<span class="value"><bdi>https://a b</bdi></span><span class="muted"> (not a link: malformed)</span>`);
    expect(contactValueHtml("")).toBe(`<span class="value">(empty)</span>`);
  });
});

describe("checkMarkHtml", () => {
  it("marks a check, quotes its reason as crawled text and links its records on the page", () => {
    const anchors = new Map([
      ["dns a.example", "record-2"],
      ["http https://a.example/", "record-3"],
    ]);
    const check = {
      value: "mailto:abuse@a.example",
      status: "broken" as const,
      why: "no MX <b>",
      checkedAt: "2026-12-03T10:56:00.000Z",
      records: ["dns a.example", "unknown", "http https://a.example/"],
    };
    expect(checkMarkHtml(check as never, anchors)).toBe(
      `<span class="check check-broken"><span class="mark">✗ broken</span> <span class="muted">(checked <time datetime="2026-12-03T10:56:00.000Z">3 Dec 2026, 10:56 UTC</time>) <bdi>no MX &lt;b&gt;</bdi> <a href="#record-2">record 1</a> <a href="#record-3">record 2</a></span></span>`,
    );
    expect(checkMarkHtml(undefined, anchors)).toBe(
      `<span class="check check-not-checked"><span class="mark">– not checked</span> <span class="muted">(only the first 16 distinct addresses of a domain are checked)</span></span>`,
    );
  });
});

describe("fixBasisHtml", () => {
  it("says where a fix comes from, and nothing without a basis or a family", () => {
    expect(fixBasisHtml({ kind: "run", version: "0.12.3" } as never, "prosody-0.12")).toBe(
      `<span class="fix-basis fix-basis-run">Run on Prosody 0.12.3 in this project&apos;s tests: the finding cleared.</span>`,
    );
    expect(fixBasisHtml(undefined, "prosody-0.12")).toBe("");
    expect(fixBasisHtml({ kind: "run", version: "0.12.3" } as never, undefined)).toBe("");
  });
});
