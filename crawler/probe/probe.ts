// One domain end to end: disco#info, software version, disco#items, then disco#info of each
// component, within a time budget. The raw answers are kept as evidence.
import xml from "@xmpp/xml";
import type { Evidence, EvidenceKind, ProbeResult } from "../contract.ts";
import { classifyAnswer, type IqAnswer } from "../model/answer.ts";
import { NS_DISCO_INFO, NS_DISCO_ITEMS } from "../model/disco.ts";
import { NS_VERSION } from "../model/version.ts";
import { ConnectionLostError, type IqRequester } from "../xmpp/session.ts";
import { analyzeWithPlan, componentTargets, notJudgedReport, type ComponentAnswer } from "./analyze.ts";
import type { ContactChecker } from "./contact-checks.ts";

export interface ProbeOptions {
  iqTimeoutMs: number;
  budgetMs: number;
  maxComponents: number;
}

const query = (xmlns: string) => xml("query", { xmlns });

/**
 * A probe's result; `failure` is the bug of ours behind an internal-error report, for the log;
 * `itemsElsewhere`, the disco#items entries outside the domain, for discovery.
 */
export interface ProbeOutcome extends ProbeResult {
  failure?: Error;
  itemsElsewhere?: string[];
}

/**
 * Probes one domain. Only our own connection failing rejects (ConnectionLostError): the crawl
 * redoes the probe. Any other exception becomes an internal-error report, with the evidence kept.
 */
export async function probeDomain(session: IqRequester, domain: string, options: ProbeOptions): Promise<ProbeOutcome> {
  const started = Date.now();
  const evidence: Evidence[] = [];
  try {
    return await askAndJudge(session, domain, options, started, evidence);
  } catch (error) {
    if (error instanceof ConnectionLostError) throw error;
    const failure = error instanceof Error ? error : new Error(String(error));
    return { report: notJudgedReport(domain, new Date(started).toISOString(), Date.now() - started, failure), evidence, failure };
  }
}

async function askAndJudge(session: IqRequester, domain: string, options: ProbeOptions, started: number, evidence: Evidence[]): Promise<ProbeOutcome> {
  const deadline = started + options.budgetMs;
  const ask = async (jid: string, kind: EvidenceKind, xmlns: string): Promise<IqAnswer> => {
    const remaining = deadline - Date.now();
    return remaining <= 0 ? { kind: "timeout" } : session.request(jid, query(xmlns), Math.min(options.iqTimeoutMs, remaining));
  };
  const keep = (jid: string, kind: EvidenceKind, answer: IqAnswer) =>
    evidence.push({ jid, kind, raw: answer.kind === "stanza" ? answer.raw : undefined, ...(answer.kind === "stanza" && answer.cut && { cut: answer.cut }) });

  // The three questions go out together: one round trip per domain instead of two. When the
  // domain is unreachable, our server bounces all three from the one failed s2s attempt.
  const [info, version, items] = await Promise.all([
    ask(domain, "disco-info", NS_DISCO_INFO),
    ask(domain, "version", NS_VERSION),
    ask(domain, "disco-items", NS_DISCO_ITEMS),
  ]);
  keep(domain, "disco-info", info);
  keep(domain, "version", version);
  keep(domain, "disco-items", items);
  const components: ComponentAnswer[] = [];
  const plan = componentTargets(items, domain, options.maxComponents);
  if (classifyAnswer(info).outcome === "ok") {
    // One component after another: at most one request in flight per component.
    for (const item of plan.targets) {
      if (Date.now() >= deadline) break;
      const answer = await ask(item.jid, "disco-info", NS_DISCO_INFO);
      keep(item.jid, "disco-info", answer);
      components.push({ jid: item.jid, name: item.name, info: answer });
    }
  }
  const report = analyzeWithPlan(
    { domain, probedAt: new Date(started).toISOString(), durationMs: Date.now() - started, info, version, items, components },
    plan,
  );
  return { report, evidence, itemsElsewhere: plan.elsewhere };
}

/**
 * The probe with its published addresses checked (probe/contact-checks.ts): the report gains its
 * checks and their findings, the evidence their raw records. Our own connection dropping rejects,
 * as in the probe; any other failure is a bug of ours, logged, and the report keeps no checks.
 */
export async function withContactChecks(checker: ContactChecker, outcome: ProbeOutcome): Promise<ProbeOutcome> {
  try {
    const { report, records, targets } = await checker.check(outcome.report, outcome.evidence);
    return { ...outcome, report, evidence: [...outcome.evidence, ...records], targets };
  } catch (error) {
    if (error instanceof ConnectionLostError) throw error;
    return { ...outcome, failure: outcome.failure ?? (error instanceof Error ? error : new Error(String(error))) };
  }
}
