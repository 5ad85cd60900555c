// The crawler's XMPP session and crawl policy, in-process, against the real federation.
import xml from "@xmpp/xml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { DEFAULT_CRAWL_SETTINGS, openCrawl, runCrawl, type CrawlProgress } from "../../crawler/crawl/crawl.ts";
import { Store } from "../../crawler/store/store.ts";
import { LoginError, XmppSession } from "../../crawler/xmpp/session.ts";
import { latencyProxy } from "../helpers/latency-proxy.ts";
import { crawlerEnv, observatory } from "./cli.ts";
import { PROJECT } from "../../crawler/project.ts";
import { RECONNECT_FIRST_DELAY_MS } from "../../crawler/politeness.ts";
import { killHomeServer, startHomeServer } from "../../scripts/federation/federation.ts";
import { setTimeout as sleep } from "node:timers/promises";
import { PEOPLE } from "../../scripts/federation/spec.ts";
import { person, stopPeople } from "./people.ts";

let session: XmppSession;

beforeAll(async () => {
  const f = inject("federation");
  session = await XmppSession.open({ jid: f.jid, password: f.password, service: f.service });
});
afterAll(async () => {
  await session.close();
  await stopPeople();
});

describe("XmppSession", () => {
  it("tells operators who it is: XEP-0092 and disco#info name the project and its URL", async () => {
    const own = session.jid!;
    const version = await session.request(own, xml("query", { xmlns: "jabber:iq:version" }), 5000);
    expect(version.kind).toBe("stanza");
    if (version.kind === "stanza") {
      expect(version.raw).toContain(`<name>${PROJECT.name}</name>`);
      expect(version.raw).toContain(PROJECT.url);
    }
    const info = await session.request(own, xml("query", { xmlns: "http://jabber.org/protocol/disco#info" }), 5000);
    if (info.kind !== "stanza") throw new Error("no disco#info answer");
    expect(info.stanza.getChild("query")?.getChild("identity")?.attrs).toMatchObject({
      category: "client",
      type: "bot",
      name: expect.stringContaining(PROJECT.url),
    });
  });

  it("keeps the whole raw answer, and gives up on an IQ after its timeout", async () => {
    const answer = await session.request("good.test", xml("query", { xmlns: "http://jabber.org/protocol/disco#info" }), 5000);
    expect(answer.kind === "stanza" && answer.raw.startsWith("<iq") && answer.raw.includes("http://jabber.org/network/serverinfo")).toBe(true);
    const started = Date.now();
    expect(await session.request("tarpit.test", xml("query", { xmlns: "http://jabber.org/protocol/disco#info" }), 300)).toEqual({ kind: "timeout" });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe("answers", () => {
  it("are taken only from the entity asked: a result or an error with the same id from anyone else is ignored", async () => {
    const NS = "urn:example:observatory-answer-test";
    const asked = await person(PEOPLE.operator);
    const forger = await person(PEOPLE.stranger);
    const forgeries: string[] = [];
    // The entity asked gives the forger the question's id, and answers itself only once both
    // forged answers have gone to our session ahead of it.
    asked.client.iqCallee.get(NS, "query", async (context) => {
      const { id, from: to } = context.stanza.attrs;
      const stanzaError = xml("error", { type: "cancel" }, xml("item-not-found", { xmlns: "urn:ietf:params:xml:ns:xmpp-stanzas" }));
      forgeries.push(id!);
      await forger.client.send(xml("iq", { type: "error", id, to }, stanzaError));
      await forger.client.send(xml("iq", { type: "result", id, to }, xml("query", { xmlns: NS }, xml("forged"))));
      await sleep(1000);
      return xml("query", { xmlns: NS }, xml("genuine"));
    });
    const to = asked.client.jid!.toString();
    const answer = await session.request(to, xml("query", { xmlns: NS }), 30_000);
    expect(forgeries).toHaveLength(1);
    expect(answer.kind === "stanza" && { type: answer.stanza.attrs.type, from: answer.stanza.attrs.from, genuine: answer.raw.includes("<genuine/>") }).toEqual({
      type: "result",
      from: to,
      genuine: true,
    });
  });
});

describe("crawl retries", () => {
  it("retries our own timeouts once, later in the crawl, and never retries cancel-type errors", async () => {
    const store = Store.open(":memory:");
    const retried: string[] = [];
    const progress: CrawlProgress = { start() {}, probed() {}, retrying: (d) => retried.push(d), connectionLost() {}, failed() {}, stop() {} };
    // tarpit.test answers only after Prosody's 10 s s2s timeout: with a 1 s limit, it times out on our side.
    const settings = { ...DEFAULT_CRAWL_SETTINGS, iqTimeoutMs: 1000, retryDelayMs: 200 };
    const crawl = openCrawl(store, () => ["tarpit.test", "dead.test", "good.test"], settings);
    const summary = await runCrawl(store, session, crawl, settings, progress);
    expect(summary).toMatchObject({ finished: true, retried: 1 });
    expect(retried).toEqual(["tarpit.test"]);
    const rows = store.db.prepare("SELECT domain, outcome, attempts FROM probes ORDER BY domain").all();
    expect(rows).toEqual([
      { domain: "dead.test", outcome: "remote-server-not-found", attempts: 1 },
      { domain: "good.test", outcome: "ok", attempts: 1 },
      { domain: "tarpit.test", outcome: "timeout", attempts: 2 },
    ]);
    store.close();
  });
});

describe("stopping a crawl", () => {
  const quiet: CrawlProgress = { start() {}, probed() {}, retrying() {}, connectionLost() {}, failed() {}, stop() {} };

  it("ends at once with probes still queued, keeps what was stored, and resumes them next time", async () => {
    const store = Store.open(":memory:");
    const domains = ["good.test", "tarpit.test", "bad.test", "dup.test", "plain.test", "fields.test"];
    // One probe a second: when the first is stored, the others are surely still queued.
    const settings = { ...DEFAULT_CRAWL_SETTINGS, concurrency: 1, probesPerSecond: 1, iqTimeoutMs: 1500, retryDelayMs: 100 };
    const crawl = openCrawl(store, () => domains, settings);
    const controller = new AbortController();
    const progress: CrawlProgress = { ...quiet, probed: () => controller.abort() };
    const summary = await runCrawl(store, session, crawl, settings, progress, controller.signal);
    expect(summary).toMatchObject({ finished: false, interruption: "stopped by a signal" });
    const stored = store.probes.crawlReports(crawl.crawlId).map((r) => r.domain);
    expect(stored).toEqual(["bad.test"]);
    const resumed = openCrawl(store, () => [], settings);
    expect(resumed).toMatchObject({ crawlId: crawl.crawlId, resumed: true });
    expect(store.crawls.pendingTargets(crawl.crawlId).sort()).toEqual(domains.filter((d) => !stored.includes(d)).sort());
    store.close();
  }, 30_000);

  it("stops with a StoreError when the store cannot be written, keeping every probe written before", async () => {
    const store = Store.open(":memory:");
    const settings = { ...DEFAULT_CRAWL_SETTINGS, concurrency: 1 };
    const crawl = openCrawl(store, () => ["bad.test", "good.test", "plain.test"], settings);
    // The disk has room for bad.test's probe and no more: a write with any other fails.
    const original = store.probes.recordBatch.bind(store.probes);
    store.probes.recordBatch = (...args) => {
      if (args[1].some((item) => item.result.report.domain !== "bad.test")) throw Object.assign(new Error("database or disk is full"), { code: "SQLITE_FULL" });
      return original(...args);
    };
    await expect(runCrawl(store, session, crawl, settings, quiet)).rejects.toThrow(/stopped: the store could not be written \(database or disk is full\)/);
    expect(store.probes.crawlReports(crawl.crawlId).map((r) => r.domain)).toEqual(["bad.test"]);
    store.close();
  }, 30_000);
});

describe("logging in through a slow link", () => {
  // 1.5 s each way: every step of the login takes 3 s or more, past xmpp.js's own 2 s default.
  const slow = async () => {
    const f = inject("federation");
    const target = new URL(f.service);
    return { f, proxy: await latencyProxy({ host: target.hostname, port: Number(target.port || 5222) }, 1500) };
  };

  it("logs in with the default login timeout (30 s)", async () => {
    const { f, proxy } = await slow();
    try {
      const far = await XmppSession.open({ jid: f.jid, password: f.password, service: `xmpp://127.0.0.1:${proxy.port}` });
      expect(far.jid?.startsWith(`${f.jid}/`)).toBe(true);
      await far.close();
    } finally {
      await proxy.close();
    }
  }, 75_000);

  it("retries a login that timed out, says so, and then fails with a LoginError", async () => {
    const { f, proxy } = await slow();
    const retries: number[] = [];
    try {
      const attempt = XmppSession.open({
        jid: f.jid,
        password: f.password,
        service: `xmpp://127.0.0.1:${proxy.port}`,
        loginTimeoutMs: 1000,
        onLoginRetry: ({ attempt }) => retries.push(attempt),
      });
      await expect(attempt).rejects.toBeInstanceOf(LoginError);
      expect(retries).toEqual([2, 3]);
    } finally {
      await proxy.close();
    }
  }, 45_000);

  it("check exits 3 with one clear line, and no stack trace, when the login times out", async () => {
    const { f, proxy } = await slow();
    try {
      const result = await observatory(
        ["check", "--no-store", "good.test"],
        crawlerEnv({ OBSERVATORY_SERVICE: `xmpp://127.0.0.1:${proxy.port}`, OBSERVATORY_LOGIN_TIMEOUT: "1" }),
      );
      expect(result.code, result.stderr).toBe(3);
      expect(result.stderr).toContain(`observatory: cannot log in as ${f.jid}`);
      expect(result.stderr).toContain("attempt 3 of 3");
      expect(result.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await proxy.close();
    }
  }, 45_000);

  it("logs in 8 times in parallel", async () => {
    const f = inject("federation");
    const sessions = await Promise.all(Array.from({ length: 8 }, () => XmppSession.open({ jid: f.jid, password: f.password, service: f.service })));
    expect(new Set(sessions.map((s) => s.jid)).size).toBe(8);
    await Promise.all(sessions.map((s) => s.close()));
  }, 30_000);

  it("refuses a wrong password at once, without retrying", async () => {
    const f = inject("federation");
    const retries: number[] = [];
    const attempt = XmppSession.open({ jid: f.jid, password: "wrong", service: f.service, onLoginRetry: ({ attempt }) => retries.push(attempt) });
    await expect(attempt).rejects.toMatchObject({ name: "LoginError", refused: true });
    expect(retries).toEqual([]);
  });
});

// Last in this file: it stops our own server, and the shared session comes back on its own backoff.
describe("finding our own server", () => {
  it("without OBSERVATORY_SERVICE, finds it as clients do (the domain's client SRV records), asking OBSERVATORY_DNS_SERVERS", async () => {
    // Before: xmpp.js was handed no service and failed with "No compatible connection method found." (exit 3).
    const run = await observatory(["check", "--no-store", "good.test"], crawlerEnv({ OBSERVATORY_SERVICE: "" }));
    expect(run.stderr).not.toContain("cannot log in");
    expect(run.stdout).toContain("★ administrators (service admins, owners of every room and node): admin@good.test");
  });
});

describe("reconnecting", () => {
  afterAll(async () => {
    await startHomeServer(inject("federation").dir);
  });

  it("backs off while our own server stays away, doubling the pause, and starts again from a second once online", async () => {
    const f = inject("federation");
    const own = await XmppSession.open({ jid: f.jid, password: f.password, service: f.service });
    const delays: number[] = [];
    own.on("reconnecting", (info: { attempt: number; nextDelayMs: number }) => delays.push(info.nextDelayMs));
    const attempts = async (n: number) => {
      while (delays.length < n) await sleep(100);
    };
    try {
      await killHomeServer(f.dir);
      // xmpp.js alone would try again every second for ever.
      await attempts(3);
      expect(delays.slice(0, 3)).toEqual([2 * RECONNECT_FIRST_DELAY_MS, 4 * RECONNECT_FIRST_DELAY_MS, 8 * RECONNECT_FIRST_DELAY_MS]);
      await startHomeServer(f.dir);
      await own.waitOnline(60_000);
      // Online again: the next drop starts from the first pause.
      delays.length = 0;
      await killHomeServer(f.dir);
      await attempts(1);
      expect(delays[0]).toBe(2 * RECONNECT_FIRST_DELAY_MS);
    } finally {
      await startHomeServer(f.dir);
      await own.close();
    }
  });
});
