// Which server software a domain runs (from its XEP-0092 answer), and where each one's
// serverinfo settings live. Facts from the projects' sources and docs (docs/server-software.md).
import { SOFTWARE_FAMILIES, type Software, type SoftwareFamily } from "../contract.ts";

export { SOFTWARE_FAMILIES, type SoftwareFamily };

export const SOFTWARE_LABELS: Record<SoftwareFamily, string> = {
  "prosody-0.12": "Prosody 0.12 (and older)",
  "prosody-13": "Prosody 13",
  snikket: "Snikket",
  ejabberd: "ejabberd 23 (and older)",
  "ejabberd-24": "ejabberd 24 and later",
  openfire: "Openfire",
  tigase: "Tigase",
  mongooseim: "MongooseIM",
};

/** The software's own name, for "Prosody 13.0.1" and "Tigase's documentation". */
export const SOFTWARE_NAMES: Record<SoftwareFamily, string> = {
  "prosody-0.12": "Prosody",
  "prosody-13": "Prosody",
  snikket: "Snikket",
  ejabberd: "ejabberd",
  "ejabberd-24": "ejabberd",
  openfire: "Openfire",
  tigase: "Tigase",
  mongooseim: "MongooseIM",
};

const EJABBERD_SETTING = "`mod_disco: server_info` in ejabberd.yml (one entry per field: `name`, `urls`, `modules`)";

/** Where each software keeps the serverinfo settings: the base every fix builds on. */
export const SOFTWARE_SETTING: Record<SoftwareFamily, string> = {
  "prosody-0.12": "the host's `contact_info` table in prosody.cfg.lua (mod_server_contact_info)",
  "prosody-13": "`contact_info` (mod_server_contact_info) or `server_info` / `server_info_extensions` (mod_server_info) in prosody.cfg.lua",
  snikket: "SNIKKET_ABUSE_EMAIL and SNIKKET_SECURITY_EMAIL in snikket.conf (other fields are not configurable)",
  ejabberd: EJABBERD_SETTING,
  "ejabberd-24": EJABBERD_SETTING,
  openfire: "the admin accounts and their e-mail addresses (Openfire publishes only admin-addresses; `admin.disable-exposure` hides them)",
  tigase: "the vhost's `'disco-extensions'` map in config.tdsl",
  mongooseim: "`server_info` in the `[modules.mod_disco]` section of mongooseim.toml",
};

/**
 * A family that takes the fixes of the family before it, except where a fix names it: ejabberd 24
 * keeps its serverinfo settings where 23 did, and only a fix that names the version read differs.
 */
const FOLLOWS: Partial<Record<SoftwareFamily, SoftwareFamily>> = { "ejabberd-24": "ejabberd" };

/** The fix written for a family (or for the family it follows), or undefined where the generic one applies. */
export function ownFix(fix: { readonly [F in SoftwareFamily]?: string }, family: SoftwareFamily): string | undefined {
  const follows = FOLLOWS[family];
  return fix[family] ?? (follows && fix[follows]);
}

/**
 * Maps a software version answer to a family, or undefined when we do not know the software. The
 * major version tells the generations apart (Prosody 0.12 and 13, ejabberd 23 and 24); without a
 * version, the older generation.
 */
export function detectSoftware(software: Software | undefined): SoftwareFamily | undefined {
  if (!software) return undefined;
  const name = software.name.toLowerCase();
  const version = software.version ?? "";
  const major = Number.parseInt(version.split(".")[0] ?? "", 10);
  if (name.includes("snikket") || /snikket/i.test(version)) return "snikket";
  if (name.includes("prosody")) return major >= 13 ? "prosody-13" : "prosody-0.12";
  if (name.includes("ejabberd")) return major >= 24 ? "ejabberd-24" : "ejabberd";
  if (name.includes("openfire")) return "openfire";
  if (name.includes("tigase")) return "tigase";
  if (name.includes("mongoose")) return "mongooseim";
  return undefined;
}
