// The markup of what a server page shows many times (crawled text, dates, published addresses
// and whether they work, where a fix comes from), written as HTML strings rather than as Astro
// components: every component call costs Astro a render instance and a buffer, dozens a page
// (README: bench:site). Every text in them is escaped here, by escapeHtml (escape.ts), before Astro
// is told the string is HTML. The components that other pages use (Crawled, When, FixBasis)
// render through these, so each presentation stays in one place.
import { addAttribute, escapeHTML, markHTMLString, type HTMLString } from "astro/runtime/server/index.js";
import type { AddressCheck, FixBasis } from "../../crawler/contract.ts";
import { codePointName, splitInvisible } from "../../crawler/model/invisible.ts";
import { formatDay, formatInstant } from "../../crawler/model/dates.ts";
import { SAFE_SCHEMES, schemeOf } from "../../crawler/model/uri.ts";
import { CONTACT_CHECKS } from "../../crawler/politeness.ts";
import { describeFixBasis } from "../../crawler/rules/fixes-run.ts";
import type { SoftwareFamily } from "../../crawler/rules/software.ts";
import { INVISIBLE_HINT } from "./crawled.ts";
import { escapeHtml } from "./escape.ts";
import { contactHref } from "./links.ts";

/** What Astro writes as it is: only ever a string built in this file, from escaped text. */
type Html = HTMLString;

const INVISIBLE_OPEN = `<span class="invisible" title="${escapeHtml(INVISIBLE_HINT)}">`;

/**
 * Text that came from a crawled server. It is isolated from the text around it (<bdi>), so a
 * right-to-left value or a stray bidi override cannot reorder the page, and every invisible
 * character (U+202E, zero-width spaces, controls) is shown as its code point.
 */
export function crawledHtml(text: string, className?: string): string {
  let html = className ? `<bdi class="${escapeHtml(className)}">` : "<bdi>";
  for (const part of splitInvisible(text)) html += "text" in part ? escapeHtml(part.text) : `${INVISIBLE_OPEN}${codePointName(part.invisible)}</span>`;
  return `${html}</bdi>`;
}

export function crawled(text: string, className?: string): Html {
  return markHTMLString(crawledHtml(text, className)) as Html;
}

/**
 * An instant for people ("3 Dec 2026, 10:56 UTC", or the day alone), with the exact ISO 8601
 * instant kept for machines in datetime. The one way the site writes a date (crawler/model/dates.ts).
 */
export function whenHtml(iso: string, day = false): string {
  return `<time datetime="${escapeHtml(iso)}">${escapeHtml(day ? formatDay(iso) : formatInstant(iso))}</time>`;
}

export function when(iso: string, day = false): Html {
  return markHTMLString(whenHtml(iso, day)) as Html;
}

/** A crawled value: a link only for a safe scheme and a well-formed URI, inert text otherwise. */
export function contactValueHtml(value: string): string {
  const href = contactHref(value);
  if (href) return `<a class="value" href="${escapeHtml(href)}" rel="nofollow noopener noreferrer">${crawledHtml(value)}</a>`;
  const shown = `<span class="value">${value === "" ? "(empty)" : crawledHtml(value)}</span>`;
  const scheme = schemeOf(value.trim());
  if (!scheme) return shown;
  const why = SAFE_SCHEMES.has(scheme) ? "malformed" : `the scheme ${scheme}: is not made a link`;
  return `${shown}<span class="muted"> (not a link: ${escapeHtml(why)})</span>`;
}

export function contactValue(value: string): Html {
  return markHTMLString(contactValueHtml(value)) as Html;
}

const CHECK_LABEL = { works: "✓ works", broken: "✗ broken", "not-checked": "– not checked" } as const;

/**
 * Whether a published address works: a mark (works, broken, not checked), when it was checked, why,
 * and links to the raw records behind it (`anchors`: where each is on the page, by key).
 */
export function checkMarkHtml(check: AddressCheck | undefined, anchors: ReadonlyMap<string, string>): string {
  if (!check)
    return `<span class="check check-not-checked"><span class="mark">${CHECK_LABEL["not-checked"]}</span> <span class="muted">(only the first ${CONTACT_CHECKS.maxAddressesPerDomain} distinct addresses of a domain are checked)</span></span>`;
  const records = check.records.flatMap((key) => (anchors.has(key) ? [anchors.get(key)!] : []));
  const links = records.map((anchor, i) => ` <a href="#${escapeHtml(anchor)}">record${records.length > 1 ? ` ${i + 1}` : ""}</a>`).join("");
  const checked = check.checkedAt ? `(checked ${whenHtml(check.checkedAt)}) ` : "";
  return `<span class="check check-${escapeHtml(check.status)}"><span class="mark">${CHECK_LABEL[check.status]}</span> <span class="muted">${checked}${crawledHtml(check.why)}${links}</span></span>`;
}

export function checkMark(check: AddressCheck | undefined, anchors: ReadonlyMap<string, string>): Html {
  return markHTMLString(checkMarkHtml(check, anchors)) as Html;
}

/**
 * Where a fix comes from, beside the fix: run on a version here, written from the software's
 * documentation (with its link), or not yet run. The words are describeFixBasis's, as the CLI's.
 */
export function fixBasisHtml(basis: FixBasis | undefined, family: SoftwareFamily | undefined): string {
  const described = basis && family ? describeFixBasis(basis, family) : undefined;
  if (!basis || !described) return "";
  const link = described.url ? ` <a href="${escapeHtml(described.url)}">${escapeHtml(described.url)}</a>` : "";
  return `<span class="fix-basis fix-basis-${escapeHtml(basis.kind)}">${escapeHtml(described.text)}${link}</span>`;
}

export function fixBasis(basis: FixBasis | undefined, family: SoftwareFamily | undefined): Html {
  return markHTMLString(fixBasisHtml(basis, family)) as Html;
}

/**
 * Text as an Astro template writes an expression: escaped by Astro's own function, so that a page
 * written as a string (server-page.ts) has the bytes the template had (`&#39;`, where escapeHtml
 * writes `&apos;`).
 */
export function textHtml(value: string | number): string {
  return escapeHTML(String(value));
}

/** An attribute as an Astro template writes one: ` name="value"`, escaped by Astro's own function (the bare name for an empty value). */
export function attributeHtml(name: string, value: string): string {
  return String(addAttribute(value, name));
}
