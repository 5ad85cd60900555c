// An Astro integration that writes the data downloads, badges, feeds and security.txt beside the pages,
// straight from the store (faster than a route per file: a large network has tens of thousands).
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";
import { securityContacts } from "../crawler/config.ts";
import { schemaFiles } from "../crawler/schema-files.ts";
import { badgeSvg } from "./lib/badge.ts";
import type { ChangeSet } from "./lib/changes.ts";
import { networkFeed, rulesFile, serverFeed, serverFile, serversCsv, serversFile, type ExportContext } from "./lib/export.ts";
import { badgePath, serverFeedPath, serverJsonPath } from "./lib/links.ts";
import { securityTxt } from "./lib/security-txt.ts";
import { serverView, snapshot } from "./lib/site-data.ts";

function write(root: string, path: string, text: string): void {
  const file = `${root}${path}`;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

export function writeDownloads(root: string): { files: number } {
  const snap = snapshot();
  const context: ExportContext = { generatedAt: snap.generatedAt, crawl: snap.crawl, siteUrl: snap.siteUrl };
  let files = 0;
  const put = (path: string, text: string) => {
    write(root, path, text);
    files++;
  };
  put("/data/servers.json", JSON.stringify(serversFile(snap.states, context)));
  put("/data/servers.csv", serversCsv(snap.states));
  put("/data/rules.json", JSON.stringify(rulesFile(snap.states, context)));
  for (const [name, text] of Object.entries(schemaFiles())) put(`/data/${name}`, text);
  const logs: ChangeSet[] = [];
  for (const state of snap.states) {
    const view = serverView(state);
    logs.push(...view.log.sets);
    put(serverJsonPath(state.domain), JSON.stringify(serverFile(view, context)));
    put(badgePath(state.domain), badgeSvg(state.domain, state.verdict.level));
    put(serverFeedPath(state.domain), serverFeed(state.domain, view.log.sets, context));
  }
  put("/feeds/changes.xml", networkFeed(logs, context));
  put("/.well-known/security.txt", securityTxt(securityContacts(), new Date(snap.generatedAt), snap.siteUrl));
  return { files };
}

export function observatoryData(): AstroIntegration {
  return {
    name: "serverinfo-observatory-data",
    hooks: {
      "astro:build:done": ({ dir, logger }) => {
        const { files } = writeDownloads(fileURLToPath(dir).replace(/\/$/, ""));
        logger.info(`wrote ${files} data files, badges and feeds`);
      },
    },
  };
}
