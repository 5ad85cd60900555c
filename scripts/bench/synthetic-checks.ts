// The contact checks of the store benchmark: the crawler's own ContactChecker, one per crawl as in
// a real crawl, over a synthetic network that answers in the shapes the real clients record (the
// DNS client's zone-file lines, the web client's "GET / HTTP / headers / body" exchange). Every
// HTTP answer carries a Date header of the crawl's time, as real servers send, so that a web
// record asked afresh is a new answer; the DNS answers stay the same.
import type { Element } from "@xmpp/xml";
import type { Evidence, ProbeResult } from "../../crawler/contract.ts";
import { answerFromXml, type IqAnswer } from "../../crawler/model/answer.ts";
import type { DnsAnswer } from "../../crawler/model/contact-target.ts";
import type { MailDnsAnswers } from "../../crawler/model/mail-domain.ts";
import { ContactChecker, type CheckReuse, type ContactCheckTools } from "../../crawler/probe/contact-checks.ts";
import type { WebResult } from "../../crawler/net/web.ts";
import { CONTACT_CHECKS } from "../../crawler/politeness.ts";

export interface SyntheticNetworkOptions {
  /** Header lines of each HTTP answer besides the Date (a hostile server fills the record's bound). */
  extraHeaders?: (url: string) => string[];
}

/** A network whose every answer is made from its question and the clock `now`. */
function syntheticTools(now: () => Date, options: SyntheticNetworkOptions): ContactCheckTools {
  const httpDate = () => now().toUTCString();
  const session = {
    async request(to: string, payload: Element): Promise<IqAnswer> {
      const conference = /^(muc|conference)\./.test(to.split("@").pop()!);
      const identity = to.includes("@")
        ? `<identity category="conference" type="text" name="Room"/><feature var="muc_public"/><feature var="muc_open"/>`
        : conference
          ? `<identity category="conference" type="text"/>`
          : `<identity category="server" type="im"/>`;
      return answerFromXml(`<iq type="result" from="${to}" id="c"><query xmlns="${payload.attrs.xmlns}">${identity}</query></iq>`);
    },
  };
  const dns = {
    // One address per name, the same at every crawl (documentation range: never connected to).
    async answersTo(questions: ReadonlyArray<{ type: "addresses" | "srv"; name: string }>): Promise<DnsAnswer[]> {
      return questions.map((q) => ({ ...q, records: q.type === "srv" ? [] : ["192.0.2.80"] }));
    },
    async serverOf(domain: string): Promise<DnsAnswer[]> {
      return this.answersTo([
        { type: "srv", name: `_xmpp-server._tcp.${domain}` },
        { type: "srv", name: `_xmpps-server._tcp.${domain}` },
        { type: "addresses", name: domain },
      ]);
    },
    async mail(domain: string): Promise<{ answers: MailDnsAnswers; raw: string }> {
      const host = `mail.${domain}`;
      const address = "192.0.2.25"; // documentation range: never connected to
      return {
        answers: { mx: [{ exchange: host, priority: 10 }], mxAddresses: { [host]: [address] } },
        raw: [`${domain}. IN MX 10 ${host}.`, `${host}. IN A ${address}`, `;; ${host}. AAAA: no records`].join("\n"),
      };
    },
  };
  const web = {
    permits: () => true,
    async get(url: string, readBody: boolean): Promise<WebResult> {
      const body = readBody
        ? `Contact: mailto:security@${new URL(url).hostname}\nExpires: 2027-12-31T23:00:00.000Z\nPreferred-Languages: en\nCanonical: ${url}\n`
        : undefined;
      const lines = [
        `GET ${url}`,
        "HTTP 200",
        "server: nginx/1.22.1",
        `date: ${httpDate()}`,
        `content-type: ${readBody ? "text/plain" : "text/html"}; charset=utf-8`,
        `content-length: ${body?.length ?? 5120}`,
        "last-modified: Thu, 01 Jan 2026 00:00:00 GMT",
        "connection: keep-alive",
        'etag: "6780a400-1400"',
        "strict-transport-security: max-age=63072000",
        "accept-ranges: bytes",
        ...(options.extraHeaders?.(url) ?? []),
        ...(body === undefined ? [] : ["", body]),
      ];
      const raw = lines.join("\n").slice(0, CONTACT_CHECKS.maxRecordChars);
      return { status: 200, finalUrl: url, redirects: 0, certificateValid: true, failure: undefined, body, raw };
    },
  };
  // Only the methods the checker calls, as the real clients answer them.
  return { session, dns, web, iqTimeoutMs: 30_000, now } as unknown as ContactCheckTools;
}

/**
 * A crawl's contact checks: `check` adds a probe's checks to its report and their records to its
 * evidence. With `reuse`, a check that worked within its window is reused, as a daemon's crawl
 * reuses the store's last checks (crawl/crawl.ts).
 */
export function syntheticCrawlChecks(crawlTime: Date, options: SyntheticNetworkOptions = {}, reuse?: CheckReuse) {
  const checker = new ContactChecker({ ...syntheticTools(() => crawlTime, options), ...(reuse && { reuse }) });
  return async (result: ProbeResult): Promise<ProbeResult> => {
    const { report, records, targets } = await checker.check(result.report, result.evidence);
    const evidence: Evidence[] = [...result.evidence, ...records];
    return { report, evidence, targets };
  };
}
