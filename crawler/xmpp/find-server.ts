// Where our own account's server listens when no service is configured: as RFC 6120 §3.2 has
// clients find it, by the domain's _xmpp-client._tcp SRV records, or else the domain itself on
// 5222, always with STARTTLS, whose certificate xmpp.js checks against the domain. We resolve it
// ourselves, through the configured DNS servers, and hand xmpp.js an address: its own resolver asks
// the system's DNS, fetches the domain's host-meta over plain https, and turns _xmpps-client
// records into direct TLS to an IP address, whose certificate it then checks against that address.
import { isIP } from "node:net";
import { Resolver } from "node:dns/promises";

/** At most this many places are tried for one login: a DNS answer is anyone's, and each try may take a login timeout. */
const MAX_CANDIDATES = 4;
const CLIENT_PORT = 5222;

export interface SrvTarget {
  name: string;
  port: number;
  priority: number;
  weight: number;
}

/** The SRV targets in the order to try them: by priority, then the heaviest first (RFC 2782, without its random draw); "." means no service. */
export function orderSrvTargets(records: readonly SrvTarget[]): SrvTarget[] {
  if (records.length === 1 && (records[0]!.name === "" || records[0]!.name === ".")) return [];
  return [...records].sort((a, b) => a.priority - b.priority || b.weight - a.weight).slice(0, MAX_CANDIDATES);
}

/** The services (xmpp://address:port) to try for `domain`, best first; never empty. */
export async function findOwnServer(domain: string, dnsServers: readonly string[], timeoutMs: number): Promise<string[]> {
  if (isIP(domain)) return [`xmpp://${uriHost(domain)}:${CLIENT_PORT}`];
  const resolver = new Resolver({ timeout: timeoutMs, tries: 2 });
  if (dnsServers.length > 0) resolver.setServers([...dnsServers]);
  const srv = await resolver.resolveSrv(`_xmpp-client._tcp.${domain}`).catch(() => []);
  const targets = srv.length > 0 ? orderSrvTargets(srv) : [{ name: domain, port: CLIENT_PORT, priority: 0, weight: 0 }];
  const services: string[] = [];
  for (const target of targets) {
    for (const address of await addressesOf(resolver, target.name)) services.push(`xmpp://${uriHost(address)}:${target.port}`);
  }
  // Nothing resolved: the domain itself, so that the login fails with the connection's own reason.
  return services.length > 0 ? services.slice(0, MAX_CANDIDATES) : [`xmpp://${domain}:${CLIENT_PORT}`];
}

async function addressesOf(resolver: Resolver, name: string): Promise<string[]> {
  const [v6, v4] = await Promise.all([resolver.resolve6(name).catch(() => []), resolver.resolve4(name).catch(() => [])]);
  return [...v4, ...v6];
}

function uriHost(address: string): string {
  return isIP(address) === 6 ? `[${address}]` : address;
}
