// The ContactChecker itself, on the real federation: its per-crawl bound on targets, a resumed
// crawl's known targets never asked again, the probed domain and its components remembered from
// the probe, and the domain's own /.well-known/security.txt. The session and the web client are
// the real ones; each is only watched, to count what was asked.
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { emptyContacts, type DomainReport } from "../../crawler/contract.ts";
import type { TargetFacts } from "../../crawler/model/contact-target.ts";
import { DnsClient, DEFAULT_DNS_SETTINGS } from "../../crawler/net/dns.ts";
import { WebClient } from "../../crawler/net/web.ts";
import { ContactChecker } from "../../crawler/probe/contact-checks.ts";
import { targetKey } from "../../crawler/rules/reachability.ts";
import { XmppSession, type IqRequester } from "../../crawler/xmpp/session.ts";
import { ADDRESSES } from "../../scripts/federation/spec.ts";
import { reportWith } from "../helpers/fixtures.ts";

const federation = inject("federation");
let session: XmppSession;
let web: WebClient;
const dns = new DnsClient({ ...DEFAULT_DNS_SETTINGS, servers: [ADDRESSES.dns] });

beforeAll(async () => {
  session = await XmppSession.open({ jid: federation.jid, password: federation.password, service: federation.service });
  web = new WebClient(dns, ["127.0.0.0", 8], readFileSync(federation.caCert, "utf8"));
});
afterAll(async () => {
  await session.close();
  await web.close();
});

/** The real tools, with every question they are asked written down. */
function watchedTools() {
  const asked: string[] = [];
  const requester: IqRequester = {
    request: (to, payload, timeoutMs) => {
      asked.push(`xmpp ${to}`);
      return session.request(to, payload, timeoutMs);
    },
  };
  const watchedWeb = Object.create(web) as WebClient;
  watchedWeb.get = (...args: Parameters<WebClient["get"]>) => {
    asked.push(`web ${args[0]}`);
    return web.get(...args);
  };
  return { asked, tools: { session: requester, dns, web: watchedWeb, iqTimeoutMs: 10_000 } };
}

const publishing = (domain: string, over: Partial<DomainReport>): DomainReport => reportWith({ domain, ...over });

describe("ContactChecker", () => {
  it("checks at most its bound of targets in a crawl, and says so for the rest", async () => {
    const { asked, tools } = watchedTools();
    const checker = new ContactChecker(tools, { maxAddressesPerDomain: 16, maxTargetsPerCrawl: 2 });
    const report = publishing("web.test", {
      contacts: { ...emptyContacts(), support: ["https://web.test/page", "https://web.test/missing", "https://web.test/loop"] },
    });
    const { report: checked } = await checker.check(report, []);
    expect(checked.checks.map((c) => [c.value, c.status, c.why])).toEqual([
      ["https://web.test/page", "works", "The page answered HTTP 200."],
      ["https://web.test/missing", "broken", "https://web.test/missing answered HTTP 404."],
      ["https://web.test/loop", "not-checked", "Not checked: past the 2 targets checked per crawl."],
    ]);
    // The third address and the domain's own security.txt were past the bound: never asked.
    expect(asked).toEqual(["web https://web.test/page", "web https://web.test/missing"]);
  });

  it("never asks again the targets a resumed crawl had checked, and judges them from what was found then", async () => {
    const { asked, tools } = watchedTools();
    const known: TargetFacts = {
      kind: "web",
      target: "https://web.test/page",
      checkedAt: "2026-12-03T10:00:00.000Z",
      status: 503,
      finalUrl: "https://web.test/page",
      redirects: 0,
      certificateValid: true,
      failure: undefined,
      body: undefined,
      record: undefined,
    };
    const checker = new ContactChecker(tools, { maxAddressesPerDomain: 16, maxTargetsPerCrawl: 100 }, [[targetKey("web", "https://web.test/page"), known]]);
    const report = publishing("web.test", { contacts: { ...emptyContacts(), support: ["https://web.test/page", "https://web.test/missing"] } });
    const { report: checked } = await checker.check(report, []);
    expect(checked.checks.find((c) => c.value === "https://web.test/page")).toMatchObject({
      status: "broken",
      why: "https://web.test/page answered HTTP 503.",
      checkedAt: "2026-12-03T10:00:00.000Z",
    });
    expect(asked.sort()).toEqual(["web https://web.test/.well-known/security.txt", "web https://web.test/missing"]);
  });

  it("takes the probed domain and its components from the probe, asking only the room itself", async () => {
    const { asked, tools } = watchedTools();
    const checker = new ContactChecker(tools, { maxAddressesPerDomain: 16, maxTargetsPerCrawl: 100 });
    const report = publishing("good.test", {
      identities: [{ category: "server", type: "im" }],
      contacts: { ...emptyContacts(), admin: ["xmpp:admin@good.test"], support: ["xmpp:support@muc.good.test?join"] },
      components: [
        {
          jid: "muc.good.test",
          outcome: "ok",
          identities: [{ category: "conference", type: "text" }],
          features: [],
          serverinfo: false,
          contacts: emptyContacts(),
          administrators: [],
        },
      ],
    });
    const { report: checked } = await checker.check(report, []);
    expect(checked.checks.map((c) => [c.value, c.kind, c.status])).toEqual([
      ["xmpp:admin@good.test", "xmpp-account", "works"],
      ["xmpp:support@muc.good.test?join", "xmpp-room", "works"],
      // The domain's own security.txt (federation: scripts/federation/spec.ts), listed by no field.
      ["https://good.test/.well-known/security.txt", "security-txt", "works"],
    ]);
    expect(checked.checks.at(-1)!.fields).toEqual([]);
    // Neither good.test nor muc.good.test was asked again: only the room, and the domain's own file.
    expect(asked.sort()).toEqual(["web https://good.test/.well-known/security.txt", "xmpp support@muc.good.test"]);
  });

  it("never asks an address whose domain is an IP address, and marks it not checked with why", async () => {
    const { asked, tools } = watchedTools();
    const checker = new ContactChecker(tools);
    // 127.0.0.2 is our own server's address; 127.1 is 127.0.0.1 to a URL's parser; 127.0.0.9 is dead.test's.
    const report = publishing("web.test", {
      contacts: { ...emptyContacts(), abuse: ["xmpp:abuse@127.1"], admin: ["xmpp:admin@127.0.0.2", "xmpp:ops@[::1]?join"] },
      administrators: ["root@127.0.0.9", "root@[::1]"],
    });
    const { report: checked } = await checker.check(report, []);
    const why = (address: string) =>
      `Not checked: its domain is an IP address (${address}): RFC 7622 allows one in a JID, but servers federate only by DNS name, so the observatory does not ask it.`;
    expect(checked.checks.filter((c) => c.fields.length > 0).map((c) => [c.value, c.status, c.why])).toEqual([
      ["xmpp:abuse@127.1", "not-checked", why("127.0.0.1")],
      ["xmpp:admin@127.0.0.2", "not-checked", why("127.0.0.2")],
      ["xmpp:ops@[::1]?join", "not-checked", why("[::1]")],
      ["root@127.0.0.9", "not-checked", why("127.0.0.9")],
      ["root@[::1]", "not-checked", why("[::1]")],
    ]);
    // Only the domain's own security.txt: no disco#info to any of them.
    expect(asked).toEqual(["web https://web.test/.well-known/security.txt"]);
    expect(checked.findings.filter((f) => f.rule.startsWith("contact-"))).toEqual([]);
  });

  it("fetches a domain's own security.txt once when the domain lists it, however it writes the domain", async () => {
    const { asked, tools } = watchedTools();
    const checker = new ContactChecker(tools, { maxAddressesPerDomain: 16, maxTargetsPerCrawl: 100 });
    const report = publishing("good.test", { contacts: { ...emptyContacts(), security: ["https://GOOD.test/.well-known/security.txt"] } });
    const { report: checked } = await checker.check(report, []);
    expect(checked.checks.map((c) => [c.value, c.fields, c.status])).toEqual([["https://GOOD.test/.well-known/security.txt", ["security-addresses"], "works"]]);
    expect(asked).toEqual(["web https://good.test/.well-known/security.txt"]);
  });

  it("connects once to an address and port that refused a connection in a crawl, whatever name leads there, and again in the next crawl", async () => {
    // Every connection the web client starts (undici's own channel), to dead.test's address (nothing listens on 127.0.0.9).
    const attempts: string[] = [];
    const onConnect = (message: unknown) => {
      const { protocol, hostname, port } = (message as { connectParams: { protocol: string; hostname: string; port: string } }).connectParams;
      if (hostname === "dead.test" || hostname === "127.0.0.9") attempts.push(`${protocol}//${hostname}${port ? `:${port}` : ""}`);
    };
    subscribe("undici:client:beforeConnect", onConnect);
    try {
      const clock = { now: new Date("2026-12-08T02:00:00.000Z") };
      const { tools } = watchedTools();
      const crawl = new ContactChecker({ ...tools, now: () => clock.now });
      const one = publishing("good.test", { contacts: { ...emptyContacts(), support: ["https://dead.test/contact"] } });
      const two = publishing("ej.test", { contacts: { ...emptyContacts(), abuse: ["https://127.0.0.9/abuse"] } });
      const first = await crawl.check(one, []);
      clock.now = new Date("2026-12-08T02:05:00.000Z");
      const second = await crawl.check(two, []);
      expect(attempts).toEqual(["https://dead.test"]);
      expect(first.report.checks[0]).toMatchObject({
        value: "https://dead.test/contact",
        status: "broken",
        checkedAt: "2026-12-08T02:00:00.000Z",
        why: "https://dead.test/contact could not be fetched (ECONNREFUSED: connect ECONNREFUSED 127.0.0.9:443).",
      });
      // The second address's check is the first one's attempt, with the time that attempt was refused.
      expect(second.report.checks[0]).toMatchObject({
        value: "https://127.0.0.9/abuse",
        status: "broken",
        checkedAt: "2026-12-08T02:00:00.000Z",
        why:
          "https://127.0.0.9/abuse could not be fetched (ECONNREFUSED: connect ECONNREFUSED 127.0.0.9:443, when https://dead.test/contact was checked " +
          "at 2026-12-08T02:00:00.000Z; not tried again in this crawl).",
      });
      expect(second.records.find((r) => r.jid === "https://127.0.0.9/abuse")?.raw).toBe(
        "GET https://127.0.0.9/abuse\n[not connected: 127.0.0.9:443 refused a connection at 2026-12-08T02:00:00.000Z, when https://dead.test/contact was checked " +
          "(ECONNREFUSED: connect ECONNREFUSED 127.0.0.9:443); not tried again in this crawl]",
      );
      // The next crawl (a checker of its own) connects again.
      const next = new ContactChecker({ ...tools, now: () => clock.now });
      expect((await next.check(two, [])).report.checks[0]).toMatchObject({
        status: "broken",
        checkedAt: "2026-12-08T02:05:00.000Z",
        why: "https://127.0.0.9/abuse could not be fetched (ECONNREFUSED: connect ECONNREFUSED 127.0.0.9:443).",
      });
      expect(attempts).toEqual(["https://dead.test", "https://127.0.0.9"]);
    } finally {
      unsubscribe("undici:client:beforeConnect", onConnect);
    }
  });
});
