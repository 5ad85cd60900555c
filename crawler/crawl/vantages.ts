// The vantages (issue 32): besides the crawler's own account, logged-in sessions of further accounts
// on other servers (OBSERVATORY_VANTAGES). A domain our own server cannot reach over the network is
// asked again through them: disco#info from each working vantage, then the full probe through the
// first that reaches it. A domain that answers from home costs nothing extra. Each vantage first
// probes a domain known to work (OBSERVATORY_VANTAGE_CONTROL): one that cannot is broken, and
// nothing is judged on its word. What the answers mean is decided in rules/federation.ts.
import xml from "@xmpp/xml";
import { isReachable, type Evidence, type VantageOutcome } from "../contract.ts";
import type { VantageConfig, VantagesConfig } from "../config.ts";
import { classifyAnswer, type IqAnswer } from "../model/answer.ts";
import { NS_DISCO_INFO } from "../model/disco.ts";
import { probeDomain, type ProbeOptions, type ProbeOutcome } from "../probe/probe.ts";
import { describeVantage, ownServerProblem, withVantages, worthAskingElsewhere } from "../rules/federation.ts";
import { XmppSession, type IqRequester } from "../xmpp/session.ts";

/** One vantage of the panel, and whether it may be taken as evidence. */
interface Vantage {
  name: string;
  session: IqRequester | undefined;
  /** Why it is not taken as evidence (it could not log in, could not reach the control domain, or its connection dropped), or undefined while it works. */
  broken: string | undefined;
}

/** What the panel did in a crawl, for its summary. */
export interface PanelReport {
  /** Each vantage besides our own, and why it was broken, if it was. */
  vantages: Array<{ name: string; broken?: string }>;
  /** Whether our own server reached the control domain (undefined: no control domain, or not asked). */
  homeControl: { ok: boolean; said: string } | undefined;
  /** Domains our own server failed on that the other vantages were asked about. */
  asked: number;
  /** Of those, the ones another vantage reached. */
  reachedElsewhere: number;
  /** Our own server seems to be the problem (rules/federation.ts ownServerProblem), in words. */
  ownServerProblem?: string;
  /** The probes stored before our own server was found to be the problem, written again without anything held against their domains (crawl/record.ts). */
  rejudged?: number;
}

export class VantagePanel {
  private asked = 0;
  private reachedElsewhere = 0;
  private homeControl: PanelReport["homeControl"];

  private constructor(
    /** Our own server's name among the vantages (the domain of the crawler's own account). */
    readonly homeName: string,
    private readonly others: Vantage[],
    private readonly sessions: XmppSession[],
  ) {}

  /**
   * Logs in each vantage, and has each (ours too) probe the control domain. A vantage that cannot
   * log in or reach the control domain is broken for this run: never an error of the crawl.
   */
  static async open(homeName: string, home: IqRequester, config: VantagesConfig, options: ProbeOptions): Promise<VantagePanel> {
    const sessions: XmppSession[] = [];
    const others = await Promise.all(
      config.vantages.map(async (v: VantageConfig): Promise<Vantage> => {
        try {
          const session = await XmppSession.open(v);
          sessions.push(session);
          return { name: v.name, session, broken: undefined };
        } catch (error) {
          return { name: v.name, session: undefined, broken: `could not log in as ${v.jid}: ${(error as Error).message}` };
        }
      }),
    );
    const panel = new VantagePanel(homeName, others, sessions);
    if (config.control !== undefined) await panel.checkControl(config.control, home, options);
    return panel;
  }

  /** No vantage besides our own: nothing to ask. */
  get empty(): boolean {
    return this.others.length === 0;
  }

  private async checkControl(control: string, home: IqRequester, options: ProbeOptions): Promise<void> {
    const check = async (session: IqRequester) => classifyAnswer(await askInfo(session, control, options.iqTimeoutMs));
    const [ownResult, ...results] = await Promise.all([
      check(home).catch(() => undefined),
      ...this.others.map((v) => (v.session && !v.broken ? check(v.session).catch(() => undefined) : Promise.resolve(undefined))),
    ]);
    this.homeControl = ownResult && {
      ok: isReachable(ownResult.outcome),
      said: describeVantage({ vantage: this.homeName, outcome: ownResult.outcome, ...(ownResult.error && { error: ownResult.error }) }),
    };
    this.others.forEach((v, i) => {
      const result = results[i];
      if (v.broken) return;
      if (!result) v.broken = `its connection failed while it asked ${control}`;
      else if (!isReachable(result.outcome))
        v.broken = `it could not reach ${control}, the domain known to work (${describeVantage({ vantage: v.name, outcome: result.outcome, ...(result.error && { error: result.error }) })})`;
    });
  }

  /**
   * The probe of a domain our own server failed on, judged with the other vantages' answers:
   * unchanged when the failure is not a network one or no other vantage works.
   */
  async secondOpinion(result: ProbeOutcome, options: ProbeOptions): Promise<ProbeOutcome> {
    const { report } = result;
    const ownServerSick = this.homeControl?.ok === false;
    if (!worthAskingElsewhere(report.outcome, ownServerSick)) return result;
    const home: VantageOutcome = { vantage: this.homeName, outcome: report.outcome, ...(report.error && { error: report.error }) };
    const working = this.others.filter((v) => !v.broken && v.session);
    // Nobody else to ask: our own server's word stands, unless it is sick (then nothing is judged on it).
    if (working.length === 0) return ownServerSick ? { ...result, report: withVantages(report, [home], undefined, true) } : result;
    this.asked++;
    const answers = await Promise.all(
      working.map(async (v) => {
        try {
          return { v, answer: await askInfo(v.session!, report.domain, options.iqTimeoutMs) };
        } catch (error) {
          // Its connection dropped: broken from now on, and not evidence.
          v.broken = connectionLost(error);
          return undefined;
        }
      }),
    );
    const outcomes: VantageOutcome[] = [home];
    // The other vantages' failed answers, kept as evidence beside the report's own.
    const evidence: Evidence[] = [];
    let reached: { v: Vantage; probe: ProbeOutcome } | undefined;
    for (const asked of answers) {
      if (!asked) continue;
      const { v, answer } = asked;
      const classified = classifyAnswer(answer);
      outcomes.push({ vantage: v.name, outcome: classified.outcome, ...(classified.error && { error: classified.error }) });
      if (!isReachable(classified.outcome)) {
        evidence.push({ jid: report.domain, kind: "disco-info", raw: answer.kind === "stanza" ? answer.raw : undefined, vantage: v.name });
        continue;
      }
      if (reached) continue;
      try {
        reached = { v, probe: await probeDomain(v.session!, report.domain, options) };
      } catch (error) {
        v.broken = connectionLost(error);
      }
    }
    if (!reached) return { ...result, report: withVantages(report, outcomes, undefined, ownServerSick), evidence: [...result.evidence, ...evidence] };
    this.reachedElsewhere++;
    // The report is the other vantage's probe; our own server's failed answers become evidence of the failure.
    const ours = result.evidence.map((e) => ({ ...e, vantage: this.homeName }));
    return {
      ...reached.probe,
      report: withVantages(reached.probe.report, outcomes, reached.v.name, ownServerSick),
      evidence: [...reached.probe.evidence, ...ours, ...evidence],
    };
  }

  /**
   * The contact checks' second opinion (probe/contact-checks.ts SecondOpinion): an address's domain
   * our own server could not reach, asked through each working vantage; the first answer that
   * reached it, with who could not, or undefined when none did.
   */
  readonly askElsewhere = async (domain: string, ours: IqAnswer, timeoutMs: number): Promise<{ answer: IqAnswer; failed: string[] } | undefined> => {
    const own = classifyAnswer(ours);
    // The same decision as a probe's (secondOpinion above): a network failure, or any failure while our own server is sick.
    if (!worthAskingElsewhere(own.outcome, this.homeControl?.ok === false)) return undefined;
    const working = this.others.filter((v) => !v.broken && v.session);
    const failed = [describeVantage({ vantage: this.homeName, outcome: own.outcome, ...(own.error && { error: own.error }) })];
    for (const v of working) {
      let answer: IqAnswer;
      try {
        answer = await askInfo(v.session!, domain, timeoutMs);
      } catch (error) {
        v.broken = connectionLost(error);
        continue;
      }
      const classified = classifyAnswer(answer);
      if (isReachable(classified.outcome)) return { answer, failed };
      failed.push(describeVantage({ vantage: v.name, outcome: classified.outcome, ...(classified.error && { error: classified.error }) }));
    }
    return undefined;
  };

  report(): PanelReport {
    const counts = { homeControl: this.homeControl, asked: this.asked, reachedElsewhere: this.reachedElsewhere };
    const problem = ownServerProblem(counts);
    return {
      vantages: this.others.map((v) => ({ name: v.name, ...(v.broken && { broken: v.broken }) })),
      ...counts,
      ...(problem && { ownServerProblem: problem }),
    };
  }

  /** The IQs the other vantages have sent so far (the control domain's included): what a second vantage asks of others. */
  sentIqs(): number {
    return this.sessions.reduce((n, s) => n + s.sentIqs().get + s.sentIqs().set, 0);
  }

  async close(): Promise<void> {
    await Promise.all(this.sessions.map((s) => s.close()));
  }
}

/** The crawl summary's sentence about the vantages: what they were asked, what they reached, which were broken and not taken as evidence. */
export function describePanel(report: PanelReport): string {
  const broken = report.vantages.filter((v) => v.broken);
  // Every vantage configured: one that broke mid-crawl was asked until it broke.
  const others = report.vantages.length;
  const parts = [
    `Vantages: ${report.asked} domains our own server could not reach were asked again through ${others} other vantage${others === 1 ? "" : "s"}; ${report.reachedElsewhere} answered there (reachable from some vantages only)`,
    ...broken.map((v) => `${v.name} was broken and not taken as evidence: ${v.broken}`),
    ...(report.ownServerProblem ? [`Our own server has a problem: ${report.ownServerProblem}`] : []),
    ...(report.rejudged ? [`${report.rejudged} probes stored before that was known were judged again, with nothing held against their domains`] : []),
  ];
  return `${parts.join(". ")}.`;
}

/** Why a vantage whose session failed mid-crawl is broken from then on (the session's own words speak of "our own server": the vantage's). */
const connectionLost = (error: unknown) => `its connection to its server was lost during the crawl (${(error as Error).message})`;

function askInfo(session: IqRequester, domain: string, timeoutMs: number): Promise<IqAnswer> {
  return session.request(domain, xml("query", { xmlns: NS_DISCO_INFO }), timeoutMs);
}
