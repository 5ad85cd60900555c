// Whether an IP address is on the public Internet. The observatory fetches what strangers name
// (domain lists, contact pages, mail domains); none of it may reach private, loopback, link-local or
// multicast addresses, whatever a name resolves to. Pure.
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";

/** IPv6's global unicast space (RFC 4291 §2.4): everything else in IPv6 is local, special or unassigned. */
const GLOBAL_UNICAST_V6 = ipaddr.parseCIDR("2000::/3");

/**
 * A public address: for IPv4, one that no special range of ipaddr.js names (private, loopback,
 * link-local, shared, multicast, reserved, ...); for IPv6, one in global unicast (2000::/3) that no
 * special range names either (documentation, Teredo, 6to4, benchmarking, ORCHID). ipaddr.js calls
 * every IPv6 address outside its special ranges "unicast", the IPv4-compatible ::7f00:1 (::127.0.0.1)
 * and the unassigned 4000::/3 included, so the IPv6 test starts from 2000::/3. An IPv4-mapped
 * address (::ffff:a.b.c.d) is not global unicast either: DNS has A records for IPv4.
 */
export function isPublicAddress(address: string): boolean {
  // Only the plain textual forms (node:net's isIP): ipaddr.js also reads "2130706433" and "0x7f.1".
  const family = isIP(address);
  if (family === 0) return false;
  const parsed = ipaddr.parse(address);
  if (parsed.range() !== "unicast") return false;
  return family === 4 || parsed.match(GLOBAL_UNICAST_V6);
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
