// The site's own /.well-known/security.txt (RFC 9116): the observatory checks every server's, and
// publishes one that passes its own check (crawler/model/security-txt.ts). Pure.
import { PROJECT } from "../../crawler/project.ts";

/** RFC 9116 §2.5.5 recommends an Expires "less than a year into the future"; each build (every crawl, for the daemon) renews it. */
export const SECURITY_TXT_VALID_DAYS = 365;

/** The file, for the contacts configured (OBSERVATORY_SECURITY_CONTACT), built at `builtAt`, for the site at `siteUrl`. */
export function securityTxt(contacts: readonly string[], builtAt: Date, siteUrl: string): string {
  const expires = new Date(builtAt.getTime() + SECURITY_TXT_VALID_DAYS * 86_400_000).toISOString().replace(/\.\d+Z$/, "Z");
  return [
    `# ${PROJECT.name}: how to report a security problem with this site (RFC 9116).`,
    ...contacts.map((contact) => `Contact: ${contact}`),
    `Expires: ${expires}`,
    // §2.5.2: a Canonical URI on the web "MUST begin with https://".
    ...(siteUrl.startsWith("https://") ? [`Canonical: ${siteUrl}/.well-known/security.txt`] : []),
    `Policy: ${PROJECT.url}/security/policy`,
    "Preferred-Languages: en",
    "",
  ].join("\n");
}
