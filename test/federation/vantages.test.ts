// A second vantage (issue 32): the crawler at home on Prosody 0.12 (home.test), and a second account
// at home on Prosody 13 (p13.test). blockshome.test (ejabberd 23.01) refuses s2s with home.test
// (its s2s_access blocklist) and with it only: our own server cannot reach it, the second vantage
// can. v6only.test (ejabberd 24.12) is reached over IPv6 only, which our own server has turned off
// (use_ipv6 = false) and Prosody 13 has not. dead.test and nxdomain.test fail from both.
import { existsSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { Resolver } from "node:dns/promises";
import { ADDRESSES, PEOPLE, VANTAGE } from "../../scripts/federation/spec.ts";
import { Store } from "../../crawler/store/store.ts";
import { reportOf, type ReportColumns } from "../../crawler/store/probes.ts";
import { crawlerEnvFor, killProsodyServer, setHomeS2s, startProsodyServer } from "../../scripts/federation/federation.ts";
import { crawlerEnv, freshDb, observatory, probesPerDomain, startLogged } from "./cli.ts";
import { person, stopPeople } from "./people.ts";
import { until } from "../helpers/until.ts";

interface Report {
  domain: string;
  outcome: string;
  via?: string;
  vantages?: Array<{ vantage: string; outcome: string; error?: { condition: string; text?: string } }>;
  findings: Array<{ rule: string; severity: string; message: string }>;
  identities: unknown[];
}

/** The crawler's environment with the second vantage configured (its account at home on Prosody 13). */
function withSecondVantage(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const f = inject("federation");
  const second = f.homes.find((h) => h.domain === VANTAGE.second)!;
  return crawlerEnv({
    OBSERVATORY_VANTAGES: second.jid,
    OBSERVATORY_VANTAGE_PASSWORD_1: f.password,
    OBSERVATORY_VANTAGE_SERVICE_1: second.service,
    OBSERVATORY_VANTAGE_CONTROL: VANTAGE.control,
    ...extra,
  });
}

/** What the vantages said of a report, without the times. */
const said = (r: Report) => r.vantages?.map((v) => ({ vantage: v.vantage, outcome: v.outcome, condition: v.error?.condition, text: v.error?.text }));

// A refused s2s link leaves Prosody 0.12 silent: our limit per IQ is what ends the wait, so keep it short.
const TIMEOUT = ["--timeout", "5"];

describe("a second vantage", () => {
  it("without it, our own server alone calls blockshome.test unreachable (what the observatory said before)", async () => {
    const result = await observatory(["check", "--json", "--no-store", ...TIMEOUT, VANTAGE.blocksHome], crawlerEnv());
    const report = JSON.parse(result.stdout) as Report;
    expect({ outcome: report.outcome, vantages: report.vantages, via: report.via }).toEqual({ outcome: "timeout", vantages: undefined, via: undefined });
  }, 60_000);

  it("check: a domain refused by our own server's blocklist is reachable through the second vantage, with a federation-partial warning naming home.test", async () => {
    const result = await observatory(
      ["check", "--json", "--no-store", ...TIMEOUT, VANTAGE.blocksHome, "good.test", "dead.test", "nxdomain.test"],
      withSecondVantage(),
    );
    expect(result.stderr).toBe("");
    const [blocked, good, dead, nxdomain] = JSON.parse(result.stdout) as Report[];
    expect({ outcome: blocked!.outcome, via: blocked!.via, said: said(blocked!) }).toEqual({
      outcome: "ok",
      via: "p13.test",
      said: [
        { vantage: "home.test", outcome: "timeout", condition: undefined, text: undefined },
        { vantage: "p13.test", outcome: "ok", condition: undefined, text: undefined },
      ],
    });
    // The report is the full probe through p13.test: ejabberd's identity and its serverinfo form.
    expect(blocked!.identities.length).toBe(1);
    expect(blocked!.findings.filter((f) => f.rule === "federation-partial")).toEqual([
      {
        rule: "federation-partial",
        severity: "warning",
        subject: "blockshome.test",
        message: "blockshome.test answered through p13.test, but one server could not reach it: home.test: timeout.",
      },
    ]);
    // A domain our own server reaches costs nothing extra: nobody else is asked.
    expect({ outcome: good!.outcome, vantages: good!.vantages }).toEqual({ outcome: "ok", vantages: undefined });
    // Unreachable from both: still unreachable, now from 2 vantages, each with its own server's words.
    expect({ outcome: dead!.outcome, via: dead!.via, said: said(dead!) }).toEqual({
      outcome: "remote-server-not-found",
      via: undefined,
      said: [
        {
          vantage: "home.test",
          outcome: "remote-server-not-found",
          condition: "remote-server-not-found",
          text: "Server-to-server connection failed: connection refused",
        },
        { vantage: "p13.test", outcome: "remote-server-not-found", condition: "remote-server-not-found", text: expect.any(String) },
      ],
    });
    expect(said(nxdomain!)?.map((v) => ({ vantage: v.vantage, outcome: v.outcome }))).toEqual([
      { vantage: "home.test", outcome: "remote-server-not-found" },
      { vantage: "p13.test", outcome: "remote-server-not-found" },
    ]);
    expect(dead!.findings.filter((f) => f.rule === "federation-partial")).toEqual([]);
  }, 120_000);

  it("crawl: the store keeps each vantage's outcome and our own server's raw failure as evidence; only the domain unreachable from both is unreachable", async () => {
    const db = freshDb();
    const list = `${dirname(db)}/domains.txt`;
    writeFileSync(list, `${VANTAGE.blocksHome}\ngood.test\ndead.test\n`);
    const result = await observatory(["crawl", "--domains", list, ...TIMEOUT], withSecondVantage({ OBSERVATORY_DB: db }));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(
      "Vantages: 2 domains our own server could not reach were asked again through 1 other vantage; 1 answered there (reachable from some vantages only).",
    );
    const store = Store.open(db);
    try {
      const levels = store.db.prepare("SELECT domain, level, outcome FROM probes ORDER BY domain").all();
      expect(levels).toEqual([
        { domain: "blockshome.test", level: "warnings", outcome: "ok" },
        { domain: "dead.test", level: "unreachable", outcome: "remote-server-not-found" },
        { domain: "good.test", level: expect.any(String), outcome: "ok" },
      ]);
      const vantages = store.db
        .prepare(
          "SELECT p.domain, v.vantage, v.outcome, v.reached_via AS via FROM probe_vantages v JOIN probes p ON p.id = v.probe_id ORDER BY p.domain, v.position",
        )
        .all();
      expect(vantages).toEqual([
        { domain: "blockshome.test", vantage: "home.test", outcome: "timeout", via: 0 },
        { domain: "blockshome.test", vantage: "p13.test", outcome: "ok", via: 1 },
        { domain: "dead.test", vantage: "home.test", outcome: "remote-server-not-found", via: 0 },
        { domain: "dead.test", vantage: "p13.test", outcome: "remote-server-not-found", via: 0 },
      ]);
      // dead.test: p13.test's own error stanza is kept, as received.
      const crawlId = (store.db.prepare("SELECT MAX(id) AS id FROM crawls").get() as { id: number }).id;
      const deadFromP13 = store.probes.vantagesOf(crawlId, "dead.test").find((v) => v.vantage === "p13.test")!;
      expect(deadFromP13.xml.join("")).toContain("remote-server-not-found");
      // The report's own evidence is the probe through p13.test: a disco#info that answered.
      expect(store.probes.evidenceOf(crawlId, "blockshome.test")[0]?.xml).toContain("http://jabber.org/network/serverinfo");
      // Dormancy counts only what every vantage failed on.
      expect([...store.crawls.dormantDomains(1)]).toEqual(["dead.test"]);
    } finally {
      store.close();
    }
  }, 180_000);

  it("a vantage that cannot reach the control domain is broken: nothing is judged on its word, and the crawl says so", async () => {
    const db = freshDb();
    const list = `${dirname(db)}/domains.txt`;
    writeFileSync(list, `${VANTAGE.blocksHome}\n`);
    // The control domain is one neither can reach: both look broken, our own server included.
    const result = await observatory(
      ["crawl", "--domains", list, ...TIMEOUT],
      withSecondVantage({ OBSERVATORY_DB: db, OBSERVATORY_VANTAGE_CONTROL: "nxdomain.test" }),
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("p13.test was broken and not taken as evidence: it could not reach nxdomain.test, the domain known to work");
    expect(result.stderr).toContain(
      "Our own server has a problem: our own server could not reach the domain known to work (home.test: remote-server-not-found",
    );
    const store = Store.open(db);
    try {
      // Our own server could not reach the domain known to work, and nobody else could be asked: nothing is judged on its word.
      expect(store.db.prepare("SELECT domain, outcome, level FROM probes").all()).toEqual([
        { domain: "blockshome.test", outcome: "unconfirmed", level: "not-judged" },
      ]);
      expect(store.db.prepare("SELECT vantage, outcome FROM probe_vantages").all()).toEqual([{ vantage: "home.test", outcome: "timeout" }]);
      expect([...store.crawls.dormantDomains(1)]).toEqual([]);
      // The overview's banner reads it.
      expect((store.db.prepare("SELECT own_server_problem AS p FROM crawls").get() as { p: string }).p).toMatch(
        /^our own server could not reach the domain known to work \(home\.test: remote-server-not-found/,
      );
    } finally {
      store.close();
    }
  }, 120_000);

  it("a certificate one side refuses: from Prosody 13, which requires a valid one, wrongname.test fails with its server's own words; home.test falls back to dialback and reaches it", async () => {
    const f = inject("federation");
    const strict = f.homes.find((h) => h.domain === VANTAGE.second)!;
    const lenient = f.homes.find((h) => h.domain === "home.test")!;
    const env = crawlerEnvFor(
      { caCert: f.caCert, password: f.password, service: strict.service, jid: strict.jid },
      {
        OBSERVATORY_VANTAGES: lenient.jid,
        OBSERVATORY_VANTAGE_PASSWORD_1: f.password,
        OBSERVATORY_VANTAGE_SERVICE_1: lenient.service,
        OBSERVATORY_VANTAGE_CONTROL: VANTAGE.control,
      },
    );
    const result = await observatory(["check", "--json", "--no-store", ...TIMEOUT, VANTAGE.wrongName], env);
    expect(result.stderr).toBe("");
    const report = JSON.parse(result.stdout) as Report;
    expect({ outcome: report.outcome, via: report.via, vantages: report.vantages?.map((v) => ({ vantage: v.vantage, outcome: v.outcome })) }).toEqual({
      outcome: "ok",
      via: "home.test",
      vantages: [
        { vantage: "p13.test", outcome: "remote-server-timeout" },
        { vantage: "home.test", outcome: "ok" },
      ],
    });
    // Prosody 13's own words, kept in the finding.
    expect(report.findings.find((f) => f.rule === "federation-partial")?.message).toBe(
      "wrongname.test answered through home.test, but one server could not reach it: p13.test: remote-server-timeout (Server-to-server connection failed: Remote server's certificate is not valid for this name).",
    );
  }, 60_000);

  it("IPv6 only: v6only.test (ejabberd 24.12, s2s on [::1]:5269, an AAAA record and no A) is reachable through p13.test; our own server, without IPv6, cannot reach it", async () => {
    // The federation's DNS has ::1 for it, and no IPv4 address.
    const dns = new Resolver();
    dns.setServers([ADDRESSES.dns]);
    expect(await dns.resolve6(VANTAGE.ipv6Only)).toEqual(["::1"]);
    await expect(dns.resolve4(VANTAGE.ipv6Only)).rejects.toMatchObject({ code: "ENODATA" });
    const result = await observatory(["check", "--json", "--no-store", ...TIMEOUT, VANTAGE.ipv6Only], withSecondVantage());
    expect(result.stderr).toBe("");
    const report = JSON.parse(result.stdout) as Report;
    expect({ outcome: report.outcome, via: report.via, said: said(report) }).toEqual({
      outcome: "ok",
      via: "p13.test",
      said: [
        // Prosody 0.12 with use_ipv6 = false asks DNS for an A record only, and finds none.
        {
          vantage: "home.test",
          outcome: "remote-server-not-found",
          condition: "remote-server-not-found",
          text: "Server-to-server connection failed: NoError in A lookup",
        },
        { vantage: "p13.test", outcome: "ok", condition: undefined, text: undefined },
      ],
    });
    expect(report.findings.filter((f) => f.rule === "federation-partial")).toEqual([
      {
        rule: "federation-partial",
        severity: "warning",
        subject: "v6only.test",
        message:
          "v6only.test answered through p13.test, but one server could not reach it: home.test: remote-server-not-found (Server-to-server connection failed: NoError in A lookup).",
      },
    ]);
  }, 60_000);

  it("contacts too: an xmpp: address on a domain our own server cannot reach works when the second vantage reaches it, with a note on who could not", async () => {
    const result = await observatory(["check", "--json", "--no-store", ...TIMEOUT, VANTAGE.wrongName], withSecondVantage());
    const report = JSON.parse(result.stdout) as Report & { checks: Array<{ value: string; status: string; why: string }> };
    expect(report.outcome).toBe("ok");
    const admin = report.checks.find((c) => c.value === "xmpp:admin@blockshome.test")!;
    expect({ status: admin.status, why: admin.why }).toEqual({
      status: "works",
      why: "blockshome.test answers over s2s. Not from every server: home.test: timeout. Whether the account exists is not asked: servers answer that only to its contacts, and asking would tell strangers who has an account (privacy).",
    });
  }, 60_000);

  it("a vantage that cannot log in is broken, and the check goes on from our own server", async () => {
    const result = await observatory(["check", "--json", "--no-store", "good.test"], withSecondVantage({ OBSERVATORY_VANTAGE_PASSWORD_1: "not-the-password" }));
    expect(result.code, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as Report).outcome).toBe("ok");
  }, 60_000);

  it("a vantage that breaks mid-crawl (its server stopped): nothing is judged on its word from then on, and the crawl says so", async () => {
    const f = inject("federation");
    const db = freshDb();
    const list = `${dirname(db)}/domains.txt`;
    // In the crawl's order: dead.test (both fail: p13.test's word counts), then, once p13.test's server is stopped,
    // nxdomain.test, and last blockshome.test (its timeout is retried at the end), which only p13.test could have reached.
    // Between dead.test and nxdomain.test, three domains our own server reaches, one a second: the seconds the test
    // has to see dead.test stored (a crawl writes its probes in batches, STORE_BATCH) and to stop p13.test's server.
    writeFileSync(list, `${VANTAGE.blocksHome}\ncontacts.test\ndead.test\nej.test\nfallback.test\ngood.test\nnxdomain.test\nplain.test\n`);
    const crawl = startLogged(["crawl", "--domains", list, "--concurrency", "1", "--rate", "1", ...TIMEOUT], withSecondVantage({ OBSERVATORY_DB: db }));
    try {
      await until("dead.test's probe to be stored", () => {
        try {
          return existsSync(db) && probesPerDomain(db).has("dead.test");
        } catch {
          return false; // the store is still being made
        }
      }).catch((error: Error) => {
        // Where the crawl was when the wait ran out.
        throw new Error(`${error.message}; the crawl had said:\n${crawl.log()}`);
      });
      await killProsodyServer("prosody13", f.dir);
      const result = await crawl.done;
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toContain("Crawl #1 finished: 8/8 probed");
      expect(result.stderr).toContain("p13.test was broken and not taken as evidence: its connection to its server was lost during the crawl (");
      const store = Store.open(db);
      try {
        expect(store.db.prepare("SELECT domain, level, outcome FROM probes WHERE level = 'unreachable' ORDER BY domain").all()).toEqual([
          { domain: "blockshome.test", level: "unreachable", outcome: "timeout" },
          { domain: "dead.test", level: "unreachable", outcome: "remote-server-not-found" },
          { domain: "nxdomain.test", level: "unreachable", outcome: "remote-server-not-found" },
        ]);
        // Before the break, p13.test's word counted; after it, our own server's alone (blockshome.test: p13.test was not asked at all).
        expect(
          store.db
            .prepare("SELECT p.domain, v.vantage, v.outcome FROM probe_vantages v JOIN probes p ON p.id = v.probe_id ORDER BY p.domain, v.position")
            .all(),
        ).toEqual([
          { domain: "dead.test", vantage: "home.test", outcome: "remote-server-not-found" },
          { domain: "dead.test", vantage: "p13.test", outcome: "remote-server-not-found" },
          { domain: "nxdomain.test", vantage: "home.test", outcome: "remote-server-not-found" },
        ]);
      } finally {
        store.close();
      }
    } finally {
      crawl.child.kill("SIGTERM");
      await startProsodyServer("prosody13", f.dir);
    }
  }, 180_000);

  it("our own server sick (its s2s turned off): the crawl says our own server is the problem, and no domain is marked against", async () => {
    const f = inject("federation");
    const db = freshDb();
    const list = `${dirname(db)}/domains.txt`;
    // good.test is home.test's own; the others are reached over s2s.
    writeFileSync(list, `${VANTAGE.blocksHome}\nbare.test\ndead.test\ngood.test\n`);
    await setHomeS2s(false, f.dir);
    let result: Awaited<ReturnType<typeof observatory>>;
    try {
      result = await observatory(["crawl", "--domains", list, ...TIMEOUT], withSecondVantage({ OBSERVATORY_DB: db }));
    } finally {
      await setHomeS2s(true, f.dir);
    }
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain("Our own server has a problem: our own server could not reach the domain known to work (home.test: ");
    const store = Store.open(db);
    try {
      const probes = store.db
        .prepare("SELECT p.domain, p.level, r.body, p.report_times FROM probes p JOIN probe_contents r ON r.id = p.content_id ORDER BY p.domain")
        .all() as Array<{ domain: string; level: string } & ReportColumns>;
      const seen = probes.map((p) => {
        const report: Report = reportOf(p);
        return { domain: p.domain, level: p.level, via: report.via, partial: report.findings.some((x) => x.rule === "federation-partial") };
      });
      // Reached through p13.test, with nothing held against them; dead.test is unreachable on p13.test's word too.
      expect(seen).toEqual([
        { domain: "bare.test", level: expect.stringMatching(/^(clean|warnings|errors)$/), via: "p13.test", partial: false },
        { domain: "blockshome.test", level: expect.stringMatching(/^(clean|warnings)$/), via: "p13.test", partial: false },
        { domain: "dead.test", level: "unreachable", via: undefined, partial: false },
        { domain: "good.test", level: expect.stringMatching(/^(clean|warnings|errors)$/), via: undefined, partial: false },
      ]);
      // Its contacts too: our own server's refusal of ej.test is asked again elsewhere, as for a probe, and p13.test reaches it.
      const blocks = reportOf(probes.find((p) => p.domain === VANTAGE.blocksHome)!);
      expect(blocks.checks.find((c) => c.value === "xmpp:admin@ej.test")).toMatchObject({
        status: "works",
        why: expect.stringContaining("Not from every server: home.test: not-allowed (Communication with remote domains is not enabled)."),
      });
      expect((store.db.prepare("SELECT own_server_problem AS p FROM crawls").get() as { p: string }).p).toMatch(
        /^our own server could not reach the domain known to work \(home\.test: /,
      );
      // Our own server's own words: Prosody without mod_s2s refuses to route to any remote domain.
      expect(
        store.db
          .prepare(
            "SELECT v.outcome, v.error_condition AS condition, v.error_text AS text FROM probe_vantages v JOIN probes p ON p.id = v.probe_id WHERE p.domain = ? AND v.vantage = 'home.test'",
          )
          .get(VANTAGE.blocksHome),
      ).toEqual({ outcome: "error", condition: "not-allowed", text: "Communication with remote domains is not enabled" });
    } finally {
      store.close();
    }
  }, 180_000);

  it("check (CLI and chat) with our own server sick (its s2s off): its not-allowed is asked again through p13.test, as a crawl does, with nothing held against the domain", async () => {
    const f = inject("federation");
    await setHomeS2s(false, f.dir);
    const botDb = freshDb();
    const bot = startLogged(["bot", ...TIMEOUT], withSecondVantage({ OBSERVATORY_DB: botDb }));
    // Its admin address is on ej.test, which our own sick server cannot reach either: asked through p13.test too.
    const adminCheck = (report: Report & { checks: Array<{ value: string; status: string; why: string }> }) => {
      const check = report.checks.find((c) => c.value === "xmpp:admin@ej.test");
      return {
        status: check?.status,
        noted: check?.why.includes("Not from every server: home.test: not-allowed (Communication with remote domains is not enabled)."),
      };
    };
    try {
      const cli = await observatory(["check", "--json", "--no-store", ...TIMEOUT, VANTAGE.blocksHome], withSecondVantage());
      const report = JSON.parse(cli.stdout) as Report & { checks: Array<{ value: string; status: string; why: string }> };
      expect(adminCheck(report)).toEqual({ status: "works", noted: true });
      expect({ outcome: report.outcome, via: report.via, said: said(report), partial: report.findings.filter((x) => x.rule === "federation-partial") }).toEqual(
        {
          outcome: "ok",
          via: "p13.test",
          said: [
            { vantage: "home.test", outcome: "error", condition: "not-allowed", text: "Communication with remote domains is not enabled" },
            { vantage: "p13.test", outcome: "ok", condition: undefined, text: undefined },
          ],
          partial: [],
        },
      );
      await until("the inbox to be online", () => bot.log().includes('"event":"chat-inbox-online"'));
      const operator = await person(PEOPLE.operator);
      const reply = await operator.ask(`check ${VANTAGE.blocksHome}`);
      expect(reply.split("\n")[0]).toMatch(/^blockshome\.test: reachable from some vantages only: through p13\.test, not from home\.test; /);
      expect(reply).not.toContain("federation-partial");
      // The chat's check records what it found: the same mark for the admin address as the CLI's.
      const store = Store.open(botDb);
      try {
        expect(adminCheck(store.probes.latestReport(VANTAGE.blocksHome) as Report & { checks: Array<{ value: string; status: string; why: string }> })).toEqual(
          {
            status: "works",
            noted: true,
          },
        );
      } finally {
        store.close();
      }
    } finally {
      bot.child.kill("SIGTERM");
      await setHomeS2s(true, f.dir);
    }
  }, 180_000);

  it("chat: check asks the second vantage when our own server cannot reach the domain, and says so", async () => {
    const bot = startLogged(["bot", ...TIMEOUT], withSecondVantage({ OBSERVATORY_DB: freshDb() }));
    try {
      await until("the inbox to be online", () => bot.log().includes('"event":"chat-inbox-online"'));
      const operator = await person(PEOPLE.operator);
      const reply = await operator.ask(`check ${VANTAGE.blocksHome}`);
      expect(reply.split("\n")[0]).toMatch(/^blockshome\.test: reachable from some vantages only: through p13\.test, not from home\.test; warnings /);
      expect(reply).toContain("federation-partial");
    } finally {
      bot.child.kill("SIGTERM");
    }
  }, 120_000);
});

afterAll(async () => {
  await stopPeople();
});
