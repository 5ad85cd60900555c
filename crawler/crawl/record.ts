// Recording a probe: judged here (judge/judged-probe.ts), against the domain's previous probe in the
// store, then written as given. The one record step of the crawl, `check`, the chat and the
// authbot mode; and the one place that judges stored probes again when the rules change.
import type { JudgedProbe, ProbeResult } from "../contract.ts";
import { judgeProbe, judgeReport } from "../judge/judged-probe.ts";
import { RULES_VERSION } from "../rules/version.ts";
import { setImmediate } from "node:timers/promises";
import { REJUDGE_BATCH } from "../politeness.ts";
import type { StoredReport } from "../store/probes.ts";
import type { Store } from "../store/store.ts";

/** The probe judged against the probe of its domain that the store holds from before it. */
export function judgedForStore(store: Store, result: ProbeResult): JudgedProbe {
  return judgeProbe(result, store.probes.previousReport(result.report.domain, result.report.probedAt));
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
    if (done < batch) return judged;
    await setImmediate();
  }
}
