// Property tests of the pure core, from raw XML through the model to the findings: whatever a
// server answers (any nesting, any size, any characters), reading and judging it never throws,
// and what comes out is bounded; and what it reads and says follows the specs (a reader takes only
// the first form with a hidden, one-valued FORM_TYPE inside <query/>; a finding on a value names it).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { DomainReport } from "../contract.ts";
import { answerFromXml, type IqAnswer } from "../model/answer.ts";
import { XmlError } from "../model/xml.ts";
import { BOUNDS, type Bounds } from "../politeness.ts";
import { fitReport } from "../rules/report-budget.ts";
import { analyzeProbe, type ProbeAnswers } from "./analyze.ts";

const DOMAIN = "example.org";
const NAMESPACES = [
  "http://jabber.org/protocol/disco#info",
  "http://jabber.org/protocol/disco#items",
  "jabber:x:data",
  "urn:ietf:params:xml:ns:xmpp-stanzas",
  "urn:x",
];
const NAMES = ["query", "x", "field", "value", "identity", "feature", "item", "error", "text", "desc", "option", "item-not-found", "deep"];
const ATTRIBUTES = ["var", "type", "category", "name", "jid", "node", "xml:lang", "label", "xmlns", "by"];
const MEANINGFUL = [
  "result",
  "error",
  "hidden",
  "list-multi",
  "jid-multi",
  "text-single",
  "FORM_TYPE",
  "http://jabber.org/network/serverinfo",
  "abuse-addresses",
  "admin-addresses",
  "security-addresses",
  "administrators",
  "server",
  "im",
  "conference",
  "text",
  "xmpp:admin@example.org",
  "xmpp:room@muc.example.org?join",
  "mailto:abuse@example.org",
  "https://example.org/",
  "javascript:alert(1)",
  "muc.example.org",
  "admin@example.org",
  "other.test",
  "",
];

interface Node {
  name: string;
  attrs: Array<[string, string]>;
  children: Array<Node | string>;
}

/** Any short text, in any script: control and format characters, astral characters, lone surrogates. */
const text = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...MEANINGFUL) }, { weight: 3, arbitrary: fc.string({ unit: "binary", maxLength: 60 }) });

/** A long run of any text, up to beyond what one stanza may hold (BOUNDS.maxStanzaChars). */
const huge = fc.tuple(fc.string({ unit: "binary", minLength: 1, maxLength: 3 }), fc.integer({ min: 1_000, max: 70_000 })).map(([s, n]) => s.repeat(n));

const node: fc.Arbitrary<Node> = fc.letrec<{ node: Node }>((tie) => ({
  node: fc.record({
    name: fc.constantFrom(...NAMES),
    attrs: fc.array(fc.tuple(fc.constantFrom(...ATTRIBUTES), fc.oneof(text, fc.constantFrom(...NAMESPACES))), { maxLength: 4 }),
    // Past the depth, only text: the first choice of oneof is its way out.
    children: fc.array(fc.oneof({ maxDepth: 4, depthSize: "small", depthIdentifier: "tree" }, text, tie("node"), tie("node")), { maxLength: 5 }),
  }),
})).node;

/** A chain nested up to 300 deep, around a subtree. */
const nested = fc.tuple(fc.integer({ min: 0, max: 300 }), node).map(([depth, inner]) => {
  let tree = inner;
  for (let i = 0; i < depth; i++) tree = { name: "deep", attrs: [], children: [tree] };
  return tree;
});

/** A serverinfo form with many values in its fields, each of any length up to past the bound on one value. */
const serverinfo = fc
  .array(
    fc.tuple(
      fc.constantFrom("abuse-addresses", "admin-addresses", "security-addresses", "support-addresses", "administrators"),
      fc.array(
        fc.oneof(
          text,
          fc.tuple(text, fc.integer({ min: 1, max: 2_500 })).map(([t, n]) => `xmpp:${"a".repeat(n)}${t}`),
        ),
        { maxLength: 40 },
      ),
    ),
    { maxLength: 5 },
  )
  .map((fields) =>
    el("x", { xmlns: "jabber:x:data", type: "result" }, [
      el("field", { var: "FORM_TYPE", type: "hidden" }, [el("value", {}, ["http://jabber.org/network/serverinfo"])]),
      ...fields.map(([name, values]) =>
        el(
          "field",
          { var: name },
          values.map((v) => el("value", {}, [v])),
        ),
      ),
    ]),
  );

function el(name: string, attrs: Record<string, string>, children: Node["children"]): Node {
  return { name, attrs: Object.entries(attrs), children };
}

// Text as XML allows it: lone surrogates and characters XML 1.0 forbids become U+FFFD.
const escape = (s: string) =>
  s
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd")
    // eslint-disable-next-line no-control-regex -- exactly the characters XML 1.0 forbids
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, "\ufffd")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/"/g, "&quot;");

function xml(n: Node | string): string {
  if (typeof n === "string") return escape(n);
  const attrs = n.attrs.filter(([k], i) => n.attrs.findIndex(([other]) => other === k) === i).map(([k, v]) => ` ${k}="${escape(v)}"`);
  return `<${n.name}${attrs.join("")}>${n.children.map(xml).join("")}</${n.name}>`;
}

/** An answer as a server might send it: a disco#info result around arbitrary content, or anything at all. */
const answerXml = fc.oneof(
  fc
    .tuple(
      fc.array(fc.oneof(node, nested, serverinfo), { maxLength: 4 }),
      fc.oneof({ weight: 4, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...ATTRIBUTES), huge) }),
    )
    .map(([children, long]) => {
      // A huge value, when there is one, goes into a field's value and a feature's attribute.
      const tail = long
        ? `<x xmlns="jabber:x:data"><field var="${long[0]}"><value>${escape(long[1])}</value></field></x><feature var="${escape(long[1])}"/>`
        : "";
      return `<iq type="result" from="${DOMAIN}"><query xmlns="${NAMESPACES[0]}">${children.map(xml).join("")}${tail}</query></iq>`;
    }),
  fc.tuple(fc.constantFrom("result", "error", "get"), node).map(([type, child]) => `<iq type="${type}" from="${DOMAIN}">${xml(child)}</iq>`),
);

function probeOf(info: IqAnswer, components: IqAnswer[]): ProbeAnswers {
  const items = `<iq type="result" from="${DOMAIN}"><query xmlns="${NAMESPACES[1]}">${components.map((_, i) => `<item jid="c${i}.${DOMAIN}"/>`).join("")}</query></iq>`;
  return {
    domain: DOMAIN,
    probedAt: "2026-11-21T00:00:00.000Z",
    durationMs: 1,
    info,
    version: undefined,
    items: answerFromXml(items),
    components: components.map((answer, i) => ({ jid: `c${i}.${DOMAIN}`, name: undefined, info: answer })),
  };
}

function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === "object") for (const v of Object.values(value)) strings(v, out);
  return out;
}

/** Bounds small enough that the generated answers often exceed them. */
const TIGHT: Bounds = { ...BOUNDS, maxReportChars: 8192, maxFindingsPerReport: 10 };

function expectBounded(report: DomainReport, bounds: Bounds = BOUNDS): void {
  expect(JSON.stringify(report).length).toBeLessThanOrEqual(bounds.maxReportChars);
  // trimFindings keeps maxFindingsPerReport; fitReport may add the one that says what it left out.
  expect(report.findings.length).toBeLessThanOrEqual(bounds.maxFindingsPerReport + 1);
  for (const s of strings(report)) expect(s.length).toBeLessThanOrEqual(BOUNDS.maxValueChars);
  for (const f of report.findings) expect(Array.from(f.message).length).toBeLessThanOrEqual(BOUNDS.maxFindingChars);
}

describe("the pure core, on any answer", () => {
  it("reads any well-formed answer and judges it within bounds", () => {
    let fitted = 0;
    fc.assert(
      fc.property(answerXml, fc.array(answerXml, { maxLength: 3 }), (info, components) => {
        const report = analyzeProbe(probeOf(answerFromXml(info), components.map(answerFromXml)), 20);
        expectBounded(report);
        const tight = fitReport(report, TIGHT);
        expectBounded(tight, TIGHT);
        if (JSON.stringify(report).length > TIGHT.maxReportChars) fitted++;
      }),
      { numRuns: 60 },
    );
    expect(fitted).toBeGreaterThan(5);
    // Its huge answers take 5 to 42 s (the slowest seen on 2 cores beside the other unit files): about 3 times that.
  }, 120_000);

  it("refuses any other text with an XmlError and nothing else, and judges what it could read", () => {
    const fragment = fc.oneof(
      fc.string({ unit: "binary", maxLength: 200 }),
      fc.constantFrom(
        "<",
        ">",
        "&",
        "&#0;",
        "&bogus;",
        "<![CDATA[",
        "]]>",
        "<!--",
        "<?x",
        "</iq>",
        '<iq type="result">',
        "<query xmlns='http://jabber.org/protocol/disco#info'>",
        "<x xmlns='jabber:x:data'>",
      ),
    );
    // Half of them inside a well-formed disco#info answer, so that many are read and judged.
    const opening = `<iq type="result" from="${DOMAIN}"><query xmlns="${NAMESPACES[0]}"><x xmlns="jabber:x:data"><field var="abuse-addresses"><value>`;
    let judged = 0;
    fc.assert(
      fc.property(fc.boolean(), fc.array(fragment, { maxLength: 30 }), (wrapped, parts) => {
        let answer: IqAnswer;
        try {
          answer = answerFromXml(wrapped ? `${opening}${parts.join("")}</value></field></x></query></iq>` : parts.join(""));
        } catch (error) {
          expect(error).toBeInstanceOf(XmlError);
          return;
        }
        judged++;
        expectBounded(analyzeProbe(probeOf(answer, [answer]), 20));
      }),
      { numRuns: 300 },
    );
    // Some of the inputs must get as far as the judging, or the property says nothing about it. About
    // one in six does (21 runs: 34 to 63 of 300, mean 47, standard deviation near 6.5); a bound of 30
    // failed on a fresh clone with 29. 10 is more than five deviations below the mean: it still catches
    // a generator that no longer produces readable answers, without depending on a lucky draw.
    expect(judged).toBeGreaterThan(10);
  }, 30_000);

  it("reads only a form whose FORM_TYPE is hidden, one-valued and inside <query/>, the first such, and every finding on a value names it", () => {
    // The model of a reader (XEP-0068 §4.3, XEP-0128 §2), stated here from the generated forms, not by the code under test.
    const VARIANTS = ["hidden", "text-single", "untyped", "hidden-two-values", "hidden-other-type"] as const;
    type Variant = (typeof VARIANTS)[number];
    const FIELD_NAMES = ["abuse-addresses", "admin-addresses", "security-addresses", "support-addresses", "administrators", "admin-address"];
    const safeValue = fc.oneof(
      fc.constantFrom(
        "xmpp:admin@example.org",
        "mailto:abuse@example.org",
        "https://example.org/",
        "admin@example.org",
        "abuse@example.org",
        "tel:+1",
        "rémy@bücher.example",
      ),
      fc.stringMatching(/^[a-zß-ü0-9@.:/?=;+_-]{1,30}$/),
      fc.stringMatching(/^ [a-z0-9@.:]{1,20} $/),
    );
    const formArb = fc.record({
      variant: fc.constantFrom<Variant>(...VARIANTS),
      type: fc.constantFrom("result", "result", "form", undefined),
      inQuery: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      fields: fc.array(fc.record({ name: fc.constantFrom(...FIELD_NAMES), values: fc.array(safeValue, { maxLength: 4 }) }), { maxLength: 6 }),
    });
    type Form = typeof formArb extends fc.Arbitrary<infer T> ? T : never;
    const formTypeField: Record<Variant, string> = {
      hidden: `<field var="FORM_TYPE" type="hidden"><value>http://jabber.org/network/serverinfo</value></field>`,
      "text-single": `<field var="FORM_TYPE" type="text-single"><value>http://jabber.org/network/serverinfo</value></field>`,
      untyped: `<field var="FORM_TYPE"><value>http://jabber.org/network/serverinfo</value></field>`,
      "hidden-two-values": `<field var="FORM_TYPE" type="hidden"><value>http://jabber.org/network/serverinfo</value><value>urn:example:other</value></field>`,
      "hidden-other-type": `<field var="FORM_TYPE" type="hidden"><value>urn:example:other</value></field>`,
    };
    const formXml = (f: Form) =>
      `<x xmlns="jabber:x:data"${f.type ? ` type="${f.type}"` : ""}>${formTypeField[f.variant]}${f.fields
        .map((field) => `<field var="${field.name}" type="list-multi">${field.values.map((v) => `<value>${escape(v)}</value>`).join("")}</field>`)
        .join("")}</x>`;
    let read = 0;
    let unread = 0;
    fc.assert(
      fc.property(fc.array(formArb, { maxLength: 3 }), (forms) => {
        const inside = forms
          .filter((f) => f.inQuery)
          .map(formXml)
          .join("");
        const outside = forms
          .filter((f) => !f.inQuery)
          .map(formXml)
          .join("");
        const xmlText = `<iq type="result" from="${DOMAIN}"><query xmlns="${NAMESPACES[0]}"><identity category="server" type="im"/><feature var="${NAMESPACES[0]}"/>${inside}</query>${outside}</iq>`;
        const report = analyzeProbe(probeOf(answerFromXml(xmlText), []), 20);
        const readable = forms.find((f) => f.inQuery && f.variant === "hidden");
        const valuesOf = (name: string) => (readable ? readable.fields.filter((f) => f.name === name).flatMap((f) => f.values) : []);
        expect(report.contacts.abuse).toEqual(valuesOf("abuse-addresses"));
        expect(report.contacts.admin).toEqual(valuesOf("admin-addresses"));
        expect(report.contacts.security).toEqual(valuesOf("security-addresses"));
        expect(report.contacts.support).toEqual(valuesOf("support-addresses"));
        expect(report.administrators).toEqual(valuesOf("administrators"));
        if (readable) read++;
        else unread++;
        // A finding about a value names it: the value is one that was published, and its message quotes it.
        const published = new Set(forms.flatMap((f) => f.fields.flatMap((field) => field.values)));
        for (const f of report.findings.filter((x) => x.value !== undefined && x.value.trim() !== "")) {
          expect(published.has(f.value!), `${f.rule}: ${f.value}`).toBe(true);
          expect(f.message, f.rule).toContain(f.value!.trim().slice(0, 40));
        }
      }),
      { numRuns: 300 },
    );
    // Both sides of the property are exercised.
    expect(read).toBeGreaterThan(30);
    expect(unread).toBeGreaterThan(30);
  }, 30_000);
});
