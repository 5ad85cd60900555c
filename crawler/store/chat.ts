// What the chat keeps in the store: watches (who hears of a domain's changes after each crawl) and
// the authbot mode's decision log. A section of the one connection (store.ts).
import type { Change } from "../contract.ts";
import type { Store } from "./store.ts";

export interface AuthbotDecisionRow {
  room: string;
  jid: string;
  domain: string;
  decidedAt: string;
  granted: boolean;
  fields?: string[];
  reason?: string;
  probeId?: number;
}

export class ChatRecords {
  constructor(private readonly store: Store) {}

  /** `jid` watches `domain` from now on, unless it already watches `most` domains. */
  addWatch(jid: string, domain: string, most: number, now = new Date().toISOString()): "added" | "already" | "full" {
    return this.store.transaction(() => {
      if (this.store.sql("SELECT 1 FROM watches WHERE jid = ? AND domain = ?").get(jid, domain)) return "already";
      if (this.watchesOf(jid).length >= most) return "full";
      this.store.sql("INSERT INTO watches (jid, domain, since) VALUES (?, ?, ?)").run(jid, domain, now);
      return "added";
    });
  }

  removeWatch(jid: string, domain: string): boolean {
    return this.store.sql("DELETE FROM watches WHERE jid = ? AND domain = ?").run(jid, domain).changes > 0;
  }

  /** The domains `jid` watches, in order. */
  watchesOf(jid: string): string[] {
    return (this.store.sql("SELECT domain FROM watches WHERE jid = ? ORDER BY domain").all(jid) as Array<{ domain: string }>).map((r) => r.domain);
  }

  /** Every watch, for the observatory's operator (`observatory watches`). */
  allWatches(): Array<{ jid: string; domain: string; since: string }> {
    return this.store.sql("SELECT jid, domain, since FROM watches ORDER BY domain, jid").all() as Array<{ jid: string; domain: string; since: string }>;
  }

  /** What each watcher is told after crawl `crawlId` (one probe per domain): one notice per watched domain whose probe changed something. */
  watchNotices(crawlId: number): Array<{ jid: string; domain: string; probedAt: string; changes: Change[] }> {
    const rows = this.store
      .sql(
        `SELECT w.jid, p.domain, p.probed_at, p.changes FROM watches w JOIN probes p ON p.domain = w.domain
       WHERE p.crawl_id = ? AND p.changes <> '[]' ORDER BY w.jid, p.domain, p.probed_at`,
      )
      .all(crawlId) as Array<{ jid: string; domain: string; probed_at: string; changes: string }>;
    return rows.map((r) => ({ jid: r.jid, domain: r.domain, probedAt: r.probed_at, changes: JSON.parse(r.changes) as Change[] }));
  }

  /** Records a decision of the authbot mode, with the probe it was made on. */
  recordAuthbotDecision(decision: AuthbotDecisionRow): void {
    this.store
      .sql("INSERT INTO authbot_decisions (room, jid, domain, decided_at, granted, fields, reason, probe_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
      .run(
        decision.room,
        decision.jid,
        decision.domain,
        decision.decidedAt,
        Number(decision.granted),
        decision.fields ? JSON.stringify(decision.fields) : null,
        decision.reason ?? null,
        decision.probeId ?? null,
      );
  }

  /** The authbot mode's decisions, newest first. */
  authbotDecisions(limit = 1000): AuthbotDecisionRow[] {
    const rows = this.store
      .sql("SELECT room, jid, domain, decided_at, granted, fields, reason, probe_id FROM authbot_decisions ORDER BY decided_at DESC, id DESC LIMIT ?")
      .all(limit) as Array<{
      room: string;
      jid: string;
      domain: string;
      decided_at: string;
      granted: number;
      fields: string | null;
      reason: string | null;
      probe_id: number | null;
    }>;
    return rows.map((r) => ({
      room: r.room,
      jid: r.jid,
      domain: r.domain,
      decidedAt: r.decided_at,
      granted: r.granted === 1,
      ...(r.fields !== null && { fields: JSON.parse(r.fields) as string[] }),
      ...(r.reason !== null && { reason: r.reason }),
      ...(r.probe_id !== null && { probeId: r.probe_id }),
    }));
  }
}
