// The data downloads, built from the store's current state: pure, file contents out. The files
// of every domain (servers.json, servers.csv) come in pieces, for a writer that streams them one
// domain at a time (site/integration.ts).
import { CONTACT_CATEGORIES, SCHEMA_BASE_URL, type RulesFile, type ServerEntry, type ServerFile, type ServersFile } from "../../crawler/contract.ts";
import type { DomainState } from "../../crawler/contract.ts";
import { RULES } from "../../crawler/rules/catalogue.ts";
import { formatInstant } from "../../crawler/model/dates.ts";
import { publishedChecks } from "../../crawler/rules/reachability.ts";
import { atomFeed, type FeedEntry } from "./atom.ts";
import type { ChangeSet } from "./changes.ts";
import type { ServerView } from "./site-data.ts";
import { csvRow } from "./escape.ts";
import { badgePath, serverFeedPath, serverJsonPath, serverPath } from "./links.ts";

export const DATA_LICENCE = "Open Data Commons Open Database License (ODbL) 1.0: https://opendatacommons.org/licenses/odbl/1-0/";

export interface ExportContext {
  generatedAt: string;
  crawl: ServersFile["crawl"];
  /** The site's absolute URL, for feeds (no trailing slash). */
  siteUrl: string;
}

export function serverEntry(state: DomainState): ServerEntry {
  const { report } = state;
  return {
    ...report,
    level: state.verdict.level,
    listed: { since: state.addedAt, via: state.source, dormant: state.dormant },
    links: { page: serverPath(report.domain), json: serverJsonPath(report.domain), badge: badgePath(report.domain), feed: serverFeedPath(report.domain) },
  };
}

export function serversFile(states: DomainState[], context: ExportContext): ServersFile {
  return {
    $schema: `${SCHEMA_BASE_URL}servers.schema.json`,
    generatedAt: context.generatedAt,
    crawl: context.crawl,
    licence: DATA_LICENCE,
    servers: states.map(serverEntry),
  };
}

/**
 * servers.json around its entries: the text before the first and after the last, which with the
 * entries (serverEntry, as JSON) between, comma-separated, is JSON.stringify(serversFile(…)).
 */
export function serversFileFrame(context: ExportContext): { before: string; after: string } {
  const empty = JSON.stringify(serversFile([], context));
  // The servers are the file's last member, so that they can be written last.
  if (!empty.endsWith(`"servers":[]}`)) throw new Error("servers.json: the servers must be its last member");
  return { before: empty.slice(0, -2), after: "]}" };
}

export function serverFile({ state, history, log, records }: ServerView, context: ExportContext): ServerFile {
  return {
    $schema: `${SCHEMA_BASE_URL}server.schema.json`,
    generatedAt: context.generatedAt,
    licence: DATA_LICENCE,
    server: serverEntry(state),
    history: history.map(({ changes: _, ...probe }) => probe),
    changes: log.sets.map(({ at, changes }) => ({ at, changes })),
    olderChanges: log.older,
    records,
  };
}

/** rules.json, from how many domains trip each rule (stats.ts: domainsPerRule). */
export function rulesFile(counts: ReadonlyMap<string, number>, context: ExportContext): RulesFile {
  return {
    $schema: `${SCHEMA_BASE_URL}rules.schema.json`,
    generatedAt: context.generatedAt,
    rules: RULES.map((r) => ({ ...r, domains: counts.get(r.id) ?? 0 })),
  };
}

export const CSV_HEADER = [
  "domain",
  "level",
  "outcome",
  "error",
  "software",
  "version",
  "serverinfo_forms",
  ...CONTACT_CATEGORIES.map((c) => `${c}_addresses`),
  "administrators",
  "authbot_ready",
  "abuse_contact_works",
  "every_contact_works",
  "broken_addresses",
  "errors",
  "warnings",
  "infos",
  "probed_at",
  // Present when our own server could not reach the domain and other vantages were asked (crawler/crawl/vantages.ts).
  "reached_via",
  "vantages",
];

export const csvHeaderLine = () => `${csvRow(CSV_HEADER)}\r\n`;

/** servers.csv: its header line, then a line per domain (serverCsvLine), each ending in CRLF. */
export function serversCsv(states: DomainState[]): string {
  return csvHeaderLine() + states.map(serverCsvLine).join("");
}

export function serverCsvLine({ report: r, verdict: v }: DomainState): string {
  return `${csvRow([
    r.domain,
    v.level,
    r.outcome,
    r.error?.condition,
    r.software?.name,
    r.software?.version,
    r.serverinfo.forms,
    ...CONTACT_CATEGORIES.map((c) => r.contacts[c].join(" ")),
    r.administrators.join(" "),
    v.authbotReady,
    v.abuseContactWorks,
    v.everyContactWorks,
    publishedChecks(r)
      .filter((c) => c.status === "broken")
      .map((c) => c.value)
      .join(" "),
    v.counts.error,
    v.counts.warning,
    v.counts.info,
    r.probedAt,
    r.via,
    (r.vantages ?? []).map((o) => `${o.vantage}=${o.error?.condition ?? o.outcome}`).join(" "),
  ])}\r\n`;
}

function entryOf(set: ChangeSet, siteUrl: string): FeedEntry {
  return {
    id: `${siteUrl}${serverPath(set.domain)}#${set.at}`,
    title: `${set.domain}: ${set.changes.length} change${set.changes.length === 1 ? "" : "s"}, ${formatInstant(set.at)}`,
    updated: set.at,
    link: `${siteUrl}${serverPath(set.domain)}`,
    lines: set.changes.map((c) => c.text),
  };
}

export function serverFeed(domain: string, log: ChangeSet[], context: ExportContext): string {
  return atomFeed({
    id: `${context.siteUrl}${serverFeedPath(domain)}`,
    title: `Serverinfo Observatory: ${domain}`,
    updated: log[0]?.at ?? context.generatedAt,
    link: `${context.siteUrl}${serverPath(domain)}`,
    self: `${context.siteUrl}${serverFeedPath(domain)}`,
    entries: log.map((s) => entryOf(s, context.siteUrl)),
  });
}

export const NETWORK_FEED_ENTRIES = 200;

// A stable sort: sets of the same instant stay in the order they were added.
const newest = (sets: ChangeSet[]) => [...sets].sort((a, b) => b.at.localeCompare(a.at)).slice(0, NETWORK_FEED_ENTRIES);

/** The newest change sets of those added, as many as the network feed shows: a writer adds each domain's and holds no more than twice that. */
export class NewestChangeSets {
  private sets: ChangeSet[] = [];

  add(sets: ChangeSet[]): void {
    this.sets.push(...sets);
    if (this.sets.length > 2 * NETWORK_FEED_ENTRIES) this.sets = newest(this.sets);
  }

  list(): ChangeSet[] {
    return newest(this.sets);
  }
}

/** The network feed: the newest change sets of every domain. */
export function networkFeed(logs: ChangeSet[], context: ExportContext): string {
  const shown = newest(logs);
  return atomFeed({
    id: `${context.siteUrl}/feeds/changes.xml`,
    title: "Serverinfo Observatory: changes across the network",
    updated: shown[0]?.at ?? context.generatedAt,
    link: `${context.siteUrl}/`,
    self: `${context.siteUrl}/feeds/changes.xml`,
    entries: shown.map((s) => entryOf(s, context.siteUrl)),
  });
}
