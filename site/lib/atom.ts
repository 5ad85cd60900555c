// Atom feeds (RFC 4287) of changes: one for the network, one per domain. Every text is escaped.
import { escapeXml } from "./escape.ts";

export interface FeedEntry {
  id: string;
  title: string;
  updated: string;
  link: string;
  /** Plain text lines; each becomes a list item. */
  lines: string[];
}

export interface Feed {
  id: string;
  title: string;
  updated: string;
  link: string;
  self: string;
  entries: FeedEntry[];
}

export function atomFeed(feed: Feed): string {
  const entry = (e: FeedEntry) => `  <entry>
    <id>${escapeXml(e.id)}</id>
    <title>${escapeXml(e.title)}</title>
    <updated>${escapeXml(e.updated)}</updated>
    <link rel="alternate" type="text/html" href="${escapeXml(e.link)}"/>
    <content type="html">${escapeXml(`<ul>${e.lines.map((l) => `<li>${escapeXml(l)}</li>`).join("")}</ul>`)}</content>
  </entry>`;
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>${escapeXml(feed.id)}</id>
  <title>${escapeXml(feed.title)}</title>
  <updated>${escapeXml(feed.updated)}</updated>
  <author><name>Serverinfo Observatory</name></author>
  <link rel="self" type="application/atom+xml" href="${escapeXml(feed.self)}"/>
  <link rel="alternate" type="text/html" href="${escapeXml(feed.link)}"/>
${feed.entries.map(entry).join("\n")}
</feed>
`;
}
