// The data downloads, badges, feeds and security.txt, written beside the pages straight from the
// store (faster than a route per file: a large network has hundreds of thousands). One domain at a
// time: its files are written and it is let go, and servers.json and servers.csv are written as
// they go, so that the writer holds no more at 100,000 domains than at 100 (README: bench:site).
// It runs in a thread of its own while Astro renders the pages (integration.ts): the writes are
// plain synchronous ones, which block only that thread.
import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { securityContacts } from "../crawler/config.ts";
import { schemaFiles } from "../crawler/schema-files.ts";
import { badgeSvg } from "./lib/badge.ts";
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
import { badgePath, serverFeedPath, serverJsonPath } from "./lib/links.ts";
import { securityTxt } from "./lib/security-txt.ts";
import { eachServerView, snapshot } from "./lib/site-data.ts";
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

export function writeDownloads(root: string): { files: number } {
  const snap = snapshot();
  const context: ExportContext = { generatedAt: snap.generatedAt, crawl: snap.crawl, siteUrl: snap.siteUrl };
  const out = new Writer(root);
  const servers = out.open("/data/servers.json");
  const csv = out.open("/data/servers.csv");
  const frame = serversFileFrame(context);
  servers.append(frame.before);
  csv.append(csvHeaderLine());
  const summaries: DomainSummary[] = [];
  const changes = new NewestChangeSets();
  for (const view of eachServerView()) {
    const { state } = view;
    servers.append(`${summaries.length === 0 ? "" : ","}${JSON.stringify(serverEntry(state))}`);
    csv.append(serverCsvLine(state));
    summaries.push(summarize(state));
    changes.add(view.log.sets);
    out.put(serverJsonPath(state.domain), JSON.stringify(serverFile(view, context)));
    out.put(badgePath(state.domain), badgeSvg(state.domain, state.verdict.level));
    out.put(serverFeedPath(state.domain), serverFeed(state.domain, view.log.sets, context));
  }
  servers.append(frame.after);
  servers.close();
  csv.close();
  out.put("/data/rules.json", JSON.stringify(rulesFile(summaries, context)));
  for (const [name, text] of Object.entries(schemaFiles())) out.put(`/data/${name}`, text);
  out.put("/feeds/changes.xml", networkFeed(changes.list(), context));
  out.put("/.well-known/security.txt", securityTxt(securityContacts(), new Date(snap.generatedAt), snap.siteUrl));
  return { files: out.files };
}
