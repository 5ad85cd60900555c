// Atom feeds (RFC 4287) of changes, one for the network and one per domain, written by `feed`.
// Its entry titles and contents are HTML (type="html", in CDATA): every crawled text is escaped
// first, so it shows as text, and no "]]>" can survive to end the CDATA early. Invisible
// characters are written out and each line is isolated (<bdi>), as on the pages.
import { Feed } from "feed";
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

export function atomFeed(feed: AtomFeed): string {
  const out = new Feed({
    id: feed.id,
    title: feed.title,
    link: feed.link,
    updated: new Date(feed.updated),
    feedLinks: { atom: feed.self },
    author: { name: "Serverinfo Observatory" },
    copyright: "",
  });
  for (const e of feed.entries) {
    out.addItem({
      id: e.id,
      title: escapeXml(showInvisible(e.title)),
      link: e.link,
      date: new Date(e.updated),
      content: `<ul>${e.lines.map((l) => `<li><bdi>${escapeXml(showInvisible(l))}</bdi></li>`).join("")}</ul>`,
    });
  }
  return out.atom1();
}
