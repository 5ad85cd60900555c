import { describe, expect, it } from "vitest";
import { csvCell, csvRow, escapeXml } from "./escape.ts";

describe("escapeXml", () => {
  it("escapes markup and quotes, and drops what XML cannot hold", () => {
    expect(escapeXml(`<script>alert("x")</script>&'`)).toBe("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&apos;");
    expect(escapeXml("a\u0000b\u001bc")).toBe("abc");
  });
});

describe("csvCell", () => {
  it("defuses formulas and quotes what needs quoting", () => {
    expect(csvCell('=HYPERLINK("https://x")')).toBe(`"'=HYPERLINK(""https://x"")"`);
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-1")).toBe("'-1");
    expect(csvCell("@x")).toBe("'@x");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell("line\nbreak")).toBe('"line\nbreak"');
    expect(csvCell(3)).toBe("3");
    expect(csvCell(-3)).toBe("-3");
    expect(csvCell(undefined)).toBe("");
    expect(csvRow(["a", 1, true])).toBe("a,1,true");
  });
});
