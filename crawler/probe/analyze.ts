// From the raw answers of one probe to the report: pure, so that it runs on captured XML alone.
import { emptyContacts, type Component, type DomainReport, type Finding } from "../contract.ts";
import { classifyAnswer, type IqAnswer } from "../model/answer.ts";
import { Limits } from "../model/bounded.ts";
import { BOUNDS } from "../politeness.ts";
import { parseDiscoInfo, parseDiscoItems, type DiscoItem } from "../model/disco.ts";
import { isUnder, parseJid } from "../model/jid.ts";
import { readServerinfo } from "../model/serverinfo.ts";
import { parseVersion } from "../model/version.ts";
import { componentRules, type ComponentObservation } from "../rules/components.ts";
import type { EntityContext } from "../rules/finding.ts";
import { boundsRule, capFindings } from "../rules/bounds.ts";
import { lintEntity } from "../rules/lint.ts";
import { fitReport } from "../rules/report-budget.ts";

export interface ComponentAnswer {
  jid: string;
  name: string | undefined;
  info: IqAnswer;
}

export interface ProbeAnswers {
  domain: string;
  probedAt: string;
  durationMs: number;
  info: IqAnswer;
  version: IqAnswer | undefined;
  items: IqAnswer | undefined;
  components: ComponentAnswer[];
}

function ok(answer: IqAnswer | undefined): answer is Extract<IqAnswer, { kind: "stanza" }> {
  return answer?.kind === "stanza" && answer.stanza.attrs.type === "result";
}

/**
 * The disco#items entries we ask disco#info of: items without a node on a subdomain of the probed
 * domain, each once, up to a bound. Any other entry is only a discovery candidate: a server must
 * not make us query arbitrary JIDs (our own server's internal components among them) and show the answers.
 */
export interface ComponentPlan {
  targets: DiscoItem[];
  /** Entries outside the domain, for discovery. */
  elsewhere: string[];
  /** The bounds disco#items exceeded, for the answer-exceeds-bounds finding. */
  exceeded: string[];
}

export function componentTargets(items: IqAnswer | undefined, domain: string, max: number): ComponentPlan {
  if (!ok(items)) return { targets: [], elsewhere: [], exceeded: [] };
  const limits = new Limits();
  const parsed = parseDiscoItems(items.stanza, limits);
  const seen = new Set<string>();
  const elsewhere: string[] = [];
  const candidates = parsed.items.filter((item) => {
    const canonical = parseJid(item.jid);
    const jid = canonical.ok ? canonical.normalized : item.jid.toLowerCase();
    if (item.node !== undefined || jid === domain || seen.has(jid)) return false;
    seen.add(jid);
    // A component is a bare domain JID under the probed domain (model/jid.ts decides "under", in canonical form).
    if (jid.includes("@") || jid.includes("/") || !isUnder(item.jid, domain)) {
      elsewhere.push(item.jid);
      return false;
    }
    return true;
  });
  const targets = limits.take(candidates, max, "components listed in disco#items");
  return { targets, elsewhere, exceeded: limits.exceeded };
}

function entityContext(jid: string, domain: string, isDomain: boolean, answer: Extract<IqAnswer, { kind: "stanza" }>): EntityContext {
  const limits = new Limits();
  if (answer.cut) limits.exceeded.push(...answer.cut);
  const info = parseDiscoInfo(answer.stanza, limits);
  return { jid, domain, isDomain, info, serverinfo: readServerinfo(info) };
}

/**
 * The report of a probe the observatory failed on (a bug of ours that some answer revealed):
 * outcome internal-error, nothing judged, and what failed in error.text.
 */
export function notJudgedReport(domain: string, probedAt: string, durationMs: number, failure: Error): DomainReport {
  const text = `${failure.name}: ${failure.message}`.slice(0, BOUNDS.maxAttributeChars);
  return { domain, probedAt, durationMs, outcome: "internal-error", error: { condition: "internal-error", text }, ...nothingRead() };
}

/** The report's parts when no answer was read (fresh each time: reports are never shared). */
function nothingRead() {
  return { identities: [], features: [], serverinfo: { forms: 0 }, contacts: emptyContacts(), administrators: [], components: [], checks: [], findings: [] };
}

/** The report of a probe, from its answers alone (the components asked are the first `maxComponents` of disco#items). */
export function analyzeProbe(answers: ProbeAnswers, maxComponents: number): DomainReport {
  return analyzeWithPlan(answers, componentTargets(answers.items, answers.domain, maxComponents));
}

/** The same, given the component plan the probe already made from disco#items, so that the answer is parsed once. */
export function analyzeWithPlan(answers: ProbeAnswers, plan: ComponentPlan): DomainReport {
  const { domain, probedAt, durationMs } = answers;
  const { outcome, error } = classifyAnswer(answers.info);
  const base = { domain, probedAt, durationMs, outcome, ...(error && { error }) };
  const software = ok(answers.version) ? parseVersion(answers.version.stanza) : undefined;
  if (!ok(answers.info)) return { ...base, ...(software && { software }), ...nothingRead() };
  const context = entityContext(domain, domain, true, answers.info);
  const findings: Finding[] = lintEntity(context);
  findings.push(...boundsRule(domain, plan.exceeded));

  const observations: ComponentObservation[] = [];
  const components: Component[] = answers.components.map(({ jid, name, info }) => {
    const classified = classifyAnswer(info);
    const componentContext = ok(info) ? entityContext(jid, domain, false, info) : undefined;
    observations.push({ jid, outcome: classified.outcome, error: classified.error, context: componentContext });
    if (componentContext) findings.push(...lintEntity(componentContext));
    return {
      jid,
      ...(name && { name }),
      outcome: classified.outcome,
      ...(classified.error && { error: classified.error }),
      identities: componentContext?.info.identities ?? [],
      features: componentContext?.info.features ?? [],
      serverinfo: (componentContext?.serverinfo.forms.length ?? 0) > 0,
      contacts: componentContext?.serverinfo.contacts ?? emptyContacts(),
      administrators: componentContext?.serverinfo.administrators ?? [],
    };
  });
  findings.push(...componentRules(context, observations));

  return fitReport({
    ...base,
    ...(software && { software }),
    identities: context.info.identities,
    features: context.info.features,
    serverinfo: { forms: context.serverinfo.forms.length },
    contacts: context.serverinfo.contacts,
    administrators: context.serverinfo.administrators,
    components,
    // Filled in by the contact checks (probe/contact-checks.ts), which need the network.
    checks: [],
    findings: capFindings(findings),
  });
}
