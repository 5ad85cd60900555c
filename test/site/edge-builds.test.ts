// Builds from an empty store, from a synthetic store with IDN domain names, and from a store with
// IP addresses where domains stand (published addresses, and an older version's list).
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildSite } from "../../crawler/schedule/build.ts";
import { judgeSecurityTxt, parseSecurityTxt } from "../../crawler/model/security-txt.ts";
import { syntheticDomain, writeSyntheticStore } from "../../scripts/synthetic-store.ts";
import { domainToASCII } from "node:url";
import { emptyContacts } from "../../crawler/contract.ts";
import { planAddress } from "../../crawler/model/contact-target.ts";
import { publishedAddresses } from "../../crawler/probe/contact-checks.ts";
import { judgeAddress, withChecks } from "../../crawler/rules/reachability.ts";
import { Store } from "../../crawler/store/store.ts";
import { MIGRATIONS } from "../../crawler/store/migrations.ts";
import { reportWith } from "../helpers/fixtures.ts";
import { recordProbe } from "../../crawler/crawl/record.ts";

describe("site builds", () => {
  it("from an empty store: a valid site that says there is no data yet, with a security.txt that passes the observatory's own check", async () => {
    const out = mkdtempSync(join(tmpdir(), "observatory-empty-"));
    const built = Date.now();
    const build = await buildSite(join(out, "no-such-store.sqlite"), join(out, "dist"), {
      OBSERVATORY_SECURITY_CONTACT: "mailto:security@observatory.example",
    });
    expect(build.code, build.output).toBe(0);
    // RFC 9116, read and judged as the contact checks read every server's (crawler/model/security-txt.ts).
    const securityTxt = parseSecurityTxt(readFileSync(join(out, "dist/.well-known/security.txt"), "utf8"));
    expect(securityTxt.contacts).toEqual(["mailto:security@observatory.example"]);
    expect(securityTxt.problems).toEqual([]);
    expect(judgeSecurityTxt(securityTxt, Date.now())).toEqual({ noContact: false, expired: false });
    // A year after the build.
    const day = 86_400_000;
    expect(securityTxt.expiresAt! - built).toBeGreaterThan(364 * day);
    expect(securityTxt.expiresAt! - built).toBeLessThanOrEqual(366 * day);
    expect(readFileSync(join(out, "dist/index.html"), "utf8")).toContain("There is no data yet");
    expect(readFileSync(join(out, "dist/servers/index.html"), "utf8")).toContain("There is no data yet");
    expect(JSON.parse(readFileSync(join(out, "dist/data/servers.json"), "utf8"))).toMatchObject({ crawl: null, servers: [] });
  }, 120_000);

  it("gives IDN domains working pages, data and badges, with history across crawls, and marks dormant domains", async () => {
    const dir = mkdtempSync(join(tmpdir(), "observatory-idn-"));
    writeSyntheticStore(join(dir, "store.sqlite"), { domains: 220, crawls: 8 });
    const build = await buildSite(join(dir, "store.sqlite"), join(dir, "dist"));
    expect(build.code, build.output).toBe(0);
    const idn = syntheticDomain(5);
    expect(idn).toBe("bücher-5.example");
    const slug = domainToASCII(idn);
    const page = readFileSync(join(dir, "dist/servers", slug, "index.html"), "utf8");
    expect(page).toContain("<h1><bdi>bücher-5.example</bdi></h1>");
    expect(existsSync(join(dir, "dist/data/servers", `${slug}.json`))).toBe(true);
    expect(existsSync(join(dir, "dist/badges", `${slug}.svg`))).toBe(true);
    const list = readFileSync(join(dir, "dist/servers/index.html"), "utf8");
    expect(list).toContain(`href="/servers/${slug}/"`);
    const overview = readFileSync(join(dir, "dist/index.html"), "utf8");
    expect(overview).toContain("#8 8 Jan 2026");
    // Eight crawls: the trend is drawn, every series with its own line and swatch.
    expect(overview).not.toContain("the trend appears after the second crawl");
    const css = readdirSync(join(dir, "dist/_astro"))
      .filter((f) => f.endsWith(".css"))
      .map((f) => readFileSync(join(dir, "dist/_astro", f), "utf8"))
      .join("");
    for (let k = 0; k < 5; k++) {
      expect(overview, `series ${k}`).toContain(`class="line series-${k}"`);
      expect(overview, `swatch ${k}`).toContain(`class="swatch swatch-${k}"`);
      // Each has a colour of its own in the stylesheet.
      expect(css, `swatch ${k}`).toMatch(new RegExp(`\\.swatch-${k}\\{background:var\\(--[a-z0-9-]+\\)`));
    }
    // One domain in seven is unreachable in every crawl: dormant, still listed, and said so.
    const servers = JSON.parse(readFileSync(join(dir, "dist/data/servers.json"), "utf8")).servers as Array<{
      domain: string;
      outcome: string;
      listed: { dormant: boolean };
    }>;
    const dormant = servers.filter((s) => s.listed.dormant);
    expect(dormant.length).toBeGreaterThan(20);
    expect(dormant.every((s) => s.outcome !== "ok")).toBe(true);
    expect(servers.filter((s) => s.outcome === "ok").every((s) => !s.listed.dormant)).toBe(true);
    const dormantPage = readFileSync(join(dir, "dist/servers", domainToASCII(dormant[0]!.domain), "index.html"), "utf8");
    expect(dormantPage).toMatch(/<strong>dormant<\/strong>: unreachable in each of the last 8 crawls/);
  }, 120_000);

  it("with addresses and administrators on IP addresses, marked not checked, and a list an older version let IP addresses into", async () => {
    const dir = mkdtempSync(join(tmpdir(), "observatory-ip-"));
    const db = join(dir, "store.sqlite");
    const store = Store.open(db);
    const published = reportWith({
      domain: "ip.example",
      contacts: { ...emptyContacts(), admin: ["xmpp:ops@[::1]", "xmpp:ops@10.0.0.5"], abuse: ["xmpp:abuse@[2001:db8::1]?join"] },
      administrators: ["root@[::1]", "root@127.1"],
    });
    // What the contact checks make of them (probe/contact-checks.ts): each address planned and judged, none asked.
    const judged = publishedAddresses(published).map(({ value, fields }) => judgeAddress(value, fields, planAddress(value, fields[0]!), () => undefined));
    store.domains.add(["ip.example"], "test");
    recordProbe(store, null, { report: withChecks(published, judged), evidence: [] });
    // Before issue 30, `domains import` listed numbers as addresses, and the authbot mode listed a joiner's domain as it came.
    for (const legacy of ["127.0.0.1", "[::1]"]) {
      store.domains.add([legacy], "chat");
      recordProbe(store, null, { report: reportWith({ domain: legacy }), evidence: [] });
    }
    // Opening such a store runs migration 13, which takes them off the list: run it on this one.
    const removeListedAddresses = MIGRATIONS[12] as (db: typeof store.db) => void;
    removeListedAddresses(store.db);
    store.close();

    const build = await buildSite(db, join(dir, "dist"));
    expect(build.code, build.output).toBe(0);
    const servers = JSON.parse(readFileSync(join(dir, "dist/data/servers.json"), "utf8")).servers as Array<{ domain: string }>;
    expect(servers.map((s) => s.domain)).toEqual(["ip.example"]);
    const page = readFileSync(join(dir, "dist/servers/ip.example/index.html"), "utf8");
    for (const address of ["[::1]", "10.0.0.5", "[2001:db8::1]", "127.0.0.1"])
      expect(page).toContain(
        `Not checked: its domain is an IP address (${address}): RFC 7622 allows one in a JID, but servers federate only by DNS name, so the observatory does not ask it.`,
      );
    const data = JSON.parse(readFileSync(join(dir, "dist/data/servers/ip.example.json"), "utf8")) as { server: { checks: Array<{ status: string }> } };
    expect(data.server.checks.map((c) => c.status)).toEqual(["not-checked", "not-checked", "not-checked", "not-checked", "not-checked"]);
  }, 120_000);
});
