// Table-driven specs for a rule family: for each of its rules, an answer that trips it, with the
// whole finding it must make, and a near miss that must not trip it. A Record over the family's rule ids makes a missing case a type error.
import { describe, expect, it } from "vitest";
import type { Finding } from "../../crawler/contract.ts";
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

export function findingsOf(probe: Probe): Finding[] {
  const p = typeof probe === "string" ? { query: probe } : probe;
  const items =
    p.items &&
    `<iq type="result" from="${DOMAIN}" id="t2"><query xmlns="http://jabber.org/protocol/disco#items">${p.items.map((jid) => `<item jid="${jid}"/>`).join("")}</query></iq>`;
  return analyzeProbe(answers(DOMAIN, { info: discoInfo(DOMAIN, p.query, p.after), ...(items && { items }), components: p.components ?? [] }), 20).findings;
}

export function rulesTripped(probe: Probe): string[] {
  return [...new Set(findingsOf(probe).map((f) => f.rule))];
}

/**
 * For each rule: an answer that trips it, with the whole finding it must make (a literal), and a
 * near miss: an answer as close as can be that must not trip it (never the plain good answer).
 */
export interface RuleCase {
  trips: Probe;
  finding: Omit<Finding, "rule">;
  nearMiss: Probe;
}

export function ruleCases<Id extends string>(family: string, cases: Record<Id, RuleCase>): void {
  describe(`the ${family} rules`, () => {
    it.each(Object.entries(cases) as Array<[Id, RuleCase]>)(
      "%s: makes its finding on its case, and none on its near miss",
      (rule, { trips, finding, nearMiss }) => {
        expect(findingsOf(trips).filter((f) => f.rule === rule)).toContainEqual({ rule, ...finding });
        expect(nearMiss).not.toEqual(GOOD);
        expect(rulesTripped(nearMiss)).not.toContain(rule);
      },
    );
  });
}
