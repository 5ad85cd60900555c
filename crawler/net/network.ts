// The contact checks' way out: DNS and the web client, built from the configuration
// (OBSERVATORY_DNS_SERVERS, OBSERVATORY_HTTPS_CA, OBSERVATORY_ALLOW_NETWORK), or none when
// OBSERVATORY_CONTACT_CHECKS is off. A process opens one, and everything in it that checks shares
// it: the per-host and per-address limits, the requests in flight and the DNS answers are the
// process's, not each check's.
import { networkConfig, type NetworkConfig } from "../config.ts";
import { DEFAULT_DNS_SETTINGS, DnsClient } from "./dns.ts";
import { DEFAULT_WEB_SETTINGS, WebClient, type WebSettings } from "./web.ts";

export interface ContactNetwork {
  dns: DnsClient;
  web: WebClient;
  close(): Promise<void>;
}

export function openContactNetwork(config: NetworkConfig = networkConfig(), webSettings: WebSettings = DEFAULT_WEB_SETTINGS): ContactNetwork | undefined {
  if (!config.contactChecks) return undefined;
  const dns = new DnsClient({ ...DEFAULT_DNS_SETTINGS, servers: config.dnsServers });
  const web = new WebClient(dns, config.allowNetwork, config.extraCa, webSettings);
  return { dns, web, close: () => web.close() };
}
