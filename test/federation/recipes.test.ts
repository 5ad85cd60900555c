// The recipes of deploy/recipes/, as the operators page and the README show them, each run on the
// server version it is for: the federation configures a host with the recipe's very text (for
// that host's domain), and a crawl finds every contact category and the administrators it sets.
import { describe, expect, it } from "vitest";
import { observatory } from "./cli.ts";

/** What every recipe publishes, written for a domain: the seven categories and administrators. */
const published = (domain: string) => ({
  contacts: {
    abuse: [`mailto:abuse@${domain}`, `xmpp:abuse@${domain}`],
    admin: [`xmpp:admin@${domain}`, `mailto:admin@${domain}`],
    feedback: [`https://${domain}/feedback`],
    sales: [`mailto:sales@${domain}`],
    security: [`mailto:security@${domain}`, `https://${domain}/.well-known/security.txt`],
    status: [`https://status.${domain}/`],
    support: [`https://${domain}/support`, `xmpp:support@chat.${domain}?join`],
  },
  administrators: [`admin@${domain}`],
  forms: 1,
});

const HOSTS = [
  { domain: "recipe012.test", software: { name: "Prosody", version: "0.12.3" } },
  { domain: "recipe13.test", software: { name: "Prosody", version: "13.0.1" } },
  { domain: "recipe-ej23.test", software: { name: "ejabberd", version: "23.01-1" } },
  { domain: "recipe-ej24.test", software: { name: "ejabberd", version: "24.12-3~bpo12+1" } },
];

interface Checked {
  domain: string;
  outcome: string;
  software?: { name: string; version?: string };
  contacts: Record<string, string[]>;
  administrators: string[];
  serverinfo: { forms: number };
  findings: Array<{ rule: string; field?: string }>;
}

describe("each recipe, run on its server version", () => {
  it("publishes every contact category and the administrators, in one serverinfo form", async () => {
    const result = await observatory(["check", "--json", "--no-store", ...HOSTS.map((h) => h.domain)]);
    const output = JSON.parse(result.stdout) as Checked[];
    expect(output.map((r) => ({ domain: r.domain, outcome: r.outcome, software: { name: r.software?.name, version: r.software?.version } }))).toEqual(
      HOSTS.map((h) => ({ domain: h.domain, outcome: "ok", software: h.software })),
    );
    for (const report of output)
      expect({ contacts: report.contacts, administrators: report.administrators, forms: report.serverinfo.forms }, report.domain).toEqual(
        published(report.domain),
      );
    // Nothing of the configuration is left to fix (no administrators-missing, contacts-no-abuse,
    // contacts-no-xmpp-operator, field-empty, component-serverinfo-differs, …): only the contact
    // checks of the recipe's example pages and chat room, which lead nowhere here.
    for (const report of output)
      expect(new Set(report.findings.map((f) => f.rule)), report.domain).toEqual(new Set(["https-contact-broken", "contact-domain-unreachable"]));
  });
});

describe("values written without braces, on Prosody 0.12 and 13", () => {
  it("are dropped by both: braces.test (0.12) and braces13.test (13) publish empty abuse and admin fields, and the fix for each version says braces", async () => {
    const result = await observatory(["check", "--json", "--no-store", "braces.test", "braces13.test"]);
    const output = JSON.parse(result.stdout) as Checked[];
    const empty = (r: (typeof output)[number]) => r.findings.filter((f) => f.rule === "field-empty").map((f) => f.field);
    expect(
      output.map((r) => ({ domain: r.domain, version: r.software?.version, abuse: r.contacts.abuse, admin: r.contacts.admin, security: r.contacts.security })),
    ).toEqual([
      { domain: "braces.test", version: "0.12.3", abuse: [], admin: [], security: ["mailto:security@braces.test"] },
      { domain: "braces13.test", version: "13.0.1", abuse: [], admin: [], security: ["mailto:security@braces13.test"] },
    ]);
    // 0.12 emits the five categories never set as empty fields too; 13 only the two whose values it dropped.
    expect(empty(output[0]!)).toEqual(["abuse-addresses", "admin-addresses", "feedback-addresses", "sales-addresses", "status-addresses", "support-addresses"]);
    expect(empty(output[1]!)).toEqual(["abuse-addresses", "admin-addresses"]);
    // What the recipe clears on 13 (above), braces13.test trips.
    expect(output[1]!.findings.map((f) => f.rule)).toEqual([
      "field-empty",
      "field-empty",
      "contacts-no-abuse",
      "contacts-no-xmpp-operator",
      "administrators-missing",
    ]);
    const readable = await observatory(["check", "--no-store", "braces13.test"]);
    expect(readable.stdout).toContain(
      "fix: Prosody 13 emits only the categories you set, so this one is set but came out empty: most often its value is written without braces, which 13 drops as 0.12 does.",
    );
  });
});
