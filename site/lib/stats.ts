// The network at a glance, from the summary of every domain's current state.
import { CONTACT_CATEGORIES, type ContactCategory } from "../../crawler/contract.ts";
import type { DomainSummary } from "./summary.ts";
import { LEVELS, type Level } from "../../crawler/judge/verdict.ts";
import { RULES } from "../../crawler/rules/catalogue.ts";
import { detectSoftware, SOFTWARE_LABELS } from "../../crawler/rules/software.ts";

export interface Overview {
  domains: number;
  reachable: number;
  /** Reachable, but only from some of the vantages (rules/federation.ts): a federation link is broken. */
  reachableFromSomeOnly: number;
  withServerinfo: number;
  byCategory: Record<ContactCategory, number>;
  withAdministrators: number;
  authbotReady: number;
  /** At least one abuse address was checked and works. */
  abuseContactWorks: number;
  /** None of the published addresses that were checked is broken (and one works). */
  everyContactWorks: number;
  levels: Record<Level, number>;
  /**
   * Reachable domains by server software: by the generation whose fixes they get (Prosody 0.12
   * and 13, ejabberd 23 and 24, …), named by its label; other software by the name it answers with.
   */
  software: Array<{ name: string; count: number; versions: Array<{ version: string; count: number }> }>;
  topFindings: Array<{ rule: string; domains: number }>;
}

const MAX_SOFTWARE = 10;
const MAX_VERSIONS = 8;
const MAX_FINDINGS = 12;

export function overview(states: DomainSummary[]): Overview {
  const reachable = states.filter((s) => s.reachable);
  const byCategory = Object.fromEntries(CONTACT_CATEGORIES.map((c) => [c, reachable.filter((s) => s.categories.includes(c)).length])) as Record<
    ContactCategory,
    number
  >;
  const levels = Object.fromEntries(LEVELS.map((l) => [l, 0])) as Record<Level, number>;
  for (const s of states) levels[s.verdict.level]++;

  const software = new Map<string, Map<string, number>>();
  for (const s of reachable) {
    const family = detectSoftware(s.software);
    const name = family ? SOFTWARE_LABELS[family] : (s.software?.name ?? "unknown");
    const versions = software.get(name) ?? new Map<string, number>();
    const version = s.software?.version ?? "unknown";
    versions.set(version, (versions.get(version) ?? 0) + 1);
    software.set(name, versions);
  }
  const byCount = <T extends { count: number }>(a: T, b: T) => b.count - a.count;

  return {
    domains: states.length,
    reachable: reachable.length,
    reachableFromSomeOnly: reachable.filter((s) => s.fromSomeVantagesOnly).length,
    withServerinfo: reachable.filter((s) => s.serverinfoForms > 0).length,
    byCategory,
    withAdministrators: reachable.filter((s) => s.verdict.publishesAdministrators).length,
    authbotReady: reachable.filter((s) => s.verdict.authbotReady).length,
    abuseContactWorks: reachable.filter((s) => s.verdict.abuseContactWorks).length,
    everyContactWorks: reachable.filter((s) => s.verdict.everyContactWorks).length,
    levels,
    software: [...software]
      .map(([name, versions]) => ({
        name,
        count: [...versions.values()].reduce((a, b) => a + b, 0),
        versions: [...versions]
          .map(([version, count]) => ({ version, count }))
          .sort(byCount)
          .slice(0, MAX_VERSIONS),
      }))
      .sort(byCount)
      .slice(0, MAX_SOFTWARE),
    topFindings: [...domainsPerRule(states)]
      .filter(([, domains]) => domains > 0)
      .map(([rule, domains]) => ({ rule, domains }))
      .sort((a, b) => b.domains - a.domains || a.rule.localeCompare(b.rule))
      .slice(0, MAX_FINDINGS),
  };
}

/** How many domains trip each rule now: every catalogue rule, with 0 for those nobody trips. Only reachable domains have findings. */
export function domainsPerRule(states: DomainSummary[]): Map<string, number> {
  const counts = new Map<string, number>(RULES.map((r) => [r.id, 0]));
  for (const s of states) for (const rule of s.rules) counts.set(rule, (counts.get(rule) ?? 0) + 1);
  return counts;
}
