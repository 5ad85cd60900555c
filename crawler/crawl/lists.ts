// The domain files of an instance, applied to the store before a new crawl: the opt-out list
// (data/optout.txt) first, then the seed list (data/domains.txt).
import { existsSync, readFileSync } from "node:fs";
import { parseDomainSource } from "../model/providers.ts";
import type { DomainListError } from "../model/domain.ts";
import type { Store } from "../store/store.ts";

export interface ListsApplied {
  optedOut: number;
  seeded: number;
  errors: Array<DomainListError & { file: string }>;
}

function read(file: string | undefined): { domains: string[]; errors: Array<DomainListError & { file: string }> } {
  if (!file || !existsSync(file)) return { domains: [], errors: [] };
  const { domains, errors } = parseDomainSource(readFileSync(file, "utf8"));
  return { domains, errors: errors.map((e) => ({ ...e, file })) };
}

export function applyDomainFiles(store: Store, files: { seeds: string | undefined; optout: string | undefined }): ListsApplied {
  const optout = read(files.optout);
  const seeds = read(files.seeds);
  let optedOut = 0;
  for (const domain of optout.domains) if (store.optOut(domain, `listed in ${files.optout}`)) optedOut++;
  const seeded = store.addDomains(seeds.domains, `seed:${files.seeds}`);
  return { optedOut, seeded, errors: [...optout.errors, ...seeds.errors] };
}
