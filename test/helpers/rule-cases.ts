// Table-driven specs for a rule family: for each of its rules, an answer that trips it and one
// that must not. A Record over the family's rule ids makes a missing case a type error.
import { describe, expect, it } from "vitest";
import { analyzeProbe } from "../../crawler/probe/analyze.ts";
import { answers, discoInfo, SERVER_IDENTITY, serverinfoForm } from "./fixtures.ts";

export const DOMAIN = "example.org";

/** A serverinfo field. */
export const field = (name: string, values: string[], type: string | null = "list-multi") =>
  `<field var="${name}"${type === null ? "" : ` type="${type}"`}>${values.map((v) => `<value>${v}</value>`).join("")}</field>`;

/** A correct serverinfo form's fields: operators reachable over XMPP, administrators matching admin-addresses. */
export const GOOD_FIELDS =
  field("abuse-addresses", ["xmpp:abuse@example.org", "mailto:abuse@example.org"]) +
  field("admin-addresses", ["xmpp:admin@example.org"]) +
  field("administrators", ["admin@example.org"]);

/** The inner XML of a disco#info <query/>: the server identity and a serverinfo form with these fields. */
export const withFields = (fields: string) => SERVER_IDENTITY + serverinfoForm(fields);
export const GOOD = withFields(GOOD_FIELDS);

/** What a case probes: the inner XML of the domain's disco#info query, or that with disco#items and components. */
export type Probe = string | { query: string; after?: string; items?: string[]; components?: Array<{ jid: string; info: string | "timeout" }> };

export function rulesTripped(probe: Probe): string[] {
  const p = typeof probe === "string" ? { query: probe } : probe;
  const items =
    p.items &&
    `<iq type="result" from="${DOMAIN}" id="t2"><query xmlns="http://jabber.org/protocol/disco#items">${p.items.map((jid) => `<item jid="${jid}"/>`).join("")}</query></iq>`;
  const report = analyzeProbe(answers(DOMAIN, { info: discoInfo(DOMAIN, p.query, p.after), ...(items && { items }), components: p.components ?? [] }), 20);
  return [...new Set(report.findings.map((f) => f.rule))];
}

export function ruleCases<Id extends string>(family: string, cases: Record<Id, { trips: Probe; passes: Probe }>): void {
  describe(`the ${family} rules`, () => {
    it.each(Object.entries(cases) as Array<[Id, { trips: Probe; passes: Probe }]>)(
      "%s: trips on its case, and not on its near miss",
      (rule, { trips, passes }) => {
        expect(rulesTripped(trips)).toContain(rule);
        expect(rulesTripped(passes)).not.toContain(rule);
      },
    );
  });
}
