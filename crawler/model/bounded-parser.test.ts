import { describe, expect, it } from "vitest";
import type { Element } from "@xmpp/xml";
import { BoundedParser, cutsOf } from "./bounded-parser.ts";

const HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='s1'>";

function read(chunks: Array<string | Buffer>, bounds = { maxDepth: 32, maxStanzaChars: 10_000 }) {
  const parser = new BoundedParser(bounds);
  const stanzas: Element[] = [];
  const errors: Error[] = [];
  parser.on("element", (el: Element) => stanzas.push(el));
  parser.on("error", (error: Error) => errors.push(error));
  for (const chunk of chunks) parser.write(chunk);
  return { stanzas, errors, parser };
}

const iq = (id: string, inner: string) => `<iq type='result' id='${id}' from='a.test'>${inner}</iq>`;

describe("BoundedParser", () => {
  it("reads ordinary stanzas as xmpp.js does", () => {
    const { stanzas, errors } = read([
      HEADER,
      iq("1", "<query xmlns='q'><x a='1&amp;2'>t&lt;</x></query>"),
      "<message from='b@a.test'><body>hi</body></message>",
    ]);
    expect(errors).toEqual([]);
    expect(stanzas.map((s) => s.toString())).toEqual([
      `<iq type="result" id="1" from="a.test"><query xmlns="q"><x a="1&amp;2">t&lt;</x></query></iq>`,
      `<message from="b@a.test"><body>hi</body></message>`,
    ]);
    expect(stanzas.map(cutsOf)).toEqual([[], []]);
  });

  it("keeps characters whole when a read splits their bytes, at every split point", () => {
    const value = "€𝄞é—ק中";
    const bytes = Buffer.from(HEADER + iq("1", `<v>${value}</v>`), "utf8");
    // From the stanza on: ltx itself misreads a stream header whose "?>" is split (it looks back across the read).
    for (let split = Buffer.byteLength(HEADER); split < bytes.length; split++) {
      const { stanzas } = read([bytes.subarray(0, split), bytes.subarray(split)]);
      expect(stanzas[0]?.getChild("v")?.getText(), `split at byte ${split}`).toBe(value);
    }
  });

  it("drops elements nested past the depth bound, and says so", () => {
    const deep = "<a>".repeat(5000) + "x" + "</a>".repeat(5000);
    const { stanzas, errors } = read([HEADER, iq("1", deep), iq("2", "<ok/>")], { maxDepth: 8, maxStanzaChars: 100_000 });
    expect(errors).toEqual([]);
    expect(stanzas.map((s) => s.attrs.id)).toEqual(["1", "2"]);
    let depth = 0;
    for (let el: Element | undefined = stanzas[0]; el; el = el.getChildElements()[0]) depth++;
    expect(depth).toBe(8);
    expect(() => stanzas[0]!.toString()).not.toThrow();
    expect(cutsOf(stanzas[0]!)).toEqual(["elements nested deeper than 8 levels, dropped"]);
    expect(cutsOf(stanzas[1]!)).toEqual([]);
  });

  it("hands on the first part of an over-long stanza, skips the rest, and reads the next stanza", () => {
    const huge = iq("1", `<query><v>${"a".repeat(50_000)}</v><v>after</v><w attr='x>y'/></query>`);
    const chunks = [HEADER, ...(huge.match(/[^]{1,4096}/g) ?? []), iq("2", "<ok/>")];
    const { stanzas, errors } = read(chunks, { maxDepth: 32, maxStanzaChars: 10_000 });
    expect(errors).toEqual([]);
    expect(stanzas.map((s) => s.attrs.id)).toEqual(["1", "2"]);
    expect(stanzas[0]!.toString().length).toBeLessThan(10_100);
    expect(stanzas[0]!.getChild("query")?.getChildren("v")).toHaveLength(1);
    expect(stanzas[0]!.getChild("query")?.getChild("v")?.getText()).toMatch(/^a{9000,10000}$/);
    expect(cutsOf(stanzas[0]!)).toEqual(["more than 10000 characters; the rest was not read"]);
    expect(stanzas[1]!.getChild("ok")).toBeDefined();
  });

  it("skips an over-long attribute value, quotes and '>' inside it included", () => {
    const huge = iq("1", `<query><x v='${'>/"'.repeat(20_000)}'/></query>`);
    const { stanzas, errors } = read([HEADER, huge, iq("2", "")], { maxDepth: 32, maxStanzaChars: 1_000 });
    expect(errors).toEqual([]);
    expect(stanzas.map((s) => s.attrs.id)).toEqual(["1", "2"]);
  });

  it("reports an illegal entity as an error event, never as an exception out of write()", () => {
    const { stanzas, errors } = read([HEADER, iq("1", "<v>&#0;</v>")]);
    expect(stanzas).toEqual([]);
    expect(errors.map((e) => e.message)).toEqual(["Illegal XML character 0x0"]);
  });

  it("throws nothing once its listeners are taken off mid-chunk, however bad the rest of the chunk is", () => {
    // As the connection leaves a parser: at an element it refuses, and at a first error.
    for (const [leaveAt, rest] of [
      ["element", "<message/></x>"],
      ["element", "<message/>&bogus;"],
      ["error", "</a></b>"],
    ] as const) {
      const parser = new BoundedParser();
      const heard: string[] = [];
      parser.on("element", (el: Element) => heard.push(el.name));
      parser.on("error", (error: Error) => heard.push(`error: ${error.message}`));
      parser.once(leaveAt, () => parser.removeAllListeners());
      expect(() => parser.write(`${HEADER}${rest}`), rest).not.toThrow();
      expect(heard.length, rest).toBe(1);
    }
  });

  it("ignores text between stanzas, so keepalives do not pile up on the stream root", () => {
    const { parser } = read([HEADER, " ".repeat(1000), iq("1", ""), "\n\n"]);
    expect(parser.root?.children).toEqual([]);
  });

  it("reads comments, CDATA and instructions inside a stanza without losing its end", () => {
    const { stanzas } = read([HEADER, iq("1", "<v><![CDATA[</iq>]]></v>"), iq("2", "")], { maxDepth: 32, maxStanzaChars: 10_000 });
    expect(stanzas.map((s) => s.attrs.id)).toEqual(["1", "2"]);
  });
});
