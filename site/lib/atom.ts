// Atom feeds (RFC 4287) of changes, one for the network and one per domain, written here as text:
// the feed package's object tree and XML writer took 1.4 s of the downloads thread's 7.6 s at
// 10,000 domains, one feed per domain (README: bench:site). Every value is escaped by escapeXml.
// Entry titles and contents are HTML (type="html", in CDATA): every crawled text is escaped
// first, so it shows as text, and no "]]>" can survive to end the CDATA early. Invisible
// characters are written out and each line is isolated (<bdi>), as on the pages.
import { showInvisible } from "../../crawler/model/invisible.ts";
import { escapeXml } from "./escape.ts";

export interface FeedEntry {
  id: string;
  title: string;
  updated: string;
  link: string;
  /** Plain text lines; each becomes a list item. */
  lines: string[];
}

export interface AtomFeed {
  id: string;
  title: string;
  updated: string;
  link: string;
  self: string;
  entries: FeedEntry[];
}

const instant = (iso: string) => new Date(iso).toISOString();
/** HTML in CDATA: each ">" in it closes one of our own tags, none follows "]]" (escaped text holds no ">"), so no "]]>" ends the CDATA early. */
const html = (escapedHtml: string) => `<![CDATA[${escapedHtml}]]>`;

function entryXml(e: FeedEntry): string {
  const content = `<ul>${e.lines.map((l) => `<li><bdi>${escapeXml(showInvisible(l))}</bdi></li>`).join("")}</ul>`;
  return `    <entry>
        <title type="html">${html(escapeXml(showInvisible(e.title)))}</title>
        <id>${escapeXml(e.id)}</id>
        <link href="${escapeXml(e.link)}"/>
        <updated>${instant(e.updated)}</updated>
        <content type="html">${html(content)}</content>
    </entry>
`;
}

export function atomFeed(feed: AtomFeed): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
    <id>${escapeXml(feed.id)}</id>
    <title>${escapeXml(feed.title)}</title>
    <updated>${instant(feed.updated)}</updated>
    <author>
        <name>Serverinfo Observatory</name>
    </author>
    <link rel="alternate" href="${escapeXml(feed.link)}"/>
    <link rel="self" href="${escapeXml(feed.self)}"/>
${feed.entries.map(entryXml).join("")}</feed>`;
}
