// The observatory's replies in chat: short plain text, each ending with the domain's page on the
// site. Pure. Crawled text is quoted as it is: a chat client shows text, never markup.
import { SEVERITIES, type Change, type DomainReport, type Verdict } from "../contract.ts";
import { counted, SEVERITY_NOUNS } from "../present/counted.ts";
import { changeLines, leadingCards } from "../present/presentation.ts";
import { cutChars } from "../model/bounded.ts";
import { formatInstant, formatWait } from "../model/dates.ts";
import { INBOX } from "../politeness.ts";
import { explainOutcome } from "../present/explain.ts";
import { authbotOperators, decideMembership, recognisedOperators, whyNobody } from "../operators/authbot.ts";
import { stringprepJid } from "../model/stringprep.ts";
import { fixFor } from "../rules/catalogue.ts";
import { detectSoftware } from "../rules/software.ts";
import { LEVEL_LABEL } from "../judge/verdict.ts";
import { publishedChecks } from "../rules/reachability.ts";
import { serverPath } from "../site-paths.ts";

export const HELP = [
  "I am Serverinfo Observatory: I read what XMPP servers publish about who runs them (XEP-0157). Commands:",
  "check example.org: probe it now (at most once every 10 minutes) and tell what is right and wrong · whoami: which domains list you, and whether authbot would let you in",
  "watch example.org / unwatch example.org / watching: hear what changed after each crawl (for the domain's listed operators)",
  'opt out example.org: stop the observatory probing your domain (for its listed operators; I answer with a code to "confirm")',
].join("\n");

/** Characters of one finding's line in a reply. */
const LINE_CHARS = 400;

export function pageOf(siteUrl: string, domain: string): string {
  return `${siteUrl}${serverPath(domain)}`;
}

/** Whether the reply comes from a probe made for it, or from the stored one (a domain is probed at most once per INBOX.checkEveryMs). */
export type Freshness = { kind: "fresh" } | { kind: "stored"; ageMs: number };

function freshnessLine(report: DomainReport, freshness: Freshness): string {
  if (freshness.kind === "fresh") return "probed just now";
  const every = formatWait(INBOX.checkEveryMs);
  const next = INBOX.checkEveryMs - freshness.ageMs;
  const when = next > 0 ? `next in ${formatWait(next)}` : "a new one now";
  return `stored result from ${formatWait(freshness.ageMs)} ago (${formatInstant(report.probedAt)}); I probe a domain at most once every ${every}, ${when}`;
}

const listing = (o: { jid: string; fields: string[] }) => `${o.jid} (${o.fields.join(", ")})`;

/** What authbot, and this observatory's rule, would recognise for a domain. */
function authbotLine(report: DomainReport): string {
  const byAuthbot = authbotOperators(report);
  const authbot = new Set(byAuthbot.map((o) => o.jid));
  // authbot's JIDs are stringprepped, the observatory's RFC 7622: compare them in authbot's form.
  const onlyOurs = recognisedOperators(report).filter((o) => !authbot.has(stringprepJid(o.jid)?.bare ?? o.jid));
  const first =
    byAuthbot.length > 0 ? `authbot would recognise: ${byAuthbot.map(listing).join(", ")}.` : `authbot would recognise nobody: ${whyNobody(report)}`;
  return onlyOurs.length > 0 ? `${first} This observatory's authbot mode would also let in: ${onlyOurs.map(listing).join(", ")}.` : first;
}

/** The reply to `check`: outcome and level, counts, the five most important findings with their fixes, authbot, the page. */
export function checkReply(report: DomainReport, verdict: Verdict, freshness: Freshness, siteUrl: string): string {
  const { counts } = verdict;
  const judged =
    report.outcome === "ok"
      ? `; ${LEVEL_LABEL[verdict.level]} (${SEVERITIES.map((severity) => counted(counts[severity], SEVERITY_NOUNS[severity])).join(", ")})`
      : "";
  const lines = [`${report.domain}: ${explainOutcome(report)}${judged}; ${freshnessLine(report, freshness)}.`];
  const family = detectSoftware(report.software);
  // One line per problem, the most important first (present/presentation.ts): infos only when nothing is worse.
  const { shown, more } = leadingCards(report.findings, report.domain, 5);
  for (const card of shown) {
    const on = card.subject === report.domain ? "" : ` (on ${card.subject})`;
    lines.push(cutChars(`- ${card.severity} ${card.rule}${on}: ${card.text} Fix: ${fixFor(card.rule, family)}`, LINE_CHARS));
  }
  if (more > 0) lines.push(`(and ${counted(more, "more problem")} on the page)`);
  const contacts = contactsLine(report);
  if (contacts) lines.push(contacts);
  lines.push(authbotLine(report), pageOf(siteUrl, report.domain));
  return lines.join("\n");
}

/** Whether the published addresses work, in one line: how many of each mark, and the broken ones named. */
export function contactsLine(report: DomainReport): string | undefined {
  const published = publishedChecks(report);
  if (published.length === 0) return undefined;
  const count = (status: string) => published.filter((c) => c.status === status).length;
  const broken = published.filter((c) => c.status === "broken").map((c) => c.value);
  const named = broken.length > 0 ? `: ${broken.slice(0, 3).join(", ")}${broken.length > 3 ? ", ..." : ""}` : "";
  return cutChars(`Contacts: ${count("works")} work, ${count("broken")} broken, ${count("not-checked")} not checked${named}.`, LINE_CHARS);
}

/** One line of `whoami` for a domain that lists, or might list, the sender. */
export function whoamiLine(report: DomainReport, jid: string): string {
  const ours = decideMembership(report, jid, "observatory");
  const authbot = decideMembership(report, jid, "authbot");
  const where = ours.grant ? `${report.domain} lists you in ${ours.fields.join(", ")}.` : ours.reason;
  const authbotSays = authbot.grant ? "yes" : ours.grant || authbot.reason !== ours.reason ? `no (${authbot.reason.replace(/\.$/, "")})` : "no";
  return `${where} authbot would let you in: ${authbotSays}; this observatory's authbot mode: ${ours.grant ? "yes" : "no"}.`;
}

/** What a watcher hears after a crawl in which `domain` changed. */
export function watchNotice(domain: string, probedAt: string, changes: Change[], siteUrl: string): string {
  const said = changeLines(changes);
  const shown = said.slice(0, INBOX.noticeLines);
  const lines = [`${domain} changed (probed ${formatInstant(probedAt)}):`, ...shown.map((c) => cutChars(`- ${c}`, LINE_CHARS))];
  if (said.length > shown.length) lines.push(`(and ${said.length - shown.length} more on the page)`);
  lines.push(pageOf(siteUrl, domain));
  return lines.join("\n");
}
