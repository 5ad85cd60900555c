// Pure renderers: from the federation spec to the servers' configuration files.
import {
  ADDRESSES,
  CROWD,
  EJABBERD_SERVERS,
  HOME_DOMAIN,
  MAIL,
  PROSODY_HOSTS,
  PROSODY13_HOSTS,
  UNREACHABLE,
  VANTAGE,
  WEB_DOMAIN,
  type EjabberdHost,
  type EjabberdServerName,
  type LuaValue,
  type ProsodyHost,
} from "./spec.ts";

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
  ejabberd: (name: EjabberdServerName) => ({
    dir: `${dir}/${name}`,
    config: `${dir}/${name}/ejabberd.yml`,
    ctlConfig: `${dir}/${name}/ejabberdctl.cfg`,
    inetrc: `${dir}/${name}/inetrc`,
    logs: `${dir}/${name}/logs`,
    spool: `${dir}/${name}/spool`,
  }),
  /**
   * The federation's copy of the servers that scripts/setup.sh unpacked into the checkout's
   * .servers/ (the servers' own users may not be able to reach the checkout).
   */
  servers: `${dir}/servers`,
});

/** The names of an ejabberd host's services: the host, its MUC and, where it has one, its PubSub. */
export const ejabberdNames = (h: EjabberdHost): string[] => [h.domain, `conference.${h.domain}`, ...(h.pubsub ? [`pubsub.${h.domain}`] : [])];
/** The names a Prosody host serves: the host and its components. */
export const prosodyNames = (h: ProsodyHost): string[] => [h.domain, ...Object.keys(h.components ?? {})];

/** Every name the local DNS answers, with its address. */
export function dnsRecords(layout: Layout): Array<[string, string]> {
  return [
    ...PROSODY_HOSTS.flatMap(prosodyNames).map((d) => [d, ADDRESSES.prosody] as [string, string]),
    ...layout.extraLocalHosts.map((d) => [d, ADDRESSES.prosody] as [string, string]),
    ...PROSODY13_HOSTS.flatMap(prosodyNames).map((d) => [d, ADDRESSES.prosody13] as [string, string]),
    ...Object.values(EJABBERD_SERVERS).flatMap((server) =>
      server.hosts.flatMap((h) => ejabberdNames(h).map((d) => [d, h.ipv6Only ? ADDRESSES.ipv6Only : server.address] as [string, string])),
    ),
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
    ...Object.values(EJABBERD_SERVERS).flatMap((server) => server.hosts.map((h) => `--srv-host=_xmpp-server._tcp.${h.domain},${h.domain},5269`)),
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

/** A host's section of prosody.cfg.lua, its components' after it (test/federation/fixes.test.ts replaces one in the file). */
export function hostBlock(host: ProsodyHost): string {
  const options = Object.entries(host.options).map(([k, v]) => `  ${k} = ${toLua(v)}`);
  const components = Object.entries(host.components ?? {}).map(
    ([jid, c]) =>
      `Component ${toLua(jid)} ${toLua(c.module)}\n${[...Object.entries(c.options ?? {}).map(([k, v]) => `  ${k} = ${toLua(v)}`), ...(c.rawLua ?? []).map((line) => `  ${line}`)].join("\n")}`,
  );
  const raw = (host.rawLua ?? []).map((line) => `  ${line}`);
  return [`VirtualHost ${toLua(host.domain)}`, ...options, ...raw, ...components].join("\n");
}

/** The federation's Prosody servers: the home (0.12), the benchmark's second one (0.12), and Prosody 13. */
export type ProsodyName = "home" | "remote" | "prosody13";

export function prosodyConfig(layout: Layout, name: ProsodyName): string {
  const p = paths(layout.dir);
  const own = p.prosody(name);
  const generated = (domain: string): ProsodyHost => ({
    domain,
    options: { contact_info: { abuse: [`mailto:abuse@${domain}`], admin: [`xmpp:admin@${domain}`] } },
  });
  const hosts: ProsodyHost[] = {
    home: () => [...PROSODY_HOSTS, ...layout.extraLocalHosts.map(generated)],
    remote: () => layout.remoteHosts.map(generated),
    prosody13: () => PROSODY13_HOSTS,
  }[name]();
  const address = { home: ADDRESSES.prosody, remote: ADDRESSES.remoteProsody, prosody13: ADDRESSES.prosody13 }[name];
  const global: Record<string, LuaValue> = {
    pidfile: own.pid,
    data_path: own.data,
    plugin_paths: [p.plugins],
    test_disco_override_dir: p.discoOverrides,
    certificates: p.certs,
    ssl: { certificate: p.serverCert, key: p.serverKey, cafile: p.caCert },
    interfaces: [address],
    c2s_ports: [5222],
    s2s_ports: [5269],
    authentication: "internal_hashed",
    storage: "internal",
    // Servers whose certificate does not name them (the generated hosts) authenticate by dialback.
    s2s_secure_auth: false,
    // Prosody 13 (its default) takes s2s over TLS only; the 0.12 ones keep taking plain s2s (bench:network's proxy).
    s2s_require_encryption: name === "prosody13",
    // The vantage tests: Prosody 13 requires a valid certificate of the wrong-name domain, and of no other.
    ...(name === "prosody13" && { s2s_secure_domains: [VANTAGE.wrongName] }),
    // The vantage tests: our own server has no IPv6 (it asks DNS for A records only), and cannot reach the domain on ::1 only; Prosody 13 can.
    ...(name === "home" && { use_ipv6: false }),
    // A tarpit domain fails within the tests' patience (the default is 90 s).
    s2s_timeout: 10,
    network_settings: { nagle: false },
    // libunbound answers .test itself (RFC 6761); read names from our hosts file, forward the rest to our DNS only.
    unbound: { resolvconf: false, hoststxt: p.hosts, forward: [ADDRESSES.dns] },
    // admin_shell: the fixes test reloads the configuration and re-activates a host through it (prosodyctl shell).
    modules_enabled: ["roster", "saslauth", "tls", "dialback", "disco", "ping", "version", "time", "uptime", "server_contact_info", "admin_shell"],
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

export function ejabberdConfig(layout: Layout, name: EjabberdServerName): string {
  const p = paths(layout.dir).ejabberd(name);
  const { address, hosts } = EJABBERD_SERVERS[name];
  const mucAdmins = hosts.flatMap((h) => h.mucAccessAdmin ?? []);
  // A blocklist per host (issue 32's vantages): an ACL of the servers it refuses, and an access rule
  // over it that the host's s2s_access names (ejabberdHostConfig).
  const refusing = hosts.flatMap((h) => (h.refusesS2sFrom ? [{ acl: s2sRefusedAcl(h), servers: h.refusesS2sFrom }] : []));
  const refusedAcls = refusing.map((r) => `\n  ${r.acl}:\n    server: [${r.servers.map(yamlString).join(", ")}]`).join("");
  const refusedRules = refusing.map((r) => `\n  ${r.acl}:\n    deny: ${r.acl}\n    allow: all`).join("");
  return `# Generated by scripts/federation: an ejabberd server of the local test federation.
hosts: [${hosts.map((h) => yamlString(h.domain)).join(", ")}]
loglevel: warning
certfiles: [${yamlString(`${p.dir}/server.pem`)}]
ca_file: ${yamlString(`${p.dir}/ca.crt`)}
listen:
  - port: 5222
    ip: "${address}"
    module: ejabberd_c2s
    starttls: true
  - port: 5269
    ip: "${address}"
    module: ejabberd_s2s_in${
      hosts.some((h) => h.ipv6Only)
        ? `
  # Its host reached over IPv6 only: its names' one address in DNS is this one.
  - port: 5269
    ip: "${ADDRESSES.ipv6Only}"
    module: ejabberd_s2s_in`
        : ""
    }
# 24.12 takes s2s over TLS only; 23.01 also takes plain s2s, as it always did here.
s2s_use_starttls: ${name === "ejabberd24" ? "required" : "optional"}
auth_method: internal
acl:
  local:
    user_regexp: ""
  muc_admins:
    user: [${mucAdmins.map(yamlString).join(", ")}]${refusedAcls}
access_rules:
  local:
    allow: local
  # mod_muc's access_admin (the self-test): these accounts are owners of every room of their host's service.
  muc_admins:
    allow: muc_admins${refusedRules}
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
${hosts.map(ejabberdHostConfig).join("\n")}
`;
}

/** A host's entry in host_config (test/federation/fixes.test.ts replaces one in the file). */
/** The name of the ACL (and access rule) of the servers a host refuses s2s with. */
const s2sRefusedAcl = (h: EjabberdHost) => `s2s_refused_${h.domain.replace(/[^a-z0-9]/gi, "_")}`;

export function ejabberdHostConfig(h: EjabberdHost): string {
  const serverInfo =
    h.serverInfo.length === 0
      ? "        server_info: []"
      : [
          "        server_info:",
          ...h.serverInfo.flatMap((e) => [
            "          -",
            `            modules: ${e.modules === "all" ? "all" : `[${e.modules.join(", ")}]`}`,
            `            name: ${yamlString(e.name)}`,
            `            urls: [${e.urls.map(yamlString).join(", ")}]`,
          ]),
        ].join("\n");
  const mucOptions = `        host: "conference.@HOST@"${h.mucAccessAdmin ? "\n        access_admin: muc_admins" : ""}`;
  // The host's `modules:` and its mod_disco: from its serverInfo, or a recipe's block as it is (the other modules follow it).
  const discoModules = h.recipe
    ? h.recipe
        .trimEnd()
        .split("\n")
        .map((line) => (line ? `    ${line}` : line))
        .join("\n")
    : `    modules:\n      mod_disco:\n${serverInfo}`;
  // Modules only some hosts have: a PubSub service, FAST tokens (24.12), and ejabberdctl send_stanza.
  const ownModules = `${h.pubsub ? '\n      mod_pubsub:\n        host: "pubsub.@HOST@"' : ""}${h.fast ? "\n      mod_auth_fast: {}" : ""}${h.adminExtra ? "\n      mod_admin_extra: {}" : ""}`;
  const s2sAccess = h.refusesS2sFrom ? `\n    s2s_access: ${s2sRefusedAcl(h)}` : "";
  return `  ${yamlString(h.domain)}:${s2sAccess}\n${discoModules}\n      mod_s2s_dialback: {}\n      mod_muc:\n${mucOptions}\n      mod_muc_admin: {}\n      mod_ping: {}\n      mod_version:\n        show_os: false${ownModules}`;
}

/**
 * ejabberdctl's settings for one node. `codePath`: folders of compiled Erlang code put ahead of the
 * system's (erl -pa), so that 24.12 and its newer libraries are found before Debian's 23.01 and its own.
 */
export function ejabberdCtlConfig(name: EjabberdServerName, epmdPort: number, codePath: string[] = []): string {
  return `# Generated by scripts/federation.
ERLANG_NODE=${EJABBERD_SERVERS[name].node}@localhost
INET_DIST_INTERFACE=127.0.0.1
ERL_EPMD_ADDRESS=127.0.0.1
ERL_EPMD_PORT=${epmdPort}
${codePath.length > 0 ? `ERL_OPTIONS="-pa ${codePath.join(" ")}"\n` : ""}`;
}

export function ejabberdInetrc(layout: Layout): string {
  const p = paths(layout.dir);
  return `{resolv_conf, ${JSON.stringify(p.resolvConf)}}.\n{lookup, [file, dns]}.\n{host, {127,0,0,1}, ["localhost"]}.\n`;
}
