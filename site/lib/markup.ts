// The markup of the two things a page shows most often, written as HTML strings rather than as
// Astro components: a server page shows dozens of each, and every component call costs Astro a
// render instance and a buffer (README: bench:site). Every text in them is escaped here, by
// escapeXml (escape.ts), before Astro is told the string is HTML. Crawled.astro and When.astro
// render through these, so each presentation stays in one place.
import { markHTMLString } from "astro/runtime/server/index.js";
import { codePointName, splitInvisible } from "../../crawler/model/invisible.ts";
import { formatDay, formatInstant } from "../../crawler/model/dates.ts";
import { INVISIBLE_HINT } from "./crawled.ts";
import { escapeXml } from "./escape.ts";

/** What Astro writes as it is: only ever a string built in this file, from escaped text. */
type Html = ReturnType<typeof markHTMLString>;

const INVISIBLE_OPEN = `<span class="invisible" title="${escapeXml(INVISIBLE_HINT)}">`;

/**
 * Text that came from a crawled server. It is isolated from the text around it (<bdi>), so a
 * right-to-left value or a stray bidi override cannot reorder the page, and every invisible
 * character (U+202E, zero-width spaces, controls) is shown as its code point.
 */
export function crawledHtml(text: string, className?: string): string {
  let html = className ? `<bdi class="${escapeXml(className)}">` : "<bdi>";
  for (const part of splitInvisible(text)) html += "text" in part ? escapeXml(part.text) : `${INVISIBLE_OPEN}${codePointName(part.invisible)}</span>`;
  return `${html}</bdi>`;
}

export function crawled(text: string, className?: string): Html {
  return markHTMLString(crawledHtml(text, className));
}

/**
 * An instant for people ("3 Dec 2026, 10:56 UTC", or the day alone), with the exact ISO 8601
 * instant kept for machines in datetime. The one way the site writes a date (crawler/model/dates.ts).
 */
export function whenHtml(iso: string, day = false): string {
  return `<time datetime="${escapeXml(iso)}">${escapeXml(day ? formatDay(iso) : formatInstant(iso))}</time>`;
}

export function when(iso: string, day = false): Html {
  return markHTMLString(whenHtml(iso, day));
}
