// The server pages and the data downloads, badges, feeds and security.txt, written beside Astro's
// pages straight from the store (faster than a route per file: a large network has hundreds of
// thousands), by threads of their own (integration.ts). Each thread writes a share of the domains,
// one domain at a time: its page (set into the layout Astro rendered once: lib/server-page.ts), its
// JSON, badge and feed, and it is let go, so that a thread holds no more of a domain at 100,000 than
// at 100 (README: bench:site). What the network-wide files need of each domain (its line of
// servers.json and servers.csv, its rules, its newest changes) the shares hand to the first, which
// writes those files in the store's order. The writes are plain synchronous ones, which block only
// their thread.
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { securityContacts } from "../crawler/config.ts";
import { schemaFiles } from "../crawler/schema-files.ts";
import { badgeSvg } from "./lib/badge.ts";
import type { ChangeSet } from "./lib/changes.ts";
import {
  csvHeaderLine,
  NewestChangeSets,
  networkFeed,
  rulesFile,
  serverCsvLine,
  serverEntry,
  serverFeed,
  serverFile,
  serversFileFrame,
  type ExportContext,
} from "./lib/export.ts";
import { badgePath, serverFeedPath, serverJsonPath, serverPath } from "./lib/links.ts";
import { securityTxt } from "./lib/security-txt.ts";
import { inLayout, serverPage } from "./lib/server-page.ts";
import { eachServerView, snapshot, type Share } from "./lib/site-data.ts";
import { domainsPerRule } from "./lib/stats.ts";
import { summarize, type DomainSummary } from "./lib/summary.ts";

/** Writes files under `root`, each folder made once. */
class Writer {
  files = 0;
  private folders = new Set<string>();

  constructor(private readonly root: string) {}

  private fileAt(path: string): string {
    const file = `${this.root}${path}`;
    const folder = dirname(file);
    if (!this.folders.has(folder)) {
      mkdirSync(folder, { recursive: true });
      this.folders.add(folder);
    }
    this.files++;
    return file;
  }

  put(path: string, text: string): void {
    writeFileSync(this.fileAt(path), text);
  }

  /** A file written piece by piece: `append` each, then `close`. */
  open(path: string): { append: (text: string) => void; close: () => void } {
    const fd = openSync(this.fileAt(path), "w");
    return { append: (text) => void writeSync(fd, text), close: () => closeSync(fd) };
  }
}

/** What a share hands on for the network-wide files: its domains in the store's order, with their lines, its counts per rule and its newest change sets. */
export interface ShareLines {
  domains: string[];
  /** Each domain's entry of servers.json. */
  entries: string[];
  /** Each domain's line of servers.csv. */
  csv: string[];
  /** How many of the share's domains trip each rule. */
  rules: Map<string, number>;
  changes: ChangeSet[];
}

/** One time for every file of a build, and where the site is. */
function contextAt(generatedAt: string): ExportContext {
  const snap = snapshot();
  return { generatedAt, crawl: snap.crawl, siteUrl: snap.siteUrl };
}

/** The page, JSON, badge and feed of each domain of `share`, under `root`. */
export function writeShare(root: string, layout: string, share: Share, generatedAt: string): { files: number; lines: ShareLines } {
  const context = contextAt(generatedAt);
  const page = inLayout(layout);
  const out = new Writer(root);
  const lines: ShareLines = { domains: [], entries: [], csv: [], rules: new Map(), changes: [] };
  const summaries: DomainSummary[] = [];
  const changes = new NewestChangeSets();
  for (const view of eachServerView(share)) {
    const { state } = view;
    lines.domains.push(state.domain);
    lines.entries.push(JSON.stringify(serverEntry(state)));
    lines.csv.push(serverCsvLine(state));
    summaries.push(summarize(state));
    changes.add(view.log.sets);
    out.put(`${serverPath(state.domain)}index.html`, page(serverPage(view, context.siteUrl)));
    out.put(serverJsonPath(state.domain), JSON.stringify(serverFile(view, context)));
    out.put(badgePath(state.domain), badgeSvg(state.domain, state.verdict.level));
    out.put(serverFeedPath(state.domain), serverFeed(state.domain, view.log.sets, context));
  }
  lines.rules = domainsPerRule(summaries);
  lines.changes = changes.list();
  return { files: out.files, lines };
}

/** The store's order of domains (SQLite compares text byte by byte, in UTF-8). */
const storeOrder = (a: string, b: string) => Buffer.compare(Buffer.from(a), Buffer.from(b));

/**
 * servers.json, servers.csv, rules.json, the network feed, the schemas and security.txt, from every
 * share's lines: the domains in the store's order, as one thread reading them all wrote them.
 */
export function writeNetworkFiles(root: string, shares: ShareLines[], generatedAt: string): { files: number } {
  const context = contextAt(generatedAt);
  const out = new Writer(root);
  const servers = out.open("/data/servers.json");
  const csv = out.open("/data/servers.csv");
  const frame = serversFileFrame(context);
  servers.append(frame.before);
  csv.append(csvHeaderLine());
  // Each share's newest change sets, by domain: a set that is not among its share's newest is not among all shares' newest.
  const setsOf = new Map<string, ChangeSet[]>();
  for (const set of shares.flatMap((s) => s.changes)) setsOf.set(set.domain, [...(setsOf.get(set.domain) ?? []), set]);
  const changes = new NewestChangeSets();
  const next = shares.map(() => 0);
  for (let written = 0; ; written++) {
    // The share whose next domain comes first.
    let from = -1;
    for (const [i, s] of shares.entries())
      if (next[i]! < s.domains.length && (from < 0 || storeOrder(s.domains[next[i]!]!, shares[from]!.domains[next[from]!]!) < 0)) from = i;
    if (from < 0) break;
    const s = shares[from]!;
    const at = next[from]!++;
    servers.append(`${written === 0 ? "" : ","}${s.entries[at]!}`);
    csv.append(s.csv[at]!);
    changes.add(setsOf.get(s.domains[at]!) ?? []);
  }
  servers.append(frame.after);
  servers.close();
  csv.close();
  const counts = new Map<string, number>();
  for (const s of shares) for (const [rule, n] of s.rules) counts.set(rule, (counts.get(rule) ?? 0) + n);
  out.put("/data/rules.json", JSON.stringify(rulesFile(counts, context)));
  for (const [name, text] of Object.entries(schemaFiles())) out.put(`/data/${name}`, text);
  out.put("/feeds/changes.xml", networkFeed(changes.list(), context));
  out.put("/.well-known/security.txt", securityTxt(securityContacts(), new Date(context.generatedAt), context.siteUrl));
  return { files: out.files };
}
