// Whether an IP address is on the public Internet. The observatory fetches what strangers name
// (domain lists, and soon contact pages); none of it may reach private, loopback, link-local or
// multicast addresses, whatever a name resolves to. Pure.
import ipaddr from "ipaddr.js";

/** ipaddr.js's ranges that are the public Internet; everything else (private, loopback, link-local, unique-local, multicast, reserved, ...) is not. */
const PUBLIC_RANGES = new Set(["unicast", "global"]);

export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return PUBLIC_RANGES.has(ipaddr.process(address).range());
}

/** A network outside the public Internet that the operator allows (tests): [address, prefix length]. */
export type AllowedNetwork = readonly [string, number];

/**
 * Whether the observatory may connect to an address: a public one, or one inside the allowed
 * network. Decided on the addresses a name resolved to, never on the name.
 */
export function isPermittedAddress(address: string, allowed: AllowedNetwork | undefined): boolean {
  if (isPublicAddress(address)) return true;
  if (!allowed || !ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  const network = ipaddr.process(allowed[0]);
  return parsed.kind() === network.kind() && parsed.match(network, allowed[1]);
}
