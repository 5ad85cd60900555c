// The authbot mode: the observatory's account sits in operators' rooms and, when someone joins,
// probes their domain afresh and grants membership if the domain lists them
// (operators/authbot.ts decides). It never revokes. A refusal is explained to the joiner alone, in a
// private message, never in the room. Every decision is logged and stored with its probe. A
// joiner's domain goes through the one domain check, and its probe draws on the budget the chat's
// checks share (chat/probe-budget.ts): joiners are strangers too.
import xml from "@xmpp/xml";
import { LRUCache } from "lru-cache";
import type { Element } from "@xmpp/xml";
import type { DomainReport } from "../contract.ts";
import type { Logger } from "../log.ts";
import { AUTHBOT } from "../politeness.ts";
import { domainOfJid } from "../model/domain.ts";
import { decideMembership, type Decision, type MembershipRule } from "../operators/authbot.ts";
import type { Store } from "../store/store.ts";
import { cannotServe, NS_MUC, NS_MUC_ADMIN, readRoomPresence, type RoomPresence } from "../xmpp/muc.ts";
import type { XmppSession } from "../xmpp/session.ts";
import { RateLimit } from "./rate-limit.ts";
import { BUDGET_WORDS, ProbeBudget } from "./probe-budget.ts";
import { pageOf } from "./replies.ts";
import { formatInstant } from "../model/dates.ts";
import { canonicalBare } from "../model/jid.ts";

export interface AuthbotOptions {
  rooms: string[];
  rule: MembershipRule;
  nick: string;
  siteUrl: string;
}

/** A fresh probe of a domain, stored; its report and the stored probe's id. */
export type FreshProbe = (domain: string) => Promise<{ report: DomainReport; probeId: number }>;

export class AuthbotRoomError extends Error {
  override name = "AuthbotRoomError";
}

interface Recent {
  at: number;
  result: Promise<{ report: DomainReport; probeId: number }>;
}

export class Authbot {
  private readonly rooms: Set<string>;
  /** The newest probe of each domain, for AUTHBOT.reuseMs; past maxRemembered, the domain asked about longest ago is forgotten. */
  private readonly recent = new LRUCache<string, Recent>({ max: AUTHBOT.maxRemembered });
  private readonly joined = new Map<string, (presence: RoomPresence) => void>();
  /** Who is in each room, by nickname: a presence update of someone already in is not a join. */
  private readonly present = new Map<string, Set<string>>();
  /**
   * One JID in one room is decided at most once per AUTHBOT.reuseMs, as long as its domain's probe
   * holds: joining and leaving in a loop would otherwise add a stored decision and a log line each time.
   */
  private readonly decided = new RateLimit(1, AUTHBOT.reuseMs, AUTHBOT.maxRemembered);
  /** A refusal is explained to one JID in one room at most once per AUTHBOT.explainEveryMs, however often they rejoin. */
  private readonly explained = new RateLimit(1, AUTHBOT.explainEveryMs, AUTHBOT.maxRemembered);

  constructor(
    private readonly session: XmppSession,
    private readonly store: Store,
    private readonly logger: Logger,
    private readonly probe: FreshProbe,
    private readonly options: AuthbotOptions,
    /** Shared with the chat in the same process (schedule/daemon.ts openInbox). */
    private readonly budget: ProbeBudget = new ProbeBudget(),
  ) {
    this.rooms = new Set(options.rooms.map((r) => canonicalBare(r) ?? r.toLowerCase()));
  }

  /** Joins every room; throws AuthbotRoomError, saying why, when one cannot be served. Rejoins after a reconnect. */
  async start(): Promise<void> {
    this.session.on("presence", (stanza: Element) => this.onPresence(stanza));
    for (const room of this.rooms) await this.join(room);
    this.session.on("online", () => {
      for (const room of this.rooms) this.join(room).catch((error: Error) => this.logger.log("error", "authbot-rejoin-failed", { room, error: error.message }));
    });
  }

  private async join(room: string): Promise<void> {
    this.present.set(room, new Set());
    const answer = new Promise<RoomPresence>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new AuthbotRoomError(`${room} did not answer our join within ${AUTHBOT.joinTimeoutMs / 1000} s`)),
        AUTHBOT.joinTimeoutMs,
      );
      this.joined.set(room, (presence) => {
        clearTimeout(timer);
        resolve(presence);
      });
    });
    await this.session.sendPresence(`${room}/${this.options.nick}`, xml("x", { xmlns: NS_MUC }, xml("history", { maxstanzas: "0" })));
    const presence = await answer.finally(() => this.joined.delete(room));
    if (presence.kind === "error") throw new AuthbotRoomError(`cannot join ${room}: ${presence.condition}`);
    if (presence.kind !== "self") throw new AuthbotRoomError(`cannot join ${room}: an unexpected answer`);
    const problem = cannotServe(presence);
    if (problem) throw new AuthbotRoomError(`cannot serve ${room}: ${problem}`);
    this.logger.log("info", "authbot-joined", { room, affiliation: presence.affiliation, rule: this.options.rule });
  }

  private onPresence(stanza: Element): void {
    const presence = readRoomPresence(stanza, this.rooms);
    if (!presence) return;
    const waiting = this.joined.get(presence.room);
    if (waiting && (presence.kind === "self" || presence.kind === "error")) return waiting(presence);
    const present = this.present.get(presence.room);
    if (presence.kind === "left") present?.delete(presence.nick);
    if (presence.kind !== "occupant" || !present || present.has(presence.nick)) return;
    present.add(presence.nick);
    // Those already in the room when we joined are not joining now; of the others, someone
    // without an affiliation has joined, and the room told us who they are.
    if (waiting || presence.affiliation !== "none" || !presence.realJid) return;
    const { room, nick, realJid } = presence;
    if (!this.decided.take(`${room}\u0000${realJid}`, Date.now()).ok) return;
    // Under authbot's rule, the JID is read as authbot reads it: the room's item, stringprepped.
    const joiner = this.options.rule === "authbot" ? (presence.itemJid ?? realJid) : realJid;
    void this.decide(room, nick, realJid, joiner).catch((error: Error) =>
      this.logger.log("error", "authbot-error", { room, jid: realJid, error: error.message }),
    );
  }

  /**
   * One probe per domain at a time, its result reused for AUTHBOT.reuseMs: a flood of joins probes
   * each domain once. A new probe takes its place in the budget, or is refused with why.
   */
  private freshProbe(domain: string): { ok: true; result: Promise<{ report: DomainReport; probeId: number }> } | { ok: false; reason: string } {
    const now = Date.now();
    const recent = this.recent.get(domain);
    if (recent && now - recent.at < AUTHBOT.reuseMs) return { ok: true, result: recent.result };
    const admitted = this.budget.take(!this.store.domains.isListed(domain), now);
    if (!admitted.ok)
      return {
        ok: false,
        reason:
          admitted.cap === "probes"
            ? `I am probing many domains right now (${BUDGET_WORDS.probes}); rejoin after ${formatInstant(new Date(admitted.retryAt).toISOString())}.`
            : `${domain} is new to me, and I take ${BUDGET_WORDS.newDomains}; ask the operator of this observatory to add it, or rejoin tomorrow.`,
      };
    const result = this.probe(domain);
    this.recent.set(domain, { at: now, result });
    result.catch(() => this.recent.delete(domain));
    return { ok: true, result };
  }

  private async decide(room: string, nick: string, jid: string, joiner: string): Promise<void> {
    const checked = domainOfJid(jid);
    // A domainpart that is no domain (an IP address) has no page, and is never asked.
    const domain = checked.ok ? checked.domain : checked.domainpart;
    const page = checked.ok ? ` ${pageOf(this.options.siteUrl, domain)}` : "";
    const probe = !checked.ok
      ? { ok: false as const, reason: `Your domain cannot be asked: ${checked.reason}.` }
      : this.store.domains.isOptedOut(domain)
        ? { ok: false as const, reason: `${domain} opted out of this observatory, so I do not probe it.` }
        : this.freshProbe(domain);
    let probed: { report: DomainReport; probeId: number } | undefined;
    let decision: Decision;
    if (probe.ok) {
      probed = await probe.result;
      decision = decideMembership(probed.report, joiner, this.options.rule);
    } else decision = { grant: false, reason: probe.reason };
    const decidedAt = new Date().toISOString();
    this.store.chat.recordAuthbotDecision({
      room,
      jid,
      domain,
      decidedAt,
      granted: decision.grant,
      ...(decision.grant ? { fields: decision.fields } : { reason: decision.reason }),
      ...(probed && { probeId: probed.probeId }),
    });
    this.logger.log("info", decision.grant ? "authbot-granted" : "authbot-refused", {
      room,
      jid,
      ...(decision.grant ? { fields: decision.fields } : { reason: decision.reason }),
    });
    if (decision.grant) {
      const answer = await this.session.request(
        room,
        xml(
          "query",
          { xmlns: NS_MUC_ADMIN },
          xml("item", { affiliation: "member", jid }, xml("reason", {}, `listed by ${domain} in ${decision.fields.join(", ")}`)),
        ),
        AUTHBOT.probeTimeoutMs,
        "set",
      );
      if (answer.kind !== "stanza" || answer.stanza.attrs.type !== "result") this.logger.log("error", "authbot-grant-failed", { room, jid });
      return;
    }
    if (!this.explained.take(`${room}\u0000${jid}`, Date.now()).ok) return;
    await this.session.sendPrivate(
      `${room}/${nick}`,
      `I cannot make you a member of ${room}: ${decision.reason} The room grants membership to operators their server lists.${page}`,
    );
  }
}
