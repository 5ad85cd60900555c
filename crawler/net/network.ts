// The contact checks' way out: DNS and the web client, built from the configuration
// (OBSERVATORY_DNS_SERVERS, OBSERVATORY_HTTPS_CA, OBSERVATORY_ALLOW_NETWORK), or none when
// OBSERVATORY_CONTACT_CHECKS is off.
import { networkConfig, type NetworkConfig } from "../config.ts";
import { DEFAULT_DNS_SETTINGS, DnsClient } from "./dns.ts";
import { WebClient } from "./web.ts";

export interface ContactNetwork {
  dns: DnsClient;
  web: WebClient;
  close(): Promise<void>;
}

export function openContactNetwork(config: NetworkConfig = networkConfig()): ContactNetwork | undefined {
  if (!config.contactChecks) return undefined;
  const dns = new DnsClient({ ...DEFAULT_DNS_SETTINGS, servers: config.dnsServers });
  const web = new WebClient(dns, config.allowNetwork, config.extraCa);
  return { dns, web, close: () => web.close() };
}
