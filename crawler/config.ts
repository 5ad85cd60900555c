// Configuration from the environment, also read from a .env file, validated in one place.
// A wrong or missing value is one clear line naming it (ConfigError), never a stack trace.
import { config as loadDotenv } from "dotenv";
import { parseJid } from "./model/jid.ts";

export class ConfigError extends Error {
  override name = "ConfigError";
}

export const DEFAULT_DB = "data/observatory.sqlite";

/** Every variable the crawler reads, with its default: the README's configuration reference. */
export const VARIABLES = {
  OBSERVATORY_JID: "the crawler's own account, a bare JID (required to probe)",
  OBSERVATORY_PASSWORD: "its password (required to probe)",
  OBSERVATORY_SERVICE: "where to connect, xmpp://host:port or xmpps://host:port (default: resolved from the JID's domain as XMPP clients do)",
  OBSERVATORY_DB: `the SQLite store (default ${DEFAULT_DB})`,
  OBSERVATORY_SEEDS: "the seed list a new crawl adds to the domains, one per line ('#' comments, '# source: <name>' names the source of the lines after it; default data/domains.txt; empty: none)",
  OBSERVATORY_OPTOUT: "domains that asked never to be probed, one per line (default data/optout.txt)",
  OBSERVATORY_SITE_URL: "the public address of the site, for feeds and links (default http://localhost:4321)",
} as const;

/** A path variable with a default; set but empty means "none". */
function pathVariable(name: string, fallback: string, env: NodeJS.ProcessEnv): string | undefined {
  const value = environment(env)[name];
  if (value === undefined) return fallback;
  return value.trim() === "" ? undefined : value.trim();
}

export const seedsPath = (env: NodeJS.ProcessEnv = process.env) => pathVariable("OBSERVATORY_SEEDS", "data/domains.txt", env);
export const optoutPath = (env: NodeJS.ProcessEnv = process.env) => pathVariable("OBSERVATORY_OPTOUT", "data/optout.txt", env);

export const DEFAULT_SITE_URL = "http://localhost:4321";

/** The site's public address, without a trailing slash. */
export function siteUrl(env: NodeJS.ProcessEnv = process.env): string {
  const value = environment(env).OBSERVATORY_SITE_URL?.trim() || DEFAULT_SITE_URL;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`OBSERVATORY_SITE_URL ${JSON.stringify(value)} is not a URL, such as https://observatory.example.org`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw new ConfigError(`OBSERVATORY_SITE_URL ${JSON.stringify(value)} must be an http(s) address`);
  return url.href.replace(/\/$/, "");
}

export interface AccountConfig {
  jid: string;
  password: string;
  service: string | undefined;
}

let dotenvLoaded = false;
function environment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  if (env === process.env && !dotenvLoaded) {
    loadDotenv({ quiet: true }); // never overrides what the environment already sets
    dotenvLoaded = true;
  }
  return env;
}

export function databasePath(env: NodeJS.ProcessEnv = process.env): string {
  const value = environment(env).OBSERVATORY_DB?.trim();
  if (value === "") throw new ConfigError("OBSERVATORY_DB is set but empty; unset it to use the default " + DEFAULT_DB);
  return value ?? DEFAULT_DB;
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
  const service = e.OBSERVATORY_SERVICE?.trim() || undefined;
  if (service !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(service);
    } catch {
      url = undefined;
    }
    if (!url || !["xmpp:", "xmpps:"].includes(url.protocol) || !url.hostname || url.pathname.replace(/^\/$/, "") !== "") {
      throw new ConfigError(`OBSERVATORY_SERVICE ${JSON.stringify(service)} must look like xmpp://host:5222 or xmpps://host:5223`);
    }
  }
  return { jid: parsed.normalized, password, service };
}
