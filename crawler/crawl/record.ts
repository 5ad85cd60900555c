// Recording a probe: judged here (judge/judged-probe.ts), against the domain's previous probe in the
// store, then written as given. The one record step of the crawl, `check`, the chat and the
// authbot mode; the one place that judges stored probes again when the rules change; and the one
// that writes a crawl's stored probes again when it finds, at its end, that our own server was
// sick all along.
import type { DomainReport, JudgedProbe, ProbeResult } from "../contract.ts";
import { judgeProbe, judgeReport } from "../judge/judged-probe.ts";
import { judgedWithOwnServerSick } from "../rules/federation.ts";
import { RULES_VERSION } from "../rules/version.ts";
import { setImmediate } from "node:timers/promises";
import { REJUDGE_BATCH } from "../politeness.ts";
import type { StoredReport } from "../store/probes.ts";
import type { Store } from "../store/store.ts";

/** The probe judged against the probe of its domain that the store holds from before it (`before`: a stored probe's own id, when it is judged again). */
export function judgedForStore(store: Store, result: ProbeResult, before?: number): JudgedProbe {
  return judgeProbe(result, store.probes.reportToCompare(result.report, before));
}

/** Records one probe, judged, in one transaction; returns its id. */
export function recordProbe(store: Store, crawlId: number | null, result: ProbeResult, attempts = 1): number {
  return store.probes.record(crawlId, judgedForStore(store, result), attempts);
}

/**
 * Judges again every stored probe that older rules judged (rules/version.ts RULES_VERSION),
 * REJUDGE_BATCH at a time, each batch one transaction that a kill leaves whole
 * (store.probes.rejudge); between batches the event loop runs (the daemon's chat, in the same
 * process, is answered meanwhile). Once done, a second call judges nothing. Returns how many probes
 * were judged again. The crawl calls it when it opens (crawl/use-case.ts).
 */
export async function rejudgeStored(store: Store, batch: number = REJUDGE_BATCH): Promise<number> {
  const judge = ({ report, previous }: StoredReport) => judgeReport(report, previous);
  let judged = 0;
  for (;;) {
    const done = store.probes.rejudge(RULES_VERSION, judge, batch);
    judged += done;
    if (done < batch) break;
    await setImmediate();
  }
  // A store from before its probes had verdicts has its finished crawls counted now that they have.
  store.crawls.countUncounted();
  return judged;
}

/**
 * A crawl that found our own server sick only at its end (OWN_SERVER_SICK's share): each probe it
 * stored before knowing, judged again as if it had known (rules/federation.ts judgedWithOwnServerSick),
 * and written again where that changes it; judged again, a probe rewritten already is left as it
 * is, so a run killed part way is finished by the next. Returns the domains rewritten.
 */
export function rejudgeWithOwnServerSick(store: Store, crawlId: number, homeName: string): string[] {
  const rewritten: string[] = [];
  // In pages, not all at once: a crawl of 100,000 domains holds as many reports.
  for (
    let page = store.probes.crawlProbesAfter(crawlId, 0, REJUDGE_BATCH);
    page.length > 0;
    page = store.probes.crawlProbesAfter(crawlId, page.at(-1)!.id, REJUDGE_BATCH)
  ) {
    for (const { id, report } of page) {
      const judged: DomainReport | undefined = judgedWithOwnServerSick(report, homeName);
      if (!judged) continue;
      // Only the report is judged anew: the evidence behind it is stored already, and stays.
      store.probes.rewriteJudgement(id, judgedForStore(store, { report: judged, evidence: [] }, id));
      rewritten.push(report.domain);
    }
  }
  return rewritten;
}
