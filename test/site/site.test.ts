// The site built from a real crawl of the federation (the hostile domain included), in Chromium.
import { readRecipe } from "../../scripts/recipes.ts";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { XMLParser } from "fast-xml-parser";
import type { Browser, Page } from "playwright-core";
import { AxeBuilder } from "@axe-core/playwright";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { schemaFiles } from "../../crawler/schema-files.ts";
import { launchChromium } from "../helpers/browser.ts";
import { buildSite } from "../../crawler/schedule/build.ts";
import { serveStatic } from "../../scripts/serve-static.ts";
import { crawlerEnv, freshDb, observatory } from "../federation/cli.ts";

/** Every domain of the federation is crawled and shown. */
const DOMAINS = inject("federation").domains.length;

/** Screenshots of the main pages, kept as CI artifacts (README: Tests). */
export const SCREENSHOTS = fileURLToPath(new URL("../../test-results/screenshots/", import.meta.url));
const SAFE_HREF = /^(?:https?:|mailto:|xmpp:|\/|#|\.)/i;

let out: string;
let server: { url: string; close: () => Promise<void> };
let browser: Browser;
const dialogs: string[] = [];

async function open(path: string, options: { javaScript?: boolean; width?: number; dark?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScript ?? true,
    viewport: { width: options.width ?? 1200, height: 900 },
    colorScheme: options.dark ? "dark" : "light",
  });
  const page = await context.newPage();
  page.on("dialog", (dialog) => {
    dialogs.push(`${path}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  const response = await page.goto(`${server.url}${path}`);
  expect(response?.status(), path).toBe(200);
  return page;
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".html"))
    .map((f) => `/${f.replace(/index\.html$/, "")}`);
}

beforeAll(async () => {
  const db = freshDb();
  const list = `${db}.txt`;
  writeFileSync(list, ["# source: the local test federation", ...inject("federation").domains].join("\n"));
  const crawl = await observatory(["crawl", "--domains", list, "--concurrency", "8"], crawlerEnv({ OBSERVATORY_DB: db }));
  expect(crawl.code, crawl.stderr).toBe(0);
  out = mkdtempSync(join(tmpdir(), "observatory-site-"));
  const build = await buildSite(db, out);
  expect(build.code, build.output).toBe(0);
  server = await serveStatic(out);
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

describe("the site built from a crawl of the federation", () => {
  it("runs no injected script, opens no dialog, and links only safe schemes, on every page", async () => {
    const pages = htmlFiles(out);
    expect(pages.length).toBeGreaterThan(60);
    for (const path of pages) {
      const page = await open(path);
      const facts = await page.evaluate(() => ({
        csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute("content") ?? "",
        inlineScripts: Array.from(document.scripts).filter((s) => !s.src).length,
        foreignScripts: Array.from(document.scripts).filter((s) => s.src && !s.src.startsWith(location.origin)).length,
        handlers: Array.from(document.querySelectorAll("*")).filter((el) => Array.from(el.attributes).some((a) => a.name.startsWith("on"))).length,
        styleAttributes: document.querySelectorAll("[style]").length,
        hrefs: Array.from(document.querySelectorAll("a[href]")).map((a) => a.getAttribute("href") ?? ""),
        h1: document.querySelectorAll("h1").length,
        main: document.querySelectorAll("main").length,
        lang: document.documentElement.lang,
      }));
      expect(facts.csp, path).toContain("script-src 'self'");
      expect(facts.csp, path).not.toContain("unsafe");
      expect(facts, path).toMatchObject({ inlineScripts: 0, foreignScripts: 0, handlers: 0, styleAttributes: 0, h1: 1, main: 1, lang: "en" });
      for (const href of facts.hrefs) expect(href, `${path} links to ${href}`).toMatch(SAFE_HREF);
      await page.context().close();
    }
    expect(dialogs).toEqual([]);
    // Every page of the build in Chromium: about 27 s here, the slowest test of the site.
  }, 90_000);

  it("shows hostile values as inert text", async () => {
    const page = await open("/servers/hostile.test/", { width: 390, dark: true });
    const text = await page.locator("main").innerText();
    expect(text).toContain('<script>alert("xss")</script>');
    expect(text).toContain("javascript:alert(document.cookie)");
    // A bidi override (U+202E) is written out, not obeyed, and the value around it is isolated.
    expect(text).not.toContain("\u202e");
    expect(text).toContain("xmpp:admin@hostile.testU+202Egnp.exe");
    expect(await page.locator("bdi > .invisible", { hasText: "U+202E" }).count()).toBeGreaterThan(0);
    expect(await page.locator('a[href^="javascript:"], a[href^="data:"], main img[src="x"]').count()).toBe(0);
    // A value of 2,048 characters does not widen the page.
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}hostile-phone-dark.png`, fullPage: false });
    await page.context().close();
    expect(dialogs).toEqual([]);
  });

  it("shows the network at a glance, with accessible charts", async () => {
    const page = await open("/");
    await expect(page.locator(".cards li").first().innerText()).resolves.toMatch(new RegExp(`^${DOMAINS}\\s+domains probed`));
    const charts = page.locator("figure.chart svg[role=img]");
    expect(await charts.count()).toBeGreaterThanOrEqual(4);
    for (const chart of await charts.all()) {
      expect(await chart.locator("desc").textContent()).toMatch(/\d/);
      // Labels are wrapped, never cut.
      for (const label of await chart.locator("text").allTextContents()) expect(label).not.toContain("…");
    }
    // One crawl: no empty axes, but a sentence saying when the trend appears.
    await expect(page.locator(".trend-pending").innerText()).resolves.toBe("One crawl so far: the trend appears after the second crawl.");
    // The software chart shows the four generations the federation runs, each with the fixes it gets, and the list names each version.
    const softwareChart = page.locator("figure.chart", { has: page.locator("figcaption", { hasText: "Reachable domains by server software" }) });
    const summary = (await softwareChart.locator("desc").textContent()) ?? "";
    expect(summary).toMatch(/Prosody 0\.12 \(and older\) \d+/);
    expect(summary).toContain("Prosody 13 1");
    expect(summary).toContain("ejabberd 23 (and older) 2");
    expect(summary).toContain("ejabberd 24 and later 1");
    const software = (await page.locator("main li").allInnerTexts()).map((s) => s.trim()).filter((s) => /^(Prosody|ejabberd) /.test(s));
    expect(software).toHaveLength(4);
    expect(software.find((s) => s.startsWith("Prosody 0.12 "))).toMatch(/^Prosody 0\.12 \(and older\): 0\.12\.3 \(\d+\)$/);
    expect(software).toContain("Prosody 13: 13.0.1 (1)");
    expect(software).toContain("ejabberd 23 (and older): 23.01-1 (2)");
    expect(software).toContain("ejabberd 24 and later: 24.12-3~bpo12+1 (1)");

    await page.screenshot({ path: `${SCREENSHOTS}overview.png`, fullPage: true });
    await page.context().close();
  });

  it("lets the server list be searched, filtered and sorted, draws its rows as the page does, and reads fully without JavaScript", async () => {
    const page = await open("/servers/");
    const visible = () => page.locator("#servers tbody tr:not([hidden]) th a").allInnerTexts();
    const rows = () => page.locator("#servers tbody").innerHTML();
    const drawnByThePage = await rows();
    // The first search fetches the list's data (its parts, static files), then draws the rows from it.
    await page.getByLabel("Search by name").fill("good");
    await page.locator("#server-count", { hasText: `1 of ${DOMAINS} domains shown` }).waitFor();
    expect(await visible()).toEqual(["good.test"]);
    await page.getByLabel("Search by name").fill("");
    // Every row, the hostile domain's crawled text among them, as the page drew it: text in <bdi>, invisible characters shown.
    expect(await rows()).toBe(drawnByThePage);
    await page.getByLabel("Level").selectOption("unreachable");
    expect(await visible()).toEqual(["dead.test", "error.test", "nxdomain.test", "tarpit.test"]);
    expect(page.url()).toContain("?level=unreachable");
    await page.getByLabel("Level").selectOption("");
    await page.getByLabel("publishes administrators").check();
    expect(await visible()).toEqual(expect.arrayContaining(["ej.test", "fields.test", "good.test", "hostile.test"]));
    expect(await visible()).not.toContain("bad.test");
    await page.getByLabel("publishes administrators").uncheck();
    // Sorting by keyboard: focus the Errors header button, press Enter twice for descending.
    const errors = page.getByRole("button", { name: "Errors" });
    await errors.focus();
    await page.keyboard.press("Enter");
    await page.keyboard.press("Enter");
    await expect(page.locator("th[data-key=errors]").getAttribute("aria-sort")).resolves.toBe("descending");
    expect((await visible()).slice(0, 2)).toEqual(["fields.test", "form.test"]);
    // The software filter names the software in the order the sort by software puts it: the same reading order, not code units ("P" < "e").
    await expect(page.getByLabel("Software").locator("option").allInnerTexts()).resolves.toEqual(["any", "ejabberd", "Prosody"]);
    await page.getByRole("button", { name: "Software" }).click();
    const softwareCells = await page.locator("#servers tbody tr:not([hidden]) td:nth-of-type(2)").allInnerTexts();
    expect([...new Set(softwareCells.map((cell) => cell.split(" ")[0]).filter(Boolean))]).toEqual(["ejabberd", "Prosody"]);
    await page.screenshot({ path: `${SCREENSHOTS}servers.png`, fullPage: false });
    await page.context().close();

    const plain = await open("/servers/?level=errors", { javaScript: false });
    expect(await plain.locator("#servers tbody tr:not([hidden])").count()).toBe(DOMAINS);
    expect(await plain.locator("#server-filters").isVisible()).toBe(false);
    await plain.context().close();
  });

  it("writes no machine timestamp in the visible text of the overview, the list, a server page and a rule page", async () => {
    for (const path of ["/", "/servers/", "/servers/good.test/", "/servers/contacts.test/", "/rules/field-empty/"]) {
      const page = await open(path);
      const text = await page.locator("body").innerText();
      expect(text.match(/\d{4}-\d\d-\d\dT\d\d:\d\d/g), path).toBeNull();
      await page.context().close();
    }
  });

  it("gives every server a page with its contacts, administrators, findings with fixes, history, badge and data", async () => {
    const page = await open("/servers/good.test/");
    await expect(page.locator('a[href="mailto:abuse@good.test"]').count()).resolves.toBe(1);
    await expect(page.locator('a[href="xmpp:support@muc.good.test?join"]').count()).resolves.toBe(1);
    await expect(page.locator("bdi.admin").allInnerTexts()).resolves.toEqual(["admin@good.test"]);
    await expect(page.locator(".finding a[href^='/rules/']").count()).resolves.toBeGreaterThan(0);
    const text = await page.locator("main").innerText();
    expect(text).toContain("The fixes are written for Prosody 0.12");
    expect(text).toContain("First probed: reachable");
    expect(text).toContain("npm run observatory -- check good.test");
    expect(text).toContain("[![serverinfo:");
    expect(text).toMatch(/On the list\s+since \d{1,2} [A-Z][a-z]{2} \d{4}: given to a crawl: the local test federation/);
    // One card per problem: muc.good.test's seven empty fields are one finding card that names them all.
    const emptyFields = page.locator(".finding", { hasText: "muc.good.test" }).filter({ hasText: "field-empty" });
    await expect(emptyFields.count()).resolves.toBe(1);
    await expect(emptyFields.innerText()).resolves.toContain("7 fields have no value: abuse, admin, feedback, sales, security, status, support.");
    // Each severity's heading counts its findings in English: "4 notes", never "4 info s" or "4 infos".
    const headings = await page.locator("h3[class^='sev-']").allInnerTexts();
    expect(headings.length).toBeGreaterThan(0);
    for (const heading of headings) expect(heading).toMatch(/^(1 (error|warning|note)|([02-9]|\d\d+) (errors|warnings|notes))$/);
    // Dates are for people; the exact instant stays in <time datetime>.
    expect(await page.locator("time").first().getAttribute("datetime")).toMatch(/^\d{4}-\d\d-\d\dT/);
    await page.screenshot({ path: `${SCREENSHOTS}server-good.png`, fullPage: true });
    await page.context().close();

    const dead = await open("/servers/dead.test/");
    expect(await dead.locator("main").innerText()).toContain(
      "our server could not resolve or connect to it: Server-to-server connection failed: connection refused (reported by home.test, not by the domain)",
    );
    await dead.context().close();
  });

  it("marks each published address (works, broken, not checked) with why, and shows what the servers answered as text", async () => {
    const page = await open("/servers/contacts.test/");
    const mark = (value: string) =>
      page
        .locator("li", { has: page.locator(".value", { hasText: value }) })
        .locator(".check")
        .innerText();
    await expect(mark("mailto:abuse@nomail.test")).resolves.toMatch(
      /^✗ broken \(checked \d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2} UTC\) nomail\.test publishes a null MX/,
    );
    await expect(mark("xmpp:admin@good.test")).resolves.toMatch(/^✓ works .*Whether the account exists is not asked/);
    await expect(mark("xmpp:members@muc.good.test?join")).resolves.toMatch(/^✗ broken .*members-only/);
    await expect(mark("https://web.test/page")).resolves.toMatch(/^✓ works .*HTTP 200/);
    // The evidence is collapsed, and each mark links to its raw record on the page.
    const details = page.locator("details.records");
    expect(await details.getAttribute("open")).toBeNull();
    const link = page
      .locator("li", { has: page.locator(".value", { hasText: "mailto:abuse@nomail.test" }) })
      .locator(".check a")
      .first();
    const target = (await link.getAttribute("href"))!;
    await details.locator("summary").click();
    await expect(page.locator(`${target} pre`).innerText()).resolves.toBe("nomail.test. IN MX 0 .");
    const xml = await page.locator(".records pre").first().innerText();
    expect(xml.split("\n")[0]).toMatch(/^<iq [^>]*from="contacts\.test"/);
    expect(xml.split("\n")[1]).toMatch(/^ {2}<query xmlns="http:\/\/jabber\.org\/protocol\/disco#info">/);
    expect(await page.locator(".records pre *").count()).toBe(0);
    await page.screenshot({ path: `${SCREENSHOTS}server-contacts.png`, fullPage: true });
    await page.context().close();

    const good = await open("/servers/good.test/");
    expect(await good.locator(".check-works").count()).toBe(await good.locator(".check").count());
    await good.context().close();
    const overview = await open("/");
    const cards = await overview.locator(".cards").innerText();
    expect(cards).toMatch(/\d+\s+abuse contact works/);
    expect(cards).toMatch(/\d+\s+every contact works/);
    await overview.context().close();
    const json = await (await fetch(`${server.url}/data/servers/contacts.test.json`)).json();
    expect(json.records.find((r: { key: string }) => r.key === "dns:nomail.test").text).toBe("nomail.test. IN MX 0 .");
    expect(json.server.checks.find((c: { value: string }) => c.value === "https://web.test/to-http")).toMatchObject({ status: "broken", kind: "web" });
  });

  it("has no accessibility violations (axe-core) on any kind of page", async () => {
    const kinds = [
      "/",
      "/servers/",
      "/servers/good.test/",
      "/servers/contacts.test/",
      "/servers/hostile.test/",
      "/servers/dead.test/",
      "/rules/",
      "/rules/contact-room-missing/",
      "/operators/",
      "/data/",
    ];
    for (const path of kinds) {
      const page = await open(path);
      // The collapsed evidence is checked open too.
      await page.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
      const results = await new AxeBuilder({ page }).analyze();
      const violations = results.violations.map((v) => `${v.id}: ${v.nodes.length} × ${v.help} (${v.nodes[0]?.target.join(" ")})`);
      expect(violations, path).toEqual([]);
      await page.context().close();
    }
  });

  it("shows each recipe's files on the operators page as they are in deploy/recipes", async () => {
    const page = await open("/operators/");
    const blocks = await page.locator("main pre").allTextContents();
    for (const file of ["prosody-0.12.cfg.lua", "mod_serverinfo_administrators.lua", "prosody-13.cfg.lua", "ejabberd.yml"])
      expect(blocks, file).toContain(readRecipe(file).trimEnd());
    await page.context().close();
  });

  it("has a page per rule, listing the servers that trip it", async () => {
    const page = await open("/rules/address-unsafe-scheme/");
    const text = await page.locator("main").innerText();
    expect(text).toContain("XEP-0157");
    expect(text).toContain("ejabberd");
    expect(await page.locator("main ul a").allInnerTexts()).toEqual(["bad.test", "hostile.test"]);
    await page.screenshot({ path: `${SCREENSHOTS}rule.png`, fullPage: false });
    await page.context().close();
  });

  it("says where each fix comes from: a fix for software that cannot run here links the documentation it rests on, and is never called verified", async () => {
    const rule = await open("/rules/contacts-no-abuse/");
    const tigase = rule.locator("dt", { hasText: "Tigase" }).locator("xpath=following-sibling::dd[1]");
    await expect(tigase.locator(".fix-basis").innerText()).resolves.toContain("Written from Tigase's Administration Guide");
    await expect(tigase.locator(".fix-basis").innerText()).resolves.toContain("not run here, so not verified");
    expect(await tigase.locator(".fix-basis a").getAttribute("href")).toBe(
      "https://docs.tigase.net/en/latest/Tigase_Administration/Configuration/_Configuration.html#abuse-contacts",
    );
    await rule.context().close();

    // On a server page, each fix for Prosody 0.12 says whether it was run on 0.12.
    const bad = await open("/servers/bad.test/");
    const marks = await bad.locator(".finding .fix-basis").allInnerTexts();
    expect(marks.length).toBeGreaterThan(0);
    for (const mark of marks)
      expect(mark).toMatch(
        /^(?:Run on Prosody 0\.12(?:\.\d+)? in this project's tests: the finding cleared\.|Not yet run here on Prosody 0\.12 \(and older\)\.)$/,
      );
    await bad.context().close();

    const operators = await open("/operators/");
    expect(await operators.locator("#fixes-run").count()).toBe(1);
    const links = await operators.locator("main .fix-basis-documentation a").evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).href));
    expect(links).toEqual([
      "https://github.com/igniterealtime/Openfire/pull/1005",
      "https://docs.tigase.net/en/latest/Tigase_Administration/Configuration/_Configuration.html#abuse-contacts",
      "https://esl.github.io/MongooseDocs/latest/modules/mod_disco/",
      "https://snikket.org/service/help/advanced/config/",
    ]);
    await operators.context().close();
  });

  it("serves downloads that validate against their published schemas", async () => {
    const files = [
      ["servers.json", "servers.schema.json"],
      ["rules.json", "rules.schema.json"],
      ["servers/good.test.json", "server.schema.json"],
      ["servers/hostile.test.json", "server.schema.json"],
    ] as const;
    for (const [file, schema] of files) {
      const data = await (await fetch(`${server.url}/data/${file}`)).json();
      const published = await (await fetch(`${server.url}/data/${schema}`)).json();
      expect(published).toEqual(JSON.parse(schemaFiles()[schema]!));
      const ajv = new Ajv2020.default({ allErrors: true, strict: true });
      addFormats.default(ajv);
      const validate = ajv.compile(published);
      expect(validate(data), `${file}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
    const servers = await (await fetch(`${server.url}/data/servers.json`)).json();
    expect(servers.crawl.id).toBe(1);
    expect(servers.servers).toHaveLength(DOMAINS);
    expect(servers.servers.find((s: { domain: string }) => s.domain === "good.test").listed.via).toBe("given to a crawl: the local test federation");
    const csv = await (await fetch(`${server.url}/data/servers.csv`)).text();
    expect(csv).toContain(`"'=HYPERLINK(""https://hostile.test"")"`);
    const feed = new XMLParser().parse(await (await fetch(`${server.url}/feeds/changes.xml`)).text());
    expect(feed.feed.entry.length).toBe(DOMAINS);
    const own = new XMLParser().parse(await (await fetch(`${server.url}/feeds/servers/hostile.test.xml`)).text());
    expect(own.feed.title).toBe("Serverinfo Observatory: hostile.test");
  });

  it("serves an accessible badge per server", async () => {
    const response = await fetch(`${server.url}/badges/bad.test.svg`);
    expect(response.headers.get("content-type")).toBe("image/svg+xml");
    const svg = new XMLParser({ ignoreAttributes: false }).parse(await response.text());
    expect(svg.svg["@_role"]).toBe("img");
    expect(svg.svg.title).toBe("bad.test: serverinfo errors");
    expect(svg.svg["@_aria-label"]).toBe("bad.test: serverinfo errors");
  });

  it("keeps the overview and a server page under 100 KB compressed", () => {
    const weight = (page: string) => {
      const html = readFileSync(join(out, page), "utf8");
      const assets = [...html.matchAll(/(?:href|src)="(\/_astro\/[^"]+)"/g)].map((m) => readFileSync(join(out, m[1]!)));
      return [Buffer.from(html), ...assets].reduce((total, b) => total + gzipSync(b).length, 0);
    };
    for (const page of ["index.html", "servers/good.test/index.html", "servers/hostile.test/index.html"]) expect(weight(page), page).toBeLessThan(100 * 1024);
  });

  it("keeps the page and the JSON of a hostile domain under 200 KB", () => {
    for (const domain of ["hostile.test", "huge.test", "deep.test", "sprawl.test"]) {
      for (const file of [`servers/${domain}/index.html`, `data/servers/${domain}.json`]) expect(statSync(join(out, file)).size, file).toBeLessThan(200 * 1024);
    }
  });
});
