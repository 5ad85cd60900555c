// The special-use and private-use names (RFC 6761, RFC 6762, RFC 8375, .internal): no one on the
// internet can reach a host by them. The mail checks and the domain check read this one list.

interface SpecialName {
  suffix: string;
  why: string;
  /** It names this machine or a private network: a server of that name is never a federated one. */
  local: boolean;
}

const SPECIAL_NAMES: readonly SpecialName[] = [
  { suffix: "localhost", why: "names this very machine (RFC 6761 §6.3)", local: true },
  { suffix: "invalid", why: "is reserved never to exist (RFC 6761 §6.4)", local: true },
  { suffix: "example", why: "is reserved for documentation (RFC 6761 §6.5)", local: false },
  { suffix: "example.com", why: "is reserved for documentation (RFC 6761 §6.5)", local: false },
  { suffix: "example.net", why: "is reserved for documentation (RFC 6761 §6.5)", local: false },
  { suffix: "example.org", why: "is reserved for documentation (RFC 6761 §6.5)", local: false },
  { suffix: "local", why: "is resolved only by multicast DNS on the local link (RFC 6762 §3)", local: true },
  { suffix: "home.arpa", why: "is for names inside a home network (RFC 8375)", local: true },
  { suffix: "internal", why: "is reserved for private networks (ICANN, 2024)", local: true },
];

const find = (name: string, which: (n: SpecialName) => boolean) => {
  const host = name.toLowerCase().replace(/\.$/, "");
  return SPECIAL_NAMES.find((n) => which(n) && (host === n.suffix || host.endsWith(`.${n.suffix}`)))?.why;
};

/** Why a name can receive nothing from the internet by its name alone, or undefined when its name is ordinary. */
export function specialUseName(name: string): string | undefined {
  return find(name, () => true);
}

/**
 * Why a name points at this machine or a private network, or undefined. Such a domain is never
 * probed: our own server would resolve it for s2s (RFC 6761 §6.3: localhost names resolve to
 * loopback), outside every guard of ours. Documentation names are left to fail as any dead domain does.
 */
export function localOnlyName(name: string): string | undefined {
  return find(name, (n) => n.local);
}
