// Whether a mail domain can receive mail, from its DNS answers alone (RFC 5321 §5.1, RFC 7505).
// Pure: the resolver stays at the edge, and nothing ever connects to an SMTP server.

export interface MailDnsAnswers {
  /** The MX records, or why there are none: no such name, a name without MX records, or a failed lookup. */
  mx: Array<{ exchange: string; priority: number }> | "nxdomain" | "nodata" | "error";
  /** Whether the name has A or AAAA records; asked only when it has no MX records (the §5.1 fallback). */
  hasAddress?: boolean | "error";
}

export type MailDomainVerdict =
  { kind: "mx"; hosts: string[] } | { kind: "address-fallback" } | { kind: "null-mx" } | { kind: "no-mx" } | { kind: "nxdomain" } | { kind: "dns-error" };

/** RFC 7505 §3: a null MX is one record with preference 0 and the root as exchange (resolvers give "" or "."). */
const isRoot = (exchange: string) => exchange === "" || exchange === ".";

export function judgeMailDomain(answers: MailDnsAnswers): MailDomainVerdict {
  const { mx } = answers;
  if (mx === "error") return { kind: "dns-error" };
  if (mx === "nxdomain") return { kind: "nxdomain" };
  if (mx !== "nodata" && mx.length > 0) {
    const real = mx.filter((r) => !isRoot(r.exchange));
    // RFC 7505 §3: a domain that publishes a null MX accepts no mail; one that mixes it with other MX records is misconfigured, and the others are what senders try.
    if (real.length === 0) return { kind: "null-mx" };
    return { kind: "mx", hosts: [...real].sort((a, b) => a.priority - b.priority).map((r) => r.exchange.replace(/\.$/, "").toLowerCase()) };
  }
  // RFC 5321 §5.1: without MX records, the name itself is the mail host, if it has an address.
  if (answers.hasAddress === "error") return { kind: "dns-error" };
  return answers.hasAddress ? { kind: "address-fallback" } : { kind: "no-mx" };
}
