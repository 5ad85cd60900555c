// Configuration from the environment, also read from a .env file, validated in one place.
// A wrong or missing value is one clear line naming it (ConfigError), never a stack trace.
import { readFileSync, statSync } from "node:fs";
import { isIP } from "node:net";
import { resolve } from "node:path";
import { config as loadDotenv } from "dotenv";
import cron from "node-cron";
import { bareJid, parseJid } from "./model/jid.ts";
import { isAbsoluteUri, schemeOf } from "./model/uri.ts";
import { PROJECT } from "./project.ts";
import {
  CONTACT_CHECKS,
  DEFAULT_LOGIN_TIMEOUT_MS,
  DORMANT_AFTER_CRAWLS,
  KEEP_CHANGED_PROBES,
  KEPT_RELEASES,
  RECONNECT_PATIENCE_MS,
  SITE_BUILD_ENVIRONMENT,
} from "./politeness.ts";

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Every variable the observatory reads, with its default and what it means: the README's configuration table (a test holds them together). */
export const VARIABLES = {
  OBSERVATORY_JID: { default: undefined, whenUnset: "(required to probe)", description: "the crawler's own account, a bare JID", site: true },
  OBSERVATORY_PASSWORD: { default: undefined, whenUnset: "(required to probe)", description: "its password" },
  OBSERVATORY_SERVICE: {
    default: undefined,
    whenUnset:
      "resolved from the JID's domain, as XMPP clients do (its `_xmpp-client._tcp` SRV records, else the domain on 5222, with STARTTLS), through `OBSERVATORY_DNS_SERVERS`",
    description: "where to connect: `xmpp://host:5222` (STARTTLS) or `xmpps://host:5223`",
  },
  OBSERVATORY_VANTAGES: {
    default: "",
    description:
      "further accounts (bare JIDs, separated by spaces or commas), each on another server: a domain our own server cannot reach is asked again through them, and called unreachable only when every working one fails too",
  },
  OBSERVATORY_VANTAGE_PASSWORD_n: {
    default: undefined,
    whenUnset: "(required for each vantage)",
    description:
      "the password of the n-th account of `OBSERVATORY_VANTAGES` (`OBSERVATORY_VANTAGE_PASSWORD_1` for the first), kept as `OBSERVATORY_PASSWORD` is",
  },
  OBSERVATORY_VANTAGE_SERVICE_n: {
    default: undefined,
    whenUnset: "resolved from that account's domain, as for `OBSERVATORY_SERVICE`",
    description: "where the n-th vantage's session connects, like `OBSERVATORY_SERVICE`",
  },
  OBSERVATORY_VANTAGE_CONTROL: {
    default: undefined,
    whenUnset: "none: every vantage counts as working",
    description:
      "a domain known to answer, on none of the vantages' own servers, which each vantage (ours too) probes once per crawl: a vantage that cannot reach it is broken, and nothing is judged on its word",
  },
  OBSERVATORY_SELFTEST_PASSWORD: {
    default: undefined,
    whenUnset: "asked on the terminal, without echo",
    description: "for `observatory selftest --as <jid>`: the administrator's password (never a flag: it would show in the process list and the shell history)",
  },
  OBSERVATORY_SELFTEST_SERVICE: {
    default: undefined,
    whenUnset: "resolved from the administrator's domain, as XMPP clients do",
    description: "for `observatory selftest`: where the administrator's session connects, like OBSERVATORY_SERVICE",
  },
  OBSERVATORY_DB: {
    default: "data/observatory.sqlite",
    description: "the SQLite store, made readable by its owner only (0600, with its -wal and -shm files): it holds watchers' JIDs and pending opt-out codes",
    site: true,
  },
  OBSERVATORY_SCHEDULE: { default: "0 */6 * * *", description: "the daemon's cron schedule" },
  OBSERVATORY_PUBLISH_DIR: {
    default: "dist",
    description: `where the daemon publishes: a symbolic link to the newest release (releases are kept beside it in \`<path>.releases/\`, the last ${KEPT_RELEASES})`,
  },
  OBSERVATORY_SEEDS: { default: "data/domains.txt", description: "the seed list a new crawl adds to the store (empty: none)" },
  OBSERVATORY_OPTOUT: { default: "data/optout.txt", description: "domains that asked never to be probed, applied at every crawl (empty: none)" },
  OBSERVATORY_OPTOUT_GRACE_DAYS: {
    default: "7",
    description: "days an opted-out domain's history is kept before it is purged; until then `observatory domains optout --undo` restores it",
    site: true,
  },
  OBSERVATORY_KEEP_PROBES: {
    default: "28",
    description: `retention: the newest probes kept for each domain (at least ${DORMANT_AFTER_CRAWLS}, the dormancy count) besides its ${KEEP_CHANGED_PROBES} newest probes that changed something; the others are deleted after each finished crawl`,
  },
  OBSERVATORY_LOGIN_TIMEOUT: {
    default: String(DEFAULT_LOGIN_TIMEOUT_MS / 1000),
    description: "seconds each step of logging in to our own account (connect, STARTTLS, SASL, bind) may take; xmpp.js's own default is 2",
  },
  OBSERVATORY_RECONNECT_PATIENCE: {
    default: String(RECONNECT_PATIENCE_MS / 1000),
    description: "seconds a crawl waits for our own server to come back after the connection drops; past it, the crawl stops (exit 3) and the next run resumes",
  },
  OBSERVATORY_AUTHBOT_ROOMS: {
    default: "",
    description:
      "rooms (bare JIDs, separated by spaces or commas) where the daemon, like `observatory authbot`, grants membership to the operators that joiners' servers list; the account must be an admin or owner there, and the rooms non-anonymous",
    site: true,
  },
  OBSERVATORY_AUTHBOT_RULE: {
    default: "observatory",
    description:
      "whom the authbot mode lets in: `observatory` (normalised JIDs; xmpp: abuse, admin and security addresses and administrators; never a room) or `authbot` (exactly as the XSF's authbot decides: crawler/operators/authbot.ts)",
    site: true,
  },
  OBSERVATORY_DNS_SERVERS: {
    default: undefined,
    whenUnset: "the system resolver's (/etc/resolv.conf)",
    description:
      "DNS servers (IP addresses, separated by spaces or commas) the contact checks ask for MX and address records, and a login without a service asks for its server's SRV records",
  },
  OBSERVATORY_HTTPS_CA: {
    default: undefined,
    whenUnset: "Node's bundled roots only",
    description: "a PEM file of extra certificate authorities the contact checks trust for https: addresses (a test CA)",
  },
  OBSERVATORY_ALLOW_NETWORK: {
    default: undefined,
    whenUnset: "none: public addresses only",
    description:
      "for tests only: one private or loopback network (CIDR, such as 127.0.0.0/8) the contact checks may reach; by default nothing private, loopback, link-local or multicast is ever contacted, whatever a name resolves to",
  },
  OBSERVATORY_CONTACT_CHECKS: {
    default: "on",
    description: "`off` skips checking that published addresses work (DNS, web, rooms); addresses are then shown as not checked",
  },
  OBSERVATORY_CHECK_REUSE: {
    default: String(CONTACT_CHECKS.reuseWorkingMs / 1000),
    description:
      "seconds a crawl reuses the last check of a published address that works, while DNS gives the same answer for it: its host is not asked again, and its mark keeps the time it was checked; a broken or unknown one is checked at every crawl, `check` always checks afresh; 0: never reuse",
    site: true,
  },
  OBSERVATORY_ENV_FILE: {
    default: undefined,
    whenUnset: "none: only `.env` in the working directory is checked",
    description:
      "the environment file the service manager reads for the daemon (systemd's `EnvironmentFile`; `deploy/serverinfo-observatory.service` sets it): at start, `daemon`, `bot` and `authbot` warn when it, or `.env`, can be read by users other than its owner",
  },
  OBSERVATORY_SITE_URL: {
    default: "http://localhost:4321",
    description: "the site's public address, for absolute links in feeds and badge snippets",
    site: true,
  },
  OBSERVATORY_SITE_OUT: { default: "dist", description: "where `npm run build` writes the site", site: true },
  OBSERVATORY_SECURITY_CONTACT: {
    default: `${PROJECT.url}/security/advisories/new`,
    description:
      "how to report a security problem with this site, published as the `Contact` of its `/.well-known/security.txt` (RFC 9116): one or more `https:`, `mailto:`, `tel:` or `xmpp:` URIs, separated by spaces; set it to your own, the default is the project's (SECURITY.md)",
    site: true,
  },
} as const satisfies Record<string, { default: string | undefined; whenUnset?: string; description: string; site?: true }>;

export type Variable = keyof typeof VARIABLES;
/** The variables with a default value. */
type VariableWithDefault = { [V in Variable]: (typeof VARIABLES)[V]["default"] extends string ? V : never }[Variable];

/**
 * What any process needs to run, none of it a secret: where programs are, a home, temporary files,
 * the locale, the time zone, and Node's own options (a large site's build may need a larger heap).
 */
const PROCESS_BASICS = ["PATH", "HOME", "TMPDIR", "LANG", "LC_ALL", "TZ", "NODE_OPTIONS"] as const;

/**
 * The environment of the site build's child process: an allow-list, the variables the site reads
 * (`site: true` above: none of them a secret) and the process basics, never the account's
 * password nor anything else the daemon's environment holds.
 */
export function siteBuildEnvironment(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const e = environment(env);
  return {
    ...Object.fromEntries([...PROCESS_BASICS, ...SITE_VARIABLES].flatMap((name) => (e[name] === undefined ? [] : [[name, e[name]]]))),
    ...SITE_BUILD_ENVIRONMENT,
  };
}

/** The variables the site reads (`site: true`), which its build receives. */
export const SITE_VARIABLES: readonly string[] = Object.entries(VARIABLES).flatMap(([name, v]) => ("site" in v ? [name] : []));

export const DEFAULT_DB = VARIABLES.OBSERVATORY_DB.default;
export const DEFAULT_SCHEDULE = VARIABLES.OBSERVATORY_SCHEDULE.default;
export const DEFAULT_SITE_URL = VARIABLES.OBSERVATORY_SITE_URL.default;

/** A variable's value, trimmed, or undefined when unset (read from .env too). */
function read(name: Variable, env: NodeJS.ProcessEnv): string | undefined {
  return environment(env)[name]?.trim();
}

/**
 * A variable that must have a value: its own, or its default when unset. Set but empty means
 * "none" for every variable (README, Configuration), and these cannot be none: refused, naming
 * the default that unsetting it gives.
 */
function valueOrDefault(name: VariableWithDefault, env: NodeJS.ProcessEnv): string {
  const value = read(name, env);
  if (value === "")
    throw new ConfigError(`${name} is set but empty, and it cannot be none; unset it to use the default ${JSON.stringify(VARIABLES[name].default)}`);
  return value ?? VARIABLES[name].default;
}

/** A path variable with a default; set but empty means "none". */
function pathVariable(name: "OBSERVATORY_SEEDS" | "OBSERVATORY_OPTOUT", env: NodeJS.ProcessEnv): string | undefined {
  const value = read(name, env);
  if (value === undefined) return VARIABLES[name].default;
  return value === "" ? undefined : value;
}

export const seedsPath = (env: NodeJS.ProcessEnv = process.env) => pathVariable("OBSERVATORY_SEEDS", env);
export const optoutPath = (env: NodeJS.ProcessEnv = process.env) => pathVariable("OBSERVATORY_OPTOUT", env);

/** The daemon's cron schedule: the flag, else OBSERVATORY_SCHEDULE, else every 6 hours; validated now, not at the first run. */
export function scheduleSetting(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  const schedule = flag ?? valueOrDefault("OBSERVATORY_SCHEDULE", env);
  if (!cron.validate(schedule))
    throw new ConfigError(`the schedule ${JSON.stringify(schedule)} is not a valid cron expression (OBSERVATORY_SCHEDULE or --schedule)`);
  return schedule;
}

/** Where the daemon publishes: the flag, else OBSERVATORY_PUBLISH_DIR, else dist. */
export function publishDirSetting(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  return flag ?? valueOrDefault("OBSERVATORY_PUBLISH_DIR", env);
}

/** A whole number variable within bounds, or its default. */
function integerVariable(
  name:
    "OBSERVATORY_OPTOUT_GRACE_DAYS" | "OBSERVATORY_LOGIN_TIMEOUT" | "OBSERVATORY_KEEP_PROBES" | "OBSERVATORY_RECONNECT_PATIENCE" | "OBSERVATORY_CHECK_REUSE",
  min: number,
  max: number,
  env: NodeJS.ProcessEnv,
): number {
  const value = valueOrDefault(name, env);
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max) throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, not ${JSON.stringify(value)}`);
  return n;
}

/** How long a crawl waits for our own server to come back (OBSERVATORY_RECONNECT_PATIENCE), in milliseconds. */
export const reconnectPatienceMs = (env: NodeJS.ProcessEnv = process.env) => integerVariable("OBSERVATORY_RECONNECT_PATIENCE", 1, 86_400, env) * 1000;

/** How long a crawl reuses a check that worked (OBSERVATORY_CHECK_REUSE, in seconds; at most a week), in milliseconds; 0: never. */
export const checkReuseMs = (env: NodeJS.ProcessEnv = process.env) => integerVariable("OBSERVATORY_CHECK_REUSE", 0, 7 * 86_400, env) * 1000;

/** The rooms of the authbot mode: the flag's, else OBSERVATORY_AUTHBOT_ROOMS; each a bare JID with a local part. */
export function authbotRooms(flag?: string[], env: NodeJS.ProcessEnv = process.env): string[] {
  const given = flag ?? (read("OBSERVATORY_AUTHBOT_ROOMS", env) ?? "").split(/[\s,]+/).filter(Boolean);
  return given.map((room) => {
    const parsed = parseJid(room);
    if (!parsed.ok || parsed.jid.local === undefined || parsed.jid.resource !== undefined)
      throw new ConfigError(`the authbot room ${JSON.stringify(room)} is not a room's bare JID, such as operators@muc.example.org`);
    return bareJid(parsed.jid);
  });
}

/** The authbot mode's rule (OBSERVATORY_AUTHBOT_RULE, or the flag): the observatory's own, or authbot's exactly. */
export function authbotRule(authbotRuleFlag = false, env: NodeJS.ProcessEnv = process.env): "observatory" | "authbot" {
  if (authbotRuleFlag) return "authbot";
  const rule = valueOrDefault("OBSERVATORY_AUTHBOT_RULE", env);
  if (rule !== "observatory" && rule !== "authbot")
    throw new ConfigError(`OBSERVATORY_AUTHBOT_RULE must be observatory or authbot, not ${JSON.stringify(rule)}`);
  return rule;
}

/** Days an opted-out domain's history is kept (OBSERVATORY_OPTOUT_GRACE_DAYS). */
export const optOutGraceDays = (env: NodeJS.ProcessEnv = process.env) => integerVariable("OBSERVATORY_OPTOUT_GRACE_DAYS", 0, 365, env);

/** The newest probes kept per domain besides those that changed something (OBSERVATORY_KEEP_PROBES); dormancy needs DORMANT_AFTER_CRAWLS. */
export const keepProbes = (env: NodeJS.ProcessEnv = process.env) => integerVariable("OBSERVATORY_KEEP_PROBES", DORMANT_AFTER_CRAWLS, 1_000_000, env);

/** When the history of a domain that opts out now is purged. */
export function optOutPurgeAfter(now: Date = new Date(), env: NodeJS.ProcessEnv = process.env): string {
  return new Date(now.getTime() + optOutGraceDays(env) * 86_400_000).toISOString();
}

/** How long each step of logging in may take, in milliseconds (OBSERVATORY_LOGIN_TIMEOUT, in seconds). */
export function loginTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  return integerVariable("OBSERVATORY_LOGIN_TIMEOUT", 1, 600, env) * 1000;
}

/**
 * The files that hold the account's password (.env in the working directory, OBSERVATORY_ENV_FILE)
 * that users other than their owner can read, with their modes (such as 0644, what a copy of
 * .env.example gets).
 */
export function environmentFilesReadableByOthers(env: NodeJS.ProcessEnv = process.env): Array<{ file: string; mode: string }> {
  const files = [resolve(".env"), read("OBSERVATORY_ENV_FILE", env)].filter((f): f is string => Boolean(f));
  return files.flatMap((file) => {
    let mode: number;
    try {
      mode = statSync(file).mode & 0o777;
    } catch {
      return []; // none there (or not ours to see): nothing read from it
    }
    return (mode & 0o044) === 0 ? [] : [{ file, mode: `0${mode.toString(8)}` }];
  });
}

/** The site's security contacts (OBSERVATORY_SECURITY_CONTACT), for its security.txt: URIs with a scheme RFC 9116 readers take. */
export function securityContacts(env: NodeJS.ProcessEnv = process.env): string[] {
  const value = valueOrDefault("OBSERVATORY_SECURITY_CONTACT", env);
  const contacts = value.split(/\s+/).filter(Boolean);
  for (const contact of contacts)
    if (!isAbsoluteUri(contact) || !SECURITY_CONTACT_SCHEMES.includes(schemeOf(contact) ?? "") || /^[a-z]+:\/*$/i.test(contact))
      throw new ConfigError(
        `OBSERVATORY_SECURITY_CONTACT: ${JSON.stringify(contact)} is not an https:, mailto:, tel: or xmpp: URI, such as mailto:security@example.org`,
      );
  return contacts;
}

/** RFC 9116 §2.5.3: a web contact "MUST begin with https://"; mail and telephone as mailto: and tel:. And XMPP. */
const SECURITY_CONTACT_SCHEMES = ["https", "mailto", "tel", "xmpp"];

/** The observatory's own account, as the site names it (OBSERVATORY_JID), or undefined. */
export function observatoryJid(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return read("OBSERVATORY_JID", env) || undefined;
}

/** Where the site build writes. */
export function siteOutDir(env: NodeJS.ProcessEnv = process.env): string {
  return valueOrDefault("OBSERVATORY_SITE_OUT", env);
}

/** The site's public address, without a trailing slash. */
export function siteUrl(env: NodeJS.ProcessEnv = process.env): string {
  const value = valueOrDefault("OBSERVATORY_SITE_URL", env);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`OBSERVATORY_SITE_URL ${JSON.stringify(value)} is not a URL, such as https://observatory.example.org`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new ConfigError(`OBSERVATORY_SITE_URL ${JSON.stringify(value)} must be an http(s) address`);
  return url.href.replace(/\/$/, "");
}

/** Where the contact checks may send traffic, and through what: OBSERVATORY_DNS_SERVERS, OBSERVATORY_HTTPS_CA, OBSERVATORY_ALLOW_NETWORK. */
export interface NetworkConfig {
  /** Off: no contact checks at all (OBSERVATORY_CONTACT_CHECKS=off). */
  contactChecks: boolean;
  dnsServers: string[];
  /** PEM text of extra CAs. */
  extraCa: string | undefined;
  /** The one non-public network allowed (tests), as [address, prefix length]. */
  allowNetwork: [string, number] | undefined;
}

/** OBSERVATORY_DNS_SERVERS: the DNS servers of the contact checks and of finding our own server; empty for the system's. */
function dnsServerSetting(env: NodeJS.ProcessEnv): string[] {
  const servers = (read("OBSERVATORY_DNS_SERVERS", env) ?? "").split(/[\s,]+/).filter(Boolean);
  for (const server of servers) {
    // An address, optionally with a port: 192.0.2.1, 192.0.2.1:53, 2001:db8::1 or [2001:db8::1]:53, as dns.setServers takes them.
    const host = /^\[(.+)\](?::\d+)?$/.exec(server)?.[1] ?? /^([^:]+):\d+$/.exec(server)?.[1] ?? server;
    if (!isIP(host)) throw new ConfigError(`OBSERVATORY_DNS_SERVERS: ${JSON.stringify(server)} is not an IP address`);
  }
  return servers;
}

export function networkConfig(env: NodeJS.ProcessEnv = process.env): NetworkConfig {
  const switchValue = valueOrDefault("OBSERVATORY_CONTACT_CHECKS", env).toLowerCase();
  if (switchValue !== "on" && switchValue !== "off") throw new ConfigError(`OBSERVATORY_CONTACT_CHECKS must be on or off, not ${JSON.stringify(switchValue)}`);
  const dnsServers = dnsServerSetting(env);
  const caPath = read("OBSERVATORY_HTTPS_CA", env);
  let extraCa: string | undefined;
  if (caPath) {
    try {
      extraCa = readFileSync(caPath, "utf8");
    } catch (error) {
      throw new ConfigError(`OBSERVATORY_HTTPS_CA: cannot read ${caPath}: ${(error as Error).message}`);
    }
    if (!extraCa.includes("-----BEGIN CERTIFICATE-----")) throw new ConfigError(`OBSERVATORY_HTTPS_CA: ${caPath} holds no PEM certificate`);
  }
  const network = read("OBSERVATORY_ALLOW_NETWORK", env);
  let allowNetwork: [string, number] | undefined;
  if (network) {
    const [address = "", prefix = ""] = network.split("/");
    const bits = Number(prefix);
    const family = isIP(address);
    if (family === 0 || !/^\d+$/.test(prefix) || bits > (family === 4 ? 32 : 128))
      throw new ConfigError(`OBSERVATORY_ALLOW_NETWORK must be one network in CIDR notation, such as 127.0.0.0/8, not ${JSON.stringify(network)}`);
    allowNetwork = [address, bits];
  }
  return { contactChecks: switchValue === "on", dnsServers, extraCa, allowNetwork };
}

export interface AccountConfig {
  jid: string;
  password: string;
  service: string | undefined;
  /** Each step of logging in (OBSERVATORY_LOGIN_TIMEOUT). */
  loginTimeoutMs: number;
  /** Where the SRV records of our own server are asked when no service is set (OBSERVATORY_DNS_SERVERS); empty for the system's. */
  dnsServers: string[];
}

/**
 * .env's values, read once, kept here rather than in process.env: every child process inherits
 * process.env, and a child (the site build) must not receive the account's password.
 */
let dotenvValues: Record<string, string> | undefined;
function environment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (env !== process.env) return env;
  if (dotenvValues === undefined) {
    dotenvValues = {};
    loadDotenv({ quiet: true, processEnv: dotenvValues });
  }
  return { ...dotenvValues, ...env }; // the environment wins over the file
}

export function databasePath(env: NodeJS.ProcessEnv = process.env): string {
  return valueOrDefault("OBSERVATORY_DB", env);
}

export function accountConfig(env: NodeJS.ProcessEnv = process.env): AccountConfig {
  const e = environment(env);
  const jid = e.OBSERVATORY_JID?.trim();
  if (!jid) throw new ConfigError("OBSERVATORY_JID is not set: give the crawler's account, such as observatory@example.org (see .env.example)");
  const parsed = parseJid(jid);
  if (!parsed.ok) throw new ConfigError(`OBSERVATORY_JID ${JSON.stringify(jid)} is not a valid JID: ${parsed.reason}`);
  if (parsed.jid.local === undefined || parsed.jid.resource !== undefined) {
    throw new ConfigError(`OBSERVATORY_JID ${JSON.stringify(jid)} must be a bare account JID, localpart@domain`);
  }
  const password = e.OBSERVATORY_PASSWORD;
  if (!password) throw new ConfigError("OBSERVATORY_PASSWORD is not set: give the password of OBSERVATORY_JID");
  return {
    jid: parsed.normalized,
    password,
    service: serviceSetting("OBSERVATORY_SERVICE", e),
    loginTimeoutMs: loginTimeoutMs(env),
    dnsServers: dnsServerSetting(env),
  };
}

/** A further account the crawl asks through when our own server cannot reach a domain (OBSERVATORY_VANTAGES). */
export interface VantageConfig extends AccountConfig {
  /** Its account's domain: how the reports name it. */
  name: string;
}

/** The vantages besides the crawler's own account, and the domain each probes once per crawl to show it works. */
export interface VantagesConfig {
  vantages: VantageConfig[];
  control: string | undefined;
}

/**
 * OBSERVATORY_VANTAGES, with each account's password and service (OBSERVATORY_VANTAGE_PASSWORD_<n>,
 * OBSERVATORY_VANTAGE_SERVICE_<n>, counted from 1), and OBSERVATORY_VANTAGE_CONTROL.
 */
export function vantagesConfig(env: NodeJS.ProcessEnv = process.env): VantagesConfig {
  const e = environment(env);
  const jids = (read("OBSERVATORY_VANTAGES", env) ?? "").split(/[\s,]+/).filter(Boolean);
  const vantages = jids.map((jid, i): VantageConfig => {
    const n = i + 1;
    const parsed = parseJid(jid);
    if (!parsed.ok || parsed.jid.local === undefined || parsed.jid.resource !== undefined)
      throw new ConfigError(`OBSERVATORY_VANTAGES: ${JSON.stringify(jid)} is not a bare account JID, localpart@domain`);
    const password = e[`OBSERVATORY_VANTAGE_PASSWORD_${n}`];
    if (!password) throw new ConfigError(`OBSERVATORY_VANTAGE_PASSWORD_${n} is not set: give the password of ${parsed.normalized}, the vantage number ${n}`);
    return {
      name: parsed.jid.domain,
      jid: parsed.normalized,
      password,
      service: serviceSetting(`OBSERVATORY_VANTAGE_SERVICE_${n}`, e),
      loginTimeoutMs: loginTimeoutMs(env),
      dnsServers: dnsServerSetting(env),
    };
  });
  const names = vantages.map((v) => v.name);
  const twice = names.find((name, i) => names.indexOf(name) !== i);
  if (twice) throw new ConfigError(`OBSERVATORY_VANTAGES: two accounts on ${twice}; each vantage must be on another server`);
  const control = read("OBSERVATORY_VANTAGE_CONTROL", env) || undefined;
  if (control !== undefined && !/^[a-z0-9.-]+$/i.test(control)) throw new ConfigError(`OBSERVATORY_VANTAGE_CONTROL ${JSON.stringify(control)} is not a domain`);
  return { vantages, control: control?.toLowerCase() };
}

/** Where a session connects (OBSERVATORY_SERVICE, OBSERVATORY_SELFTEST_SERVICE, OBSERVATORY_VANTAGE_SERVICE_<n>): xmpp://host:port or xmpps://host:port, or undefined to resolve the domain. */
function serviceSetting(name: string, e: NodeJS.ProcessEnv): string | undefined {
  const service = e[name]?.trim() || undefined;
  if (service === undefined) return undefined;
  let url: URL | undefined;
  try {
    url = new URL(service);
  } catch {
    url = undefined;
  }
  if (!url || !["xmpp:", "xmpps:"].includes(url.protocol) || !url.hostname || url.pathname.replace(/^\/$/, "") !== "") {
    throw new ConfigError(`${name} ${JSON.stringify(service)} must look like xmpp://host:5222 or xmpps://host:5223`);
  }
  return service;
}

/** The administrator's account for `observatory selftest --as <jid>`; the password is undefined when it must be asked. */
export function selftestAccount(jidFlag: string, env: NodeJS.ProcessEnv = process.env): Omit<AccountConfig, "password"> & { password: string | undefined } {
  const e = environment(env);
  const parsed = parseJid(jidFlag.trim());
  if (!parsed.ok) throw new ConfigError(`--as ${JSON.stringify(jidFlag)} is not a valid JID: ${parsed.reason}`);
  if (parsed.jid.local === undefined || parsed.jid.resource !== undefined)
    throw new ConfigError(`--as ${JSON.stringify(jidFlag)} must be a bare account JID, localpart@domain: the administrator you log in as`);
  return {
    jid: parsed.normalized,
    password: e.OBSERVATORY_SELFTEST_PASSWORD || undefined,
    service: serviceSetting("OBSERVATORY_SELFTEST_SERVICE", e),
    loginTimeoutMs: loginTimeoutMs(env),
    dnsServers: dnsServerSetting(env),
  };
}
