// Recording a probe: judged here (rules/judged-probe.ts), against the domain's previous probe in the
// store, then written as given. The one record step of the crawl, `check`, the chat and the
// authbot mode; and the one that writes a crawl's stored probes again when it finds, at its end,
// that our own server was sick all along.
import type { DomainReport, ProbeResult } from "../contract.ts";
import { judgedWithOwnServerSick } from "../rules/federation.ts";
import { judgeProbe, type JudgedProbe } from "../rules/judged-probe.ts";
import type { Store } from "../store/store.ts";

/** The probe judged against the probe of its domain that the store holds from before it (`before`: a stored probe's own id, when it is judged again). */
export function judgedForStore(store: Store, result: ProbeResult, before?: number): JudgedProbe {
  return judgeProbe(result, store.previousReport(result.report.domain, result.report.probedAt, before));
}

/** Records one probe, judged, in one transaction; returns its id. */
export function recordProbe(store: Store, crawlId: number | null, result: ProbeResult, attempts = 1): number {
  return store.recordProbe(crawlId, judgedForStore(store, result), attempts);
}

/**
 * A crawl that found our own server sick only at its end (OWN_SERVER_SICK's share): each probe it
 * stored before knowing, judged again as if it had known (rules/federation.ts judgedWithOwnServerSick),
 * and written again where that changes it. Returns the domains rewritten.
 */
export function rejudgeWithOwnServerSick(store: Store, crawlId: number, homeName: string): string[] {
  const rewritten: string[] = [];
  for (const { id, report } of store.crawlProbes(crawlId)) {
    const judged: DomainReport | undefined = judgedWithOwnServerSick(report, homeName);
    if (!judged) continue;
    // Only the report is judged anew: the evidence behind it is stored already, and stays.
    store.rewriteJudgement(id, judgedForStore(store, { report: judged, evidence: [] }, id));
    rewritten.push(report.domain);
  }
  return rewritten;
}
