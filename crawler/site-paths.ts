// Where the site puts each domain's page and files: part of the contract between the crawler's
// output and the site, shared by the site, its downloads and the chat replies that link to it.
import { domainToASCII } from "node:url";

/** The URL path segment of a domain: its ASCII (A-label) form, which is plain LDH and needs no escaping. */
export function domainSlug(domain: string): string {
  const ascii = domainToASCII(domain);
  if (!ascii || !/^[a-z0-9.-]+$/.test(ascii)) throw new Error(`not a normalised domain: ${JSON.stringify(domain)}`);
  return ascii;
}

export const serverPath = (domain: string) => `/servers/${domainSlug(domain)}/`;
export const serverJsonPath = (domain: string) => `/data/servers/${domainSlug(domain)}.json`;
export const badgePath = (domain: string) => `/badges/${domainSlug(domain)}.svg`;
export const serverFeedPath = (domain: string) => `/feeds/servers/${domainSlug(domain)}.xml`;
export const rulePath = (id: string) => `/rules/${id}/`;
