// How a domain joined the list: the label the store records with it and the server's page shows.
// Every label is made here, so the public wording stays consistent. Local paths are cut to their
// file name: the site is public, and an operator's directory layout is not its business. Pure.
import { basename } from "node:path";

const isUrl = (from: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(from);

export const listedVia = {
  operator: () => "added by the operator",
  check: () => "checked with observatory check",
  /** Who asked is not published: the source is on the public page. */
  chat: () => "checked in chat with the observatory",
  /** A list given to a crawl or imported; a "# source:" line in it names the source better than where it was read. */
  crawlFile: (file: string, named?: string) => (named === undefined ? `given to a crawl in ${basename(file)}` : `given to a crawl: ${named}`),
  import: (from: string, named?: string) => (named === undefined ? `imported from ${isUrl(from) ? publicUrl(from) : basename(from)}` : `imported: ${named}`),
  seed: (named?: string) => (named === undefined ? "seed list" : `seed list: ${named}`),
  contactOf: (domain: string) => `found in ${domain}'s contact addresses`,
  administratorOf: (domain: string) => `found in ${domain}'s administrators`,
  itemOf: (domain: string) => `found in ${domain}'s disco#items`,
} as const;

/** A URL without what must never be published: user name, password, query (tokens) and fragment. */
function publicUrl(url: string): string {
  const parsed = URL.parse(url);
  return parsed ? `${parsed.protocol}//${parsed.host}${parsed.pathname}` : "a URL";
}

/** Groups domains by the label each gets, keeping their order, for one insert per label. */
export function groupByLabel(domains: string[], labelOf: (domain: string) => string): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const domain of domains) {
    const label = labelOf(domain);
    const group = groups.get(label);
    if (group) group.push(domain);
    else groups.set(label, [domain]);
  }
  return groups;
}
