// The fixes run on the server they are for (test/federation/fixes.test.ts): for each case, a host
// of the federation that trips the rule on that server version, and the same host with the fix
// applied as its text says. The applied configuration is built from the very snippets the test
// finds in the fix text (example.org written as the host's domain), so a fix whose text changes
// no longer matches its case. crawler/rules/fixes-run.ts lists what these cases prove.
import type { SoftwareFamily } from "../../crawler/rules/software.ts";
import type { EjabberdHost, ProsodyHost } from "./spec.ts";

/** The four servers of the federation, by the names federation.ts gives them. */
export type FixServer = "home" | "prosody13" | "ejabberd" | "ejabberd24";

interface CaseBase {
  rule: string;
  family: SoftwareFamily;
  /** The version of the server it runs on, as FIXES_RUN records it. */
  version: string;
  server: FixServer;
  domain: string;
  /** The finding's subject, when not the domain (a component). */
  subject?: string;
  /** The finding's field, when the rule is about one field. */
  field?: string;
  /** What the fix text must say, with example.org for the domain, in the order the fix applies them. */
  snippets: string[];
}

export interface ProsodyFixCase extends CaseBase {
  server: "home" | "prosody13";
  /** The host as it trips the rule (fixed: false), and with the fix applied, from the snippets written for its domain. */
  host(fixed: boolean, snippets?: string[]): ProsodyHost;
}

export interface EjabberdFixCase extends CaseBase {
  server: "ejabberd" | "ejabberd24";
  host(fixed: boolean, snippets?: string[]): EjabberdHost;
}

export type FixCase = ProsodyFixCase | EjabberdFixCase;

/** A snippet of a fix, written for a domain. */
export const forDomain = (snippet: string, domain: string) => snippet.replaceAll("example.org", domain);

const VERSIONS = {
  home: { family: "prosody-0.12", version: "0.12.3", label: "012" },
  prosody13: { family: "prosody-13", version: "13.0.1", label: "13" },
  ejabberd: { family: "ejabberd", version: "23.01", label: "ej23" },
  ejabberd24: { family: "ejabberd-24", version: "24.12", label: "ej24" },
} as const satisfies Record<FixServer, { family: SoftwareFamily; version: string; label: string }>;

const domainOf = (slug: string, server: FixServer) => `${slug}-${VERSIONS[server].label}.fix.test`;

/** A Prosody host of raw Lua lines (a VirtualHost section as an operator writes it), not crawled. */
const luaHost = (domain: string, lines: string[], components?: ProsodyHost["components"]): ProsodyHost => ({
  domain,
  crawled: false,
  options: {},
  rawLua: lines,
  ...(components && { components }),
});

/** The snippets a Prosody case's fixed host is built from (the 0.12 and 13 texts differ; the configuration they lead to is the same). */
function prosodyCases(server: "home" | "prosody13"): ProsodyFixCase[] {
  const { family, version } = VERSIONS[server];
  const is13 = server === "prosody13";
  const at = (slug: string) => ({ family, version, server, domain: domainOf(slug, server) });
  const administrators = at("administrators");
  const abuse = at("abuse");
  const empty = at("empty");
  const component = at("component");
  const operator = at("operator");
  const contacts = (d: string) => `abuse = { "mailto:abuse@${d}" }; admin = { "xmpp:admin@${d}" }`;
  return [
    {
      ...administrators,
      rule: "administrators-missing",
      snippets: is13
        ? ['{ name = "administrators", type = "list-multi" }', 'server_info = { administrators = { "admin@example.org" } }']
        : ["mod_serverinfo_administrators", 'serverinfo_administrators = { "admin@example.org" }', "mod_server_contact_info disabled on the host"],
      host: (fixed: boolean, s: string[] = []): ProsodyHost => {
        const d = administrators.domain;
        const lines = [`contact_info = { ${contacts(d)} }`];
        if (!fixed) return luaHost(d, lines);
        return luaHost(
          d,
          is13
            ? [...lines, `server_info_extensions = { ${s[0]} }`, s[1]!]
            : [...lines, 'modules_enabled = { "serverinfo_administrators" }', s[1]!, 'modules_disabled = { "server_contact_info" }'],
        );
      },
    },
    {
      // Written without braces, as the fix warns: the abuse address is dropped.
      ...abuse,
      rule: "contacts-no-abuse",
      snippets: ['abuse = { "mailto:abuse@example.org", "xmpp:abuse@example.org" }', 'abuse = "mailto:abuse@example.org"'],
      host: (fixed: boolean, s: string[] = []): ProsodyHost => {
        const d = abuse.domain;
        return luaHost(d, [`contact_info = { ${fixed ? s[0] : `abuse = "mailto:abuse@${d}"`}; admin = { "xmpp:admin@${d}" } }`]);
      },
    },
    {
      // Every category set, abuse without braces: its field alone comes out empty, on 0.12 as on 13.
      ...empty,
      rule: "field-empty",
      field: "abuse-addresses",
      snippets: ['abuse = { "mailto:abuse@example.org" }', 'not abuse = "mailto:abuse@example.org"'],
      host: (fixed: boolean, s: string[] = []): ProsodyHost => {
        const d = empty.domain;
        const rest = ["admin", "feedback", "sales", "security", "status", "support"].map((c) => `${c} = { "mailto:${c}@${d}" }`).join("; ");
        return luaHost(d, [`contact_info = { ${fixed ? s[0] : `abuse = "mailto:abuse@${d}"`}; ${rest} }`]);
      },
    },
    {
      // contact_info on the host only: its MUC component publishes a form of its own without it.
      ...component,
      rule: "component-serverinfo-differs",
      subject: `rooms.${component.domain}`,
      snippets: [is13 ? "Set contact_info (or server_info) on the Component" : "Set contact_info on the Component too"],
      host: (fixed: boolean): ProsodyHost => {
        const d = component.domain;
        const info = `contact_info = { ${contacts(d)} }`;
        return {
          ...luaHost(d, [info]),
          components: { [`rooms.${d}`]: { module: "muc", ...(fixed && { rawLua: [info] }) } },
        };
      },
    },
    {
      // Only a mail address: authbot lets nobody in.
      ...operator,
      rule: "contacts-no-xmpp-operator",
      snippets: ['admin = { "xmpp:you@example.org" }'],
      host: (fixed: boolean, s: string[] = []): ProsodyHost => {
        const d = operator.domain;
        return luaHost(d, [`contact_info = { abuse = { "mailto:abuse@${d}" }${fixed ? `; ${s[0]}` : ""} }`]);
      },
    },
  ];
}

/** An ejabberd host whose `modules:` block holds mod_disco's server_info entries, one a line, as the fix texts write them. */
const yamlHost = (domain: string, entries: string[]): EjabberdHost => ({
  domain,
  crawled: false,
  serverInfo: [],
  recipe: ["modules:", "  mod_disco:", "    server_info:", ...entries.map((e) => `      ${e}`)].join("\n") + "\n",
});

function ejabberdCases(server: "ejabberd" | "ejabberd24"): EjabberdFixCase[] {
  const { family, version } = VERSIONS[server];
  const at = (slug: string) => ({ family, version, server, domain: domainOf(slug, server) });
  const entry = (name: string, urls: string[], modules = "all") => `- {modules: ${modules}, name: ${name}, urls: [${urls.map((u) => `"${u}"`).join(", ")}]}`;
  const administrators = at("administrators");
  const abuse = at("abuse");
  const empty = at("empty");
  const component = at("component");
  const operator = at("operator");
  return [
    {
      ...administrators,
      rule: "administrators-missing",
      snippets: ['- {modules: all, name: administrators, urls: ["admin@example.org"]}'],
      host: (fixed: boolean, s: string[] = []) => {
        const d = administrators.domain;
        return yamlHost(d, [entry("abuse-addresses", [`mailto:abuse@${d}`]), entry("admin-addresses", [`xmpp:admin@${d}`]), ...(fixed ? [s[0]!] : [])]);
      },
    },
    {
      ...abuse,
      rule: "contacts-no-abuse",
      snippets: ['- {modules: all, name: abuse-addresses, urls: ["mailto:abuse@example.org"]}'],
      host: (fixed: boolean, s: string[] = []) => {
        const d = abuse.domain;
        return yamlHost(d, [entry("admin-addresses", [`xmpp:admin@${d}`]), ...(fixed ? [s[0]!] : [])]);
      },
    },
    {
      // An entry with no urls: ejabberd publishes its field empty. The fix leaves the entry out.
      ...empty,
      rule: "field-empty",
      field: "sales-addresses",
      snippets: ["urls: []", "remove the entry"],
      host: (fixed: boolean) => {
        const d = empty.domain;
        return yamlHost(d, [
          entry("abuse-addresses", [`mailto:abuse@${d}`]),
          entry("admin-addresses", [`xmpp:admin@${d}`]),
          ...(fixed ? [] : [entry("sales-addresses", [])]),
        ]);
      },
    },
    {
      // The admin address on the server's own disco only (mod_disco): the MUC service publishes the abuse address alone.
      ...component,
      rule: "component-serverinfo-differs",
      subject: `conference.${component.domain}`,
      snippets: ["modules: all"],
      host: (fixed: boolean, s: string[] = []) => {
        const d = component.domain;
        return yamlHost(d, [
          entry("abuse-addresses", [`mailto:abuse@${d}`]),
          fixed ? entry("admin-addresses", [`xmpp:admin@${d}`], s[0]!.replace("modules: ", "")) : entry("admin-addresses", [`xmpp:admin@${d}`], "[mod_disco]"),
        ]);
      },
    },
    {
      ...operator,
      rule: "contacts-no-xmpp-operator",
      snippets: ['- {modules: all, name: admin-addresses, urls: ["xmpp:you@example.org"]}'],
      host: (fixed: boolean, s: string[] = []) => {
        const d = operator.domain;
        return yamlHost(d, [entry("abuse-addresses", [`mailto:abuse@${d}`]), ...(fixed ? [s[0]!] : [])]);
      },
    },
  ];
}

/** Every case, server by server. */
export const FIX_CASES: readonly FixCase[] = [
  ...prosodyCases("home"),
  ...prosodyCases("prosody13"),
  ...ejabberdCases("ejabberd"),
  ...ejabberdCases("ejabberd24"),
];

/** The tripping hosts of one server, as the federation starts them. */
export const prosodyFixHosts = (server: "home" | "prosody13"): ProsodyHost[] =>
  FIX_CASES.filter((c): c is ProsodyFixCase => c.server === server).map((c) => c.host(false));
export const ejabberdFixHosts = (server: "ejabberd" | "ejabberd24"): EjabberdHost[] =>
  FIX_CASES.filter((c): c is EjabberdFixCase => c.server === server).map((c) => c.host(false));
