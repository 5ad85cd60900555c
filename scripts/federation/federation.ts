// The real local federation: Prosody 0.12 and ejabberd 23.01 from Debian's packages on
// loopback addresses, s2s between them with self-signed TLS, and a local DNS (dnsmasq).
// It changes one thing outside its folder, a marked block in /etc/hosts (ejabberd resolves
// A records through the C library), and removes it again when it stops.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { userInfo } from "node:os";
import { createServer } from "node:net";
import {
  ADDRESSES,
  CRAWLER_ACCOUNT,
  CRAWLER_JID,
  CROWD,
  EJABBERD_HOSTS,
  EJABBERD_PEOPLE,
  federationDomains,
  HOME_DOMAIN,
  JOINERS,
  PEOPLE,
  PROSODY_HOSTS,
  SELFTEST_PEOPLE,
  SELFTEST_TARGETS,
  ROOMS,
  WEB_DOMAIN,
  webRoutes,
} from "./spec.ts";
import { dnsmasqArgs, ejabberdConfig, ejabberdCtlConfig, ejabberdInetrc, hostsFile, paths, prosodyConfig, type Layout } from "./render.ts";
import { groupCpuMs, startDetached, stopGroup, waitForStreamFeatures, type Started } from "./processes.ts";
import { isProcessAlive } from "../../crawler/process-identity.ts";

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

export interface Federation {
  dir: string;
  /** The CA certificate to trust (NODE_EXTRA_CA_CERTS). */
  caCert: string;
  service: string;
  jid: string;
  password: string;
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

function run(command: string, args: string[], what: string, env?: NodeJS.ProcessEnv): string {
  try {
    return execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], ...(env && { env }) });
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string; message: string };
    const said = [e.stderr, e.stdout].filter((s) => s && s.trim()).join("\n") || e.message;
    throw new FederationError(`${what} failed: ${said.trim().slice(0, 2000)}`);
  }
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
  [ADDRESSES.prosody, 5222],
  [ADDRESSES.prosody, 5269],
  [ADDRESSES.ejabberd, 5222],
  [ADDRESSES.ejabberd, 5269],
  [ADDRESSES.tarpit, 5269],
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
  const missing = ["prosody", "prosodyctl", "ejabberdctl", "dnsmasq", "openssl", "setpriv", "epmd"].filter((c) => !commandExists(c));
  if (missing.length > 0) {
    throw new FederationError(
      `missing ${missing.join(", ")}. Install them with: apt-get install -y ${REQUIRED_PACKAGES.join(" ")} (or run bash scripts/setup.sh)`,
    );
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
      ...EJABBERD_HOSTS.flatMap((h) => [h.domain, `conference.${h.domain}`]),
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
  for (const process of [...state.processes].reverse()) await stopGroup(process);
  removeHostsBlock(state.hostsMarker);
  rmSync(paths(dir).state, { force: true });
  return true;
}

export async function startFederation(options: FederationOptions = {}): Promise<Federation> {
  preflight();
  const dir = options.dir ?? DEFAULT_DIR;
  await stopFederation(dir);
  await checkPortsFree();
  const layout: Layout = {
    dir,
    extraLocalHosts: Array.from({ length: options.extraLocalHosts ?? 0 }, (_, i) => `d${i}.local.test`),
    remoteHosts: Array.from({ length: options.remoteHosts ?? 0 }, (_, i) => `d${i}.remote.test`),
    ...(options.latencyMs && { latencyMs: options.latencyMs }),
    silentHosts: Array.from({ length: options.silentHosts ?? 0 }, (_, i) => `d${i}.silent.test`),
    refusedHosts: Array.from({ length: options.refusedHosts ?? 0 }, (_, i) => `d${i}.refused.test`),
  };
  const missingHosts = Array.from({ length: options.missingHosts ?? 0 }, (_, i) => `d${i}.missing.test`);
  const p = paths(dir);
  for (const sub of ["home", "remote", "ejabberd", "prosody-plugins"]) rmSync(`${dir}/${sub}`, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  chmodSync(dir, 0o755);
  makeCertificates(layout);
  cpSync(PLUGINS, p.plugins, { recursive: true });
  writeFileSync(p.hosts, hostsFile(layout));
  writeFileSync(p.resolvConf, `nameserver ${ADDRESSES.dns}\n`);

  const state: State = { dir, processes: [], hostsMarker: markerFor(dir) };
  const save = () => writeFileSync(p.state, JSON.stringify(state, null, 2));
  const track = (s: Started) => {
    state.processes.push(s);
    save();
    return s;
  };
  save();
  addHostsBlock(state.hostsMarker, hostsFile(layout));

  try {
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
    // https for web.test, and for good.test and ej.test on their XMPP servers' addresses; plain http for web.test.
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
    track(startDetached("web", process.execPath, [WEB_SERVER, p.webRoutes], { logFile: `${dir}/web.log` }));

    const prosodies: Array<{ name: "home" | "remote"; address: string; domain: string }> = [{ name: "home", address: ADDRESSES.prosody, domain: HOME_DOMAIN }];
    if (layout.remoteHosts.length > 0) prosodies.push({ name: "remote", address: ADDRESSES.remoteProsody, domain: layout.remoteHosts[0]! });
    for (const prosody of prosodies) {
      const own = p.prosody(prosody.name);
      mkdirSync(own.data, { recursive: true });
      writeFileSync(own.config, prosodyConfig(layout, prosody.name));
      chownTree(own.dir, "prosody");
      chownTree(p.certs, "prosody");
      if (prosody.name === "home") {
        for (const account of [
          { ...CRAWLER_ACCOUNT, domain: HOME_DOMAIN },
          ...Object.values(PEOPLE).filter((a) => !EJABBERD_PEOPLE.includes(a)),
          ...Object.values(JOINERS),
          ...Object.values(SELFTEST_PEOPLE).filter((a) => !EJABBERD_PEOPLE.includes(a)),
        ]) {
          run(
            "setpriv",
            [
              "--reuid=prosody",
              "--regid=prosody",
              "--init-groups",
              "prosodyctl",
              "--config",
              own.config,
              "register",
              account.username,
              account.domain,
              account.password,
            ],
            `creating the account ${account.username}@${account.domain}`,
          );
        }
      }
      track(startProsody(own.config, own.dir, prosody.name));
    }

    // ejabberd runs as its own user: the PEM and its folders must be readable by it.
    mkdirSync(p.ejabberd.logs, { recursive: true });
    mkdirSync(p.ejabberd.spool, { recursive: true });
    writeFileSync(p.ejabberd.config, ejabberdConfig(layout));
    cpSync(p.serverPem, `${p.ejabberd.dir}/server.pem`);
    cpSync(p.caCert, `${p.ejabberd.dir}/ca.crt`); // so that it accepts the Prosody's certificate (SASL EXTERNAL)
    writeFileSync(p.ejabberd.ctlConfig, ejabberdCtlConfig(EPMD_PORT));
    writeFileSync(p.ejabberd.inetrc, ejabberdInetrc(layout));
    chownTree(p.ejabberd.dir, "ejabberd");
    const erlangEnv = { ...process.env, HOME: p.ejabberd.dir, ERL_EPMD_PORT: String(EPMD_PORT), EJABBERD_CONFIG_PATH: p.ejabberd.config };
    track(
      startDetached("epmd", "setpriv", ["--reuid=ejabberd", "--regid=ejabberd", "--init-groups", "epmd", "-port", String(EPMD_PORT), "-address", "127.0.0.1"], {
        logFile: `${p.ejabberd.logs}/epmd.log`,
        env: erlangEnv,
      }),
    );
    const ejabberdctl = (...args: string[]) => [
      "--reuid=ejabberd",
      "--regid=ejabberd",
      "--init-groups",
      "ejabberdctl",
      "--config-dir",
      p.ejabberd.dir,
      "--config",
      p.ejabberd.config,
      "--ctl-config",
      p.ejabberd.ctlConfig,
      "--logs",
      p.ejabberd.logs,
      "--spool",
      p.ejabberd.spool,
      ...args,
    ];
    track(startDetached("ejabberd", "setpriv", ejabberdctl("foreground"), { logFile: `${p.ejabberd.logs}/console.log`, env: erlangEnv, cwd: p.ejabberd.dir }));

    await Promise.all([
      ...prosodies.map((x) => waitForStreamFeatures(x.address, 5222, x.domain, READY_TIMEOUT_MS)),
      // ejabberd starts its hosts one after another: each must be up before its accounts and rooms are made.
      ...EJABBERD_HOSTS.map((h) => waitForStreamFeatures(ADDRESSES.ejabberd, 5222, h.domain, READY_TIMEOUT_MS)),
    ]);
    for (const account of EJABBERD_PEOPLE)
      run(
        "setpriv",
        ejabberdctl("register", account.username, account.domain, account.password),
        `creating the account ${account.username}@${account.domain}`,
        erlangEnv,
      );
    // The rooms the contact checks look for on ejabberd: one open, one members-only (Prosody's come from mod_test_rooms).
    for (const [room, membersOnly] of [
      [ROOMS.ejabberd.open, false],
      [ROOMS.ejabberd.membersOnly, true],
    ] as const) {
      const [name, service] = room.split("@") as [string, string];
      const host = service.replace(/^conference\./, "");
      run("setpriv", ejabberdctl("create_room", name, service, host), `creating the room ${room}`, erlangEnv);
      run("setpriv", ejabberdctl("change_room_option", name, service, "persistent", "true"), `making ${room} persistent`, erlangEnv);
      run("setpriv", ejabberdctl("change_room_option", name, service, "public", "true"), `making ${room} public`, erlangEnv);
      if (membersOnly) run("setpriv", ejabberdctl("change_room_option", name, service, "members_only", "true"), `making ${room} members-only`, erlangEnv);
    }
    // The self-test's rooms on ejabberd, each owned by an account that is not the administrator under test.
    for (const { jid: room, owner } of [...SELFTEST_TARGETS.ejabberdRooms, SELFTEST_TARGETS.ejabberdStrictRoom]) {
      const [name, service] = room.split("@") as [string, string];
      const host = service.replace(/^conference\./, "");
      run("setpriv", ejabberdctl("create_room", name, service, host), `creating the room ${room}`, erlangEnv);
      run("setpriv", ejabberdctl("change_room_option", name, service, "persistent", "true"), `making ${room} persistent`, erlangEnv);
      run("setpriv", ejabberdctl("change_room_option", name, service, "public", "true"), `making ${room} public`, erlangEnv);
      run("setpriv", ejabberdctl("set_room_affiliation", name, service, owner, "owner"), `making ${owner} the owner of ${room}`, erlangEnv);
    }

    const federation: Federation = {
      dir,
      caCert: p.caCert,
      service: `xmpp://${ADDRESSES.prosody}:5222`,
      jid: CRAWLER_JID,
      password: CRAWLER_ACCOUNT.password,
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
    return federation;
  } catch (error) {
    await stopFederation(dir);
    throw error;
  }
}

const HOME_PROCESS = "prosody-home";

/** Kills the home Prosody at once (SIGKILL), as a crash would. Works from any process, through the state file. */
export async function killHomeServer(dir = DEFAULT_DIR): Promise<void> {
  const state = readState(dir);
  const home = state?.processes.find((x) => x.name === HOME_PROCESS);
  if (!state || !home) return;
  await stopGroup(home, 0);
  state.processes = state.processes.filter((x) => x !== home);
  writeFileSync(paths(dir).state, JSON.stringify(state, null, 2));
}

/** Starts the home Prosody again after killHomeServer, and waits until it serves. */
export async function startHomeServer(dir = DEFAULT_DIR): Promise<void> {
  const state = readState(dir);
  if (!state) throw new FederationError(`no federation is running from ${dir}`);
  const running = state.processes.find((x) => x.name === HOME_PROCESS);
  if (running && isProcessAlive(running.pid)) return;
  const own = paths(dir).prosody("home");
  rmSync(own.pid, { force: true }); // a stale pidfile lock would block the start
  state.processes = [...state.processes.filter((x) => x.name !== HOME_PROCESS), startProsody(own.config, own.dir, "home")];
  writeFileSync(paths(dir).state, JSON.stringify(state, null, 2));
  await waitForStreamFeatures(ADDRESSES.prosody, 5222, HOME_DOMAIN, READY_TIMEOUT_MS);
}

function startProsody(config: string, dir: string, name: string): Started {
  // Prosody does not drop privileges by itself.
  return startDetached(
    name === "home" ? HOME_PROCESS : `prosody-${name}`,
    "setpriv",
    ["--reuid=prosody", "--regid=prosody", "--init-groups", "prosody", "--config", config, "-F"],
    { logFile: `${dir}/console.log`, cwd: dir },
  );
}
