// A server page's own part: what lies inside the layout's <main> and what it adds to the <head>,
// written as one HTML string, and the page's title. The threads that write the 100,000-odd server
// pages (downloads.ts) set it into the layout, which Astro renders once around placeholders
// (pages/server-page.astro): Astro's per-page pipeline cost as much as the page itself (README:
// bench:site). Every crawled text goes through crawledHtml and the other writers of markup.ts
// (escaped, bidi-isolated, invisible characters shown, only safe schemes linked); every other value
// is escaped as an Astro template escapes it (textHtml, attributeHtml), so the bytes are the ones
// the page had as a template.
import { severityGroups } from "../../crawler/present/presentation.ts";
import { LEVEL_LABEL } from "../../crawler/judge/verdict.ts";
import { explainOutcome, explainVantages } from "../../crawler/present/explain.ts";
import { CONTACT_CATEGORIES } from "../../crawler/contract.ts";
import { fixBasisFor, fixFor, getRule } from "../../crawler/rules/catalogue.ts";
import { detectSoftware, SOFTWARE_LABELS } from "../../crawler/rules/software.ts";
import { administratorJids, xmppJids } from "../../crawler/operators/operators.ts";
import { administratorsField } from "../../crawler/rules/administrators.ts";
import { CONTACT_CHECKS, DORMANT_AFTER_CRAWLS, DORMANT_PROBE_EVERY } from "../../crawler/politeness.ts";
import { ACCOUNT_PRIVACY, ownSecurityTxtCheck } from "../../crawler/rules/reachability.ts";
import { showInvisible } from "../../crawler/model/invisible.ts";
import { attributeHtml as attr, checkMarkHtml, contactValueHtml, crawledHtml, fixBasisHtml, textHtml as text, whenHtml } from "./markup.ts";
import { badgePath, rulePath, serverFeedPath, serverJsonPath, serverPath } from "./links.ts";
import type { ServerView } from "./site-data.ts";

export interface ServerPage {
  /** The domain, which the layout's title and description name (pages/server-page.astro). */
  domain: string;
  /** What the page adds to the layout's <head>. */
  head: string;
  /** What the page puts in the layout's <main>. */
  main: string;
}

/** The server page of one domain, as its view (site-data.ts) has it, on the site at `siteUrl`. */
export function serverPage({ state, log, records }: ServerView, siteUrl: string): ServerPage {
  const r = state.report;
  const level = state.verdict.level;
  const family = detectSoftware(r.software);
  // Each address's check, by the value as published (trimmed), and where each raw record sits on the page.
  const checks = new Map(r.checks.map((c) => [c.value, c]));
  const checkOf = (value: string) => checks.get(value.trim());
  const anchors = new Map(records.map((record, i) => [record.key, `record-${i + 1}`]));
  const ownSecurityTxt = ownSecurityTxtCheck(r);
  const administrators = administratorsField(r);
  const admins = administratorJids(r.administrators);
  const adminAddresses = [...new Set(xmppJids(r.contacts.admin))];
  const badgeUrl = `${siteUrl}${badgePath(r.domain)}`;
  const pageUrl = `${siteUrl}${serverPath(r.domain)}`;
  const markdownBadge = `[![serverinfo: ${LEVEL_LABEL[level]}](${badgeUrl})](${pageUrl})`;
  const htmlBadge = `<a href="${pageUrl}"><img src="${badgeUrl}" alt="serverinfo: ${LEVEL_LABEL[level]}"></a>`;
  const map = <T>(items: readonly T[], each: (item: T, i: number) => string) => items.map(each).join("");

  const vantages = r.vantages
    ? ` <dt>Vantages</dt> <dd>
Our own server could not reach it, so other servers were asked; each one's answer (the raw answers are below):
<ul class="vantages"> ${map(explainVantages(r), (line) => `<li>${crawledHtml(line)}</li>`)} </ul> </dd> `
    : "";
  const software = r.software
    ? `${crawledHtml(r.software.name)} ${crawledHtml(r.software.version ?? "")}${r.software.os ? ` on ${crawledHtml(r.software.os)}` : ""}`
    : "unknown (no version answer)";
  const dormant = state.dormant
    ? `
; <strong>dormant</strong>: unreachable in each of the last ${DORMANT_AFTER_CRAWLS} crawls, so probed in one crawl of ${DORMANT_PROBE_EVERY}. It stays
            listed.
`
    : "";
  const facts = `<h1>${crawledHtml(r.domain)}</h1> <p><span${attr("class", `level level-${level}`)}>${text(LEVEL_LABEL[level])}</span> <img${attr("src", badgePath(r.domain))} alt="" height="20"></p> <dl class="facts"> <dt>Last probed</dt><dd>${whenHtml(r.probedAt)}${text(state.crawlId ? ` in crawl #${state.crawlId}` : " by a one-off check")}</dd> <dt>Outcome</dt><dd>${text(explainOutcome(r))}</dd> ${vantages} <dt>Software</dt><dd> ${software} </dd> <dt>Serverinfo forms</dt><dd>${r.serverinfo.forms}</dd> <dt>On the list</dt><dd>
since ${whenHtml(state.addedAt, true)}: ${crawledHtml(state.source, "listed-via")}${dormant} </dd> </dl> `;

  let probed = "";
  if (r.outcome === "ok") {
    const contacts =
      r.serverinfo.forms === 0
        ? `<p>This domain publishes no serverinfo form.</p>`
        : `<dl class="facts"> ${map(
            CONTACT_CATEGORIES,
            (c) =>
              `<dt>${text(c)}</dt><dd> ${
                r.contacts[c].length === 0
                  ? `<span class="muted">none</span>`
                  : `<ul> ${map(r.contacts[c], (v) => `<li> ${contactValueHtml(v)} ${v.trim() !== "" ? checkMarkHtml(checkOf(v), anchors) : ""} </li>`)} </ul>`
              } </dd>`,
          )} </dl>`;
    const own = ownSecurityTxt
      ? `<p>
Its own ${contactValueHtml(ownSecurityTxt.value)}: ${checkMarkHtml(ownSecurityTxt, anchors)} </p>`
      : "";
    const administratorList =
      administrators === "empty"
        ? `<p>
The <code>administrators</code> field is published, but lists nobody.
</p>`
        : administrators === "absent"
          ? `<p>
No <code>administrators</code> field is published.
</p>`
          : `<ul> ${map(r.administrators, (a) => `<li> ${crawledHtml(a, "value admin")} ${a.trim() !== "" ? checkMarkHtml(checkOf(a), anchors) : ""} </li>`)} </ul>`;
    const compared = `${map(
      [...new Set([...admins, ...adminAddresses])],
      (j) =>
        `<tr> <td class="value">${crawledHtml(j)}</td> <td>${admins.includes(j) ? "yes" : "no"}</td> <td>${adminAddresses.includes(j) ? "yes" : "no"}</td> </tr>`,
    )} ${
      admins.length + adminAddresses.length === 0
        ? `<tr> <td colspan="3" class="muted">
neither lists anyone
</td> </tr>`
        : ""
    }`;
    const components =
      r.components.length === 0
        ? `<p>disco#items lists no component.</p>`
        : `<div class="table-scroll"> <table> <thead> <tr> <th scope="col">JID</th> <th scope="col">Outcome</th> <th scope="col">Identity</th> <th scope="col">Serverinfo</th> </tr> </thead> <tbody> ${map(
            r.components,
            (c) =>
              `<tr> <td class="value"> ${crawledHtml(c.jid)} ${c.name ? `<span class="muted"> (${crawledHtml(c.name)})</span>` : ""} </td> <td>${text(explainOutcome({ domain: c.jid, outcome: c.outcome, error: c.error }))}</td> <td>${crawledHtml(c.identities.map((i) => `${i.category}/${i.type}`).join(", "))}</td> <td> ${text(
                c.serverinfo
                  ? `${CONTACT_CATEGORIES.filter((k) => c.contacts[k].length > 0).join(", ") || "empty form"}${c.administrators.length ? `; ${c.administrators.length} administrators` : ""}`
                  : "none",
              )} </td> </tr>`,
          )} </tbody> </table> </div>`;
    const findings = `${r.findings.length === 0 ? `<p>No findings.</p>` : ""}${family && r.findings.length > 0 ? `<p>The fixes are written for ${text(SOFTWARE_LABELS[family])}, which this server runs.</p>` : ""}${map(
      severityGroups(r.findings),
      ({ severity, heading, cards }) =>
        `<section> <h3${attr("class", `sev-${severity}`)}>${text(heading)}</h3> ${map(cards, (card) => {
          const rule = getRule(card.rule);
          const basis = fixBasisFor(card.rule, family);
          return `<div${attr("class", `finding sev-${severity}`)}> <p> <a${attr("href", rulePath(card.rule))}>${text(rule.title)}</a> <code class="muted">${text(card.rule)}</code> ${card.subject !== r.domain ? ` on ${crawledHtml(card.subject, "value")}` : ""} </p> <p>${crawledHtml(card.text)}</p> <p class="muted">${text(rule.why)}</p> <p> <strong>Fix:</strong> ${text(fixFor(card.rule, family))} ${basis ? `<br>${fixBasisHtml(basis, family)}` : ""} </p> </div>`;
        })} </section>`,
    )}`;
    probed = ` <h2>Contact addresses</h2> ${contacts}<h3>Do they work?</h3> <p class="muted">
Each address was checked from the observatory, without bothering anyone: an XMPP address's domain must answer over s2s, and a room must exist and be
          open; a mail domain must have MX records (or an address, the RFC 5321 fallback), and no mail is ever sent; a web page gets one GET. ${text(ACCOUNT_PRIVACY)} 
At most ${CONTACT_CHECKS.maxAddressesPerDomain} distinct addresses are checked per domain. How: <a href="/operators/#contact-checks">for operators</a>.
</p> ${own}<h2>Administrators</h2> <p class="muted">
The proto-XEP "XMPP Service Administrators" lets a service list its admins: MUC and PubSub services treat them as owners of every room and node, and
          clients mark them. They are marked ★ here.
</p> ${administratorList}<h3>administrators compared with the xmpp: admin-addresses</h3> <table> <thead> <tr> <th scope="col">JID</th> <th scope="col">in administrators</th> <th scope="col">in admin-addresses</th> </tr> </thead> <tbody> ${compared} </tbody> </table> <h2>Components</h2> ${components}<h2>Findings</h2> ${findings}`;
  }

  const answers =
    records.length === 0
      ? `<p>No raw answer is kept for this probe.</p>`
      : `<details class="records"> <summary> ${records.length} raw ${records.length === 1 ? "record" : "records"} of the newest probe: each XMPP answer as received (indented), each DNS answer and
          HTTP exchange of the contact checks
</summary> <p class="muted">
The servers' own words, shown as text. Each record is cut at ${CONTACT_CHECKS.shownRecordBytes / 1024} KB, and all of them together at  ${CONTACT_CHECKS.shownRecordsBytesPerPage / 1024} KB; a note says so. The JSON below carries the same records.
</p> ${map(
          records,
          (record, i) =>
            // The record as text: no whitespace of the template lands inside <pre>, and each invisible character but the line breaks is written out. Focusable, so that the keyboard can scroll it.
            `<section${attr("id", `record-${i + 1}`)}> <h3> ${text(record.kind)}: ${crawledHtml(record.subject, "value")} </h3> ${
              record.text === undefined
                ? `<p class="muted">No answer came within our time limit.</p>`
                : `<pre tabindex="0"${attr("aria-label", `raw ${record.kind} record`)}>${text(record.text.split("\n").map(showInvisible).join("\n"))}</pre>`
            } ${record.cut.length > 0 ? `<p class="muted">Cut: ${crawledHtml(record.cut.join("; "))}</p>` : ""} </section>`,
        )} </details>`;
  const history =
    log.sets.length === 0
      ? `<p>No history yet.</p>`
      : `<ol> ${map(
          log.sets,
          (set) =>
            `<li> ${whenHtml(set.at)} <ul> ${map(
              set.changes,
              (c) =>
                `<li${attr("class", c.kind === "finding-resolved" || c.kind === "contact-added" || c.kind === "administrator-added" ? "" : "muted")}> ${crawledHtml(c.text)} </li>`,
            )} </ul> </li>`,
        )} </ol>`;
  const older =
    log.older > 0
      ? `<p class="muted"> ${log.older} older ${log.older === 1 ? "set" : "sets"} of changes are not shown, to keep this page small; the history in the JSON below lists every stored
        probe.
</p>`
      : "";

  const main = `  ${facts}${probed}<h2 id="answers">What the server answered</h2> ${answers}<h2>History</h2> ${history}${older}<p><a${attr("href", serverFeedPath(r.domain))}>Follow the changes of ${text(r.domain)} (Atom)</a></p> <h2>Badge</h2> <p><img${attr("src", badgePath(r.domain))}${attr("alt", `serverinfo: ${LEVEL_LABEL[level]}`)} height="20"></p> <p>Markdown:</p> <pre><code>${text(markdownBadge)}</code></pre> <p>HTML:</p> <pre><code>${text(htmlBadge)}</code></pre> <h2>Data</h2> <p><a${attr("href", serverJsonPath(r.domain))}>${text(r.domain)} as JSON</a>, with every stored probe (schema: <a href="/data/server.schema.json">server.schema.json</a>).</p> <h2>Check it yourself now</h2> <p>With the observatory's command line and an XMPP account of your own (see <a href="/operators/">for operators</a>):</p> <pre><code>npm run observatory -- check ${text(r.domain)}</code></pre> `;
  const head = `<link rel="alternate" type="application/atom+xml"${attr("title", `Changes of ${r.domain}`)}${attr("href", serverFeedPath(r.domain))}>`;
  return { domain: r.domain, head, main };
}

/**
 * How the layout reaches the threads: its page's response carries this header, and the middleware
 * hands its HTML, instead of writing the page, to the function the integration keeps in this
 * global slot (both run on Astro's thread; a call, so the layout is there before Astro's next step,
 * which a message on a channel would not be if the layout's page were the last rendered).
 */
export const SERVER_PAGE_LAYOUT = {
  header: "x-serverinfo-observatory-server-page-layout",
  slot: Symbol.for("serverinfo-observatory.server-page-layout"),
} as const;

/** Where the middleware hands the layout: the integration's receiver while a build runs, else nothing. */
type LayoutSlot = { [SERVER_PAGE_LAYOUT.slot]?: (html: string) => void };
export const layoutSlot = globalThis as LayoutSlot;

/**
 * The placeholders the layout is rendered around (pages/server-page.astro): plain words, which
 * Astro writes as they are, and which nothing else in the layout holds.
 */
export const SERVER_PAGE_PLACEHOLDERS = {
  domain: "serverinfo-observatory-server-page-domain",
  head: "serverinfo-observatory-server-page-head",
  main: "serverinfo-observatory-server-page-main",
} as const;

/**
 * Sets each server page into the layout as Astro rendered it around the placeholders: the domain
 * (in the title and the description) as Astro escapes a text, the page's head and main as written.
 */
export function inLayout(layout: string): (page: ServerPage) => string {
  const names = Object.keys(SERVER_PAGE_PLACEHOLDERS) as Array<keyof typeof SERVER_PAGE_PLACEHOLDERS>;
  const placeholder = new RegExp(names.map((n) => SERVER_PAGE_PLACEHOLDERS[n]).join("|"), "g");
  const nameOf = new Map<string, (typeof names)[number]>(names.map((n) => [SERVER_PAGE_PLACEHOLDERS[n], n]));
  // The layout's text between the placeholders, and which placeholder follows each piece.
  const pieces = layout.split(placeholder);
  const slots = [...layout.matchAll(placeholder)].map((m) => nameOf.get(m[0])!);
  for (const name of names) if (!slots.includes(name)) throw new Error(`the server pages' layout has no ${name} placeholder`);
  return (page) => {
    const value = { domain: text(page.domain), head: page.head, main: page.main };
    let html = pieces[0]!;
    for (let i = 0; i < slots.length; i++) html += value[slots[i]!] + pieces[i + 1]!;
    return html;
  };
}
