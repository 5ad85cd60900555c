// Pure renderers: from the federation spec to the servers' configuration files.
import { ADDRESSES, CROWD, EJABBERD_HOSTS, HOME_DOMAIN, MAIL, PROSODY_HOSTS, UNREACHABLE, WEB_DOMAIN, type LuaValue, type ProsodyHost } from "./spec.ts";

export function toLua(value: LuaValue): string {
  if (typeof value === "string") {
    let level = 0;
    while (value.includes(`]${"=".repeat(level)}]`)) level++;
    const eq = "=".repeat(level);
    // A long bracket drops a first newline, so none is ever put right after it.
    return `[${eq}[${value}]${eq}]`;
  }
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `{ ${value.map(toLua).join(", ")} }`;
  return `{ ${Object.entries(value)
    .map(([k, v]) => `[ ${toLua(k)} ] = ${toLua(v)}`)
    .join("; ")} }`;
}

export interface Layout {
  /** The federation's working directory. */
  dir: string;
  /** Extra plain virtual hosts on the home Prosody (benchmark). */
  extraLocalHosts: string[];
  /** Virtual hosts on the second Prosody, reached over s2s (benchmark); none means it is not started. */
  remoteHosts: string[];
  /** bench:network: the remote hosts resolve to the latency proxy, which delays what is sent to them by this much. */
  latencyMs?: number;
  /** bench:network: generated names that resolve to the tarpit (silent), and to an address where nothing listens (refused). */
  silentHosts?: string[];
  refusedHosts?: string[];
}

export const paths = (dir: string) => ({
  certs: `${dir}/certs`,
  caCert: `${dir}/certs/ca.crt`,
  serverCert: `${dir}/certs/server.crt`,
  serverKey: `${dir}/certs/server.key`,
  serverPem: `${dir}/certs/server.pem`,
  hosts: `${dir}/hosts`,
  resolvConf: `${dir}/resolv.conf`,
  plugins: `${dir}/prosody-plugins`,
  /** A file <host>.xml here replaces that host's disco#info answer while it exists (mod_test_disco). */
  discoOverrides: `${dir}/disco-overrides`,
  state: `${dir}/state.json`,
  /** What the federation's web server serves (web.mjs). */
  webRoutes: `${dir}/web-routes.json`,
  prosody: (name: string) => ({
    dir: `${dir}/${name}`,
    config: `${dir}/${name}/prosody.cfg.lua`,
    data: `${dir}/${name}/data`,
    log: `${dir}/${name}/prosody.log`,
    pid: `${dir}/${name}/prosody.pid`,
  }),
  ejabberd: {
    dir: `${dir}/ejabberd`,
    config: `${dir}/ejabberd/ejabberd.yml`,
    ctlConfig: `${dir}/ejabberd/ejabberdctl.cfg`,
    inetrc: `${dir}/ejabberd/inetrc`,
    logs: `${dir}/ejabberd/logs`,
    spool: `${dir}/ejabberd/spool`,
  },
});

/** Every name the local DNS answers, with its address. */
export function dnsRecords(layout: Layout): Array<[string, string]> {
  return [
    ...PROSODY_HOSTS.flatMap((h) => [h.domain, ...Object.keys(h.components ?? {})]).map((d) => [d, ADDRESSES.prosody] as [string, string]),
    ...layout.extraLocalHosts.map((d) => [d, ADDRESSES.prosody] as [string, string]),
    ...EJABBERD_HOSTS.flatMap((h) => [h.domain, `conference.${h.domain}`]).map((d) => [d, ADDRESSES.ejabberd] as [string, string]),
    ...layout.remoteHosts.map((d) => [d, layout.latencyMs ? ADDRESSES.latencyProxy : ADDRESSES.remoteProsody] as [string, string]),
    ...(layout.silentHosts ?? []).map((d) => [d, ADDRESSES.tarpit] as [string, string]),
    ...(layout.refusedHosts ?? []).map((d) => [d, ADDRESSES.dead] as [string, string]),
    [UNREACHABLE.dead, ADDRESSES.dead],
    [UNREACHABLE.tarpit, ADDRESSES.tarpit],
    [WEB_DOMAIN, ADDRESSES.web],
    ...CROWD.names.map((name) => [name, ADDRESSES.web] as [string, string]),
    ...Object.values(MAIL.mx).map((host) => [host, ADDRESSES.mail] as [string, string]),
  ];
}

export function hostsFile(layout: Layout): string {
  return (
    dnsRecords(layout)
      .map(([name, address]) => `${address} ${name}`)
      .join("\n") + "\n"
  );
}

export function dnsmasqArgs(layout: Layout, pidFile: string): string[] {
  return [
    "--keep-in-foreground",
    "--conf-file=/dev/null",
    "--no-resolv",
    "--no-hosts",
    "--bind-interfaces",
    `--listen-address=${ADDRESSES.dns}`,
    "--port=53",
    "--local=/test/",
    `--pid-file=${pidFile}`,
    "--log-facility=-",
    ...dnsRecords(layout).map(([name, address]) => `--host-record=${name},${address}`),
    ...EJABBERD_HOSTS.map((h) => `--srv-host=_xmpp-server._tcp.${h.domain},${h.domain},5269`),
    // The crawler's own server, found as clients find theirs when OBSERVATORY_SERVICE is unset.
    `--srv-host=_xmpp-client._tcp.${HOME_DOMAIN},${HOME_DOMAIN},5222`,
    ...Object.entries(MAIL.mx).map(([domain, host]) => `--mx-host=${domain},${host},10`),
    // RFC 7505 null MX: preference 0 and the root as exchange, as raw RDATA (dnsmasq's --mx-host cannot say ".").
    `--dns-rr=${MAIL.nullMx},15,000000`,
    // A name that exists (a TXT record) with neither MX nor address records.
    `--txt-record=${MAIL.noMx},no mail here`,
    `--mx-host=${MAIL.localhostMx.domain},${MAIL.localhostMx.host},10`,
    `--mx-host=${MAIL.privateMx.domain},${MAIL.privateMx.host},10`,
    // In DNS only, not in /etc/hosts: nothing is ever meant to connect to it.
    `--host-record=${MAIL.privateMx.host},${MAIL.privateMx.address}`,
    `--mx-host=${MAIL.noAddressMx.domain},${MAIL.noAddressMx.host},10`,
  ];
}

function hostBlock(host: ProsodyHost): string {
  const options = Object.entries(host.options).map(([k, v]) => `  ${k} = ${toLua(v)}`);
  const components = Object.entries(host.components ?? {}).map(
    ([jid, c]) =>
      `Component ${toLua(jid)} ${toLua(c.module)}\n${Object.entries(c.options ?? {})
        .map(([k, v]) => `  ${k} = ${toLua(v)}`)
        .join("\n")}`,
  );
  const raw = (host.rawLua ?? []).map((line) => `  ${line}`);
  return [`VirtualHost ${toLua(host.domain)}`, ...options, ...raw, ...components].join("\n");
}

export function prosodyConfig(layout: Layout, name: "home" | "remote"): string {
  const p = paths(layout.dir);
  const own = p.prosody(name);
  const hosts: ProsodyHost[] =
    name === "home"
      ? [
          ...PROSODY_HOSTS,
          ...layout.extraLocalHosts.map((domain) => ({
            domain,
            options: { contact_info: { abuse: [`mailto:abuse@${domain}`], admin: [`xmpp:admin@${domain}`] } },
          })),
        ]
      : layout.remoteHosts.map((domain) => ({ domain, options: { contact_info: { abuse: [`mailto:abuse@${domain}`], admin: [`xmpp:admin@${domain}`] } } }));
  const global: Record<string, LuaValue> = {
    pidfile: own.pid,
    data_path: own.data,
    plugin_paths: [p.plugins],
    test_disco_override_dir: p.discoOverrides,
    certificates: p.certs,
    ssl: { certificate: p.serverCert, key: p.serverKey, cafile: p.caCert },
    interfaces: [name === "home" ? ADDRESSES.prosody : ADDRESSES.remoteProsody],
    c2s_ports: [5222],
    s2s_ports: [5269],
    authentication: "internal_hashed",
    storage: "internal",
    // Self-signed certificates: servers authenticate each other by dialback.
    s2s_secure_auth: false,
    s2s_require_encryption: false,
    // A tarpit domain fails within the tests' patience (the default is 90 s).
    s2s_timeout: 10,
    network_settings: { nagle: false },
    // libunbound answers .test itself (RFC 6761); read names from our hosts file, forward the rest to our DNS only.
    unbound: { resolvconf: false, hoststxt: p.hosts, forward: [ADDRESSES.dns] },
    modules_enabled: ["roster", "saslauth", "tls", "dialback", "disco", "ping", "version", "time", "uptime", "server_contact_info"],
  };
  const log = `log = { { levels = { min = "warn" }, to = "file", filename = ${toLua(own.log)} } }`;
  return [
    "-- Generated by scripts/federation: a test server of the local federation.",
    ...Object.entries(global).map(([k, v]) => `${k} = ${toLua(v)}`),
    log,
    "",
    ...hosts.map(hostBlock),
    "",
  ].join("\n");
}

const yamlString = (s: string) => JSON.stringify(s);

export function ejabberdConfig(layout: Layout): string {
  const p = paths(layout.dir);
  const serverInfo = (host: (typeof EJABBERD_HOSTS)[number]) =>
    host.serverInfo.length === 0
      ? "        server_info: []"
      : [
          "        server_info:",
          ...host.serverInfo.flatMap((e) => [
            "          -",
            `            modules: ${e.modules === "all" ? "all" : `[${e.modules.join(", ")}]`}`,
            `            name: ${yamlString(e.name)}`,
            `            urls: [${e.urls.map(yamlString).join(", ")}]`,
          ]),
        ].join("\n");
  const mucAdmins = EJABBERD_HOSTS.flatMap((h) => h.mucAccessAdmin ?? []);
  const mucOptions = (h: (typeof EJABBERD_HOSTS)[number]) => `        host: "conference.@HOST@"${h.mucAccessAdmin ? "\n        access_admin: muc_admins" : ""}`;
  return `# Generated by scripts/federation: the ejabberd server of the local test federation.
hosts: [${EJABBERD_HOSTS.map((h) => yamlString(h.domain)).join(", ")}]
loglevel: warning
certfiles: [${yamlString(`${p.ejabberd.dir}/server.pem`)}]
ca_file: ${yamlString(`${p.ejabberd.dir}/ca.crt`)}
listen:
  - port: 5222
    ip: "${ADDRESSES.ejabberd}"
    module: ejabberd_c2s
    starttls: true
  - port: 5269
    ip: "${ADDRESSES.ejabberd}"
    module: ejabberd_s2s_in
s2s_use_starttls: optional
auth_method: internal
acl:
  local:
    user_regexp: ""
  muc_admins:
    user: [${mucAdmins.map(yamlString).join(", ")}]
access_rules:
  local:
    allow: local
  # mod_muc's access_admin (the self-test): these accounts are owners of every room of their host's service.
  muc_admins:
    allow: muc_admins
modules:
  mod_disco: {}
  mod_s2s_dialback: {}
  mod_muc:
    host: "conference.@HOST@"
  # ejabberdctl create_room and change_room_option: the federation creates its test rooms with them.
  mod_muc_admin: {}
  mod_ping: {}
  mod_version:
    show_os: false
host_config:
${EJABBERD_HOSTS.map((h) => `  ${yamlString(h.domain)}:\n    modules:\n      mod_disco:\n${serverInfo(h)}\n      mod_s2s_dialback: {}\n      mod_muc:\n${mucOptions(h)}\n      mod_muc_admin: {}\n      mod_ping: {}\n      mod_version:\n        show_os: false`).join("\n")}
`;
}

export function ejabberdCtlConfig(epmdPort: number): string {
  return `# Generated by scripts/federation.
ERLANG_NODE=observatory-ejabberd@localhost
INET_DIST_INTERFACE=127.0.0.1
ERL_EPMD_ADDRESS=127.0.0.1
ERL_EPMD_PORT=${epmdPort}
`;
}

export function ejabberdInetrc(layout: Layout): string {
  const p = paths(layout.dir);
  return `{resolv_conf, ${JSON.stringify(p.resolvConf)}}.\n{lookup, [file, dns]}.\n{host, {127,0,0,1}, ["localhost"]}.\n`;
}
