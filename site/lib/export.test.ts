import { describe, expect, it } from "vitest";
import { emptyContacts, type AddressCheck, type DomainState } from "../../crawler/contract.ts";
import { reportWith } from "../../test/helpers/fixtures.ts";
import { CSV_HEADER, NETWORK_FEED_ENTRIES, NewestChangeSets, networkFeed, serverEntry, serversCsv, serversFile, serversFileFrame } from "./export.ts";

const check = (value: string, fields: string[], status: AddressCheck["status"]): AddressCheck => ({
  value,
  fields,
  kind: "mail",
  status,
  why: "-",
  records: [],
});

describe("serversCsv", () => {
  it("writes one row per domain under the documented columns; broken_addresses lists only published addresses", () => {
    const report = reportWith({
      domain: "example.org",
      probedAt: "2026-12-03T10:56:15.339Z",
      software: { name: "Prosody", version: "0.12.3" },
      contacts: { ...emptyContacts(), abuse: ["mailto:abuse@example.org", "xmpp:abuse@example.org"], admin: ["xmpp:admin@example.org"] },
      administrators: ["admin@example.org"],
      checks: [
        check("mailto:abuse@example.org", ["abuse-addresses"], "broken"),
        check("xmpp:abuse@example.org", ["abuse-addresses"], "works"),
        // The domain's own security.txt is no published address (rules/reachability.ts publishedChecks).
        check("https://example.org/.well-known/security.txt", [], "broken"),
      ],
      // Our own server could not reach it; the second vantage did, and the report is its probe.
      via: "p13.test",
      vantages: [
        { vantage: "home.test", outcome: "remote-server-not-found", error: { condition: "remote-server-not-found", text: "certificate has expired" } },
        { vantage: "p13.test", outcome: "ok" },
      ],
    });
    const state: DomainState = {
      domain: "example.org",
      source: "seed",
      addedAt: "2026-12-01T00:00:00.000Z",
      report,
      verdict: {
        level: "warnings",
        authbotReady: true,
        publishesAdministrators: true,
        hasAbuseContact: true,
        abuseContactWorks: true,
        everyContactWorks: false,
        counts: { error: 0, warning: 2, info: 1 },
      },
      crawlId: 1,
      dormant: false,
    };
    expect(CSV_HEADER).toEqual([
      "domain",
      "level",
      "outcome",
      "error",
      "software",
      "version",
      "serverinfo_forms",
      "abuse_addresses",
      "admin_addresses",
      "feedback_addresses",
      "sales_addresses",
      "security_addresses",
      "status_addresses",
      "support_addresses",
      "administrators",
      "authbot_ready",
      "abuse_contact_works",
      "every_contact_works",
      "broken_addresses",
      "errors",
      "warnings",
      "infos",
      "probed_at",
      "reached_via",
      "vantages",
    ]);
    expect(serversCsv([state]).split("\r\n")).toEqual([
      "domain,level,outcome,error,software,version,serverinfo_forms,abuse_addresses,admin_addresses,feedback_addresses,sales_addresses,security_addresses,status_addresses,support_addresses,administrators,authbot_ready,abuse_contact_works,every_contact_works,broken_addresses,errors,warnings,infos,probed_at,reached_via,vantages",
      "example.org,warnings,ok,,Prosody,0.12.3,1,mailto:abuse@example.org xmpp:abuse@example.org,xmpp:admin@example.org,,,,,,admin@example.org,true,true,false,mailto:abuse@example.org,0,2,1,2026-12-03T10:56:15.339Z,p13.test,home.test=remote-server-not-found p13.test=ok",
      "",
    ]);
  });
});

describe("the files of every domain, written in pieces", () => {
  const context = {
    generatedAt: "2026-12-03T11:00:00.000Z",
    crawl: { id: 7, startedAt: "2026-12-03T10:00:00.000Z", finishedAt: "2026-12-03T10:30:00.000Z" },
    siteUrl: "https://o.example",
  };
  const stateOf = (domain: string): DomainState => ({
    domain,
    source: "seed",
    addedAt: "2026-12-01T00:00:00.000Z",
    report: reportWith({ domain }),
    verdict: {
      level: "clean",
      authbotReady: false,
      publishesAdministrators: false,
      hasAbuseContact: false,
      abuseContactWorks: false,
      everyContactWorks: false,
      counts: { error: 0, warning: 0, info: 0 },
    },
    crawlId: 7,
    dormant: false,
  });

  it("servers.json: its frame around the entries is the whole file's text, with none, one or more entries", () => {
    const frame = serversFileFrame(context);
    for (const states of [[], [stateOf("a.example")], [stateOf("a.example"), stateOf("b.example")]]) {
      const streamed = frame.before + states.map((s) => JSON.stringify(serverEntry(s))).join(",") + frame.after;
      expect(streamed).toBe(JSON.stringify(serversFile(states, context)));
    }
  });

  it("the network feed: the newest change sets, kept as they are added, are those of all of them at once", () => {
    const sets = Array.from({ length: 1000 }, (_, i) => ({
      at: `2026-12-${String(1 + (i % 28)).padStart(2, "0")}T00:00:00.000Z`,
      domain: `d${i}.example`,
      changes: [{ kind: "first-seen" as const, text: `set ${i}` }],
    }));
    const kept = new NewestChangeSets();
    for (let i = 0; i < sets.length; i += 7) kept.add(sets.slice(i, i + 7));
    expect(kept.list()).toHaveLength(NETWORK_FEED_ENTRIES);
    expect(networkFeed(kept.list(), context)).toBe(networkFeed(sets, context));
    expect(kept.list()[0]).toMatchObject({ at: "2026-12-28T00:00:00.000Z", domain: "d27.example" });
  });
});
