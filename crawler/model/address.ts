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
