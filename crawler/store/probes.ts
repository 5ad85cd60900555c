// The store's probes: each written with everything read from it and the judgement it is given
// (crawl/record.ts judges, and judges again what older rules judged), the reads of their reports and evidence that the crawler needs, and
// retention. The site's reads are queries.ts. A section of the one connection (store.ts).
import { type DomainReport, type Judgement, type JudgedProbe } from "../contract.ts";
import { KEEP_CHANGED_PROBES } from "../politeness.ts";
import type { TargetFacts } from "../model/contact-target.ts";
import type { Discovered, DiscoveryBounds } from "./domains.ts";
import { answerHash } from "./migrations.ts";
import { contentHash, reportFromStored, reportWithTimesOf, storedForm, type EvidenceRow } from "./probe-content.ts";
import type { Store } from "./store.ts";

export interface StoredEvidence {
  jid: string;
  kind: string;
  /** The answer as kept (without its id and to), or null when none came within our limit. */
  xml: string | null;
  /** What reading the answer left out (IqAnswer.cut). */
  cut: string[];
}

/** One probe of a crawl's batch: the probe judged, how many attempts it took, and the domains it named. */
export interface CrawlWrite {
  result: JudgedProbe;
  attempts: number;
  found: Discovered[];
}

/**
 * SQL: the answer whose hash is `hash` (an expression) is used by nothing any more: no probe's
 * evidence and no last check points to it. The one statement of what keeps an answer: a table that
 * comes to point at answers is added here.
 */
const unusedAnswer = (hash: string) =>
  `NOT EXISTS (SELECT 1 FROM evidence WHERE evidence.answer = ${hash}) AND NOT EXISTS (SELECT 1 FROM last_checks WHERE last_checks.answer = ${hash})`;

export class Probes {
  constructor(private readonly store: Store) {}

  /**
   * A batch of one crawl's finished probes, in one transaction: each whose domain has not opted
   * out meanwhile is recorded, with the new domains it named (domains.addDiscovered). All or nothing:
   * when the write fails, none of the batch is kept (the crawl then writes its probes one at a time).
   */
  recordBatch(crawlId: number, batch: readonly CrawlWrite[], bounds: DiscoveryBounds): Array<{ stored: boolean; added: number; dropped: number }> {
    const now = new Date().toISOString();
    return this.store.transaction(() =>
      batch.map(({ result, attempts, found }) => {
        if (this.store.domains.isOptedOut(result.report.domain)) return { stored: false, added: 0, dropped: 0 };
        // Inside the batch's transaction: a transaction of its own would be a savepoint per probe.
        this.write(crawlId, result, attempts);
        return { stored: true, ...this.store.domains.writeDiscovered(crawlId, found, bounds, now) };
      }),
    );
  }

  /** Records one probe, as judged (crawl/record.ts), with everything read from it, in one transaction. */
  record(crawlId: number | null, result: JudgedProbe, attempts = 1): number {
    return this.store.transaction(() => this.write(crawlId, result, attempts));
  }

  /** One probe's rows, in the caller's transaction. */
  private write(crawlId: number | null, result: JudgedProbe, attempts: number): number {
    const { report, evidence } = result;
    const addAnswer = this.store.sql("INSERT OR IGNORE INTO answers (hash, xml) VALUES (?, ?)");
    const probeId = Number(
      this.store
        .sql(
          `INSERT INTO probes (crawl_id, domain, probed_at, duration_ms, attempts, outcome, error_condition, error_type, error_text, error_by,
           software_name, software_version, software_os, serverinfo_forms, errors, warnings, infos,
           level, authbot_ready, publishes_administrators, has_abuse_contact, abuse_contact_works, every_contact_works, content_id, report_times, changes, rules_version)
         VALUES (@crawl_id, @domain, @probed_at, @duration_ms, @attempts, @outcome, @error_condition, @error_type, @error_text, @error_by,
           @software_name, @software_version, @software_os, @serverinfo_forms, @errors, @warnings, @infos,
           @level, @authbot_ready, @publishes_administrators, @has_abuse_contact, @abuse_contact_works, @every_contact_works, @content_id, @report_times, @changes, @rules_version)`,
        )
        .run({
          crawl_id: crawlId,
          domain: report.domain,
          probed_at: report.probedAt,
          duration_ms: report.durationMs,
          attempts,
          software_name: report.software?.name ?? null,
          software_version: report.software?.version ?? null,
          software_os: report.software?.os ?? null,
          serverinfo_forms: report.serverinfo.forms,
          ...outcomeColumns(report),
          ...this.contentColumns(report, () => {
            // Hashed here, stored only with a new content (an answer a content points to stays while it does).
            const answers = evidence.map((e) => (e.raw === undefined ? null : answerHash(e.raw)));
            const rows = evidence.map((e, i): EvidenceRow => [
              e.jid,
              e.kind,
              answers[i]!,
              e.cut && e.cut.length > 0 ? JSON.stringify(e.cut) : null,
              e.vantage ?? null,
            ]);
            return { rows, store: () => evidence.forEach((e, i) => answers[i] !== null && addAnswer.run(answers[i], e.raw)) };
          }),
          ...judgementColumns(result),
        }).lastInsertRowid,
    );
    const addVantage = this.store.sql(
      `INSERT INTO probe_vantages (probe_id, position, vantage, outcome, error_condition, error_type, error_text, error_by, reached_via)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    (report.vantages ?? []).forEach((v, i) =>
      addVantage.run(
        probeId,
        i,
        v.vantage,
        v.outcome,
        v.error?.condition ?? null,
        v.error?.type ?? null,
        v.error?.text ?? null,
        v.error?.by ?? null,
        Number(v.vantage === report.via),
      ),
    );
    this.writeOperators(probeId, result.operators);
    if (crawlId !== null) {
      // A reused check is the store's last check already, where a resumed crawl finds it again (about
      // half a crawl's targets: each row holds the check's raw record, and is deleted when the crawl finishes).
      const addTarget = this.store.sql("INSERT OR IGNORE INTO crawl_checks (crawl_id, key, facts) VALUES (?, ?, ?)");
      for (const t of result.targets ?? []) if (!t.reused) addTarget.run(crawlId, t.key, JSON.stringify(t.facts));
    }
    // Each target asked afresh is its last check now, whatever it found: a newer check, broken or not, replaces an older one.
    const keepCheck = this.store.sql(
      `INSERT INTO last_checks (key, checked_at, facts, answer) VALUES (?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET checked_at = excluded.checked_at, facts = excluded.facts, answer = excluded.answer
       WHERE excluded.checked_at >= last_checks.checked_at`,
    );
    const lastAnswer = this.store.sql("SELECT answer FROM last_checks WHERE key = ?");
    // The answer a last check no longer points to (replaced, or a check older than the kept one):
    // deleted here if nothing else uses it, since forgetChecksBefore looks only at the answers it forgets.
    const dropped = new Set<string>();
    for (const t of result.targets ?? []) {
      if (!t.remember) continue;
      const facts = t.facts as TargetFacts;
      if (facts.kind === "skipped") continue;
      const raw = facts.record?.raw;
      const hash = raw === undefined ? null : answerHash(raw);
      if (hash !== null) addAnswer.run(hash, raw);
      const before = (lastAnswer.get(t.key) as { answer: string | null } | undefined)?.answer ?? null;
      const kept = keepCheck.run(
        t.key,
        facts.checkedAt,
        JSON.stringify(facts.record ? { ...facts, record: { ...facts.record, raw: undefined } } : facts),
        hash,
      );
      const [pointed, unpointed] = kept.changes > 0 ? [hash, before] : [before, hash];
      if (unpointed !== null && unpointed !== pointed) dropped.add(unpointed);
    }
    this.deleteIfUnused(dropped);
    return probeId;
  }

  /**
   * A probe's content columns (store/probe-content.ts): the id of its content, stored with its
   * evidence rows (and `evidence().store()`, their answers) if no probe has it yet, and the
   * report's own times; in the caller's transaction.
   */
  private contentColumns(report: DomainReport, evidence: () => { rows: EvidenceRow[]; store: () => void }): { content_id: number; report_times: string } {
    const form = storedForm(report);
    const { rows, store } = evidence();
    const hash = contentHash(form.hash, rows);
    let id = this.store.sql("SELECT id FROM probe_contents WHERE hash = ?").pluck().get(hash) as number | undefined;
    if (id === undefined) {
      store();
      id = Number(this.store.sql("INSERT INTO probe_contents (hash, body_hash, body) VALUES (?, ?, ?)").run(hash, form.hash, form.body).lastInsertRowid);
      const addEvidence = this.store.sql("INSERT INTO evidence (content_id, position, jid, kind, answer, cut, vantage) VALUES (?, ?, ?, ?, ?, ?, ?)");
      rows.forEach((row, position) => addEvidence.run(id, position, ...row));
    }
    return { content_id: id, report_times: form.times };
  }

  /** A page of the probes a crawl has stored, in the order they were written: those after probe `afterId`, at most `limit` (so that a crawl of any size is read in bounded memory). */
  crawlProbesAfter(crawlId: number, afterId: number, limit: number): Array<{ id: number; report: DomainReport }> {
    return (
      this.store
        .sql(
          `SELECT p.id, c.body, p.report_times FROM probes p JOIN probe_contents c ON c.id = p.content_id WHERE p.crawl_id = ? AND p.id > ? ORDER BY p.id LIMIT ?`,
        )
        .all(crawlId, afterId, limit) as Array<{ id: number } & ReportColumns>
    ).map((r) => ({ id: r.id, report: reportOf(r) }));
  }

  /**
   * Writes a stored probe again with its report judged anew (crawl/record.ts: a crawl that found our
   * own server sick only at its end), in one transaction: its outcome, report (with its findings), verdict,
   * history and operators. What was asked and answered (its evidence and vantages) stays.
   */
  rewriteJudgement(probeId: number, result: JudgedProbe): void {
    this.store.transaction(() => {
      this.store
        .sql(
          `UPDATE probes SET outcome = @outcome, error_condition = @error_condition, error_type = @error_type, error_text = @error_text,
             error_by = @error_by, content_id = @content_id, report_times = @report_times, ${JUDGEMENT_ASSIGNMENTS} WHERE id = @id`,
        )
        .run({
          id: probeId,
          ...outcomeColumns(result.report),
          ...this.contentColumns(result.report, () => ({ rows: this.evidenceRows(probeId), store: () => {} })),
          ...judgementColumns(result),
        });
      this.store.sql("DELETE FROM operator_jids WHERE probe_id = ?").run(probeId);
      this.writeOperators(probeId, result.operators);
    });
  }

  /** A stored probe's evidence rows, as its content keeps them (their answers stored already). */
  private evidenceRows(probeId: number): EvidenceRow[] {
    return this.store
      .sql("SELECT e.jid, e.kind, e.answer, e.cut, e.vantage FROM probes p JOIN evidence e ON e.content_id = p.content_id WHERE p.id = ? ORDER BY e.position")
      .raw()
      .all(probeId) as EvidenceRow[];
  }

  /** A probe's rows in the operator index, in the caller's transaction. */
  private writeOperators(probeId: number, operators: readonly string[]): void {
    const addOperator = this.store.sql("INSERT INTO operator_jids (probe_id, jid) VALUES (?, ?)");
    for (const jid of operators) addOperator.run(probeId, jid);
  }

  /**
   * Judges again, with `judge`, up to `limit` of the probes that rules older than `rulesVersion`
   * judged: their verdict columns, changes and operator index. One transaction holding the write
   * lock, and each probe's version is written with its judgement: a kill leaves each probe judged
   * wholly by the old rules or wholly by the new, and the next call goes on with the rest. Only the
   * judgement is written, never the report, so the order does not matter. Returns how many it judged: fewer than
   * `limit` when none is left.
   */
  rejudge(rulesVersion: number, judge: (stored: StoredReport) => Judgement, limit: number): number {
    // Ids first, through the index: sorting whole rows would carry every report through the sorter.
    const stale = this.store.sql("SELECT id FROM probes WHERE rules_version < ? ORDER BY rules_version, id LIMIT ?");
    const stored = this.store.sql(
      "SELECT p.domain, p.probed_at, r.body, p.report_times FROM probes p JOIN probe_contents r ON r.id = p.content_id WHERE p.id = ?",
    );
    const before = this.store.sql(
      `SELECT r.body, p.report_times FROM probes p JOIN probe_contents r ON r.id = p.content_id
       WHERE p.domain = ? AND (p.probed_at, p.id) < (?, ?) ORDER BY p.probed_at DESC, p.id DESC LIMIT 1`,
    );
    const update = this.store.sql(`UPDATE probes SET ${JUDGEMENT_ASSIGNMENTS} WHERE id = @id`);
    const dropOperators = this.store.sql("DELETE FROM operator_jids WHERE probe_id = ?");
    return this.store.exclusively(() => {
      const ids = (stale.all(rulesVersion, limit) as Array<{ id: number }>).map((r) => r.id);
      for (const id of ids) {
        const row = stored.get(id) as { domain: string; probed_at: string } & ReportColumns;
        const previous = before.get(row.domain, row.probed_at, id) as ReportColumns | undefined;
        const judgement = judge({ report: reportOf(row), previous: previous && reportOf(previous) });
        // A judgement older than asked would leave the probe to be picked again, for ever.
        if (judgement.rulesVersion < rulesVersion) throw new Error(`judged by rules version ${judgement.rulesVersion}, older than ${rulesVersion}`);
        update.run({ id, ...judgementColumns(judgement) });
        dropOperators.run(id);
        this.writeOperators(id, judgement.operators);
      }
      return ids.length;
    });
  }

  /**
   * The report of `report`'s domain before it (probed before it, or at its instant and written
   * earlier); `before`: a stored probe's own id, when that probe is judged again. When its body is
   * `report`'s (nothing changed but the times), it is made from `report` with its own times,
   * without reading that body.
   */
  previousReport(report: DomainReport, before = Number.MAX_SAFE_INTEGER): DomainReport | undefined {
    const row = this.previousRow(report, before);
    if (!row) return undefined;
    // No body: it is report's (nothing changed but the times).
    if (row.body === null) return reportWithTimesOf(report, row.report_times);
    return reportOf({ body: row.body, report_times: row.report_times });
  }

  /**
   * What a new probe is compared with (judge/changes.ts): previousReport, but `report` itself when
   * the previous found the same (only the times differ, which no change is about), neither its body
   * read nor a copy made.
   */
  reportToCompare(report: DomainReport, before = Number.MAX_SAFE_INTEGER): DomainReport | undefined {
    const row = this.previousRow(report, before);
    if (!row) return undefined;
    return row.body === null ? report : reportOf({ body: row.body, report_times: row.report_times });
  }

  /** The previous probe's row (previousReport): its body, or null when it is `report`'s, and its times. */
  private previousRow(report: DomainReport, before: number): { body: string | null; report_times: string } | undefined {
    // One statement: judging runs outside the crawl's transactions, and another process's write
    // (a check's rejudging, an opt-out's purge) may delete a content between two.
    return this.store
      .sql(
        `SELECT CASE WHEN r.body_hash = ? THEN NULL ELSE r.body END AS body, p.report_times FROM probes p JOIN probe_contents r ON r.id = p.content_id
         WHERE p.domain = ? AND p.probed_at <= ? AND p.id < ? ORDER BY p.probed_at DESC, p.id DESC LIMIT 1`,
      )
      .get(storedForm(report).hash, report.domain, report.probedAt, before) as { body: string | null; report_times: string } | undefined;
  }

  /** The newest report of a domain, from a crawl or a check. */
  latestReport(domain: string): DomainReport | undefined {
    const row = this.store
      .sql("SELECT r.body, p.report_times FROM latest_probes p JOIN probe_contents r ON r.id = p.content_id WHERE p.domain = ?")
      .get(domain) as ReportColumns | undefined;
    return row && reportOf(row);
  }

  /** The reports of one crawl, by domain. */
  crawlReports(crawlId: number): DomainReport[] {
    return (
      this.store
        .sql("SELECT r.body, p.report_times FROM probes p JOIN probe_contents r ON r.id = p.content_id WHERE p.crawl_id = ? ORDER BY p.domain")
        .all(crawlId) as ReportColumns[]
    ).map(reportOf);
  }

  /** The raw answers behind a domain's probe in a crawl, in the order they were asked. */
  evidenceOf(crawlId: number, domain: string): StoredEvidence[] {
    const rows = this.store
      .sql(
        `SELECT e.jid, e.kind, a.xml, e.cut FROM evidence e JOIN probes p ON p.content_id = e.content_id LEFT JOIN answers a ON a.hash = e.answer
       WHERE p.crawl_id = ? AND p.domain = ? AND e.vantage IS NULL ORDER BY e.position`,
      )
      .all(crawlId, domain) as Array<{ jid: string; kind: string; xml: string | null; cut: string | null }>;
    return rows.map((r) => ({ jid: r.jid, kind: r.kind, xml: r.xml, cut: r.cut === null ? [] : (JSON.parse(r.cut) as string[]) }));
  }

  /** Each vantage's outcome in a domain's probe of a crawl (none when only our own server asked), ours first, with its failed answers' raw XML. */
  vantagesOf(crawlId: number, domain: string): Array<{ vantage: string; outcome: string; errorText: string | null; reachedVia: boolean; xml: string[] }> {
    const rows = this.store
      .sql(
        `SELECT v.vantage, v.outcome, v.error_text AS errorText, v.reached_via AS reachedVia, p.id AS probeId FROM probe_vantages v JOIN probes p ON p.id = v.probe_id
       WHERE p.crawl_id = ? AND p.domain = ? ORDER BY v.position`,
      )
      .all(crawlId, domain) as Array<{ vantage: string; outcome: string; errorText: string | null; reachedVia: number; probeId: number }>;
    const answers = this.store.sql(
      `SELECT a.xml FROM probes p JOIN evidence e ON e.content_id = p.content_id JOIN answers a ON a.hash = e.answer WHERE p.id = ? AND e.vantage = ? ORDER BY e.position`,
    );
    return rows.map((r) => ({
      vantage: r.vantage,
      outcome: r.outcome,
      errorText: r.errorText,
      reachedVia: r.reachedVia === 1,
      xml: (answers.all(r.probeId, r.vantage) as Array<{ xml: string }>).map((a) => a.xml),
    }));
  }

  /**
   * Retention: deletes the probes that changed nothing (the same as the domain's probe before them)
   * and the changed ones past each domain's newest `keepChanged`, except each domain's newest
   * `keepLast` and those of an unfinished crawl, then the answers no probe uses any more. The
   * newest probes stay for the dormancy count. With `crawlId`, only the domains that crawl probed
   * and those probed by a check (no crawl) are looked at: a domain's probes are ranked anew only
   * when it gains one, and an unfinished crawl's stay until it is the crawl that finished. Without
   * it, every domain (what a changed keepLast or keepChanged needs). Returns what was deleted.
   */
  pruneHistory(keepLast: number, keepChanged: number = KEEP_CHANGED_PROBES, crawlId?: number): { probes: number; answers: number } {
    const domains =
      crawlId === undefined
        ? this.store.sql("SELECT DISTINCT domain FROM probes")
        : this.store.sql("SELECT domain FROM probes WHERE crawl_id = @crawlId UNION SELECT domain FROM probes WHERE crawl_id IS NULL");
    // Each statement reads one domain's entries in probes_for_retention alone (migration 20):
    // neither the table nor a report is read. How many probes it keeps, and how many changed:
    const counts = this.store.sql("SELECT COUNT(*) AS probes, COUNT(*) - COALESCE(SUM(changes = '[]'), 0) AS changed FROM probes WHERE domain = ?");
    // With no more changed probes than keepChanged, only the unchanged ones past the newest keepLast
    // can go (newest first, the higher id first at the same instant): found by SQLite, which still
    // reads each of the domain's index entries (and sorts by id within an instant), but returns only
    // those to JS, instead of a row per probe kept.
    const unchangedPast = this.store.sql(
      `SELECT id, crawl_id, content_id FROM (
         SELECT id, crawl_id, content_id, changes = '[]' AS unchanged FROM probes INDEXED BY probes_for_retention WHERE domain = ?
         ORDER BY probed_at DESC, id DESC LIMIT -1 OFFSET ?)
       WHERE unchanged`,
    );
    // Else every probe of the domain, ranked in JS.
    const history = this.store.sql("SELECT probed_at, id, changes = '[]' AS unchanged, crawl_id, content_id FROM probes WHERE domain = ?");
    const running = this.store.sql("SELECT id FROM crawls WHERE status = 'running'");
    // The evidence of an authbot decision stays with it.
    const decided = this.store.sql("SELECT 1 FROM authbot_decisions WHERE probe_id = ?");
    const expired = (): Expired[] => {
      const runningCrawls = new Set((running.all() as Array<{ id: number }>).map((r) => r.id));
      const gone: Expired[] = [];
      let domain = "";
      const expire = (p: { id: number; crawl_id: number | null; content_id: number }) => {
        if ((p.crawl_id !== null && runningCrawls.has(p.crawl_id)) || decided.get(p.id) !== undefined) return;
        gone.push({ id: p.id, domain, contentId: p.content_id });
      };
      for ({ domain } of domains.all(crawlId === undefined ? {} : { crawlId }) as Array<{ domain: string }>) {
        const kept = counts.get(domain) as { probes: number; changed: number };
        if (kept.probes <= keepLast) continue;
        if (kept.changed <= keepChanged) {
          for (const p of unchangedPast.all(domain, keepLast) as Array<{ id: number; crawl_id: number | null; content_id: number }>) expire(p);
          continue;
        }
        const probes = history.all(domain) as RetentionRow[];
        // Newest first, the higher id first at the same instant.
        probes.sort((a, b) => (a.probed_at === b.probed_at ? b.id - a.id : a.probed_at < b.probed_at ? 1 : -1));
        let changed = 0;
        probes.forEach((p, i) => {
          if (!p.unchanged) changed++;
          if (i >= keepLast && (p.unchanged || changed > keepChanged)) expire(p);
        });
      }
      return gone;
    };
    // Whether another probe of the domain points to the content: if none, it goes with this one (migration 22's trigger).
    const sharedContent = this.store.sql("SELECT 1 FROM probes WHERE domain = ? AND content_id = ? AND id <> ? LIMIT 1");
    const answersOf = this.store.sql("SELECT DISTINCT answer FROM evidence WHERE content_id = ? AND answer IS NOT NULL");
    const deleteProbe = this.store.sql("DELETE FROM probes WHERE id = ?"); // its vantages and operators cascade, and its content goes if unused
    return this.store.transaction(() => {
      const gone = expired();
      // Only the answers of the deleted contents can have lost their last user: every other deletion
      // of probes (domains.ts) deletes the answers it left unused, so checking every answer after
      // each crawl, a cost that grew with the store, finds nothing more.
      const candidates = new Set<string>();
      for (const { id, domain, contentId } of gone) {
        if (sharedContent.get(domain, contentId, id) === undefined)
          for (const { answer } of answersOf.all(contentId) as Array<{ answer: string }>) candidates.add(answer);
        deleteProbe.run(id);
      }
      return { probes: gone.length, answers: this.deleteIfUnused(candidates) };
    });
  }

  /**
   * Deletes those of these answers that no probe's evidence and no last check points to any more
   * (an answer a target's last check keeps stays: a later crawl may reuse it), in the caller's
   * transaction. Returns how many.
   */
  private deleteIfUnused(hashes: Iterable<string>): number {
    const deleteIfUnused = this.store.sql(`DELETE FROM answers WHERE hash = @hash AND ${unusedAnswer("@hash")}`);
    let deleted = 0;
    for (const hash of hashes) deleted += deleteIfUnused.run({ hash }).changes;
    return deleted;
  }

  /** Deletes the answers no probe's evidence points to any more (after retention or a purge), in the caller's transaction. */
  deleteUnusedAnswers(): number {
    return this.store.sql(`DELETE FROM answers WHERE ${unusedAnswer("answers.hash")}`).run().changes;
  }

  /** The last check of a contact-check target (by its key), from a crawl or a check, with its raw record; what a crawl may reuse (rules/check-reuse.ts). */
  lastCheck(key: string): TargetFacts | undefined {
    const row = this.store.sql("SELECT l.facts, a.xml FROM last_checks l LEFT JOIN answers a ON a.hash = l.answer WHERE l.key = ?").raw().get(key) as
      LastCheckRow | undefined;
    return row && lastCheckOf(row);
  }

  /** Forgets the last checks made before `cutoff`: past the reuse window, no crawl reuses them. Returns how many. */
  forgetChecksBefore(cutoff: string): number {
    // Only the forgotten checks' answers can have lost their last user (as in pruneHistory):
    // looking at every answer in the store after each crawl was a cost that grew with the store.
    const forget = this.store.sql("DELETE FROM last_checks WHERE checked_at < ? RETURNING answer");
    return this.store.transaction(() => {
      const forgotten = forget.all(cutoff) as Array<{ answer: string | null }>;
      this.deleteIfUnused(new Set(forgotten.flatMap((r) => (r.answer === null ? [] : [r.answer]))));
      return forgotten.length;
    });
  }
}

/** A last check as stored: its facts (JSON, without the raw record) and its record's raw text. */
type LastCheckRow = [facts: string, xml: string | null];

/** The facts of a last check, with its raw record put back. */
function lastCheckOf([json, xml]: LastCheckRow): TargetFacts {
  const facts = JSON.parse(json) as TargetFacts;
  return "record" in facts && facts.record ? { ...facts, record: { ...facts.record, raw: xml ?? undefined } } : facts;
}

/** What retention reads of a probe (pruneHistory). */
interface RetentionRow {
  probed_at: string;
  id: number;
  unchanged: number;
  crawl_id: number | null;
  content_id: number;
}

/** A probe retention deletes: its domain and content, which goes with it if no other probe points to it. */
interface Expired {
  id: number;
  domain: string;
  contentId: number;
}

/** A stored probe's report, with the report of the domain's probe before it: what judging it again needs. */
export interface StoredReport {
  report: DomainReport;
  previous: DomainReport | undefined;
}

/** A stored report's columns: its body (reports) and the times its probe's row keeps. */
export interface ReportColumns {
  body: string;
  report_times: string;
}

/** The report a probe's row and its body keep (store/probe-content.ts). */
export function reportOf(row: ReportColumns): DomainReport {
  return reportFromStored(row.body, row.report_times);
}

/** What a report says of whether the domain could be asked, as the probes table's columns. */
function outcomeColumns(report: DomainReport) {
  return {
    outcome: report.outcome,
    error_condition: report.error?.condition ?? null,
    error_type: report.error?.type ?? null,
    error_text: report.error?.text ?? null,
    error_by: report.error?.by ?? null,
  };
}

/** The SET list that writes judgementColumns' columns again. */
const JUDGEMENT_ASSIGNMENTS = `errors = @errors, warnings = @warnings, infos = @infos, level = @level, authbot_ready = @authbot_ready,
  publishes_administrators = @publishes_administrators, has_abuse_contact = @has_abuse_contact, abuse_contact_works = @abuse_contact_works,
  every_contact_works = @every_contact_works, changes = @changes, rules_version = @rules_version`;

/** A judgement as the probes table's columns. */
function judgementColumns({ verdict, changes, rulesVersion }: Judgement) {
  return {
    errors: verdict.counts.error,
    warnings: verdict.counts.warning,
    infos: verdict.counts.info,
    level: verdict.level,
    authbot_ready: Number(verdict.authbotReady),
    publishes_administrators: Number(verdict.publishesAdministrators),
    has_abuse_contact: Number(verdict.hasAbuseContact),
    abuse_contact_works: Number(verdict.abuseContactWorks),
    every_contact_works: Number(verdict.everyContactWorks),
    changes: JSON.stringify(changes),
    rules_version: rulesVersion,
  };
}
