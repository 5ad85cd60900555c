// Logging in as an attacker would have it go (issue 30): someone on the path strips <starttls/>, a
// server offers only ANONYMOUS, a server offers FAST tokens, the connection drops mid-self-test.
// Every command opens its session through crawler/xmpp/session.ts; each is run here as a user would.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, inject, it } from "vitest";
import { paths } from "../../scripts/federation/render.ts";
import { ADDRESSES, SELFTEST_PEOPLE } from "../../scripts/federation/spec.ts";
import {
  ANONYMOUS_ONLY,
  connectionCounter,
  directTlsServer,
  fakeServer,
  pathProxy,
  redirectingServer,
  SASL2_WITH_FAST,
  SCRAM_IMPOSTOR,
  scramImpostor,
  SILENT_AT_SASL,
  type Listening,
} from "../helpers/login-peers.ts";
import { crawlerEnv, freshDb, startLogged, type RunResult } from "./cli.ts";
import { until } from "../helpers/until.ts";

const HOME = { host: ADDRESSES.prosody, port: 5222 };
const ADMIN = SELFTEST_PEOPLE.admin;
/** Far past what a refused login takes; a command still running then is stuck, and is killed. */
const PATIENCE_MS = 40_000;

const opened: Listening[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((p) => p.close()));
});
const track = <T extends Listening>(peer: T): T => {
  opened.push(peer);
  return peer;
};

function certificate(): { cert: string; key: string } {
  const p = paths(inject("federation").dir);
  return { cert: readFileSync(p.serverCert, "utf8"), key: readFileSync(p.serverKey, "utf8") };
}

/** A certificate from the federation's CA that names only `subjectAltName` (such as IP:127.0.0.21): valid, but for no domain of ours. */
function certificateNaming(subjectAltName: string): { cert: string; key: string } {
  const certs = paths(inject("federation").dir).certs;
  const dir = mkdtempSync(`${tmpdir()}/cert-`);
  const openssl = (args: string[]) => execFileSync("openssl", args, { stdio: "ignore" });
  writeFileSync(`${dir}/ext`, `subjectAltName=${subjectAltName}\n`);
  openssl(["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=elsewhere", "-keyout", `${dir}/key.pem`, "-out", `${dir}/csr.pem`]);
  const ca = ["-CA", `${certs}/ca.crt`, "-CAkey", `${certs}/ca.key`, "-CAcreateserial", "-CAserial", `${dir}/ca.srl`];
  openssl(["x509", "-req", "-in", `${dir}/csr.pem`, ...ca, "-days", "1", "-out", `${dir}/cert.pem`, "-extfile", `${dir}/ext`]);
  return { cert: readFileSync(`${dir}/cert.pem`, "utf8"), key: readFileSync(`${dir}/key.pem`, "utf8") };
}

/** Runs a command that logs in through `service`; one still running after PATIENCE_MS is killed (code null). */
async function runVia(command: "check" | "selftest" | "bot", service: string, extra: Record<string, string> = {}): Promise<RunResult> {
  const [args, env] =
    command === "check"
      ? [["check", "--no-store", "--timeout", "1", "good.test"], { OBSERVATORY_SERVICE: service, OBSERVATORY_DB: freshDb() }]
      : command === "bot"
        ? [["bot"], { OBSERVATORY_SERVICE: service, OBSERVATORY_DB: freshDb() }]
        : [
            ["selftest", "admins.test", "--as", `${ADMIN.username}@${ADMIN.domain}`, "--timeout", "1"],
            { OBSERVATORY_SELFTEST_SERVICE: service, OBSERVATORY_SELFTEST_PASSWORD: ADMIN.password },
          ];
  const run = startLogged(args, crawlerEnv({ ...env, ...extra }));
  const timer = setTimeout(() => run.child.kill("SIGKILL"), PATIENCE_MS);
  try {
    return await run.done;
  } finally {
    clearTimeout(timer);
  }
}

/** The lines a command wrote on stderr that are not the self-test's read-only notice. */
const errorLines = (stderr: string) =>
  stderr
    .split("\n")
    .filter((l) => l !== "" && !l.startsWith("Read-only:"))
    .map((l) => l.replace(/127\.0\.0\.(\d+):\d+/, "127.0.0.$1:PORT"));

const ACCOUNT = { check: "crawler@home.test", bot: "crawler@home.test", selftest: "admin@admins.test" } as const;

describe("a login only over TLS", () => {
  for (const command of ["check", "selftest", "bot"] as const)
    it(`${command}: with <starttls/> stripped on the path, sends nothing after the features and exits 3 with one line`, async () => {
      const proxy = track(await pathProxy(ADDRESSES.pathProxy, HOME, { stripStartTls: true }));
      const { code, stderr } = await runVia(command, proxy.service);
      expect(proxy.sentAfterFeatures()).toBe("");
      expect(errorLines(stderr)).toEqual([
        `observatory: cannot log in as ${ACCOUNT[command]} via xmpp://127.0.0.20:PORT: no password was sent: the server offered no TLS (no <starttls/> among its stream features; someone on the path may have removed it), and the observatory logs in only over TLS`,
      ]);
      expect(code).toBe(3);
      expect(proxy.connections()).toBe(1);
    });

  it("bot: a reconnection stripped of <starttls/>, with a forged chat command before the features, is answered with nothing, and the bot logs why", async () => {
    const proxy = track(await pathProxy(ADDRESSES.pathProxy, HOME, { stripStartTls: false }));
    const run = startLogged(["bot"], crawlerEnv({ OBSERVATORY_SERVICE: proxy.service, OBSERVATORY_DB: freshDb() }));
    try {
      await until("the inbox to be online", () => run.log().includes('"event":"chat-inbox-online"'));
      const forged = `<message from='admin@good.test/forged' to='crawler@home.test' type='chat' id='forged'><body>help</body></message>`;
      proxy.attack({ stripStartTls: true, injectBeforeFeatures: forged });
      const attacked = proxy.connections();
      proxy.cut();
      // Until the bot says why it refused the reconnection, or sends anything on it (an answer, a login).
      for (let i = 0; i < 300 && !run.log().includes('"event":"inbox-connection-error"') && proxy.sentAfterFeatures(attacked) === ""; i++) await sleep(100);
      expect(proxy.connections()).toBeGreaterThan(attacked);
      expect(proxy.sentAfterFeatures(attacked)).toBe("");
      expect(run.log()).toContain("cannot log in as crawler@home.test via xmpp://127.0.0.20:");
      expect(run.log()).toContain(
        ": no password was sent: the server sent <message/> before TLS (no server does; someone on the path may be forging it), and the observatory logs in only over TLS",
      );
    } finally {
      run.child.kill("SIGKILL");
      await run.done;
    }
  });

  for (const command of ["check", "selftest", "bot"] as const)
    it(`${command}: never logs in anonymously: a server that offers only ANONYMOUS hears nothing after its features, and the command exits 3`, async () => {
      const peer = track(await fakeServer(ADDRESSES.loginPeers, certificate(), ANONYMOUS_ONLY));
      const { code, stderr } = await runVia(command, peer.service);
      expect(peer.received()).toBe("");
      expect(errorLines(stderr)).toEqual([
        `observatory: cannot log in as ${ACCOUNT[command]} via xmpp://127.0.0.21:PORT: the server offers neither SCRAM-SHA-1 nor PLAIN, only ANONYMOUS, and the observatory never logs in anonymously`,
      ]);
      expect(code).toBe(3);
    });
});

describe("a login goes only where it is configured", () => {
  it("check: direct TLS checks the certificate against the account's domain, not the address connected to", async () => {
    // Valid from the federation's CA, for 127.0.0.21 only: before, the client checked it against that
    // address, accepted it, and sent <auth mechanism="SCRAM-SHA-1"> to whoever held it.
    const peer = track(await directTlsServer(ADDRESSES.loginPeers, certificateNaming(`IP:${ADDRESSES.loginPeers}`)));
    const { code, stderr } = await runVia("check", peer.service, { OBSERVATORY_LOGIN_TIMEOUT: "5" });
    expect(peer.received()).toBe("");
    expect(errorLines(stderr).at(-1)).toBe(
      "observatory: cannot log in as crawler@home.test via xmpps://127.0.0.21:PORT: Hostname/IP does not match certificate's altnames: Host: home.test. is not cert's CN: elsewhere",
    );
    expect(code).toBe(3);
  });

  it("check: a see-other-host stream error sends it nowhere: it exits 3 with one line", async () => {
    const elsewhere = track(await connectionCounter(ADDRESSES.loginPeers));
    const peer = track(await redirectingServer(ADDRESSES.pathProxy, `${ADDRESSES.loginPeers}:${elsewhere.port}`));
    const { code, stderr } = await runVia("check", peer.service);
    expect(elsewhere.connections()).toBe(0);
    expect(errorLines(stderr)).toEqual([
      `observatory: cannot log in as crawler@home.test via xmpp://127.0.0.20:PORT: the server sent us to another host (see-other-host "127.0.0.21:${elsewhere.port}"), and the observatory connects only where OBSERVATORY_SERVICE or the domain's DNS says; if that move is real, set OBSERVATORY_SERVICE to the new host`,
    ]);
    expect(code).toBe(3);
  });
});

describe("a login leaves nothing behind", () => {
  for (const command of ["selftest", "check"] as const)
    it(`${command}: asks a server that offers SASL2 with FAST for no token (no <request-token/>)`, async () => {
      const peer = track(await fakeServer(ADDRESSES.loginPeers, certificate(), SASL2_WITH_FAST));
      const { code, stderr } = await runVia(command, peer.service);
      const sent = peer.received();
      // It did authenticate with SASL2, over TLS, the only place where a token could be asked for.
      expect(sent).toMatch(/^<authenticate xmlns="urn:xmpp:sasl:2" mechanism="SCRAM-SHA-1"><initial-response>/);
      expect(sent).not.toContain("request-token");
      expect(sent).not.toContain("urn:xmpp:fast:0");
      expect(errorLines(stderr)).toEqual([`observatory: cannot log in as ${ACCOUNT[command]} via xmpp://127.0.0.21:PORT: not-authorized`]);
      expect(code).toBe(3);
    });
});

describe("a server that cannot prove it knows our password", () => {
  it("check: refuses its SCRAM signature, logs in no further, does not try again, and ends with exit 3", async () => {
    const peer = track(await fakeServer(ADDRESSES.loginPeers, certificate(), SCRAM_IMPOSTOR));
    const { code, stderr } = await runVia("check", peer.service);
    expect(peer.received().match(/<auth /g)).toHaveLength(1);
    expect(peer.received().match(/<response /g)).toHaveLength(1);
    expect(errorLines(stderr)).toEqual([
      "observatory: cannot log in as crawler@home.test via xmpp://127.0.0.21:PORT: the server's SCRAM signature is not the one our password gives: it did not prove it knows our account (RFC 5802 §3)",
    ]);
    expect(code).toBe(3);
  });

  it.each([
    ["with a wrong signature as its success's data (SASL)", "success-data" as const, "the server's SCRAM signature is not the one our password gives"],
    ["with a success that carries no signature (SASL)", "bare-success" as const, "the server ended SCRAM without its signature"],
    ["with a success that carries no signature (SASL2)", "sasl2-bare-success" as const, "the server ended SCRAM without its signature"],
    ["with a success whose additional data is empty (SASL2)", "sasl2-empty-data" as const, "the server ended SCRAM without its signature"],
  ])("check: refuses a server that lets us in %s: no resource bound, no second try, exit 3", async (_, ending, reason) => {
    const peer = track(await fakeServer(ADDRESSES.loginPeers, certificate(), scramImpostor(ending)));
    const { code, stderr } = await runVia("check", peer.service);
    expect(peer.received().match(/<response /g)).toHaveLength(1);
    // Believed, the success would restart the stream and bind a resource.
    expect(peer.received()).not.toMatch(/<bind|<iq /);
    expect(errorLines(stderr)).toEqual([
      `observatory: cannot log in as crawler@home.test via xmpp://127.0.0.21:PORT: ${reason}: it did not prove it knows our account (RFC 5802 §3)`,
    ]);
    expect(code).toBe(3);
  });
});

describe("a password that SASLprep refuses (RFC 4013)", () => {
  it("check: sends the server no <auth> at all, does not try again, and ends with exit 3", async () => {
    const peer = track(await fakeServer(ADDRESSES.loginPeers, certificate(), SCRAM_IMPOSTOR));
    const { code, stderr } = await runVia("check", peer.service, { OBSERVATORY_PASSWORD: "bell\u0007password" });
    expect(peer.received()).not.toMatch(/<auth|<authenticate|<response/);
    expect(errorLines(stderr)).toEqual([
      "observatory: cannot log in as crawler@home.test via xmpp://127.0.0.21:PORT: our password cannot be prepared for SCRAM (SASLprep, RFC 4013): it holds a character SASLprep prohibits (RFC 4013 §2.3)",
    ]);
    expect(code).toBe(3);
  });
});

describe("a login that the server stops answering", () => {
  it("check: is bounded by OBSERVATORY_LOGIN_TIMEOUT at SASL too, tried 3 times, and ends with exit 3", async () => {
    const peer = track(await fakeServer(ADDRESSES.loginPeers, certificate(), SILENT_AT_SASL));
    const { code, stderr } = await runVia("check", peer.service, { OBSERVATORY_LOGIN_TIMEOUT: "1" });
    expect(peer.received().match(/<auth /g)).toHaveLength(3);
    expect(errorLines(stderr).at(-1)).toBe(
      "observatory: cannot log in as crawler@home.test via xmpp://127.0.0.21:PORT: the server sent nothing more for 1 s while we logged in",
    );
    expect(code).toBe(3);
  });
});

describe("a self-test whose connection drops", () => {
  it("ends with one line and exit 3, not an internal error", async () => {
    const proxy = track(await pathProxy(ADDRESSES.pathProxy, HOME, { stripStartTls: false }));
    const admin = SELFTEST_PEOPLE.servicesAdmin;
    const run = startLogged(
      // services.test has two MUC services that let a question wait for the whole --timeout: the run is mid-way for that long.
      ["selftest", "services.test", "--as", `${admin.username}@${admin.domain}`, "--timeout", "20"],
      crawlerEnv({ OBSERVATORY_SELFTEST_SERVICE: proxy.service, OBSERVATORY_SELFTEST_PASSWORD: admin.password }),
    );
    const killer = setTimeout(() => run.child.kill("SIGKILL"), PATIENCE_MS);
    try {
      while (!run.log().includes("… reading the rooms of") && run.child.exitCode === null) await sleep(50);
      proxy.cut();
      const { code, stdout, stderr } = await run.done;
      expect(stdout).toBe("");
      expect(stderr.split("\n").filter((l) => l.startsWith("observatory:"))).toEqual([
        "observatory: the self-test did not finish: the connection of admin@services.test to its server dropped; run it again",
      ]);
      expect(code).toBe(3);
    } finally {
      clearTimeout(killer);
    }
  });
});
