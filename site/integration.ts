// An Astro integration that writes the data downloads, badges, feeds and security.txt beside the pages,
// straight from the store (faster than a route per file: a large network has hundreds of thousands).
// One domain at a time: its files are written and it is let go, and servers.json and servers.csv are
// streamed, so that the build holds no more at 100,000 domains than at 100 (README: bench:site).
import { createWriteStream, mkdirSync, writeFileSync, type WriteStream } from "node:fs";
import { writeFile } from "node:fs/promises";
import { once } from "node:events";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";
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

/** How many files are being written at once: the writes overlap the next domains' work. */
const WRITES_IN_FLIGHT = 64;

/** Writes files under `root`, a bounded number at a time, each folder made once. */
class Writer {
  files = 0;
  private folders = new Set<string>();
  private inFlight = new Set<Promise<void>>();

  constructor(private readonly root: string) {}

  private folderOf(path: string): string {
    const file = `${this.root}${path}`;
    const folder = dirname(file);
    if (!this.folders.has(folder)) {
      mkdirSync(folder, { recursive: true });
      this.folders.add(folder);
    }
    this.files++;
    return file;
  }

  async put(path: string, text: string): Promise<void> {
    const write: Promise<void> = writeFile(this.folderOf(path), text).finally(() => this.inFlight.delete(write));
    this.inFlight.add(write);
    if (this.inFlight.size >= WRITES_IN_FLIGHT) await Promise.race(this.inFlight);
  }

  putNow(path: string, text: string): void {
    writeFileSync(this.folderOf(path), text);
  }

  stream(path: string): WriteStream {
    return createWriteStream(this.folderOf(path));
  }

  async done(): Promise<void> {
    await Promise.all(this.inFlight);
  }
}

/** Writes `text` to a stream, waiting when its buffer is full. */
async function append(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, "drain");
}

async function close(stream: WriteStream): Promise<void> {
  stream.end();
  await once(stream, "finish");
}

export async function writeDownloads(root: string): Promise<{ files: number }> {
  const snap = snapshot();
  const context: ExportContext = { generatedAt: snap.generatedAt, crawl: snap.crawl, siteUrl: snap.siteUrl };
  const out = new Writer(root);
  const servers = out.stream("/data/servers.json");
  const csv = out.stream("/data/servers.csv");
  const frame = serversFileFrame(context);
  await append(servers, frame.before);
  await append(csv, csvHeaderLine());
  const summaries: DomainSummary[] = [];
  const changes = new NewestChangeSets();
  for (const view of eachServerView()) {
    const { state } = view;
    await append(servers, `${summaries.length === 0 ? "" : ","}${JSON.stringify(serverEntry(state))}`);
    await append(csv, serverCsvLine(state));
    summaries.push(summarize(state));
    changes.add(view.log.sets);
    await out.put(serverJsonPath(state.domain), JSON.stringify(serverFile(view, context)));
    await out.put(badgePath(state.domain), badgeSvg(state.domain, state.verdict.level));
    await out.put(serverFeedPath(state.domain), serverFeed(state.domain, view.log.sets, context));
  }
  await append(servers, frame.after);
  await Promise.all([close(servers), close(csv)]);
  out.putNow("/data/rules.json", JSON.stringify(rulesFile(summaries, context)));
  for (const [name, text] of Object.entries(schemaFiles())) out.putNow(`/data/${name}`, text);
  out.putNow("/feeds/changes.xml", networkFeed(changes.list(), context));
  out.putNow("/.well-known/security.txt", securityTxt(securityContacts(), new Date(snap.generatedAt), snap.siteUrl));
  await out.done();
  return { files: out.files };
}

export function observatoryData(): AstroIntegration {
  return {
    name: "serverinfo-observatory-data",
    hooks: {
      "astro:build:done": async ({ dir, logger }) => {
        const { files } = await writeDownloads(fileURLToPath(dir).replace(/\/$/, ""));
        logger.info(`wrote ${files} data files, badges and feeds`);
      },
    },
  };
}
