// The domains of the local test federation and what each one publishes. Between them, they
// make Prosody 0.12 and ejabberd 23.01 trigger every rule that configuration (and two small
// test modules) can trigger; Prosody 13.0.1 and ejabberd 24.12 (bookworm-backports, unpacked by
// scripts/setup.sh) serve hosts of their own beside them. The federation tests assert on each
// domain by name.

import { readRecipe } from "../recipes.ts";
import { ejabberdFixHosts, prosodyFixHosts } from "./fix-cases.ts";

export const ADDRESSES = {
  dns: "127.0.0.153",
  /** Prosody 0.12.3 (Debian's package): the crawler's first home and most test domains. */
  prosody: "127.0.0.2",
  /** ejabberd 23.01 (Debian's package). */
  ejabberd: "127.0.0.3",
  /** Prosody 13.0.1, from bookworm-backports (.servers/prosody). */
  prosody13: "127.0.0.40",
  /** ejabberd 24.12, from bookworm-backports (.servers/ejabberd), beside 23.01. */
  ejabberd24: "127.0.0.41",
  /** ejabberd 24.12's second s2s listener, for its host reached over IPv6 only (VANTAGE.ipv6Only); nothing else is on ::1. */
  ipv6Only: "::1",
  /** A second Prosody, reached over s2s, for the benchmark's remote domains. */
  remoteProsody: "127.0.0.4",
  /** bench:network: a proxy in front of the second Prosody's s2s port that delays what is sent to it (latency-proxy.mjs). */
  latencyProxy: "127.0.0.5",
  /** Resolves, but nothing listens: remote-server-not-found, connection refused. */
  dead: "127.0.0.9",
  /** Accepts TCP and never speaks: remote-server-not-found after Prosody's s2s_timeout. */
  tarpit: "127.0.0.10",
  /** web.test, the test web server (https on 443, http on 80); it also serves https for good.test and ej.test on their addresses. */
  web: "127.0.0.11",
  /** The MX hosts' address: nothing listens, and nothing ever connects (the checks only ask DNS). */
  mail: "127.0.0.12",
  /** The login tests' peers (test/helpers/login-peers.ts), started by the tests themselves: someone on the path in front of the home server (it strips <starttls/>, or cuts the connection), */
  pathProxy: "127.0.0.20",
  /** and small servers, each on a port of its own, over TLS with a certificate from the test CA, that offer what no server of the federation does (only ANONYMOUS; SASL2 with FAST) or stop answering. */
  loginPeers: "127.0.0.21",
} as const;

/** The web server of the federation (scripts/federation/web.mjs): what each host serves at each path. */
export interface WebRoute {
  status: number;
  body?: string;
  location?: string;
  /** Wait this long before answering: past the checks' 10 s. */
  delayMs?: number;
}

export const WEB_DOMAIN = "web.test";

/**
 * Twenty web host names on one address, the web server's, published between them by three domains
 * that list nothing else: checked at once, they must reach that address at most once a second
 * (test/federation/politeness.test.ts).
 */
export const CROWD = {
  names: Array.from({ length: 20 }, (_, i) => `n${i + 1}.crowd.test`),
  domains: ["crowd1.test", "crowd2.test", "crowd3.test"],
} as const;

/** The web addresses crowd domain `i` publishes: the names, shared out in turn. */
export const crowdAddresses = (i: number): string[] => CROWD.names.filter((_, n) => n % CROWD.domains.length === i).map((name) => `https://${name}/`);

/** security.txt bodies; EXPIRES stands for a date a month after the federation started, or a year before. */
const SECURITY_TXT = {
  valid: "# good.test's security.txt\nContact: mailto:security@good.test\nExpires: {future}\nPreferred-Languages: en\n",
  expired: "Contact: mailto:security@web.test\nExpires: {past}\n",
  noContact: "Expires: {future}\nPolicy: https://web.test/policy\n",
};

export function webRoutes(now: Date): Record<string, Record<string, WebRoute>> {
  const dates = (body: string) =>
    body
      .replace("{future}", new Date(now.getTime() + 30 * 86_400_000).toISOString())
      .replace("{past}", new Date(now.getTime() - 365 * 86_400_000).toISOString());
  const page = (title: string): WebRoute => ({ status: 200, body: `<!doctype html><title>${title}</title><p>${title}</p>` });
  return {
    "good.test": {
      "/support": page("good.test support"),
      "/.well-known/security.txt": { status: 200, body: dates(SECURITY_TXT.valid) },
    },
    "ej.test": { "/security": page("ej.test security") },
    [WEB_DOMAIN]: {
      "/page": page("a page"),
      "/missing": { status: 404, body: "not found" },
      "/loop": { status: 302, location: "/loop-again" },
      "/loop-again": { status: 302, location: "https://web.test/loop" },
      "/to-http": { status: 301, location: "http://web.test/page" },
      "/slow": { status: 200, body: "too late", delayMs: 15_000 },
      "/expired/security.txt": { status: 200, body: dates(SECURITY_TXT.expired) },
      "/nocontact/security.txt": { status: 200, body: dates(SECURITY_TXT.noContact) },
    },
    ...Object.fromEntries(CROWD.names.map((name) => [name, { "/": page(name) }])),
  };
}

/**
 * Mail domains in the federation's DNS: good.test and ej.test have MX records, nomail.test a null
 * MX (RFC 7505), nomx.test neither MX nor address; and three whose mail nobody on the internet can
 * receive: an MX to localhost, an MX to a host with only a private address (a unique-local IPv6
 * address in DNS; nothing ever connects to it, the checks only ask DNS), an MX to a host without any address.
 */
export const MAIL = {
  mx: { "good.test": "mail.good.test", "ej.test": "mail.ej.test" },
  nullMx: "nomail.test",
  noMx: "nomx.test",
  localhostMx: { domain: "localmx.test", host: "localhost" },
  privateMx: { domain: "privatemx.test", host: "mx.privatemx.test", address: "fd00::25" },
  noAddressMx: { domain: "noaddrmx.test", host: "ghost.noaddrmx.test" },
} as const;

/** Rooms created when the federation starts: open ones, and members-only ones, on Prosody and on ejabberd. */
export const ROOMS = {
  /** gone: a persistent room destroyed at start, whose tombstone Prosody answers with <gone/>. */
  prosody: { open: "support@muc.good.test", membersOnly: "members@muc.good.test", missing: "missing@muc.good.test", gone: "gone@muc.good.test" },
  ejabberd: { open: "support@conference.ej.test", membersOnly: "members@conference.ej.test", missing: "missing@conference.ej.test" },
} as const;

export const HOME_DOMAIN = "home.test";
export const CRAWLER_ACCOUNT = { username: "crawler", password: "observatory-test-password" } as const;
export const CRAWLER_JID = `${CRAWLER_ACCOUNT.username}@${HOME_DOMAIN}`;

/**
 * An account at each of the crawler's homes whose password SASLprep (RFC 4013) changes: the Roman
 * numeral nine becomes "IX" (NFKC) and the soft hyphen is mapped to nothing. Prosody (SASLprep) and
 * ejabberd (resourceprep, which agrees on both) derive the account's SCRAM keys from "IX-observatory-test-password".
 */
export const PREPARED_PASSWORD_ACCOUNT = { username: "prepared", password: "\u2168-observatory-test\u00ad-password" } as const;

/** The domains of the hosts on Prosody 13 and ejabberd 24.12 (each the crawler's home on its server). */
export const PROSODY13_DOMAIN = "p13.test";
export const EJABBERD24_DOMAIN = "ej24.test";

/**
 * The crawler's account has a home on each of the four servers (crawler@<domain>, one password),
 * from which it logs in and probes the others over s2s. `server` names the server it is on.
 */
export const CRAWLER_HOMES = [
  { domain: HOME_DOMAIN, address: ADDRESSES.prosody, server: "home" },
  { domain: "ej.test", address: ADDRESSES.ejabberd, server: "ejabberd" },
  { domain: PROSODY13_DOMAIN, address: ADDRESSES.prosody13, server: "prosody13" },
  { domain: EJABBERD24_DOMAIN, address: ADDRESSES.ejabberd24, server: "ejabberd24" },
] as const;

/**
 * People with accounts in the federation: good.test's operator (an xmpp: admin address and in
 * administrators), hostile.test's administrator (in administrators only), bad.test's operator
 * (listed without the xmpp: scheme), and a stranger.
 */
export const PEOPLE = {
  operator: { username: "admin", domain: "good.test", password: "operator-test-password" },
  administrator: { username: "admin", domain: "hostile.test", password: "administrator-test-password" },
  schemeless: { username: "abuse", domain: "bad.test", password: "schemeless-test-password" },
  stranger: { username: "stranger", domain: "good.test", password: "stranger-test-password" },
  /** On ejabberd: ej.test lists admin@ej.test as an xmpp: admin address and in administrators. */
  ejabberdOperator: { username: "admin", domain: "ej.test", password: "ejabberd-operator-test-password" },
} as const;

/**
 * Accounts on good.test that the authbot test lists in every way an operator might write them
 * (test/federation/authbot.test.ts publishes the listing on good.test while it runs).
 */
export const JOINER_NAMES = [
  "exact",
  "caps",
  "domaincaps",
  "schemecaps",
  "join",
  "message",
  "sec",
  "second",
  "full",
  "noscheme",
  "authority",
  "escaped",
  "onlyadmin",
  "helper",
  "secondform",
  "misspelt",
] as const;
export type JoinerName = (typeof JOINER_NAMES)[number];
export const JOINERS: Record<JoinerName, { username: string; domain: string; password: string }> = Object.fromEntries(
  JOINER_NAMES.map((username) => [username, { username, domain: "good.test", password: `joiner-${username}-test-password` }]),
) as Record<JoinerName, { username: string; domain: string; password: string }>;

/**
 * The self-test's administrators and the other accounts that own their rooms and nodes
 * (test/federation/selftest.test.ts). On each host, `admin` is an admin of the MUC and PubSub
 * components and listed in administrators; `other` owns the room and the node; on admins.test,
 * `unlisted` is an admin of its components whom administrators does not list.
 */
export const SELFTEST_PEOPLE = {
  admin: { username: "admin", domain: "admins.test", password: "selftest-admin-test-password" },
  other: { username: "other", domain: "admins.test", password: "selftest-other-test-password" },
  unlisted: { username: "unlisted", domain: "admins.test", password: "selftest-unlisted-test-password" },
  strictAdmin: { username: "admin", domain: "owners.test", password: "selftest-strict-admin-test-password" },
  servicesAdmin: { username: "admin", domain: "services.test", password: "selftest-services-admin-test-password" },
  ejabberdAdmin: { username: "admin", domain: "ejadmins.test", password: "selftest-ejabberd-admin-test-password" },
  ejabberdStrictAdmin: { username: "admin", domain: "ejowners.test", password: "selftest-ejabberd-strict-admin-test-password" },
} as const;

/**
 * The rooms and nodes of the self-test's hosts, each owned by an account that is not the administrator under test.
 * admins.test's room has a password: its owner form, which the self-test reads, carries it (muc#roomconfig_roomsecret).
 */
export const SELFTEST_TARGETS = {
  prosodyRoom: { jid: "lobby@rooms.admins.test", owner: "other@admins.test", password: "lobby-room-secret-not-for-output" },
  prosodyNode: { service: "nodes.admins.test", node: "news", owner: "other@admins.test" },
  strictRoom: { jid: "lobby@rooms.owners.test", owner: "other@owners.test" },
  strictNode: { service: "nodes.owners.test", node: "news", owner: "other@owners.test" },
  /** Rooms on conference.ejadmins.test owned by another account: six, one more than the self-test asks for (XEP-0059). */
  ejabberdRooms: [1, 2, 3, 4, 5, 6].map((i) => ({ jid: `lobby${i}@conference.ejadmins.test`, owner: "other@ejadmins.test" })),
  ejabberdStrictRoom: { jid: "lobby@conference.ejowners.test", owner: "other@ejowners.test" },
  /** How many rooms many.services.test lists (mod_test_service); none of them ever answers. */
  manyRooms: 20_000,
} as const;

/**
 * The self-test on today's servers (test/federation/selftest.test.ts), one host per configuration:
 * on Prosody 13.0.1, owners13.test keeps 13's MUC default (component admins are not room owners)
 * and takes the PubSub admins' affiliation away; admins13.test applies the 13 fixes' text (MUC:
 * `component_admins_as_room_owners = true`; PubSub: 13's default). On ejabberd 24.12,
 * ejadmins24.test has mod_muc's access_admin, a PubSub service and FAST; ejowners24.test has none of them.
 * Each `other` owns its host's room and node (and has no account); `server` names the server that holds the account.
 */
export const SELFTEST_TODAY = {
  prosody13Admin: { username: "admin", domain: "admins13.test", password: "selftest-p13-admin-test-password", server: "prosody13" },
  prosody13StrictAdmin: { username: "admin", domain: "owners13.test", password: "selftest-p13-strict-admin-test-password", server: "prosody13" },
  ejabberd24Admin: { username: "admin", domain: "ejadmins24.test", password: "selftest-ej24-admin-test-password", server: "ejabberd24" },
  ejabberd24StrictAdmin: { username: "admin", domain: "ejowners24.test", password: "selftest-ej24-strict-admin-test-password", server: "ejabberd24" },
  /** Logs in with xmpp.js's own client, which asks for a FAST token: the listing of tokens must see it. */
  fastClient: { username: "fastclient", domain: "ejadmins24.test", password: "selftest-ej24-fast-client-test-password", server: "ejabberd24" },
} as const;

export const SELFTEST_TODAY_TARGETS = {
  prosody13Room: { jid: "lobby@rooms.admins13.test", owner: "other@admins13.test" },
  prosody13Node: { service: "nodes.admins13.test", node: "news", owner: "other@admins13.test" },
  prosody13StrictRoom: { jid: "lobby@rooms.owners13.test", owner: "other@owners13.test" },
  prosody13StrictNode: { service: "nodes.owners13.test", node: "news", owner: "other@owners13.test" },
  ejabberd24Room: { jid: "lobby@conference.ejadmins24.test", owner: "other@ejadmins24.test" },
  /** Created by its owner through ejabberdctl send_stanza (mod_admin_extra): ejabberd has no command that makes a node. */
  ejabberd24Node: { service: "pubsub.ejadmins24.test", node: "news", owner: "other@ejadmins24.test" },
  ejabberd24StrictRoom: { jid: "lobby@conference.ejowners24.test", owner: "other@ejowners24.test" },
} as const;

/** The people whose accounts are on ejabberd, not on the home Prosody. */
export const EJABBERD_PEOPLE: ReadonlyArray<{ username: string; domain: string; password: string }> = [
  PEOPLE.ejabberdOperator,
  SELFTEST_PEOPLE.ejabberdAdmin,
  SELFTEST_PEOPLE.ejabberdStrictAdmin,
];

/** A Lua value, rendered by toLua. */
export type LuaValue = string | number | boolean | LuaValue[] | { [key: string]: LuaValue };

export interface ProsodyHost {
  domain: string;
  /** Host-level options (VirtualHost section). */
  options: Record<string, LuaValue>;
  /** Lines of Lua written into the VirtualHost section as they are: configurations as operators really write them. */
  rawLua?: string[];
  /** Internal components under this host: jid -> Prosody component module. */
  components?: Record<string, { module: string; options?: Record<string, LuaValue>; rawLua?: string[] }>;
  /** false: served, but not offered to the crawl (the self-test's hosts: test/federation/selftest.test.ts). */
  crawled?: false;
}

const SERVERINFO_FORM_TYPE = `<field var='FORM_TYPE' type='hidden'><value>http://jabber.org/network/serverinfo</value></field>`;
/** A form field; type null leaves the type attribute out. */
const field = (name: string, values: string[], type: string | null = "list-multi") =>
  `<field var='${name}'${type !== null ? ` type='${type}'` : ""}>${values.map((v) => `<value>${escapeXml(v)}</value>`).join("")}</field>`;
const form = (fields: string, attrs = "type='result'") => `<x xmlns='jabber:x:data' ${attrs}>${fields}</x>`;

/** Host options that replace Prosody's own serverinfo form with raw forms (mod_test_disco). */
const publishesOnly = (...forms: string[]): Record<string, LuaValue> => ({
  modules_enabled: ["test_disco"],
  modules_disabled: ["server_contact_info"],
  test_disco_extensions: forms,
});

export function escapeXml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/'/g, "&apos;").replace(/"/g, "&quot;");
}

/** Values that try everything a hostile server could put in front of the site. */
export const HOSTILE = {
  longValue: `https://hostile.test/${"a".repeat(5000)}`,
  manyValues: Array.from({ length: 300 }, (_, i) => `mailto:spam${i}@hostile.test`),
  markup: `<script>alert("xss")</script><img src=x onerror=alert(1)>`,
  javascript: "javascript:alert(document.cookie)",
  data: "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
  attributeBreak: `https://hostile.test/" onmouseover="alert(1)`,
  csv: '=HYPERLINK("https://hostile.test")',
  bidi: "xmpp:admin@hostile.test\u202egnp.exe",
} as const;

/** How many other domains sprawl.test names. */
export const SPRAWL = { contacts: 300 } as const;

/** The deep and huge answers of deep.test and huge.test. */
export const HOSTILE_SIZES = { depth: 5000, valueChars: 1_000_000, valueChar: "€" } as const;

/**
 * contact_info as operators write it after the community module's documentation ("each field is
 * either a string or a list of strings"): abuse without braces, admin with a second value that
 * becomes a positional entry of the table, security in braces.
 */
const bracesContactInfo = (domain: string) =>
  `contact_info = { abuse = "mailto:abuse@${domain}"; admin = "mailto:admin@${domain}", "xmpp:admin@${domain}"; security = { "mailto:security@${domain}" } }`;

/**
 * The hosts that run the recipes of deploy/recipes/, each on the version it is for, not crawled
 * (test/federation/recipes.test.ts checks them): the recipe's very text, written for the host's domain.
 */
export const RECIPE_HOSTS = {
  prosody012: "recipe012.test",
  prosody13: "recipe13.test",
  ejabberd23: "recipe-ej23.test",
  ejabberd24: "recipe-ej24.test",
} as const;
const prosodyRecipeHost = (domain: string, file: string): ProsodyHost => ({
  domain,
  crawled: false,
  options: {},
  rawLua: readRecipe(file, domain).trimEnd().split("\n"),
});
const ejabberdRecipeHost = (domain: string): EjabberdHost => ({ domain, crawled: false, serverInfo: [], recipe: readRecipe("ejabberd.yml", domain) });

export const PROSODY_HOSTS: ProsodyHost[] = [
  {
    // The crawler's home; admins without contact_info: Prosody derives admin-addresses.
    domain: HOME_DOMAIN,
    options: { admins: ["admin@home.test"] },
  },
  {
    // Everything right, administrators included, with a MUC component.
    domain: "good.test",
    options: {
      // test_disco: a test can change what good.test publishes between two crawls (disco-overrides).
      modules_enabled: ["serverinfo_administrators", "test_disco"],
      modules_disabled: ["server_contact_info"],
      contact_info: {
        abuse: ["mailto:abuse@good.test", "xmpp:abuse@good.test"],
        admin: ["xmpp:admin@good.test", "mailto:admin@good.test"],
        security: ["mailto:security@good.test", "https://good.test/.well-known/security.txt"],
        support: ["https://good.test/support", "xmpp:support@muc.good.test?join"],
      },
      serverinfo_administrators: ["admin@good.test"],
    },
    components: {
      "muc.good.test": {
        module: "muc",
        options: {
          name: "Good Test chatrooms",
          modules_enabled: ["test_rooms"],
          test_rooms: [
            { jid: ROOMS.prosody.open, public: true, members_only: false },
            { jid: ROOMS.prosody.membersOnly, public: true, members_only: true },
            { jid: ROOMS.prosody.gone, public: true, members_only: false, destroyed: true },
          ],
        },
      },
    },
  },
  {
    // Bad values in Prosody's own form, and an item in disco#items that does not exist.
    domain: "bad.test",
    options: {
      contact_info: {
        abuse: ["abuse@bad.test", "mailto:"],
        admin: ["admin@bad.test", "xmpp:admin@bad.test/resource"],
        feedback: [""],
        security: ["http://bad.test/security", "javascript:alert(1)"],
        support: ["  https://bad.test/ support ", "xmpp:not a jid@@bad.test"],
        status: ["tel:+49-30-1234567"],
      },
      disco_items: [["ghost.bad.test", "A component nobody runs"]],
    },
  },
  {
    // Two serverinfo forms: Prosody's own, and a second module's.
    domain: "dup.test",
    options: {
      modules_enabled: ["serverinfo_administrators"],
      contact_info: { admin: ["xmpp:admin@dup.test"] },
      serverinfo_administrators: ["admin@dup.test"],
    },
  },
  {
    // No contact_info: admin-addresses derived from admins, escaped.
    domain: "fallback.test",
    options: { admins: ["boss@fallback.test"] },
  },
  {
    // No serverinfo form at all.
    domain: "plain.test",
    options: { modules_disabled: ["server_contact_info"] },
  },
  {
    // Every way a published address can fail to reach anyone: an unreachable XMPP domain, missing
    // and members-only rooms on Prosody and ejabberd, a null MX, a domain without MX or address, a
    // 404, a redirect loop, a redirect to plain http, a page slower than the checks wait, and
    // security.txt files expired and without Contact. plain.test receives mail by the address fallback.
    domain: "contacts.test",
    options: {
      contact_info: {
        abuse: [`mailto:abuse@${MAIL.nullMx}`, "xmpp:abuse@dead.test"],
        admin: ["xmpp:admin@good.test", `mailto:admin@${MAIL.noMx}`],
        feedback: [`https://${WEB_DOMAIN}/to-http`, "mailto:feedback@plain.test"],
        security: [`https://${WEB_DOMAIN}/expired/security.txt`, `https://${WEB_DOMAIN}/nocontact/security.txt`],
        support: [
          `xmpp:${ROOMS.prosody.missing}?join`,
          `xmpp:${ROOMS.prosody.membersOnly}?join`,
          `xmpp:${ROOMS.ejabberd.missing}?join`,
          `xmpp:${ROOMS.ejabberd.membersOnly}?join`,
          `https://${WEB_DOMAIN}/missing`,
          `https://${WEB_DOMAIN}/loop`,
          `https://${WEB_DOMAIN}/slow`,
          `https://${WEB_DOMAIN}/page`,
        ],
      },
    },
  },
  {
    // As operators write contact_info after the community module's documentation ("each field is
    // either a string or a list of strings"): Prosody 0.12 drops a value without braces, and the
    // second value of admin becomes a positional entry of the table, lost too.
    domain: "braces.test",
    options: {},
    rawLua: [bracesContactInfo("braces.test")],
  },
  {
    // A domain in admins and no contact_info: Prosody publishes xmpp:serveradmin.test in admin-addresses.
    domain: "serveradmin.test",
    options: { admins: ["serveradmin.test"] },
  },
  {
    // An operator written with a percent-escape (RFC 5122): xmpp:%6Aane@escaped.test means
    // jane@escaped.test, which authbot, reading it literally, refuses.
    domain: "escaped.test",
    options: { contact_info: { admin: ["xmpp:%6Aane@escaped.test"] } },
  },
  {
    // Addresses nobody on the internet can use: mail to special-use names and to MX hosts that are
    // localhost, private or without address; a room that is gone; a template never filled in.
    domain: "unreachable-mail.test",
    options: {
      contact_info: {
        abuse: ["mailto:abuse@localhost"],
        admin: [
          "mailto:admin@corp.internal",
          `mailto:admin@${MAIL.localhostMx.domain}`,
          `mailto:admin@${MAIL.privateMx.domain}`,
          `mailto:admin@${MAIL.noAddressMx.domain}`,
          "xmpp:admin@unreachable-mail.test",
        ],
        feedback: ["mailto:{{ feedback_email }}"],
        support: [`xmpp:${ROOMS.prosody.gone}?join`],
      },
    },
  },
  {
    // Hostile values: scripts, markup, dangerous schemes, one over-long value, too many values.
    domain: "hostile.test",
    options: publishesOnly(
      form(
        SERVERINFO_FORM_TYPE +
          field("abuse-addresses", [HOSTILE.markup, HOSTILE.javascript, ...HOSTILE.manyValues]) +
          field("admin-addresses", [HOSTILE.bidi, HOSTILE.data]) +
          field("support-addresses", [HOSTILE.longValue, HOSTILE.attributeBreak]) +
          field("feedback-addresses", [HOSTILE.csv]) +
          field("administrators", [HOSTILE.markup, "admin@hostile.test"]),
      ),
    ),
  },
  {
    // Every field and administrators defect, and administrators in a form that is not serverinfo.
    domain: "fields.test",
    options: publishesOnly(
      form(
        SERVERINFO_FORM_TYPE +
          field("abuse-address", ["mailto:abuse@fields.test"]) +
          field("admin-addresses", ["xmpp:admin@fields.test", "xmpp:ops@fields.test"], "text-multi") +
          field("support-addresses", ["https://fields.test/support", "https://fields.test/support"], null) +
          field("sales-addresses", ["sales@fields.test", " mailto:sales@fields.test"]) +
          field("status-addresses", ["see our website"]) +
          field("feedback-addresses", ["xmpp:bad@@fields.test", "sip:feedback@fields.test"]) +
          field("security-addresses", []) +
          field("security-addresses", ["mailto:security@fields.test"]) +
          field("x-custom", ["1"]) +
          field("{urn:example:observatory}note", ["namespaced, so allowed"]) +
          field(
            "administrators",
            [
              "xmpp:root@fields.test",
              "Admin@Fields.test",
              "admin@fields.test/laptop",
              "fields.test",
              "ops@elsewhere.test",
              "ops@elsewhere.test",
              "not valid@fields.test",
            ],
            "jid-multi",
          ),
      ),
      form(`<field var='FORM_TYPE' type='hidden'><value>urn:example:other</value></field>` + field("administrators", ["admin@fields.test"])),
    ),
  },
  {
    // A whole answer that breaks disco#info and form structure.
    domain: "form.test",
    options: {
      modules_enabled: ["test_disco"],
      test_disco_answer: [
        `<query xmlns='http://jabber.org/protocol/disco#info'>` +
          `<identity category='server' type='im' name='One'/><identity category='server' type='im' name='Two'/><identity name='Nameless'/>` +
          `<feature var='urn:xmpp:ping'/><feature var='urn:xmpp:ping'/>` +
          form(
            `<field var='FORM_TYPE'><value>http://jabber.org/network/serverinfo</value><value>urn:example:other</value></field>` +
              field("abuse-addresses", ["mailto:abuse@form.test"]) +
              `<reported><field var='abuse-addresses'/></reported>`,
            "type='form'",
          ) +
          `</query>`,
        form(SERVERINFO_FORM_TYPE),
      ],
    },
  },
  {
    // An answer with no identity at all.
    domain: "noidentity.test",
    options: {
      modules_enabled: ["test_disco"],
      test_disco_answer: [`<query xmlns='http://jabber.org/protocol/disco#info'><feature var='http://jabber.org/protocol/disco#info'/></query>`],
    },
  },
  {
    // A bare domain that presents itself as a gateway, with an empty administrators list.
    domain: "gateway.test",
    options: {
      modules_enabled: ["test_disco"],
      test_disco_answer: [
        `<query xmlns='http://jabber.org/protocol/disco#info'><identity category='gateway' type='irc' name='IRC'/><feature var='http://jabber.org/protocol/disco#info'/>` +
          form(
            SERVERINFO_FORM_TYPE +
              field("abuse-addresses", ["mailto:abuse@gateway.test"]) +
              field("admin-addresses", ["xmpp:admin@gateway.test"]) +
              field("administrators", []),
          ) +
          `</query>`,
      ],
    },
  },
  {
    // An answer nested 5,000 elements deep, after a serverinfo form.
    domain: "deep.test",
    options: { modules_enabled: ["test_disco"], test_disco_raw: { depth: HOSTILE_SIZES.depth } },
  },
  {
    // An answer of about 3 MB: one support address of a million three-byte characters, which
    // TLS records (16 KB) split in the middle, after a form with an abuse address.
    domain: "huge.test",
    options: { modules_enabled: ["test_disco"], test_disco_raw: { value_chars: HOSTILE_SIZES.valueChars, value_char: HOSTILE_SIZES.valueChar } },
  },
  {
    // Sprawl: 300 operators on 300 other domains, and disco#items entries outside the domain,
    // one of them another host's component on our own server. Discovery must stay within its
    // bounds, and nothing outside sprawl.test may be asked as its component.
    domain: "sprawl.test",
    options: {
      contact_info: { admin: Array.from({ length: SPRAWL.contacts }, (_, i) => `xmpp:admin@d${i}.sprawl-elsewhere.test`) },
      disco_items: [["muc.good.test", "someone else's rooms"], ...Array.from({ length: 20 }, (_, i) => [`svc.item${i}.test`, "elsewhere"])],
    },
  },
  {
    // No disco module: every disco#info query gets service-unavailable from the domain itself.
    domain: "error.test",
    options: { modules_disabled: ["disco"] },
  },
  {
    // The self-test passes: Prosody 0.12's defaults make the components' admins owners of every
    // room (component_admins_as_room_owners) and node (default_admin_affiliation = "owner").
    domain: "admins.test",
    crawled: false,
    options: {
      admins: ["admin@admins.test"],
      // One serverinfo form, with administrators (Prosody's own would come first, without it).
      modules_enabled: ["serverinfo_administrators"],
      modules_disabled: ["server_contact_info"],
      contact_info: { admin: ["xmpp:admin@admins.test"] },
      serverinfo_administrators: ["admin@admins.test"],
    },
    components: {
      "rooms.admins.test": {
        module: "muc",
        options: {
          admins: ["admin@admins.test", "unlisted@admins.test"],
          modules_enabled: ["test_rooms"],
          test_rooms: [
            {
              jid: SELFTEST_TARGETS.prosodyRoom.jid,
              public: true,
              members_only: false,
              owner: SELFTEST_TARGETS.prosodyRoom.owner,
              password: SELFTEST_TARGETS.prosodyRoom.password,
            },
          ],
        },
      },
      "nodes.admins.test": {
        module: "pubsub",
        options: {
          // On Prosody 0.12 a PubSub component lets only its admins create nodes: `other` is a second admin, and creates the node.
          admins: ["admin@admins.test", "unlisted@admins.test", "other@admins.test"],
          modules_enabled: ["test_nodes"],
          test_nodes: [{ node: SELFTEST_TARGETS.prosodyNode.node, owner: SELFTEST_TARGETS.prosodyNode.owner }],
        },
      },
    },
  },
  {
    // The self-test fails: the same, with the two settings that take administrators' rights away.
    domain: "owners.test",
    crawled: false,
    options: {
      admins: ["admin@owners.test"],
      // One serverinfo form, with administrators (Prosody's own would come first, without it).
      modules_enabled: ["serverinfo_administrators"],
      modules_disabled: ["server_contact_info"],
      contact_info: { admin: ["xmpp:admin@owners.test"] },
      serverinfo_administrators: ["admin@owners.test"],
    },
    components: {
      "rooms.owners.test": {
        module: "muc",
        options: {
          admins: ["admin@owners.test"],
          component_admins_as_room_owners: false,
          modules_enabled: ["test_rooms"],
          test_rooms: [{ jid: SELFTEST_TARGETS.strictRoom.jid, public: true, members_only: false, owner: SELFTEST_TARGETS.strictRoom.owner }],
        },
      },
      "nodes.owners.test": {
        module: "pubsub",
        options: {
          admins: ["admin@owners.test"],
          default_admin_affiliation: "none",
          modules_enabled: ["test_nodes"],
          test_nodes: [{ node: SELFTEST_TARGETS.strictNode.node, owner: SELFTEST_TARGETS.strictNode.owner }],
        },
      },
    },
  },
  {
    // Hostile services for the self-test: a MUC service that never lists its rooms, and one that
    // lists 20,000 rooms of which none answers (mod_test_service).
    domain: "services.test",
    crawled: false,
    options: {
      admins: ["admin@services.test"],
      // One serverinfo form, with administrators (Prosody's own would come first, without it).
      modules_enabled: ["serverinfo_administrators"],
      modules_disabled: ["server_contact_info"],
      contact_info: { admin: ["xmpp:admin@services.test"] },
      serverinfo_administrators: ["admin@services.test"],
    },
    components: {
      "silent.services.test": { module: "test_service", options: { test_service_items: 0 } },
      "many.services.test": { module: "test_service", options: { test_service_items: SELFTEST_TARGETS.manyRooms } },
    },
  },
  // The crowd: each lists its share of the twenty names on the web server's address, and nothing else.
  ...CROWD.domains.map((domain, i): ProsodyHost => ({ domain, crawled: false, options: { contact_info: { support: crowdAddresses(i) } } })),
  prosodyRecipeHost(RECIPE_HOSTS.prosody012, "prosody-0.12.cfg.lua"),
  // Hosts that trip a rule on 0.12, for its fix to be run on them (scripts/federation/fix-cases.ts).
  ...prosodyFixHosts("home"),
];

export interface EjabberdHost {
  domain: string;
  /** false: served, but not offered to the crawl. */
  crawled?: false;
  /** Accounts mod_muc's access_admin makes owners of every room (none when absent: ejabberd's default). */
  mucAccessAdmin?: string[];
  /** mod_disco server_info entries. */
  serverInfo: Array<{ modules: "all" | string[]; name: string; urls: string[] }>;
  /** A PubSub service, pubsub.<domain> (mod_pubsub). */
  pubsub?: true;
  /** mod_auth_fast: FAST tokens (XEP-0484), offered inside SASL2 (XEP-0388; ejabberd 24.02 and later). */
  fast?: true;
  /** mod_admin_extra: ejabberdctl send_stanza, with which the federation makes the self-test's node. */
  adminExtra?: true;
  /** A recipe's `modules:` block (deploy/recipes/ejabberd.yml), as it is: it takes the place of serverInfo. */
  recipe?: string;
  /** Servers this host refuses s2s with (ejabberd's s2s_access, for this host only): a blocklist. */
  refusesS2sFrom?: string[];
  /** The federation's certificate leaves this host's names out: it presents one for other names (a wrong-name certificate). */
  certificateOmitsIt?: true;
  /**
   * Its names have only an AAAA record, ::1, in the federation's DNS (no A record): its s2s is
   * reached through its server's listener on [::1]:5269, over IPv6 only.
   */
  ipv6Only?: true;
}

export const EJABBERD_HOSTS: EjabberdHost[] = [
  {
    domain: "ej.test",
    serverInfo: [
      { modules: "all", name: "abuse-addresses", urls: ["mailto:abuse@ej.test", "xmpp:abuse@ej.test"] },
      { modules: "all", name: "admin-addresses", urls: ["xmpp:admin@ej.test", "mailto:admin@ej.test"] },
      { modules: "all", name: "security-addresses", urls: ["https://ej.test/security"] },
      { modules: "all", name: "support-addresses", urls: [`xmpp:${ROOMS.ejabberd.open}?join`] },
      { modules: "all", name: "administrators", urls: ["admin@ej.test", "bob@ej.test"] },
    ],
  },
  {
    // Nothing configured: ejabberd's default form with only FORM_TYPE.
    domain: "bare.test",
    serverInfo: [],
  },
  {
    // The self-test passes on ejabberd: mod_muc's access_admin names the administrator listed in administrators.
    domain: "ejadmins.test",
    crawled: false,
    serverInfo: [{ modules: "all", name: "administrators", urls: ["admin@ejadmins.test"] }],
    mucAccessAdmin: ["admin@ejadmins.test"],
  },
  {
    // The self-test fails on ejabberd: administrators lists admin@ejowners.test, and mod_muc has no access_admin.
    domain: "ejowners.test",
    crawled: false,
    serverInfo: [{ modules: "all", name: "administrators", urls: ["admin@ejowners.test"] }],
  },
  ejabberdRecipeHost(RECIPE_HOSTS.ejabberd23),
  ...ejabberdFixHosts("ejabberd"),
  ...vantageEjabberdHosts(),
];

/**
 * A self-test host on Prosody 13 (SELFTEST_TODAY): administrators from 13's own mod_server_info,
 * and MUC and PubSub components whose admin is the administrator. admins13.test carries the 13
 * fixes' text; owners13.test keeps the MUC default and sets default_admin_affiliation = "none".
 */
function selftest13Host(domain: "admins13.test" | "owners13.test"): ProsodyHost {
  const fixed = domain === "admins13.test";
  const t = SELFTEST_TODAY_TARGETS;
  const room = fixed ? t.prosody13Room : t.prosody13StrictRoom;
  const node = fixed ? t.prosody13Node : t.prosody13StrictNode;
  const admin = `admin@${domain}`;
  return {
    domain,
    crawled: false,
    options: {
      server_info_extensions: [{ name: "administrators", type: "list-multi" }],
      server_info: { administrators: [admin] },
    },
    components: {
      [`rooms.${domain}`]: {
        module: "muc",
        options: {
          admins: [admin],
          // The 13 fix for muc-owner-rights, as its text says; owners13.test keeps 13's default (false).
          ...(fixed && { component_admins_as_room_owners: true }),
          modules_enabled: ["test_rooms"],
          test_rooms: [{ jid: room.jid, public: true, members_only: false, owner: room.owner }],
        },
      },
      [`nodes.${domain}`]: {
        module: "pubsub",
        options: {
          admins: [admin],
          ...(!fixed && { default_admin_affiliation: "none" }),
          modules_enabled: ["test_nodes"],
          test_nodes: [{ node: node.node, owner: node.owner }],
        },
      },
    },
  };
}

/** The hosts of Prosody 13.0.1 (ADDRESSES.prosody13). */
export const PROSODY13_HOSTS: ProsodyHost[] = [
  {
    // The crawler's home on Prosody 13, with a MUC and a PubSub component. administrators comes
    // from 13's own mod_server_info: a field defined in server_info_extensions, its value in server_info.
    domain: PROSODY13_DOMAIN,
    options: {
      contact_info: { abuse: [`mailto:abuse@${PROSODY13_DOMAIN}`], admin: [`xmpp:admin@${PROSODY13_DOMAIN}`] },
      server_info_extensions: [{ name: "administrators", type: "list-multi" }],
      server_info: { administrators: [`admin@${PROSODY13_DOMAIN}`] },
    },
    components: {
      [`muc.${PROSODY13_DOMAIN}`]: { module: "muc", options: { name: "Prosody 13 chatrooms" } },
      [`pubsub.${PROSODY13_DOMAIN}`]: { module: "pubsub" },
    },
  },
  prosodyRecipeHost(RECIPE_HOSTS.prosody13, "prosody-13.cfg.lua"),
  ...(["admins13.test", "owners13.test"] as const).map(selftest13Host),
  // braces.test's contact_info on Prosody 13 (not crawled; recipes.test checks it): does 13 still drop a value without braces?
  { domain: "braces13.test", crawled: false, options: {}, rawLua: [bracesContactInfo("braces13.test")] },
  ...prosodyFixHosts("prosody13"),
];

/** The hosts of ejabberd 24.12 (ADDRESSES.ejabberd24). */
export const EJABBERD24_HOSTS: EjabberdHost[] = [
  {
    // The crawler's home on ejabberd 24.12, with a MUC and a PubSub service, and FAST offered in SASL2.
    domain: EJABBERD24_DOMAIN,
    serverInfo: [
      { modules: "all", name: "abuse-addresses", urls: [`mailto:abuse@${EJABBERD24_DOMAIN}`] },
      { modules: "all", name: "admin-addresses", urls: [`xmpp:admin@${EJABBERD24_DOMAIN}`] },
      { modules: "all", name: "administrators", urls: [`admin@${EJABBERD24_DOMAIN}`] },
    ],
    pubsub: true,
    fast: true,
  },
  ejabberdRecipeHost(RECIPE_HOSTS.ejabberd24),
  {
    // The self-test on ejabberd 24.12 (SELFTEST_TODAY): mod_muc's access_admin names the
    // administrator; a PubSub service; FAST offered, so that the self-test's login faces it too.
    domain: "ejadmins24.test",
    crawled: false,
    serverInfo: [{ modules: "all", name: "administrators", urls: ["admin@ejadmins24.test"] }],
    mucAccessAdmin: ["admin@ejadmins24.test"],
    pubsub: true,
    fast: true,
    adminExtra: true,
  },
  {
    // The self-test fails on ejabberd 24.12's MUC: administrators lists admin@ejowners24.test, and mod_muc has no access_admin.
    domain: "ejowners24.test",
    crawled: false,
    serverInfo: [{ modules: "all", name: "administrators", urls: ["admin@ejowners24.test"] }],
  },
  ...ejabberdFixHosts("ejabberd24"),
  ...vantageEjabberd24Hosts(),
];

/**
 * The two ejabberd servers, each an Erlang node of its own (one epmd serves both): Debian's 23.01,
 * and 24.12 run from .servers/ejabberd with its newer libraries ahead of the system's.
 */
export const EJABBERD_SERVERS = {
  ejabberd: { node: "observatory-ejabberd", address: ADDRESSES.ejabberd, hosts: EJABBERD_HOSTS },
  ejabberd24: { node: "observatory-ejabberd24", address: ADDRESSES.ejabberd24, hosts: EJABBERD24_HOSTS },
} as const;
export type EjabberdServerName = keyof typeof EJABBERD_SERVERS;

/** Domains that exist only in DNS, or not at all. */
export const UNREACHABLE = {
  dead: "dead.test",
  tarpit: "tarpit.test",
  nxdomain: "nxdomain.test",
} as const;

/** Every domain the federation offers to crawl, in a stable order. */
export function federationDomains(): string[] {
  const crawled = (h: { crawled?: false }) => h.crawled !== false;
  return [
    ...[...PROSODY_HOSTS, ...EJABBERD_HOSTS, ...PROSODY13_HOSTS, ...EJABBERD24_HOSTS].filter(crawled).map((h) => h.domain),
    ...Object.values(UNREACHABLE),
  ];
}

/**
 * A second vantage (issue 32): the crawler's home on Prosody 13 asks again what the home Prosody
 * could not reach, and domains that fail from one home only, for real reasons. Not crawled: the
 * vantage tests (test/federation/vantages.test.ts) name them.
 */
export const VANTAGE = {
  /** The second vantage's domain: the crawler's home on Prosody 13. */
  second: PROSODY13_DOMAIN,
  /**
   * The domain each vantage probes once per crawl, to tell a broken vantage: on ejabberd, so that
   * every vantage reaches it over s2s (a domain of the home Prosody would tell nothing of home's s2s).
   */
  control: "ej.test",
  /** An ejabberd 23.01 host whose blocklist (s2s_access) refuses s2s with home.test, and with it only. */
  blocksHome: "blockshome.test",
  /**
   * An ejabberd 23.01 host whose certificate does not name it. Prosody 13 requires a valid
   * certificate of it, and of it only (s2s_secure_domains: Prosody's s2s_secure_auth is global,
   * and would change what every other test sees), so p13.test refuses it; home.test, which does
   * not, falls back to dialback.
   */
  wrongName: "wrongname.test",
  /**
   * An ejabberd 24.12 host whose s2s is reachable over IPv6 only: ::1, its one address in the
   * federation's DNS. The home Prosody has IPv6 turned off (use_ipv6 = false) and cannot reach it;
   * Prosody 13 can.
   */
  ipv6Only: "v6only.test",
} as const;

/** The ejabberd 23.01 hosts of the vantage tests (a function: it runs where EJABBERD_HOSTS is built, before VANTAGE's own line). */
function vantageEjabberdHosts(): EjabberdHost[] {
  return [
    {
      domain: "blockshome.test",
      crawled: false,
      // Its admin address is on ej.test: checked over s2s apart from the probe, so that a contact our
      // own server cannot reach when it is sick is seen to be asked through the other vantages.
      serverInfo: [
        { modules: "all", name: "abuse-addresses", urls: ["mailto:abuse@blockshome.test"] },
        { modules: "all", name: "admin-addresses", urls: ["xmpp:admin@ej.test"] },
      ],
      refusesS2sFrom: [HOME_DOMAIN],
    },
    {
      domain: "wrongname.test",
      crawled: false,
      // Its admin address is on blockshome.test, which home.test cannot reach and the second vantage can.
      serverInfo: [
        { modules: "all", name: "abuse-addresses", urls: ["mailto:abuse@wrongname.test"] },
        { modules: "all", name: "admin-addresses", urls: ["xmpp:admin@blockshome.test"] },
      ],
      certificateOmitsIt: true,
    },
  ];
}

/** The ejabberd 24.12 host of the vantage tests: s2s over IPv6 only. */
function vantageEjabberd24Hosts(): EjabberdHost[] {
  return [
    {
      domain: "v6only.test",
      crawled: false,
      serverInfo: [{ modules: "all", name: "abuse-addresses", urls: ["mailto:abuse@v6only.test"] }],
      ipv6Only: true,
    },
  ];
}
