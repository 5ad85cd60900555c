// The contact checks' way out, against real servers: where traffic may go, the per-host limits,
// the bounds on what a web server controls, certificates, and DNS that never answers.
import { createSocket } from "node:dgram";
import { readFileSync } from "node:fs";
import { createServer as createHttp, type IncomingMessage, type Server } from "node:http";
import { createServer as createHttps } from "node:https";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { DnsClient, DEFAULT_DNS_SETTINGS } from "../../crawler/net/dns.ts";
import { DEFAULT_WEB_SETTINGS, WebClient } from "../../crawler/net/web.ts";
import { USER_AGENT } from "../../crawler/project.ts";
import { CONTACT_CHECKS } from "../../crawler/politeness.ts";
import { ADDRESSES } from "../../scripts/federation/spec.ts";
import { paths } from "../../scripts/federation/render.ts";

const federation = inject("federation");
const dns = new DnsClient({ ...DEFAULT_DNS_SETTINGS, servers: [ADDRESSES.dns] });
const ca = readFileSync(federation.caCert, "utf8");
const LOOPBACK = ["127.0.0.0", 8] as const;
const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/** A local server that records each request: when it started and ended, and its headers. */
type Respond = (status: number, body?: string | Buffer, headers?: Record<string, string>) => void;
async function listen(server: Server, handler: (request: IncomingMessage, respond: Respond) => void, address = "127.0.0.1") {
  const seen: Array<{ path: string; start: number; end: number; userAgent: string | undefined; connection: string | undefined }> = [];
  server.on("request", (request: IncomingMessage, response) => {
    const entry = { path: request.url ?? "", start: Date.now(), end: 0, userAgent: request.headers["user-agent"], connection: request.headers.connection };
    seen.push(entry);
    handler(request, (status, body, headers = {}) => {
      response.writeHead(status, headers).end(body, () => (entry.end = Date.now()));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  closers.push(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(resolve));
  });
  return { port: (server.address() as AddressInfo).port, seen };
}

/** A UDP relay to the federation's DNS that counts the questions passing through it. */
const countingRelay = async () => {
  const front = createSocket("udp4");
  const questions: number[] = [];
  front.on("message", (query, client) => {
    questions.push(query.length);
    const back = createSocket("udp4");
    back.on("message", (reply) => {
      front.send(reply, client.port, client.address);
      back.close();
    });
    back.send(query, 53, ADDRESSES.dns);
  });
  await new Promise<void>((resolve) => front.bind(0, "127.0.0.1", resolve));
  closers.push(() => new Promise<void>((resolve) => front.close(() => resolve())));
  return { server: `127.0.0.1:${(front.address() as AddressInfo).port}`, questions };
};

const webLog = () => readFileSync(`${federation.dir}/web.log`, "utf8");

describe("the contact checks' web client", () => {
  it("never connects to a loopback or private address unless the network is allowed, whatever a name resolves to", async () => {
    const client = new WebClient(dns, undefined, ca);
    closers.push(() => client.close());
    const before = webLog();
    // web.test resolves (in the federation's DNS) to 127.0.0.11: refused after resolution, and nothing reaches the server.
    const named = await client.get("https://web.test/page", false);
    expect(named.failure).toEqual({ kind: "forbidden-address", text: "web.test resolves to 127.0.0.11, a private, loopback, link-local or multicast address" });
    const literal = await client.get("http://127.0.0.1:8080/", false);
    expect(literal.failure?.kind).toBe("forbidden-address");
    const redirectedAway = await client.get("http://[::1]/", false);
    expect(redirectedAway.failure?.kind).toBe("forbidden-address");
    // Never an SMTP (or other browser-refused) port, and never credentials, whatever the address says.
    const smtp = await client.get("http://web.test:25/", false);
    expect(smtp.failure).toMatchObject({ kind: "bad-port" });
    const credentials = await client.get("https://user:secret@web.test/page", false);
    expect(credentials.failure).toMatchObject({ kind: "bad-redirect" });
    expect(credentials.failure!.text).not.toContain("secret");
    expect(webLog()).toBe(before);

    const allowed = new WebClient(dns, LOOPBACK, ca);
    closers.push(() => allowed.close());
    await expect(allowed.get("https://web.test/page", false)).resolves.toMatchObject({ status: 200, certificateValid: true, failure: undefined });
  });

  it("sends one request at a time per host, at most one a second, each on a connection it closes, and names itself", async () => {
    const { port, seen } = await listen(createHttp(), (_request, respond) => setTimeout(() => respond(200, "ok"), 150));
    const client = new WebClient(dns, LOOPBACK, undefined);
    closers.push(() => client.close());
    const results = await Promise.all(["/a", "/b", "/c"].map((path) => client.get(`http://127.0.0.1:${port}${path}`, false)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    const starts = seen.map((s) => s.start).sort((a, b) => a - b);
    // Each starts after the previous one ended, and at least the interval after it started (a little slack for timer precision).
    for (let i = 1; i < seen.length; i++) {
      expect(starts[i]! - starts[i - 1]!).toBeGreaterThanOrEqual(CONTACT_CHECKS.perHostIntervalMs - 50);
      expect(seen.find((s) => s.start === starts[i])!.start).toBeGreaterThanOrEqual(seen.find((s) => s.start === starts[i - 1])!.end);
    }
    expect(seen.every((s) => s.userAgent === USER_AGENT)).toBe(true);
    // A check is one request to a host it may never see again: no idle connection is left open.
    expect(seen.map((s) => s.connection)).toEqual(["close", "close", "close"]);
    expect(USER_AGENT).toMatch(/^serverinfo-observatory\/\d+\.\d+\.\d+ \(\+https:\/\/github\.com\//);
  });

  it("connects to the very addresses it resolved when the request's turn came, and asks DNS once for them", async () => {
    // Without a cache, a second lookup at connection could get another answer (DNS rebinding) and
    // reach an address whose turn the request never waited for.
    const relay = await countingRelay();
    const uncached = new DnsClient({ ...DEFAULT_DNS_SETTINGS, servers: [relay.server], cacheEntries: 0 });
    const client = new WebClient(uncached, LOOPBACK, ca);
    closers.push(() => client.close());
    await expect(client.get("https://web.test/page", false)).resolves.toMatchObject({ status: 200, failure: undefined });
    // A and AAAA of web.test, once.
    expect(relay.questions).toHaveLength(2);
  });

  it("reads at most the body bound, keeps headers bounded, and records the exchange", async () => {
    const big = Buffer.alloc(4 * 1024 * 1024, "a");
    const { port } = await listen(createHttp(), (_request, respond) => respond(200, big));
    const client = new WebClient(dns, LOOPBACK, undefined);
    closers.push(() => client.close());
    const result = await client.get(`http://127.0.0.1:${port}/security.txt`, true);
    expect(result.body!.length).toBe(CONTACT_CHECKS.maxBodyBytes);
    expect(result.raw).toMatch(new RegExp(`^GET http://127\\.0\\.0\\.1:${port}/security\\.txt\\nHTTP 200\\n`));
    expect(result.raw).toMatch(/\[cut: the body was read up to 65536 bytes\]/);
    expect(result.raw.length).toBeLessThanOrEqual(CONTACT_CHECKS.maxRecordChars + 100);
  });

  it("refuses a certificate it cannot verify, and says so", async () => {
    const tls = { cert: readFileSync(paths(federation.dir).serverCert), key: readFileSync(paths(federation.dir).serverKey) };
    const { port, seen } = await listen(createHttps(tls), (_request, respond) => respond(200, "ok"));
    // The federation's certificate names its domains, not 127.0.0.1; and without the test CA nothing of it is trusted.
    for (const extraCa of [ca, undefined]) {
      const client = new WebClient(dns, LOOPBACK, extraCa);
      closers.push(() => client.close());
      const result = await client.get(`https://127.0.0.1:${port}/`, false);
      expect(result.failure?.kind).toBe("certificate");
      expect(result.certificateValid).toBe(false);
    }
    expect(seen).toEqual([]);
  });

  it("refuses a certificate that names other hosts, and says which host and which names", async () => {
    const tls = { cert: readFileSync(paths(federation.dir).serverCert), key: readFileSync(paths(federation.dir).serverKey) };
    const client = new WebClient(dns, LOOPBACK, ca);
    closers.push(() => client.close());
    // Two names the federation's certificate leaves out: one it has names like (*.test), one whose
    // parent it never names (.good.test), which the name check refuses without Node's (model/certificate-name.ts).
    for (const host of ["wrongname.test", "mail.good.test"]) {
      const [address] = (await dns.addresses(host)).addresses;
      const { port, seen } = await listen(createHttps(tls), (_request, respond) => respond(200, "ok"), address);
      const result = await client.get(`https://${host}:${port}/`, false);
      const refusal = `ERR_TLS_CERT_ALTNAME_INVALID: Hostname/IP does not match certificate's altnames: Host: ${host}. is not in the cert's altnames: DNS:home.test, DNS:good.test, DNS:bad.test, DNS:dup.test, DNS:fallback.test, DNS:plain.test, DNS:contacts.test, DNS:braces.test, DNS:serveradmin.test, DNS:escaped.tes`;
      expect(result.failure).toEqual({ kind: "certificate", text: `The certificate of ${host}:${port} was refused (${refusal})` });
      expect(result.certificateValid).toBe(false);
      expect(result.raw).toBe(`GET https://${host}:${port}/\n[failed: ${refusal}]`);
      expect(seen).toEqual([]);
    }
  });

  it("gives up on a page after the time limit, and on redirects past the bound", async () => {
    const { port, seen } = await listen(createHttp(), (request, respond) => {
      if (request.url === "/slow") return; // never answers
      // /r/N redirects to /r/N+1, without end.
      const n = Number(request.url!.split("/")[2]);
      respond(302, undefined, { location: `/r/${n + 1}` });
    });
    const client = new WebClient(dns, LOOPBACK, undefined, { ...DEFAULT_WEB_SETTINGS, timeoutMs: 500, perHostIntervalMs: 0, perAddressIntervalMs: 0 });
    closers.push(() => client.close());
    const slow = await client.get(`http://127.0.0.1:${port}/slow`, false);
    expect(slow.failure).toMatchObject({ kind: "timeout" });
    expect(slow.raw).toMatch(/\[no answer within 0.5 s\]/);
    const endless = await client.get(`http://127.0.0.1:${port}/r/0`, false);
    expect(endless.failure).toEqual({ kind: "too-many-redirects", text: `More than ${CONTACT_CHECKS.maxRedirects} redirects` });
    expect(seen.filter((s) => s.path.startsWith("/r/"))).toHaveLength(CONTACT_CHECKS.maxRedirects + 1);
  });
});

describe("the contact checks' DNS", () => {
  it("asks each question once while its answer is fresh, in flight or settled, and never keeps a failed lookup", async () => {
    const relay = await countingRelay();
    const cached = new DnsClient({ ...DEFAULT_DNS_SETTINGS, servers: [relay.server] });
    // MX good.test, then A and AAAA of mail.good.test: three questions, asked once for all three lookups.
    const [first, second] = await Promise.all([cached.mail("good.test"), cached.mail("GOOD.test")]);
    expect(relay.questions).toHaveLength(3);
    expect(second.answers).toEqual(first.answers);
    expect((await cached.addresses("mail.good.test")).addresses).toEqual(["127.0.0.12"]);
    expect(relay.questions).toHaveLength(3);

    const uncached = new DnsClient({ ...DEFAULT_DNS_SETTINGS, servers: [relay.server], cacheEntries: 0 });
    await uncached.mail("good.test");
    await uncached.mail("good.test");
    expect(relay.questions).toHaveLength(9);

    const expired = new DnsClient({ ...DEFAULT_DNS_SETTINGS, servers: [relay.server], cacheMs: 50 });
    await expired.mail("good.test");
    await new Promise((resolve) => setTimeout(resolve, 120));
    await expired.mail("good.test");
    expect(relay.questions).toHaveLength(15);

    const silent = createSocket("udp4");
    let unanswered = 0;
    silent.on("message", () => unanswered++);
    await new Promise<void>((resolve) => silent.bind(0, "127.0.0.1", resolve));
    closers.push(() => new Promise<void>((resolve) => silent.close(() => resolve())));
    const mute = new DnsClient({ ...DEFAULT_DNS_SETTINGS, servers: [`127.0.0.1:${(silent.address() as AddressInfo).port}`], timeoutMs: 200, tries: 1 });
    expect((await mute.mail("good.test")).answers).toEqual({ mx: "error" });
    expect((await mute.mail("good.test")).answers).toEqual({ mx: "error" });
    expect(unanswered).toBe(2);
  });

  it("asks the configured servers, and gives up on one that never answers within its timeout", async () => {
    const silent = createSocket("udp4");
    await new Promise<void>((resolve) => silent.bind(0, "127.0.0.1", resolve));
    closers.push(() => new Promise<void>((resolve) => silent.close(() => resolve())));
    const port = (silent.address() as AddressInfo).port;
    const mute = new DnsClient({ ...DEFAULT_DNS_SETTINGS, servers: [`127.0.0.1:${port}`], timeoutMs: 300, tries: 1 });
    const started = Date.now();
    const answer = await mute.mail("good.test");
    expect(answer.answers).toEqual({ mx: "error" });
    expect(answer.raw).toMatch(/good\.test\. MX: failed: ETIMEOUT/);
    expect(Date.now() - started).toBeLessThan(5_000);
    // The federation's DNS answers MX (with the MX host's addresses), null MX, no MX and no such name.
    expect((await dns.mail("good.test")).raw).toBe(
      ["good.test. IN MX 10 mail.good.test.", "mail.good.test. IN A 127.0.0.12", ";; mail.good.test. AAAA: no records of this type (NODATA)"].join("\n"),
    );
    expect((await dns.mail("good.test")).answers).toEqual({
      mx: [{ exchange: "mail.good.test", priority: 10 }],
      mxAddresses: { "mail.good.test": ["127.0.0.12"] },
    });
    expect((await dns.mail("nomail.test")).answers).toEqual({ mx: [{ exchange: "", priority: 0 }], mxAddresses: {} });
    // MX hosts nobody on the internet reaches: a private address (in DNS only), localhost (never asked), no address at all.
    expect((await dns.mail("privatemx.test")).answers).toEqual({
      mx: [{ exchange: "mx.privatemx.test", priority: 10 }],
      mxAddresses: { "mx.privatemx.test": ["fd00::25"] },
    });
    expect((await dns.mail("localmx.test")).answers).toEqual({ mx: [{ exchange: "localhost", priority: 10 }], mxAddresses: { localhost: "special" } });
    expect((await dns.mail("noaddrmx.test")).answers).toEqual({
      mx: [{ exchange: "ghost.noaddrmx.test", priority: 10 }],
      mxAddresses: { "ghost.noaddrmx.test": [] },
    });
    expect((await dns.mail("localhost")).raw).toBe(";; localhost. not asked: a special-use name");
    expect((await dns.mail("nomx.test")).answers).toEqual({ mx: "nodata", hasAddress: false });
    expect((await dns.mail("nxdomain.test")).answers).toEqual({ mx: "nxdomain" });
  });
});
