// Whether a mail domain can receive mail from the internet, from its DNS answers alone (RFC 5321
// §5.1, RFC 7505), and which names can never receive it (model/special-names.ts).
// Pure: the resolver stays at the edge, and nothing ever connects to an SMTP server. Whether an
// address counts as reachable is the caller's guard (model/address.ts isPermittedAddress, the
// same the web checks use), passed in.
import { specialUseName } from "./special-names.ts";

export { specialUseName };

export interface MailDnsAnswers {
  /** The MX records, or why there are none: no such name, a name without MX records, or a failed lookup. */
  mx: Array<{ exchange: string; priority: number }> | "nxdomain" | "nodata" | "error";
  /** Whether the name has A or AAAA records; asked only when it has no MX records (the §5.1 fallback). */
  hasAddress?: boolean | "error";
  /** The fallback host's addresses (the domain's own A and AAAA), when it has any. */
  fallbackAddresses?: string[];
  /**
   * The A and AAAA records of the MX hosts asked (the first few by preference): "error" where the
   * lookup failed, "special" where the host has a special-use name and was not asked. A host not
   * here was not asked (past the bound).
   */
  mxAddresses?: Record<string, string[] | "error" | "special">;
}

export type MailDomainVerdict =
  | { kind: "mx"; hosts: string[] }
  | { kind: "address-fallback" }
  | { kind: "null-mx" }
  | { kind: "no-mx" }
  | { kind: "nxdomain" }
  | { kind: "dns-error" }
  /** The mail domain itself has a special-use or private name: nobody on the internet can send to it. */
  | { kind: "special-name"; name: string; why: string }
  /** Every mail host is a special-use name or resolves only to addresses that are not public. */
  | { kind: "unroutable"; hosts: Array<{ host: string; why: string }> }
  /** RFC 5321 §5.1: MX records whose hosts have no address at all, so none is usable. */
  | { kind: "mx-no-address"; hosts: string[] };

/** RFC 7505 §3: a null MX is one record with preference 0 and the root as exchange (resolvers give "" or "."). */
const isRoot = (exchange: string) => exchange === "" || exchange === ".";

/** The mail hosts MX records name, by preference, each once, without the root of a null MX: for the lookup and the judgement alike. */
export function mxHosts(records: Array<{ exchange: string; priority: number }>): string[] {
  const hosts = [...records]
    .filter((r) => !isRoot(r.exchange))
    .sort((a, b) => a.priority - b.priority)
    .map((r) => r.exchange.replace(/\.$/, "").toLowerCase());
  return [...new Set(hosts)];
}

/**
 * What a mail domain's DNS says about receiving mail. `permitted` tells an address someone on the
 * internet can deliver to (in production: a public one).
 */
export function judgeMailDomain(domain: string, answers: MailDnsAnswers, permitted: (address: string) => boolean): MailDomainVerdict {
  const special = specialUseName(domain);
  if (special) return { kind: "special-name", name: domain, why: special };
  const { mx } = answers;
  if (mx === "error") return { kind: "dns-error" };
  if (mx === "nxdomain") return { kind: "nxdomain" };
  if (mx !== "nodata" && mx.length > 0) {
    const hosts = mxHosts(mx);
    // RFC 7505 §3: a domain that publishes a null MX accepts no mail; one that mixes it with other MX records is misconfigured, and the others are what senders try.
    if (hosts.length === 0) return { kind: "null-mx" };
    return judgeMxHosts(hosts, answers.mxAddresses, permitted);
  }
  // RFC 5321 §5.1: without MX records, the name itself is the mail host, if it has an address.
  if (answers.hasAddress === "error") return { kind: "dns-error" };
  if (!answers.hasAddress) return { kind: "no-mx" };
  const addresses = answers.fallbackAddresses ?? [];
  if (addresses.length > 0 && !addresses.some(permitted))
    return { kind: "unroutable", hosts: [{ host: domain, why: `resolves only to ${addresses.slice(0, 3).join(", ")}, not public addresses` }] };
  return { kind: "address-fallback" };
}

function judgeMxHosts(hosts: string[], asked: MailDnsAnswers["mxAddresses"], permitted: (address: string) => boolean): MailDomainVerdict {
  const problems: Array<{ host: string; why: string }> = [];
  let failed = false;
  let withoutAddress = 0;
  for (const host of hosts) {
    const special = specialUseName(host);
    const addresses = special ? "special" : asked?.[host];
    // A host not asked (past the bound), or with a public address, may well take the mail.
    if (addresses === undefined || (Array.isArray(addresses) && addresses.some(permitted))) return { kind: "mx", hosts };
    if (addresses === "error") failed = true;
    else if (addresses === "special") problems.push({ host, why: special ?? "has a special-use name" });
    else if (addresses.length === 0) {
      withoutAddress++;
      problems.push({ host, why: "has no address (A or AAAA)" });
    } else problems.push({ host, why: `resolves only to ${addresses.slice(0, 3).join(", ")}, not public addresses` });
  }
  if (failed) return { kind: "dns-error" };
  if (withoutAddress === hosts.length) return { kind: "mx-no-address", hosts };
  return { kind: "unroutable", hosts: problems };
}
