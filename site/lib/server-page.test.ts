import { describe, expect, it } from "vitest";
import { inLayout } from "./server-page.ts";

// The layout as Astro renders it around the placeholders (pages/server-page.astro), cut down.
const LAYOUT =
  "<html><head><title>serverinfo-observatory-server-page-domain · Observatory</title>serverinfo-observatory-server-page-head</head>" +
  "<body><main>serverinfo-observatory-server-page-main</main></body></html>";

describe("inLayout", () => {
  it("sets the page into the layout, the domain escaped as text, head and main as written", () => {
    const page = inLayout(LAYOUT)({ domain: "a&b<c>.example", head: '<link rel="alternate">', main: "<h1>x</h1>" });
    expect(page).toBe(
      '<html><head><title>a&amp;b&lt;c&gt;.example · Observatory</title><link rel="alternate"></head><body><main><h1>x</h1></main></body></html>',
    );
  });

  it("never substitutes inside a value: a crawled text holding a placeholder word, or a $ pattern, stays as it is", () => {
    const page = inLayout(LAYOUT)({
      domain: "serverinfo-observatory-server-page-main",
      head: "",
      main: "<p>serverinfo-observatory-server-page-head $& $1 $$</p>",
    });
    expect(page).toBe(
      "<html><head><title>serverinfo-observatory-server-page-main · Observatory</title></head><body><main><p>serverinfo-observatory-server-page-head $& $1 $$</p></main></body></html>",
    );
  });

  it("refuses a layout without one of its placeholders", () => {
    expect(() => inLayout("<html><head><title>serverinfo-observatory-server-page-domain</title></head><body></body></html>")).toThrow(
      "the server pages' layout has no head placeholder",
    );
  });
});
