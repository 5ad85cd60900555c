// `observatory selftest`: an administrator's read-only check of their own domain's MUC and PubSub
// services (crawler/judge/selftest.ts judges). It only reads: every question is an IQ of type
// get, and it never joins, submits, creates, configures or destroys anything. One question at a
// time; each bounded in time, the run in count and time; a service that lets a question time out
// is asked nothing more, so a silent or slow service costs one timeout, not one per room.
import xml from "@xmpp/xml";
import type { Element } from "@xmpp/xml";
import type { SelftestOutput } from "../contract.ts";
import { classifyAnswer, type IqAnswer } from "../model/answer.ts";
import { Limits } from "../model/bounded.ts";
import { NS_DISCO_ITEMS, parseDiscoItems, type DiscoItem } from "../model/disco.ts";
import { isOwnTarget, MUC_LISTS, NS_MUC_ADMIN, NS_MUC_OWNER, NS_PUBSUB_OWNER, NS_RSM, pagedTotal } from "../model/owner-answers.ts";
import { DEFAULT_DOMAIN_BUDGET_MS, DEFAULT_MAX_COMPONENTS, SELFTEST } from "../politeness.ts";
import { judgeSelftest, type Asked, type NodeSeen, type RoomSeen, type SelftestSeen, type ServiceSeen } from "../judge/selftest.ts";
import { probeDomain } from "./probe.ts";

/** What the self-test needs of a session: IQs of type get, and nothing else. */
export interface ReadOnlyRequester {
  get(to: string, payload: Element, timeoutMs: number): Promise<IqAnswer>;
  /** IQs sent so far, by type (the session counts them where it sends them). */
  sentIqs(): { get: number; set: number };
}

export interface SelftestOptions {
  domain: string;
  /** The bare JID the session is logged in as. */
  administrator: string;
  timeoutMs: number;
}

/** Told before each step, for the terminal. */
export type SelftestProgress = (step: string) => void;

class Budget {
  private asked = 0;
  private readonly deadline: number;
  readonly notes: string[] = [];
  private noted = false;
  constructor(started: number) {
    this.deadline = started + SELFTEST.runBudgetMs;
  }
  /** Whether one more question may go out; the first refusal adds a note. */
  allows(): boolean {
    const ok = this.asked < SELFTEST.maxRequests && Date.now() < this.deadline;
    if (!ok && !this.noted) {
      this.noted = true;
      this.notes.push(
        `The run reached its bound (${SELFTEST.maxRequests} requests or ${Math.round(SELFTEST.runBudgetMs / 1000)} s): what was left is shown as skipped, "not asked".`,
      );
    }
    return ok;
  }
  count(): void {
    this.asked++;
  }
  remainingMs(): number {
    return this.deadline - Date.now();
  }
}

const identityOf = (report: SelftestSeen["report"], category: string, type: string) =>
  report.components.filter((c) => c.outcome === "ok" && c.identities.some((i) => i.category === category && i.type === type)).map((c) => c.jid);

export async function runSelftest(session: ReadOnlyRequester, options: SelftestOptions, progress: SelftestProgress = () => {}): Promise<SelftestOutput> {
  const started = Date.now();
  const budget = new Budget(started);
  const { domain, timeoutMs } = options;

  progress(`probing ${domain} as the observatory does (disco#info, version, disco#items, its components)`);
  // The observatory's own probe, in the administrator's session: its requests are gets too. Its
  // budget, which bounds each of its waits, ends with the run's own, whatever --timeout says.
  const probeRequester = { request: (to: string, payload: Element, ms: number) => session.get(to, payload, ms) };
  const { report } = await probeDomain(probeRequester, domain, {
    iqTimeoutMs: timeoutMs,
    budgetMs: Math.min(Math.max(timeoutMs, DEFAULT_DOMAIN_BUDGET_MS), budget.remainingMs()),
    maxComponents: DEFAULT_MAX_COMPONENTS,
  });

  /** Asks one question of a service, unless it went silent before or the run is over; a timeout silences it. */
  const ask = async (service: ServiceSeen<unknown>, to: string, request: string, payload: Element): Promise<Asked | undefined> => {
    if (service.wentSilent !== undefined || !budget.allows()) return undefined;
    budget.count();
    const answer = await session.get(to, payload, Math.max(1, Math.min(timeoutMs, budget.remainingMs())));
    if (answer.kind === "timeout") {
      service.wentSilent = `${request} to ${to}`;
      budget.notes.push(`${service.jid} did not answer ${request} to ${to} within ${Math.round(timeoutMs / 1000)} s: nothing more was asked of it.`);
    }
    return { to, request, answer };
  };

  const listItems = async (service: ServiceSeen<unknown>, max: number, things: string) => {
    // Asks for a first page of `max` (XEP-0059): a service that pages answers with no more; one that does not is cut here.
    const asked = await ask(
      service,
      service.jid,
      "disco#items",
      xml("query", { xmlns: NS_DISCO_ITEMS }, xml("set", { xmlns: NS_RSM }, xml("max", {}, String(max)))),
    );
    service.items = asked;
    if (!asked || asked.answer.kind !== "stanza" || classifyAnswer(asked.answer).outcome !== "ok") return [];
    const limits = new Limits();
    const items = parseDiscoItems(asked.answer.stanza, limits).items;
    const total = pagedTotal(asked.answer.stanza);
    const passedBounds = limits.exceeded.length > 0 || (asked.answer.cut?.length ?? 0) > 0;
    if (total !== undefined && total > max)
      budget.notes.push(`${service.jid} holds ${total} ${things} (its own count, XEP-0059): the first ${max} it sent were tried.`);
    else if (passedBounds)
      budget.notes.push(
        `${service.jid} listed more ${things} than the self-test reads (${items.length} read; it ignored the XEP-0059 limit of ${max}): the first ${max} were tried.`,
      );
    else if (items.length > max)
      budget.notes.push(`${service.jid} lists ${items.length} ${things} (it ignored the XEP-0059 limit of ${max}): the first ${max} were tried.`);
    return items.slice(0, max);
  };

  /**
   * One kind of service: the first `maxServices` of the domain's components with its identity,
   * each listed (`things`, at most `maxTargets`), and each of its own rooms or nodes (isOwnTarget)
   * tried with `tryTarget` while the service answers.
   */
  const tryServices = async <Target>(
    identity: { category: string; type: string; label: string },
    limits: { maxServices: number; maxTargets: number; things: string },
    targetKind: "room" | "node",
    tryTarget: (service: ServiceSeen<Target>, item: DiscoItem) => Promise<Target>,
  ): Promise<ServiceSeen<Target>[]> => {
    const jids = identityOf(report, identity.category, identity.type);
    if (jids.length > limits.maxServices)
      budget.notes.push(`${domain} has ${jids.length} ${identity.label} services: the first ${limits.maxServices} were tried.`);
    const services: ServiceSeen<Target>[] = [];
    for (const jid of jids.slice(0, limits.maxServices)) {
      const service: ServiceSeen<Target> = { jid, targets: [] };
      services.push(service);
      progress(`reading the ${limits.things} of ${jid}`);
      for (const item of (await listItems(service, limits.maxTargets, limits.things)).filter((i) => isOwnTarget(i, jid, targetKind))) {
        if (service.wentSilent !== undefined) break; // its other targets stay untried: the note says why
        service.targets.push(await tryTarget(service, item));
      }
    }
    return services;
  };

  const muc = await tryServices<RoomSeen>(
    { category: "conference", type: "text", label: "MUC" },
    { maxServices: SELFTEST.maxMucServices, maxTargets: SELFTEST.maxRoomsPerService, things: "rooms" },
    "room",
    async (service, item) => {
      const room: RoomSeen = { room: item.jid, lists: {} };
      for (const affiliation of MUC_LISTS) {
        const asked = await ask(
          service,
          item.jid,
          `muc#admin get, affiliation ${affiliation}`,
          xml("query", { xmlns: NS_MUC_ADMIN }, xml("item", { affiliation })),
        );
        if (asked) room.lists[affiliation] = asked;
      }
      const form = await ask(service, item.jid, "muc#owner get", xml("query", { xmlns: NS_MUC_OWNER }));
      if (form) room.ownerForm = form;
      return room;
    },
  );

  const owner = (child: Element) => xml("pubsub", { xmlns: NS_PUBSUB_OWNER }, child);
  const pubsub = await tryServices<NodeSeen>(
    { category: "pubsub", type: "service", label: "PubSub" },
    { maxServices: SELFTEST.maxPubsubServices, maxTargets: SELFTEST.maxNodesPerService, things: "nodes" },
    "node",
    async (service, item) => {
      const node: NodeSeen = { service: item.jid, node: item.node! };
      const affiliations = await ask(service, item.jid, "pubsub#owner affiliations get", owner(xml("affiliations", { node: node.node })));
      if (affiliations) node.affiliations = affiliations;
      const configure = await ask(service, item.jid, "pubsub#owner configure get", owner(xml("configure", { node: node.node })));
      if (configure) node.configure = configure;
      return node;
    },
  );

  const seen: SelftestSeen = {
    domain,
    administrator: options.administrator,
    startedAt: new Date(started).toISOString(),
    durationMs: Date.now() - started,
    report,
    muc,
    pubsub,
    requests: session.sentIqs(),
    notes: budget.notes,
  };
  return judgeSelftest(seen, timeoutMs);
}
