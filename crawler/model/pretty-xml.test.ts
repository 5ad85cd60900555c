import { describe, expect, it } from "vitest";
import { prettyXml } from "./pretty-xml.ts";

describe("prettyXml", () => {
  it("indents an answer, one element per line, keeping escapes as escapes", () => {
    const { text, pretty } = prettyXml(`<iq type="result"><query xmlns="q"><value>&lt;script&gt; &amp;</value></query></iq>`);
    expect(pretty).toBe(true);
    expect(text.split("\n")).toEqual([`<iq type="result">`, `  <query xmlns="q">`, `    <value>&lt;script&gt; &amp;</value>`, `  </query>`, `</iq>`]);
  });

  it("gives malformed, cut or absurdly deep XML back as it came", () => {
    for (const raw of [`<iq><query></iq>`, `<iq type="result"><query xmlns="q"><val`, "<a>".repeat(20_000) + "</a>".repeat(20_000)]) {
      expect(prettyXml(raw)).toEqual({ text: raw, pretty: false });
    }
  });
});
