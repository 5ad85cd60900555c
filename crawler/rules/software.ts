// Which server software a domain runs (from its XEP-0092 answer), and where each one's
// serverinfo settings live. Facts from the projects' sources and docs (docs/server-software.md).
import { SOFTWARE_FAMILIES, type Software, type SoftwareFamily } from "../contract.ts";

export { SOFTWARE_FAMILIES, type SoftwareFamily };

export const SOFTWARE_LABELS: Record<SoftwareFamily, string> = {
  "prosody-0.12": "Prosody 0.12 (and older)",
  "prosody-13": "Prosody 13",
  snikket: "Snikket",
  ejabberd: "ejabberd",
  openfire: "Openfire",
  tigase: "Tigase",
  mongooseim: "MongooseIM",
};

/** Where each software keeps the serverinfo settings: the base every fix builds on. */
export const SOFTWARE_SETTING: Record<SoftwareFamily, string> = {
  "prosody-0.12": "the host's `contact_info` table in prosody.cfg.lua (mod_server_contact_info)",
  "prosody-13": "`contact_info` (mod_server_contact_info) or `server_info` / `server_info_extensions` (mod_server_info) in prosody.cfg.lua",
  snikket: "SNIKKET_ABUSE_EMAIL and SNIKKET_SECURITY_EMAIL in snikket.conf (other fields are not configurable)",
  ejabberd: "`mod_disco: server_info` in ejabberd.yml (one entry per field: `name`, `urls`, `modules`)",
  openfire: "the admin accounts and their e-mail addresses (Openfire publishes only admin-addresses; `admin.disable-exposure` hides them)",
  tigase: "the vhost's `'disco-extensions'` map in config.tdsl",
  mongooseim: "`server_info` in the `[modules.mod_disco]` section of mongooseim.toml",
};

/** Maps a software version answer to a family, or undefined when we do not know the software. */
export function detectSoftware(software: Software | undefined): SoftwareFamily | undefined {
  if (!software) return undefined;
  const name = software.name.toLowerCase();
  const version = software.version ?? "";
  if (name.includes("snikket") || /snikket/i.test(version)) return "snikket";
  if (name.includes("prosody")) {
    const major = Number.parseInt(version.split(".")[0] ?? "", 10);
    return major >= 13 ? "prosody-13" : "prosody-0.12";
  }
  if (name.includes("ejabberd")) return "ejabberd";
  if (name.includes("openfire")) return "openfire";
  if (name.includes("tigase")) return "tigase";
  if (name.includes("mongoose")) return "mongooseim";
  return undefined;
}
