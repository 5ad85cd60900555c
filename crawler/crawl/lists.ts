// The domain files of an instance, applied to the store before a new crawl: the opt-out list
// (data/optout.txt) first, then the seed list (data/domains.txt).
import { existsSync, readFileSync } from "node:fs";
import { parseDomainSource } from "../model/providers.ts";
import type { DomainList, DomainListError } from "../model/domain.ts";
import type { Store } from "../store/store.ts";
import { optOutPurgeAfter } from "../config.ts";
import { groupByLabel, listedVia } from "./sources.ts";

export interface ListsApplied {
  optedOut: number;
  seeded: number;
  errors: Array<DomainListError & { file: string }>;
}

function read(file: string | undefined): { list: DomainList; errors: Array<DomainListError & { file: string }> } {
  if (!file || !existsSync(file)) return { list: { domains: [], errors: [], sourceOf: new Map() }, errors: [] };
  const list = parseDomainSource(readFileSync(file, "utf8"));
  return { list, errors: list.errors.map((e) => ({ ...e, file })) };
}

export function applyDomainFiles(store: Store, files: { seeds: string | undefined; optout: string | undefined }): ListsApplied {
  const optout = read(files.optout);
  const seeds = read(files.seeds);
  let optedOut = 0;
  const purgeAfter = optOutPurgeAfter();
  for (const domain of optout.list.domains) if (store.domains.optOut(domain, `listed in ${files.optout}`, purgeAfter)) optedOut++;
  const seeded = addList(store, seeds.list, listedVia.seed);
  return { optedOut, seeded, errors: [...optout.errors, ...seeds.errors] };
}

/** Adds a list's domains, each labelled by how it joined (given its "# source:" name, if any). Returns how many were new. */
export function addList(store: Store, list: DomainList, label: (named: string | undefined) => string): number {
  let added = 0;
  for (const [how, domains] of groupByLabel(list.domains, (d) => label(list.sourceOf.get(d)))) added += store.domains.add(domains, how);
  return added;
}
