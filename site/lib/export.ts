// The data downloads, built from the store's current state: pure, file contents out.
import { CONTACT_CATEGORIES, SCHEMA_BASE_URL, type RulesFile, type ServerEntry, type ServerFile, type ServersFile } from "../../crawler/contract.ts";
import type { DomainState } from "../../crawler/contract.ts";
import { RULES } from "../../crawler/rules/catalogue.ts";
import { formatInstant } from "../../crawler/model/dates.ts";
import { publishedChecks } from "../../crawler/rules/reachability.ts";
import { atomFeed, type FeedEntry } from "./atom.ts";
import type { ChangeSet } from "./changes.ts";
import type { ServerView } from "./site-data.ts";
import { csvRow } from "./escape.ts";
import { domainsPerRule } from "./stats.ts";
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

export function rulesFile(states: DomainState[], context: ExportContext): RulesFile {
  const counts = domainsPerRule(states);
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

export function serversCsv(states: DomainState[]): string {
  const rows = states.map(({ report: r, verdict: v }) =>
    csvRow([
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
    ]),
  );
  return [csvRow(CSV_HEADER), ...rows].join("\r\n") + "\r\n";
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

/** The network feed: the newest change sets of every domain. */
export function networkFeed(logs: ChangeSet[], context: ExportContext): string {
  const newest = [...logs].sort((a, b) => b.at.localeCompare(a.at)).slice(0, NETWORK_FEED_ENTRIES);
  return atomFeed({
    id: `${context.siteUrl}/feeds/changes.xml`,
    title: "Serverinfo Observatory: changes across the network",
    updated: newest[0]?.at ?? context.generatedAt,
    link: `${context.siteUrl}/`,
    self: `${context.siteUrl}/feeds/changes.xml`,
    entries: newest.map((s) => entryOf(s, context.siteUrl)),
  });
}
