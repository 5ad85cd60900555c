// Do a domain's published addresses work? After its probe, each distinct address (contacts and
// administrators, up to a bound) is checked from our vantage point without bothering anyone:
// an xmpp: address's domain over s2s (and its room, when it names one), a mail domain's DNS, one
// GET of a web page. Each target is checked at most once per crawl (this checker lives as long as
// the crawl), and its result is shared by every domain that lists it. A crawl's checker also
// reuses a target's last check, from an earlier crawl or check, when rules/check-reuse.ts says it
// may: then its host is not asked at all, only DNS, to tell that the target has not moved. The
// facts go to the rules (rules/reachability.ts); the raw answers become the probe's evidence.
import { isIP } from "node:net";
import xml from "@xmpp/xml";
import { CONTACT_CATEGORIES, isReachable, type DomainReport, type Evidence } from "../contract.ts";
import { classifyAnswer, type IqAnswer } from "../model/answer.ts";
import { Limits } from "../model/bounded.ts";
import { addressField, ADMINISTRATORS_FIELD } from "../model/serverinfo.ts";
import {
  domainReached,
  namesRoom,
  isSecurityTxtUrl,
  planAddress,
  recordKey,
  wellKnownSecurityTxt,
  type AddressPlan,
  type TargetFacts,
  type TargetRecord,
  type XmppDomainFacts,
} from "../model/contact-target.ts";
import { NS_DISCO_INFO, parseDiscoInfo } from "../model/disco.ts";
import { judgeMailDomain } from "../model/mail-domain.ts";
import { CONTACT_CHECKS } from "../politeness.ts";
import { isReusableKind, reusableIf, sameDnsAnswers, type CheckUse } from "../rules/check-reuse.ts";
import { judgeAddress, judgeWellKnownSecurityTxt, targetKey, withChecks, type JudgedAddress } from "../rules/reachability.ts";
import type { DnsClient } from "../net/dns.ts";
import type { ContactNetwork } from "../net/network.ts";
import { RefusedConnections } from "../net/refused-connections.ts";
import type { WebClient } from "../net/web.ts";
import type { IqRequester } from "../xmpp/session.ts";
import { isConferenceService } from "../model/disco.ts";

export interface ContactCheckTools {
  session: IqRequester;
  dns: DnsClient;
  web: WebClient;
  iqTimeoutMs: number;
  now?: () => Date;
  /** The other vantages (crawl/vantages.ts), asked when our own server cannot reach an address's domain over the network. */
  elsewhere?: SecondOpinion;
  /** A crawl's: each target's last check (the store's), and how long one that worked is reused. None: every target is asked afresh. */
  reuse?: CheckReuse;
}

export interface CheckReuse {
  lastCheck: (key: string) => TargetFacts | undefined;
  windowMs: number;
}

/** What a checker did: checks that asked a host (an XMPP domain or room, a web page), DNS-only checks (mail domains), and checks reused. */
export interface CheckFigures {
  requests: number;
  lookups: number;
  reused: number;
}

/**
 * A target a probe's checks used: `remember` when this checker asked it afresh and a later crawl
 * may reuse it (the store keeps it); `reused` when it is an earlier crawl's or check's, reused.
 */
export interface UsedTarget {
  key: string;
  facts: TargetFacts;
  remember?: true;
  reused?: true;
}

/** Asks a domain's disco#info through the other vantages after our own server failed: the first answer that reached it, and who could not (in words), or undefined when none did. */
export type SecondOpinion = (domain: string, ours: IqAnswer) => Promise<{ answer: IqAnswer; failed: string[] } | undefined>;

export interface CheckLimits {
  maxAddressesPerDomain: number;
  maxTargetsPerCrawl: number;
}

/** A domain's distinct published addresses, in order, each with the fields that list it. */
export function publishedAddresses(report: Pick<DomainReport, "contacts" | "administrators">): Array<{ value: string; fields: string[] }> {
  const byValue = new Map<string, string[]>();
  const add = (raw: string, field: string) => {
    const value = raw.trim();
    if (value === "") return;
    const fields = byValue.get(value) ?? [];
    if (!fields.includes(field)) fields.push(field);
    byValue.set(value, fields);
  };
  for (const category of CONTACT_CATEGORIES) for (const v of report.contacts[category]) add(v, addressField(category));
  for (const v of report.administrators) add(v, ADMINISTRATORS_FIELD);
  return [...byValue].map(([value, fields]) => ({ value, fields }));
}

/** A checker on this session and network, for one crawl (resumed from `known`) or one check. */
export function contactChecker(
  session: IqRequester,
  network: ContactNetwork,
  iqTimeoutMs: number,
  known: Iterable<[string, TargetFacts]> = [],
  elsewhere?: SecondOpinion,
  reuse?: CheckReuse,
): ContactChecker {
  return new ContactChecker(
    { session, dns: network.dns, web: network.web, iqTimeoutMs, ...(elsewhere && { elsewhere }), ...(reuse && { reuse }) },
    CONTACT_CHECKS,
    known,
  );
}

/** A probed domain's answer kept for the addresses on it, up to this size (a real server's is a few KB). */
const REMEMBERED_ANSWER_CHARS = 16 * 1024;

export class ContactChecker {
  private readonly memo = new Map<string, Promise<TargetFacts>>();
  /** Targets asked over the network in this crawl (the probes remembered cost nothing). */
  private asked = 0;
  /** The targets this checker asked afresh, and those it reused with the use they were reused for. */
  private readonly askedKeys = new Set<string>();
  private readonly reusedAs = new Map<string, CheckUse>();
  private readonly counts: CheckFigures = { requests: 0, lookups: 0, reused: 0 };
  private readonly now: () => Date;
  /**
   * The connections refused in this crawl (or check), by address and port: a web check that would
   * connect to one again gets its failure at once. Never kept past the checker: the next crawl,
   * and every `check`, connect afresh.
   */
  private readonly refused: RefusedConnections;

  /** `known`: the targets this crawl checked before it was interrupted (store.crawls.checkedTargets): not asked again. */
  constructor(
    private readonly tools: ContactCheckTools,
    private readonly limits: CheckLimits = CONTACT_CHECKS,
    known: Iterable<[string, TargetFacts]> = [],
  ) {
    this.now = tools.now ?? (() => new Date());
    this.refused = new RefusedConnections({ holdMs: CONTACT_CHECKS.refusedConnectionMs, maxEntries: CONTACT_CHECKS.maxRefusedConnections }, this.now);
    for (const [key, facts] of known) {
      this.memo.set(key, Promise.resolve(facts));
      if (facts.kind !== "skipped") this.asked++;
    }
  }

  /** What this checker has done so far. */
  figures(): CheckFigures {
    return { ...this.counts };
  }

  /** A domain probed in this crawl: its disco#info answer is the domain check of addresses on it. */
  rememberProbe(report: DomainReport, evidence: Evidence[]): void {
    const key = targetKey("xmpp-domain", report.domain);
    if (this.memo.has(key)) return;
    // The answer becomes the record of the addresses on this domain, in other domains' evidence:
    // kept only when small, so that a crawl's memory does not hold every large answer.
    const answer = evidence.find((e) => e.jid === report.domain && e.kind === "disco-info")?.raw;
    const raw = answer !== undefined && answer.length <= REMEMBERED_ANSWER_CHARS ? answer : undefined;
    this.memo.set(
      key,
      Promise.resolve(this.domainFacts(report.domain, report.probedAt, report.outcome, report.error?.condition, isConferenceService(report.identities), raw)),
    );
  }

  /** The report with its addresses checked and judged, and the raw records behind the checks. */
  async check(report: DomainReport, evidence: Evidence[]): Promise<{ report: DomainReport; records: Evidence[]; targets: UsedTarget[] }> {
    this.rememberProbe(report, evidence);
    if (report.outcome !== "ok") return { report, records: [], targets: [] };
    this.rememberComponents(report);
    const addresses = publishedAddresses(report).slice(0, this.limits.maxAddressesPerDomain);
    const judged: JudgedAddress[] = [];
    const used = new Map<string, TargetRecord>();
    const targets = new Map<string, TargetFacts>();
    const lookup = (facts: Map<string, TargetFacts>) => (key: string) => {
      const found = facts.get(key);
      const record = found && "record" in found ? found.record : undefined;
      if (record) used.set(record.key, record);
      if (found && found.kind !== "skipped") targets.set(key, found);
      return found;
    };
    const securityTxtUrl = wellKnownSecurityTxt(report.domain);
    const [perAddress, wellKnown] = await Promise.all([
      Promise.all(
        addresses.map(async ({ value, fields }) => {
          const plan = planAddress(value, fields.includes(ADMINISTRATORS_FIELD) && fields.length === 1 ? ADMINISTRATORS_FIELD : fields[0]!);
          return { value, fields, plan, facts: await this.factsFor(plan) };
        }),
      ),
      this.target(targetKey("web", securityTxtUrl), () => this.webFacts(securityTxtUrl, true), "own-security-txt"),
    ]);
    for (const { value, fields, plan, facts } of perAddress) judged.push(judgeAddress(value, fields, plan, lookup(facts)));
    // A domain that lists its own /.well-known/security.txt has it judged as that address already.
    const listsOwn = addresses.some((a) => URL.parse(a.value)?.href === securityTxtUrl);
    const ownFile = listsOwn
      ? undefined
      : judgeWellKnownSecurityTxt(securityTxtUrl, lookup(new Map([[targetKey("web", securityTxtUrl), wellKnown]]))(targetKey("web", securityTxtUrl)));
    if (ownFile) judged.push(ownFile);
    // The probe's own answers are already its evidence.
    const fresh = [...used.values()].filter((r) => !evidence.some((e) => e.jid === r.subject && e.kind === r.kind));
    const records: Evidence[] = fresh.map((r) => ({ jid: r.subject, kind: r.kind, raw: r.raw, ...(r.cut && { cut: r.cut }) }));
    const remember = (key: string, facts: TargetFacts) => this.askedKeys.has(key) && isReusableKind(facts);
    return {
      report: withChecks(report, judged),
      records,
      targets: [...targets].map(([key, facts]) => ({
        key,
        facts,
        ...(remember(key, facts) && { remember: true as const }),
        ...(this.reusedAs.has(key) && { reused: true as const }),
      })),
    };
  }

  /** The probed domain's components answered in its probe: no question needed. */
  private rememberComponents(report: DomainReport): void {
    for (const c of report.components) {
      const key = targetKey("xmpp-domain", c.jid.toLowerCase());
      if (!this.memo.has(key))
        this.memo.set(
          key,
          Promise.resolve(this.domainFacts(c.jid.toLowerCase(), report.probedAt, c.outcome, c.error?.condition, isConferenceService(c.identities), undefined)),
        );
    }
  }

  /** Every target an address needs, checked (or found in this crawl's memo). */
  private async factsFor(plan: AddressPlan): Promise<Map<string, TargetFacts>> {
    const facts = new Map<string, TargetFacts>();
    const add = async (key: string, run: () => Promise<TargetFacts>) => facts.set(key, await this.target(key, run));
    switch (plan.kind) {
      case "xmpp": {
        const domainKey = targetKey("xmpp-domain", plan.domain);
        await add(domainKey, () => this.askDomain(plan.domain));
        const domain = facts.get(domainKey)!;
        if (namesRoom(plan, domain) && domainReached(domain)) await add(targetKey("xmpp-room", plan.bare), () => this.askRoom(plan.bare));
        break;
      }
      case "mail":
        await Promise.all(plan.domains.map((d) => add(targetKey("mail", d), () => this.mailFacts(d))));
        break;
      case "web":
        await add(targetKey("web", plan.url), () => this.webFacts(plan.url, isSecurityTxtUrl(plan.url)));
        break;
      case "none":
        break;
    }
    return facts;
  }

  /**
   * One target's facts, checked once per crawl: its last check reused when the decision allows
   * (rules/check-reuse.ts), else asked; past the crawl's bound, skipped. A check reused for the
   * domain's own security.txt, which settles for less (a file not served), is decided again for
   * a published address.
   */
  private target(key: string, run: () => Promise<TargetFacts>, use: CheckUse = "address"): Promise<TargetFacts> {
    const known = this.memo.get(key);
    const reusedAs = this.reusedAs.get(key);
    if (known && (reusedAs === undefined || reusedAs === use)) return known;
    const checking = known
      ? known.then((facts) => (this.reuse && reusableIf(facts, use, this.now(), this.reuse.windowMs) ? facts : this.ask(key, run)))
      : this.reuseOrAsk(key, run, use);
    this.memo.set(key, checking);
    // Our own connection dropping rejects: forget it, so that the requeued probe asks again.
    checking.catch(() => this.memo.delete(key));
    return checking;
  }

  private get reuse(): CheckReuse | undefined {
    return this.tools.reuse;
  }

  /** The target's last check when the decision allows it and DNS still gives the answers it was made with (that DNS lookup is still made); else asked. */
  private async reuseOrAsk(key: string, run: () => Promise<TargetFacts>, use: CheckUse): Promise<TargetFacts> {
    const last = this.reuse?.lastCheck(key);
    const questions = this.reuse && reusableIf(last, use, this.now(), this.reuse.windowMs);
    if (last && questions && sameDnsAnswers(questions, await this.tools.dns.answersTo(questions))) {
      this.counts.reused++;
      this.reusedAs.set(key, use);
      return last;
    }
    return this.ask(key, run);
  }

  /** Asks a target afresh, within the crawl's bound. */
  private ask(key: string, run: () => Promise<TargetFacts>): Promise<TargetFacts> {
    this.reusedAs.delete(key);
    if (this.asked >= this.limits.maxTargetsPerCrawl) {
      return Promise.resolve({ kind: "skipped", target: key, why: `past the ${this.limits.maxTargetsPerCrawl} targets checked per crawl` });
    }
    this.asked++;
    this.askedKeys.add(key);
    if (key.startsWith(targetKey("mail", ""))) this.counts.lookups++;
    else this.counts.requests++;
    return run();
  }

  private async askDomain(domain: string): Promise<TargetFacts> {
    const checkedAt = this.now().toISOString();
    // Where the domain's server is, as DNS says now: what a later crawl must find unchanged to reuse this check.
    const [ours, dns] = await Promise.all([
      this.tools.session.request(domain, xml("query", { xmlns: NS_DISCO_INFO }), this.tools.iqTimeoutMs),
      this.tools.dns.serverOf(domain),
    ]);
    // A domain our own server cannot reach is asked through the other vantages (they decide whether
    // this failure is worth it, as for a probe): it works if one reaches it.
    const second = isReachable(classifyAnswer(ours).outcome) ? undefined : await this.tools.elsewhere?.(domain, ours);
    const answer = second?.answer ?? ours;
    const { outcome, error } = classifyAnswer(answer);
    const identities = answer.kind === "stanza" && outcome === "ok" ? parseDiscoInfo(answer.stanza, new Limits()).identities : [];
    const facts = { ...this.domainFacts(domain, checkedAt, outcome, error?.condition, isConferenceService(identities), rawOf(answer)), ...(dns && { dns }) };
    return second ? { ...facts, failedFrom: second.failed } : facts;
  }

  private domainFacts(
    domain: string,
    checkedAt: string,
    outcome: XmppDomainFacts["outcome"],
    condition: string | undefined,
    conference: boolean,
    raw: string | undefined,
  ): XmppDomainFacts {
    return {
      kind: "xmpp-domain",
      target: domain,
      checkedAt,
      outcome,
      condition,
      conference,
      record: raw === undefined ? undefined : { key: recordKey("disco-info", domain), kind: "disco-info", subject: domain, raw },
    };
  }

  private async askRoom(room: string): Promise<TargetFacts> {
    const checkedAt = this.now().toISOString();
    const [answer, dns] = await Promise.all([
      this.tools.session.request(room, xml("query", { xmlns: NS_DISCO_INFO }), this.tools.iqTimeoutMs),
      this.tools.dns.serverOf(room.slice(room.indexOf("@") + 1)),
    ]);
    const { outcome, error } = classifyAnswer(answer);
    const info = answer.kind === "stanza" && outcome === "ok" ? parseDiscoInfo(answer.stanza, new Limits()) : undefined;
    const has = (feature: string) => info?.features.includes(feature);
    const either = (yes: string, no: string) => (has(yes) ? true : has(no) ? false : undefined);
    return {
      kind: "xmpp-room",
      target: room,
      checkedAt,
      outcome,
      condition: error?.condition,
      isRoom: info ? isConferenceService(info.identities) : false,
      public: either("muc_public", "muc_hidden"),
      membersOnly: either("muc_membersonly", "muc_open"),
      passwordProtected: either("muc_passwordprotected", "muc_unsecured"),
      record: { key: recordKey("disco-info", room), kind: "disco-info", subject: room, raw: rawOf(answer) },
      ...(dns && { dns }),
    };
  }

  private async mailFacts(domain: string): Promise<TargetFacts> {
    const checkedAt = this.now().toISOString();
    const { answers, raw } = await this.tools.dns.mail(domain);
    return {
      kind: "mail",
      target: domain,
      checkedAt,
      // Mail hosts count only on addresses the web checks may reach too: one guard decides for both.
      verdict: judgeMailDomain(domain, answers, (address) => this.tools.web.permits(address)),
      record: { key: recordKey("dns", domain), kind: "dns", subject: domain, raw },
    };
  }

  private async webFacts(url: string, readBody: boolean): Promise<TargetFacts> {
    const startedAt = this.now().toISOString();
    const { raw, refusedAt, ...result } = await this.tools.web.get(url, readBody, this.refused);
    // Answered from a refusal seen earlier in this crawl: the check is that attempt, and keeps its time.
    const checkedAt = refusedAt ?? startedAt;
    // The addresses of the hosts it asked, as DNS gives them now (the web client's own lookups, still in the DNS client's cache).
    const hosts = [...new Set([url, result.finalUrl].map((u) => URL.parse(u)?.hostname.replace(/^\[|\]$/g, "") ?? ""))].filter((h) => h !== "" && !isIP(h));
    const dns = await this.tools.dns.answersTo(hosts.map((name) => ({ type: "addresses" as const, name })));
    return { kind: "web", target: url, checkedAt, ...result, record: { key: recordKey("http", url), kind: "http", subject: url, raw }, ...(dns && { dns }) };
  }
}

const rawOf = (answer: IqAnswer) => (answer.kind === "stanza" ? answer.raw : undefined);
