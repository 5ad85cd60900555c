// Recording a probe: judged here (rules/judged-probe.ts), against the domain's previous probe in the
// store, then written as given. The one record step of the crawl, `check`, the chat and the
// authbot mode.
import type { JudgedProbe, ProbeResult } from "../contract.ts";
import { judgeProbe } from "../rules/judged-probe.ts";
import type { Store } from "../store/store.ts";

/** The probe judged against the probe of its domain that the store holds from before it. */
export function judgedForStore(store: Store, result: ProbeResult): JudgedProbe {
  return judgeProbe(result, store.probes.previousReport(result.report.domain, result.report.probedAt));
}

/** Records one probe, judged, in one transaction; returns its id. */
export function recordProbe(store: Store, crawlId: number | null, result: ProbeResult, attempts = 1): number {
  return store.probes.record(crawlId, judgedForStore(store, result), attempts);
}
