// The real local federation: Prosody 0.12 and ejabberd 23.01 from Debian's packages, and
// Prosody 13.0.1 and ejabberd 24.12 from bookworm-backports (unpacked into .servers/ by
// scripts/setup.sh), on loopback addresses, s2s between them over TLS with certificates from a
// test CA, and a local DNS (dnsmasq). It changes one thing outside its folder, a marked block in
// /etc/hosts (ejabberd resolves A records through the C library), and removes it again when it stops.
import { execFile, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { userInfo } from "node:os";
import { createServer } from "node:net";
import {
  ADDRESSES,
  CRAWLER_ACCOUNT,
  CRAWLER_HOMES,
  CRAWLER_JID,
  CROWD,
  EJABBERD_PEOPLE,
  EJABBERD_SERVERS,
  federationDomains,
  HOME_DOMAIN,
  JOINERS,
  PEOPLE,
  PROSODY_HOSTS,
  PROSODY13_DOMAIN,
  PROSODY13_HOSTS,
  SELFTEST_PEOPLE,
  SELFTEST_TARGETS,
  SELFTEST_TODAY,
  PREPARED_PASSWORD_ACCOUNT,
  SELFTEST_TODAY_TARGETS,
  ROOMS,
  WEB_DOMAIN,
  webRoutes,
  type EjabberdHost,
  type EjabberdServerName,
  type ProsodyHost,
} from "./spec.ts";
import {
  dnsmasqArgs,
  ejabberdConfig,
  ejabberdCtlConfig,
  ejabberdHostConfig,
  ejabberdInetrc,
  ejabberdNames,
  hostBlock,
  hostsFile,
  paths,
  prosodyConfig,
  prosodyNames,
  type Layout,
  type ProsodyName,
} from "./render.ts";
import { groupCpuMs, startDetached, stopGroup, waitForStreamFeatures, type Started } from "./processes.ts";
import { isProcessAlive } from "../../crawler/process-identity.ts";
import { RECIPES_DIR } from "../recipes.ts";

/**
 * The federation's working folder. Not inside the checkout: the servers run as their own users
 * (prosody, ejabberd), who cannot reach a clone in a private folder (mktemp -d makes 0700 ones).
 * One folder per checkout, so that `federation down` finds what `up` started.
 */
export const DEFAULT_DIR = `/tmp/serverinfo-observatory-federation-${createHash("sha256")
  .update(fileURLToPath(new URL("../..", import.meta.url)))
  .digest("hex")
  .slice(0, 10)}`;
const PLUGINS = fileURLToPath(new URL("./prosody-plugins", import.meta.url));
const TARPIT = fileURLToPath(new URL("./tarpit.mjs", import.meta.url));
const LATENCY_PROXY = fileURLToPath(new URL("./latency-proxy.mjs", import.meta.url));
const WEB_SERVER = fileURLToPath(new URL("./web.mjs", import.meta.url));
const EPMD_PORT = 4370;
const READY_TIMEOUT_MS = 60_000;
export const REQUIRED_PACKAGES = ["prosody", "ejabberd", "lua-unbound", "dnsmasq-base", "openssl"];
/** Where scripts/setup.sh unpacks Prosody 13 and ejabberd 24.12 (with its libraries), each in a folder of its own. */
const UNPACKED_SERVERS = fileURLToPath(new URL("../../.servers", import.meta.url));
const BACKPORTED = ["prosody", "ejabberd"] as const;

export class FederationError extends Error {
  override name = "FederationError";
}

export interface FederationOptions {
  dir?: string;
  /** Generated plain virtual hosts on the home Prosody (benchmark). */
  extraLocalHosts?: number;
  /** Generated virtual hosts on a second Prosody reached over s2s (benchmark). */
  remoteHosts?: number;
  /** bench:network: the remote hosts are reached through a proxy that delays what is sent to them by this much. */
  latencyMs?: number;
  /** bench:network: generated domains that are silent (the tarpit), refuse connections, or do not exist. */
  silentHosts?: number;
  refusedHosts?: number;
  missingHosts?: number;
}

interface State {
  dir: string;
  processes: Started[];
  hostsMarker: string;
}

/** Where the crawler logs in, and the CA it must trust: what a crawler process needs. */
export interface CrawlerAccess {
  caCert: string;
  service: string;
  jid: string;
  password: string;
}

/** The environment of a crawler process that logs in to the federation. */
export function crawlerEnvFor(access: CrawlerAccess, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_EXTRA_CA_CERTS: access.caCert,
    OBSERVATORY_JID: access.jid,
    OBSERVATORY_PASSWORD: access.password,
    OBSERVATORY_SERVICE: access.service,
    // The federation's crawls never take the public seed and opt-out lists (data/*.txt): tests and
    // the demo probe only the local domains, and no traffic leaves the machine.
    OBSERVATORY_SEEDS: "",
    OBSERVATORY_OPTOUT: "",
    // The contact checks ask the federation's DNS, trust its CA, and may reach its loopback addresses only.
    OBSERVATORY_DNS_SERVERS: ADDRESSES.dns,
    OBSERVATORY_HTTPS_CA: access.caCert,
    OBSERVATORY_ALLOW_NETWORK: "127.0.0.0/8",
    ...extra,
  };
}

/** The crawler's account on one of the four servers: the domain of its home, where to log in, and as whom. */
export interface CrawlerHomeAccess {
  domain: string;
  service: string;
  jid: string;
}

export interface Federation {
  dir: string;
  /** The CA certificate to trust (NODE_EXTRA_CA_CERTS). */
  caCert: string;
  service: string;
  jid: string;
  password: string;
  /** The crawler's home on each of the four servers (the first is home.test, as service and jid), all with `password`. */
  homes: CrawlerHomeAccess[];
  /** The named test domains (not the generated ones). */
  domains: string[];
  extraLocalHosts: string[];
  remoteHosts: string[];
  silentHosts: string[];
  refusedHosts: string[];
  missingHosts: string[];
  /** The environment a crawler process needs to log in to the federation. */
  crawlerEnv(extra?: Record<string, string>): NodeJS.ProcessEnv;
  /** CPU time (ms) each of the federation's servers has used so far, by name (prosody-home, web, …). */
  cpuMs(): Record<string, number>;
  /** Kills the home Prosody at once (SIGKILL), as a crash would. */
  killHome(): Promise<void>;
  startHome(): Promise<void>;
  stop(): Promise<void>;
}

function failure(what: string, error: unknown): FederationError {
  const e = error as { stderr?: string; stdout?: string; message: string };
  const said = [e.stderr, e.stdout].filter((s) => s && s.trim()).join("\n") || e.message;
  return new FederationError(`${what} failed: ${said.trim().slice(0, 2000)}`);
}

function run(command: string, args: string[], what: string, env?: NodeJS.ProcessEnv): string {
  try {
    return execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], ...(env && { env }) });
  } catch (error) {
    throw failure(what, error);
  }
}

/** As run, without blocking: the servers' set-up commands run side by side. */
function runAsync(command: string, args: string[], what: string, env?: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile(command, args, { encoding: "utf8", ...(env && { env }) }, (error, stdout, stderr) =>
      error ? reject(failure(what, Object.assign(error, { stdout, stderr }))) : resolve(stdout),
    ),
  );
}

function commandExists(command: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** The addresses and ports the federation binds; something else on them (a system Prosody) would break it. */
const BOUND: Array<[string, number]> = [
  [ADDRESSES.dns, 53],
  ...[ADDRESSES.prosody, ADDRESSES.ejabberd, ADDRESSES.prosody13, ADDRESSES.ejabberd24].flatMap((address): Array<[string, number]> => [
    [address, 5222],
    [address, 5269],
  ]),
  [ADDRESSES.tarpit, 5269],
  [ADDRESSES.ipv6Only, 5269],
  [ADDRESSES.web, 443],
  [ADDRESSES.web, 80],
  [ADDRESSES.prosody, 443],
  [ADDRESSES.ejabberd, 443],
];

function portFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

async function checkPortsFree(): Promise<void> {
  const taken = [];
  for (const [host, port] of BOUND) if (!(await portFree(host, port))) taken.push(`${host}:${port}`);
  if (taken.length > 0) {
    throw new FederationError(
      `something already listens on ${taken.join(", ")}. If a system Prosody or ejabberd holds every address, stop it (systemctl disable --now prosody ejabberd); if a federation of ours is left from another folder, run its 'federation down'.`,
    );
  }
}

export function preflight(): void {
  if (userInfo().uid !== 0) {
    throw new FederationError(
      "the local federation needs root: it binds DNS on port 53, runs the servers as their own users and adds a block to /etc/hosts. Run as root (or with sudo).",
    );
  }
  const missing = ["prosody", "prosodyctl", "ejabberdctl", "dnsmasq", "openssl", "setpriv", "epmd", "lua5.4"].filter((c) => !commandExists(c));
  if (missing.length > 0) {
    throw new FederationError(
      `missing ${missing.join(", ")}. Install them with: apt-get install -y ${REQUIRED_PACKAGES.join(" ")} (or run bash scripts/setup.sh)`,
    );
  }
  const unpacked = BACKPORTED.filter((name) => existsSync(`${UNPACKED_SERVERS}/${name}/.wanted`));
  if (unpacked.length < BACKPORTED.length) {
    throw new FederationError(`Prosody 13 and ejabberd 24.12 are not unpacked in ${UNPACKED_SERVERS}. Run: bash scripts/setup.sh`);
  }
}

const HOSTS_FILE = "/etc/hosts";
const markerFor = (dir: string) => `# serverinfo-observatory federation ${dir}`;

/** Adds our block to /etc/hosts, editing in place (it may be bind-mounted). */
function addHostsBlock(marker: string, body: string): void {
  const current = removeBlock(readFileSync(HOSTS_FILE, "utf8"), marker);
  writeFileSync(HOSTS_FILE, `${current.replace(/\n*$/, "\n")}${marker} BEGIN\n${body}${marker} END\n`);
}

function removeBlock(text: string, marker: string): string {
  const begin = text.indexOf(`${marker} BEGIN\n`);
  const endTag = `${marker} END\n`;
  const end = text.indexOf(endTag, begin);
  if (begin === -1 || end === -1) return text;
  return text.slice(0, begin) + text.slice(end + endTag.length);
}

export function removeHostsBlock(marker: string): void {
  const text = readFileSync(HOSTS_FILE, "utf8");
  const cleaned = removeBlock(text, marker);
  if (cleaned !== text) writeFileSync(HOSTS_FILE, cleaned);
}

function makeCertificates(layout: Layout): void {
  const p = paths(layout.dir);
  mkdirSync(p.certs, { recursive: true });
  const names = [
    ...new Set([
      HOME_DOMAIN,
      ...PROSODY_HOSTS.map((h) => h.domain),
      ...PROSODY13_HOSTS.flatMap(prosodyNames),
      ...Object.values(EJABBERD_SERVERS).flatMap((server) => server.hosts.filter((h) => !h.certificateOmitsIt).flatMap(ejabberdNames)),
      WEB_DOMAIN,
      ...CROWD.names,
    ]),
  ];
  const san = names.map((n) => `DNS:${n}`).join(",");
  run(
    "openssl",
    [
      "req",
      "-x509",
      "-newkey",
      "rsa:2048",
      "-nodes",
      "-days",
      "30",
      "-subj",
      "/CN=Serverinfo Observatory test CA",
      "-keyout",
      `${p.certs}/ca.key`,
      "-out",
      p.caCert,
      "-addext",
      "basicConstraints=critical,CA:TRUE",
      "-addext",
      "keyUsage=critical,keyCertSign,cRLSign",
    ],
    "making the test CA",
  );
  run(
    "openssl",
    ["req", "-newkey", "rsa:2048", "-nodes", "-subj", `/CN=${HOME_DOMAIN}`, "-keyout", p.serverKey, "-out", `${p.certs}/server.csr`],
    "making the server key",
  );
  writeFileSync(`${p.certs}/server.ext`, `subjectAltName=${san}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth,clientAuth\n`);
  run(
    "openssl",
    [
      "x509",
      "-req",
      "-in",
      `${p.certs}/server.csr`,
      "-CA",
      p.caCert,
      "-CAkey",
      `${p.certs}/ca.key`,
      "-CAcreateserial",
      "-days",
      "30",
      "-out",
      p.serverCert,
      "-extfile",
      `${p.certs}/server.ext`,
    ],
    "signing the server certificate",
  );
  writeFileSync(p.serverPem, readFileSync(p.serverCert, "utf8") + readFileSync(p.serverKey, "utf8"));
}

function chownTree(path: string, user: string): void {
  run("chown", ["-R", `${user}:${user}`, path], `giving ${path} to ${user}`);
}

function readState(dir: string): State | undefined {
  const file = paths(dir).state;
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as State;
  } catch {
    return undefined;
  }
}

/** Stops whatever a previous run in this folder left (only the processes it recorded) and undoes its /etc/hosts block. */
export async function stopFederation(dir = DEFAULT_DIR): Promise<boolean> {
  const state = readState(dir);
  if (!state) return false;
  await Promise.all(state.processes.map((process) => stopGroup(process)));
  removeHostsBlock(state.hostsMarker);
  rmSync(paths(dir).state, { force: true });
  return true;
}

/**
 * Copies the servers that scripts/setup.sh unpacked into the federation's folder, where their own
 * users can read them, unless the copy there is of the same versions already. Prosody's two
 * scripts get the copy's folders as their source and plugin folders (the lines its build sets).
 */
function copyUnpackedServers(dir: string): void {
  const target = paths(dir).servers;
  for (const name of BACKPORTED) {
    const from = `${UNPACKED_SERVERS}/${name}`;
    const to = `${target}/${name}`;
    const wanted = readFileSync(`${from}/.wanted`, "utf8");
    if (existsSync(`${to}/.wanted`) && readFileSync(`${to}/.wanted`, "utf8") === wanted) continue;
    rmSync(to, { recursive: true, force: true });
    cpSync(from, to, { recursive: true, verbatimSymlinks: true, filter: (source) => !source.endsWith("/.wanted") });
    if (name === "prosody") {
      for (const script of ["prosody", "prosodyctl"]) {
        const file = `${to}/usr/bin/${script}`;
        const source = `${to}/usr/lib/prosody`;
        writeFileSync(
          file,
          readFileSync(file, "utf8")
            .replace(/^CFG_SOURCEDIR=.*$/m, `CFG_SOURCEDIR='${source}';`)
            .replace(/^CFG_PLUGINDIR=.*$/m, `CFG_PLUGINDIR='${source}/modules/';`),
        );
      }
    }
    writeFileSync(`${to}/.wanted`, wanted); // last: an interrupted copy is made again
  }
}

/**
 * ejabberd 24.12's code path ahead of the system's: the ebin folder of each Erlang application
 * unpacked with it (ejabberd itself, and the newer fast_xml, xmpp, …), found by its `<app>.app`
 * file. Debian links each library's folder under its application's name (fast_xml-1.1.55 ->
 * p1_xml-1.1.55); the linked name is the one Erlang's code:lib_dir looks for.
 */
export function erlangCodePath(root: string): string[] {
  const lib = `${root}/usr/lib`;
  const parents = [`${lib}/erlang/lib`, ...readdirSync(lib).map((d) => `${lib}/${d}`)].filter((d) => existsSync(d));
  const seen = new Set<string>();
  const path: string[] = [];
  for (const parent of parents) {
    for (const entry of readdirSync(parent).sort()) {
      const app = /^(.+?)-\d/.exec(entry)?.[1];
      const ebin = `${parent}/${entry}/ebin`;
      if (!app || !existsSync(`${ebin}/${app}.app`)) continue;
      const real = realpathSync(ebin);
      if (seen.has(real)) continue;
      seen.add(real);
      path.push(ebin);
    }
  }
  return path;
}

/** The commands of one ejabberd server: its ejabberdctl, as its own user, with its folders and node. */
function ejabberdServer(dir: string, name: EjabberdServerName) {
  const own = paths(dir).ejabberd(name);
  const ctl = name === "ejabberd" ? "ejabberdctl" : `${paths(dir).servers}/ejabberd/usr/sbin/ejabberdctl`;
  const env = { ...process.env, HOME: own.dir, ERL_EPMD_PORT: String(EPMD_PORT), EJABBERD_CONFIG_PATH: own.config };
  const args = (...rest: string[]) => [
    "--reuid=ejabberd",
    "--regid=ejabberd",
    "--init-groups",
    ctl,
    "--config-dir",
    own.dir,
    "--config",
    own.config,
    "--ctl-config",
    own.ctlConfig,
    "--logs",
    own.logs,
    "--spool",
    own.spool,
    ...rest,
  ];
  return {
    own,
    start: () => startDetached(name, "setpriv", args("foreground"), { logFile: `${own.logs}/console.log`, env, cwd: own.dir }),
    ctl: (what: string, ...rest: string[]) => runAsync("setpriv", args(...rest), what, env),
  };
}

/** The Prosody servers the federation runs, by name. */
function prosodyServers(layout: Layout): Array<{ name: ProsodyName; address: string; domains: string[] }> {
  return [
    { name: "home", address: ADDRESSES.prosody, domains: [HOME_DOMAIN] },
    ...(layout.remoteHosts.length > 0 ? [{ name: "remote" as const, address: ADDRESSES.remoteProsody, domains: [layout.remoteHosts[0]!] }] : []),
    { name: "prosody13", address: ADDRESSES.prosody13, domains: PROSODY13_HOSTS.map((h) => h.domain) },
  ];
}

/** The accounts each Prosody server holds. */
function prosodyAccounts(name: ProsodyName): Array<{ username: string; domain: string; password: string }> {
  const homes = crawlerHomeAccounts(name);
  if (name !== "home") return [...homes, ...selftestTodayPeople(name)];
  return [
    ...homes,
    ...Object.values(PEOPLE).filter((a) => !EJABBERD_PEOPLE.includes(a)),
    ...Object.values(JOINERS),
    ...Object.values(SELFTEST_PEOPLE).filter((a) => !EJABBERD_PEOPLE.includes(a)),
  ];
}

/** The accounts at the crawler's homes on one server: the crawler's own, and one whose password SASLprep changes. */
const crawlerHomeAccounts = (server: string) =>
  CRAWLER_HOMES.filter((h) => h.server === server).flatMap((h) => [
    { ...CRAWLER_ACCOUNT, domain: h.domain },
    { ...PREPARED_PASSWORD_ACCOUNT, domain: h.domain },
  ]);

/** The self-test's accounts on one of today's servers (SELFTEST_TODAY). */
const selftestTodayPeople = (server: string) => Object.values(SELFTEST_TODAY).filter((p) => p.server === server);

export async function startFederation(options: FederationOptions = {}): Promise<Federation> {
  preflight();
  const dir = options.dir ?? DEFAULT_DIR;
  await stopFederation(dir);
  await checkPortsFree();
  const layout = layoutFor(dir, options);
  const prosodies = prosodyServers(layout);
  writeFiles(layout, prosodies);

  const state: State = { dir, processes: [], hostsMarker: markerFor(dir) };
  const save = () => writeFileSync(paths(dir).state, JSON.stringify(state, null, 2));
  const track: Track = (s) => {
    state.processes.push(s);
    save();
    return s;
  };
  save();
  addHostsBlock(state.hostsMarker, hostsFile(layout));

  try {
    startDnsAndHelpers(layout, track);
    startWeb(layout, track);
    // ejabberd first: its Erlang VMs take the longest to start, and the Prosody accounts are made meanwhile.
    const ejabberds = startEjabberds(layout, track);
    await startProsodies(layout, prosodies, track);
    await Promise.all([
      ...prosodies.flatMap((x) => x.domains.map((domain) => waitForStreamFeatures(x.address, 5222, domain, READY_TIMEOUT_MS))),
      ...ejabberds.map(async ({ name, ctl }) => {
        // ejabberd starts its hosts one after another: each must be up before its accounts and rooms are made.
        const { address, hosts } = EJABBERD_SERVERS[name];
        await Promise.all(hosts.map((h) => waitForStreamFeatures(address, 5222, h.domain, READY_TIMEOUT_MS)));
        await setUpEjabberd(name, ctl);
      }),
    ]);
    return federationHandle(
      layout,
      Array.from({ length: options.missingHosts ?? 0 }, (_, i) => `d${i}.missing.test`),
    );
  } catch (error) {
    await stopFederation(dir);
    throw error;
  }
}

/** Records a started process in the state file, so that `down` and a later run can stop it by PID. */
type Track = (started: Started) => Started;

/** The generated hosts each option asks for, beside the spec's own. */
function layoutFor(dir: string, options: FederationOptions): Layout {
  return {
    dir,
    extraLocalHosts: Array.from({ length: options.extraLocalHosts ?? 0 }, (_, i) => `d${i}.local.test`),
    remoteHosts: Array.from({ length: options.remoteHosts ?? 0 }, (_, i) => `d${i}.remote.test`),
    ...(options.latencyMs && { latencyMs: options.latencyMs }),
    silentHosts: Array.from({ length: options.silentHosts ?? 0 }, (_, i) => `d${i}.silent.test`),
    refusedHosts: Array.from({ length: options.refusedHosts ?? 0 }, (_, i) => `d${i}.refused.test`),
  };
}

/** The federation's folder, afresh: certificates, the unpacked servers, the Prosody modules, the hosts file and resolver. */
function writeFiles(layout: Layout, prosodies: ReturnType<typeof prosodyServers>): void {
  const { dir } = layout;
  const p = paths(dir);
  for (const sub of [...prosodies.map((x) => x.name), "remote", ...Object.keys(EJABBERD_SERVERS), "prosody-plugins"])
    rmSync(`${dir}/${sub}`, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  chmodSync(dir, 0o755);
  makeCertificates(layout);
  copyUnpackedServers(dir);
  cpSync(PLUGINS, p.plugins, { recursive: true });
  // The Prosody 0.12 recipe's module, which the federation's hosts use too.
  cpSync(`${RECIPES_DIR}/mod_serverinfo_administrators.lua`, `${p.plugins}/mod_serverinfo_administrators.lua`);
  writeFileSync(p.hosts, hostsFile(layout));
  writeFileSync(p.resolvConf, `nameserver ${ADDRESSES.dns}\n`);
}

/** The federation's DNS (dnsmasq), the tarpit, and bench:network's latency proxy when asked for. */
function startDnsAndHelpers(layout: Layout, track: Track): void {
  const { dir } = layout;
  track(startDetached("dnsmasq", "dnsmasq", dnsmasqArgs(layout, `${dir}/dnsmasq.pid`), { logFile: `${dir}/dnsmasq.log` }));
  track(startDetached("tarpit", process.execPath, [TARPIT, ADDRESSES.tarpit, "5269"], { logFile: `${dir}/tarpit.log` }));
  if (layout.latencyMs)
    track(
      startDetached(
        "latency-proxy",
        process.execPath,
        [LATENCY_PROXY, ADDRESSES.latencyProxy, "5269", ADDRESSES.remoteProsody, "5269", String(layout.latencyMs)],
        { logFile: `${dir}/latency-proxy.log` },
      ),
    );
}

/** The web server: https for web.test, and for good.test and ej.test on their XMPP servers' addresses; plain http for web.test. */
function startWeb(layout: Layout, track: Track): void {
  const p = paths(layout.dir);
  writeFileSync(
    p.webRoutes,
    JSON.stringify({
      cert: p.serverCert,
      key: p.serverKey,
      listen: [
        { address: ADDRESSES.web, port: 443, https: true },
        { address: ADDRESSES.web, port: 80, https: false },
        { address: ADDRESSES.prosody, port: 443, https: true },
        { address: ADDRESSES.ejabberd, port: 443, https: true },
      ],
      routes: webRoutes(new Date()),
    }),
  );
  track(startDetached("web", process.execPath, [WEB_SERVER, p.webRoutes], { logFile: `${layout.dir}/web.log` }));
}

/** Both ejabberds (23.01 and 24.12) and their epmd, started; their accounts and rooms come once they serve. */
function startEjabberds(layout: Layout, track: Track) {
  const { dir } = layout;
  const p = paths(dir);
  const ejabberds = (Object.keys(EJABBERD_SERVERS) as EjabberdServerName[]).map((name) => ({ name, ...ejabberdServer(dir, name) }));
  const codePath = erlangCodePath(`${p.servers}/ejabberd`);
  for (const { name, own } of ejabberds) {
    // ejabberd runs as its own user: the PEM and its folders must be readable by it.
    mkdirSync(own.logs, { recursive: true });
    mkdirSync(own.spool, { recursive: true });
    writeFileSync(own.config, ejabberdConfig(layout, name));
    cpSync(p.serverPem, `${own.dir}/server.pem`);
    cpSync(p.caCert, `${own.dir}/ca.crt`); // so that it accepts the other servers' certificates (SASL EXTERNAL)
    writeFileSync(own.ctlConfig, ejabberdCtlConfig(name, EPMD_PORT, name === "ejabberd24" ? codePath : []));
    writeFileSync(own.inetrc, ejabberdInetrc(layout));
    chownTree(own.dir, "ejabberd");
  }
  track(
    startDetached("epmd", "setpriv", ["--reuid=ejabberd", "--regid=ejabberd", "--init-groups", "epmd", "-port", String(EPMD_PORT), "-address", "127.0.0.1"], {
      logFile: `${dir}/epmd.log`,
    }),
  );
  for (const ejabberd of ejabberds) track(ejabberd.start());
  return ejabberds;
}

/** Each Prosody (0.12.3, 13.0.1, the remote one): its configuration and accounts, then started, all in parallel. */
async function startProsodies(layout: Layout, prosodies: ReturnType<typeof prosodyServers>, track: Track): Promise<void> {
  const { dir } = layout;
  const p = paths(dir);
  chownTree(p.certs, "prosody");
  await Promise.all(
    prosodies.map(async (prosody) => {
      const own = p.prosody(prosody.name);
      mkdirSync(own.data, { recursive: true });
      writeFileSync(own.config, prosodyConfig(layout, prosody.name));
      chownTree(own.dir, "prosody");
      for (const account of prosodyAccounts(prosody.name))
        await runAsync(
          "setpriv",
          [
            ...AS_PROSODY,
            ...prosodyCommand(dir, prosody.name, "prosodyctl"),
            "--config",
            own.config,
            "register",
            account.username,
            account.domain,
            account.password,
          ],
          `creating the account ${account.username}@${account.domain}`,
        );
      track(startProsody(dir, prosody.name));
    }),
  );
}

/** What the tests and scripts get of a running federation: its addresses, accounts, domains and controls. */
function federationHandle(layout: Layout, missingHosts: string[]): Federation {
  const { dir } = layout;
  const p = paths(dir);
  const homes = CRAWLER_HOMES.map((h) => ({ domain: h.domain, service: `xmpp://${h.address}:5222`, jid: `${CRAWLER_ACCOUNT.username}@${h.domain}` }));
  return {
    dir,
    caCert: p.caCert,
    service: `xmpp://${ADDRESSES.prosody}:5222`,
    jid: CRAWLER_JID,
    password: CRAWLER_ACCOUNT.password,
    homes,
    domains: federationDomains(),
    extraLocalHosts: layout.extraLocalHosts,
    remoteHosts: layout.remoteHosts,
    silentHosts: layout.silentHosts ?? [],
    refusedHosts: layout.refusedHosts ?? [],
    missingHosts,
    crawlerEnv: (extra = {}) =>
      crawlerEnvFor({ caCert: p.caCert, service: `xmpp://${ADDRESSES.prosody}:5222`, jid: CRAWLER_JID, password: CRAWLER_ACCOUNT.password }, extra),
    cpuMs: () => groupCpuMs(readState(dir)?.processes ?? []),
    killHome: () => killHomeServer(dir),
    startHome: () => startHomeServer(dir),
    stop: () => stopFederation(dir).then(() => undefined),
  };
}

/** The accounts and rooms of an ejabberd server, made through its ejabberdctl once it serves (one command at a time: each is an Erlang node of its own). */
async function setUpEjabberd(name: EjabberdServerName, ctl: (what: string, ...args: string[]) => Promise<string>): Promise<void> {
  const homes = crawlerHomeAccounts(name);
  for (const account of [...homes, ...(name === "ejabberd" ? EJABBERD_PEOPLE : selftestTodayPeople(name))])
    await ctl(`creating the account ${account.username}@${account.domain}`, "register", account.username, account.domain, account.password);
  if (name === "ejabberd24") return setUpEjabberd24Selftest(ctl);
  // The rooms the contact checks look for on ejabberd, one open and one members-only (Prosody's
  // come from mod_test_rooms), and the self-test's, each owned by an account that is not the
  // administrator under test. Each room is made with its options in one command: every command
  // starts an Erlang node of its own, a good half second.
  const rooms = [
    { jid: ROOMS.ejabberd.open, options: {} },
    { jid: ROOMS.ejabberd.membersOnly, options: { members_only: "true" } },
    ...[...SELFTEST_TARGETS.ejabberdRooms, SELFTEST_TARGETS.ejabberdStrictRoom].map(({ jid, owner }) => ({ jid, options: {}, owner })),
  ];
  for (const { jid: room, options, owner } of rooms as Array<{ jid: string; options: Record<string, string>; owner?: string }>) {
    const [roomName, service] = room.split("@") as [string, string];
    const host = service.replace(/^conference\./, "");
    // 23.01's ejabberdctl reads a list of options as JSON.
    const roomOptions = JSON.stringify({ persistent: "true", public: "true", ...options });
    await ctl(`creating the room ${room}`, "create_room_with_opts", roomName, service, host, roomOptions);
    if (owner) await ctl(`making ${owner} the owner of ${room}`, "set_room_affiliation", roomName, service, owner, "owner");
  }
}

/**
 * The self-test's room and node on ejabberd 24.12, each owned by an account that is not the
 * administrator under test. ejabberd has no command that makes a PubSub node: its owner's
 * <create/> is routed from its JID (mod_admin_extra's send_stanza), as its client would send it.
 */
async function setUpEjabberd24Selftest(ctl: (what: string, ...args: string[]) => Promise<string>): Promise<void> {
  const t = SELFTEST_TODAY_TARGETS;
  for (const { jid, owner } of [t.ejabberd24Room, t.ejabberd24StrictRoom]) {
    const [roomName, service] = jid.split("@") as [string, string];
    // 24.12's ejabberdctl reads a list of options as name=value pairs, comma-separated.
    await ctl(`creating the room ${jid}`, "create_room_with_opts", roomName, service, service.replace(/^conference\./, ""), "persistent:true,public:true");
    // 24.12's set_room_affiliation takes the user and the host apart (API v3).
    const [user, host] = owner.split("@") as [string, string];
    await ctl(`making ${owner} the owner of ${jid}`, "set_room_affiliation", roomName, service, user, host, "owner");
  }
  const { service, node, owner } = t.ejabberd24Node;
  const create = `<iq type='set' id='create-${node}'><pubsub xmlns='http://jabber.org/protocol/pubsub'><create node='${node}'/></pubsub></iq>`;
  await ctl(`creating the node ${node} on ${service}, owned by ${owner}`, "send_stanza", owner, service, create);
}

/**
 * What ejabberd 24.12's mod_auth_fast holds: the FAST tokens (XEP-0484) it issued, as the server
 * itself lists them (ejabberdctl dump_table of its mnesia table), one "user@host" per token.
 */
export async function ejabberd24FastTokens(dir = DEFAULT_DIR): Promise<string[]> {
  const { own, ctl } = ejabberdServer(dir, "ejabberd24");
  const file = `${own.spool}/mod_auth_fast-${process.pid}-${Date.now()}.txt`;
  try {
    await ctl("listing the FAST tokens of ejabberd 24.12", "dump_table", file, "mod_auth_fast");
    // Each record: {mod_auth_fast,{<<"host">>,<<"user">>,<<"c:user-agent id">>},<<"token">>,Created,Expires}.
    const records = readFileSync(file, "utf8").matchAll(/\{mod_auth_fast,\s*\{<<"([^"]*)">>,\s*<<"([^"]*)">>/g);
    return [...records].map(([, host, user]) => `${user}@${host}`);
  } finally {
    rmSync(file, { force: true });
  }
}

const HOME_PROCESS = "prosody-home";

/**
 * The Prosody servers the tests may stop and start again: the home one (the crawler's own server),
 * and Prosody 13 (where the second vantage's account lives, test/federation/vantages.test.ts).
 */
const RESTARTABLE = {
  home: { process: HOME_PROCESS, address: ADDRESSES.prosody, domain: HOME_DOMAIN },
  prosody13: { process: "prosody-prosody13", address: ADDRESSES.prosody13, domain: PROSODY13_DOMAIN },
} as const;
export type RestartableProsody = keyof typeof RESTARTABLE;

/** Kills a Prosody at once (SIGKILL), as a crash would. Works from any process, through the state file. */
export async function killProsodyServer(name: RestartableProsody, dir = DEFAULT_DIR): Promise<void> {
  const state = readState(dir);
  const running = state?.processes.find((x) => x.name === RESTARTABLE[name].process);
  if (!state || !running) return;
  await stopGroup(running, 0);
  state.processes = state.processes.filter((x) => x !== running);
  writeFileSync(paths(dir).state, JSON.stringify(state, null, 2));
}

/** Starts a Prosody again after killProsodyServer, and waits until it serves. */
export async function startProsodyServer(name: RestartableProsody, dir = DEFAULT_DIR): Promise<void> {
  const state = readState(dir);
  if (!state) throw new FederationError(`no federation is running from ${dir}`);
  const { process: processName, address, domain } = RESTARTABLE[name];
  const running = state.processes.find((x) => x.name === processName);
  if (running && isProcessAlive(running.pid)) return;
  rmSync(paths(dir).prosody(name).pid, { force: true }); // a stale pidfile lock would block the start
  state.processes = [...state.processes.filter((x) => x.name !== processName), startProsody(dir, name)];
  writeFileSync(paths(dir).state, JSON.stringify(state, null, 2));
  await waitForStreamFeatures(address, 5222, domain, READY_TIMEOUT_MS);
}

/** Kills the home Prosody at once (SIGKILL), as a crash would. */
export const killHomeServer = (dir = DEFAULT_DIR) => killProsodyServer("home", dir);

/** Starts the home Prosody again after killHomeServer, and waits until it serves. */
export const startHomeServer = (dir = DEFAULT_DIR) => startProsodyServer("home", dir);

/** The line of the home Prosody's configuration that turns its s2s off (setHomeS2s). */
const S2S_OFF = 'modules_disabled = { "s2s" } -- turned off by setHomeS2s';

/**
 * Turns the home Prosody's server-to-server connections off or on again, as an operator's mistake
 * would (issue 32: our own server sick): its configuration disables mod_s2s, or no longer does, and
 * the server restarts with it. Its own hosts still answer its own clients.
 */
export async function setHomeS2s(on: boolean, dir = DEFAULT_DIR): Promise<void> {
  const file = paths(dir).prosody("home").config;
  const lines = readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line !== S2S_OFF);
  // A global option: before the first VirtualHost, after the header comment.
  if (!on) lines.splice(1, 0, S2S_OFF);
  writeFileSync(file, lines.join("\n"));
  await killHomeServer(dir);
  await startHomeServer(dir);
}

/** Prosody does not drop privileges by itself: setpriv runs it, and prosodyctl, as the prosody user. */
const AS_PROSODY = ["--reuid=prosody", "--regid=prosody", "--init-groups"];

/** The command line of prosody or prosodyctl: Debian's 0.12, or 13 from the federation's copy of .servers/prosody, under Lua 5.4. */
function prosodyCommand(dir: string, name: ProsodyName, program: "prosody" | "prosodyctl"): string[] {
  return name === "prosody13" ? ["lua5.4", `${paths(dir).servers}/prosody/usr/bin/${program}`] : [program];
}

function startProsody(dir: string, name: ProsodyName): Started {
  const own = paths(dir).prosody(name);
  return startDetached(
    name === "home" ? HOME_PROCESS : `prosody-${name}`,
    "setpriv",
    [...AS_PROSODY, ...prosodyCommand(dir, name, "prosody"), "--config", own.config, "-F"],
    { logFile: `${own.dir}/console.log`, cwd: own.dir },
  );
}

/**
 * Has a running server take a change of some of its hosts (test/federation/fixes.test.ts): each
 * host's section, as `before` renders it, is replaced in the server's configuration file by `after`'s.
 * ejabberd reloads its configuration (ejabberdctl reload_config). Prosody reloads it through the
 * admin shell and activates each changed host and component again: activating a host loads its
 * modules from the configuration as it now is, so every option is read afresh (and modules
 * enabled or disabled on it are loaded or unloaded), without restarting the server.
 */
export async function reconfigureHosts(
  dir: string,
  server: ProsodyName | EjabberdServerName,
  changes: Array<{ before: ProsodyHost; after: ProsodyHost }> | Array<{ before: EjabberdHost; after: EjabberdHost }>,
): Promise<void> {
  const isEjabberd = server === "ejabberd" || server === "ejabberd24";
  const file = isEjabberd ? paths(dir).ejabberd(server).config : paths(dir).prosody(server as ProsodyName).config;
  let text = readFileSync(file, "utf8");
  for (const { before, after } of changes) {
    const [was, now] = isEjabberd
      ? [ejabberdHostConfig(before as EjabberdHost), ejabberdHostConfig(after as EjabberdHost)]
      : [hostBlock(before as ProsodyHost), hostBlock(after as ProsodyHost)];
    // The section followed by the end of its line: one host's section is never taken for the start of another's.
    const found = text.split(`${was}\n`).length - 1;
    if (found !== 1) throw new FederationError(`${before.domain}'s section is in ${file} ${found} times, not once`);
    text = text.replace(`${was}\n`, () => `${now}\n`);
  }
  writeFileSync(file, text);
  if (isEjabberd) {
    await ejabberdServer(dir, server).ctl(`reloading ${server}'s configuration`, "reload_config");
    return;
  }
  const names = changes.flatMap(({ before, after }) => [...new Set([...prosodyNames(before as ProsodyHost), ...prosodyNames(after as ProsodyHost)])]);
  // One line of the shell each (it reports an error only for a line whose last value is nil or false
  // with a message, and gives no assert): the configuration, then each host, then its components.
  const lines = ["config:reload()", ...names.map((name) => `host:deactivate(${JSON.stringify(name)}); return host:activate(${JSON.stringify(name)})`)];
  const name = server as ProsodyName;
  for (const line of lines)
    await runAsync(
      "setpriv",
      [...AS_PROSODY, ...prosodyCommand(dir, name, "prosodyctl"), "--config", paths(dir).prosody(name).config, "shell", line],
      `${line} in ${server}'s admin shell`,
    );
}
