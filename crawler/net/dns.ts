// DNS for the contact checks: MX and address records, through the system resolver's servers (or
// OBSERVATORY_DNS_SERVERS), with a timeout and bounded answers. Each answer is also written out
// as text, the raw record a server page shows. Answers are reused for a short while: a crawl
// asks for the same names again and again (a mail domain's A records, then its web host's).
import { Resolver } from "node:dns/promises";
import { LRUCache } from "lru-cache";
import type { DnsAnswer } from "../model/contact-target.ts";
import { mxHosts, specialUseName, type MailDnsAnswers } from "../model/mail-domain.ts";
import { CONTACT_CHECKS } from "../politeness.ts";

export interface DnsSettings {
  /** Empty: the system resolver's servers. */
  servers: string[];
  timeoutMs: number;
  tries: number;
  maxRecords: number;
  maxMxHostsAsked: number;
  /** SRV targets of an XMPP domain whose addresses are looked up (serverOf). */
  maxServerHostsAsked: number;
  /** How long an answer is reused, and how many answers are kept (0: none). */
  cacheMs: number;
  cacheEntries: number;
}

export const DEFAULT_DNS_SETTINGS: DnsSettings = {
  servers: [],
  timeoutMs: CONTACT_CHECKS.dnsTimeoutMs,
  tries: CONTACT_CHECKS.dnsTries,
  maxRecords: CONTACT_CHECKS.maxDnsRecords,
  maxMxHostsAsked: CONTACT_CHECKS.maxMxHostsAsked,
  maxServerHostsAsked: CONTACT_CHECKS.maxServerHostsAsked,
  cacheMs: CONTACT_CHECKS.dnsCacheMs,
  cacheEntries: CONTACT_CHECKS.dnsCacheEntries,
};

type Lookup<T> = { records: T[] } | { code: "nxdomain" | "nodata" | "error"; text: string };

/** c-ares error codes, as the three cases the checks tell apart. */
function failure(error: unknown): { code: "nxdomain" | "nodata" | "error"; text: string } {
  const code = (error as NodeJS.ErrnoException).code ?? "";
  if (code === "ENOTFOUND") return { code: "nxdomain", text: "NXDOMAIN (no such name)" };
  if (code === "ENODATA") return { code: "nodata", text: "no records of this type (NODATA)" };
  return { code: "error", text: `failed: ${code || (error as Error).message}` };
}

/**
 * Records in one order, whatever order the resolver gave them (round-robin DNS rotates them): best
 * first where records rank (SRV by priority then weight, MX by priority), then by their text. So a
 * cut at maxRecords keeps the same records at every crawl, and a check's DNS answer compares equal
 * to the last one's when nothing changed (rules/check-reuse.ts).
 */
export function canonicalOrder<T>(records: readonly T[]): T[] {
  const rank = (r: T): [number, number] => {
    const ranked = r as { priority?: unknown; weight?: unknown };
    return typeof r === "object" && r !== null && typeof ranked.priority === "number"
      ? [ranked.priority, -(typeof ranked.weight === "number" ? ranked.weight : 0)]
      : [0, 0];
  };
  const text = (r: T) => (typeof r === "string" ? r : JSON.stringify(r));
  return [...records].sort((a, b) => {
    const [pa, wa] = rank(a);
    const [pb, wb] = rank(b);
    const [ta, tb] = [text(a), text(b)];
    return pa - pb || wa - wb || (ta < tb ? -1 : ta > tb ? 1 : 0);
  });
}

export class DnsClient {
  private readonly resolver: Resolver;
  /**
   * Answers by question ("A mail.example"), each kept as its promise: a question asked again while
   * the first is in flight waits for the same answer. A failed lookup is forgotten once it settles.
   */
  private readonly answers: LRUCache<string, Promise<Lookup<unknown>>> | undefined;

  constructor(private readonly settings: DnsSettings = DEFAULT_DNS_SETTINGS) {
    this.resolver = new Resolver({ timeout: settings.timeoutMs, tries: settings.tries });
    if (settings.servers.length > 0) this.resolver.setServers(settings.servers);
    if (settings.cacheEntries > 0 && settings.cacheMs > 0) this.answers = new LRUCache({ max: settings.cacheEntries, ttl: settings.cacheMs });
  }

  private ask<T>(type: "A" | "AAAA" | "MX" | "SRV", name: string, question: () => Promise<T[]>): Promise<Lookup<T>> {
    const key = `${type} ${name.toLowerCase()}`;
    const known = this.answers?.get(key);
    if (known) return known as Promise<Lookup<T>>;
    const asked = this.lookup(question);
    if (this.answers) {
      this.answers.set(key, asked);
      void asked.then((answer) => {
        if ("code" in answer && answer.code === "error" && this.answers?.peek(key) === asked) this.answers.delete(key);
      });
    }
    return asked;
  }

  private async lookup<T>(question: () => Promise<T[]>): Promise<Lookup<T>> {
    try {
      return { records: canonicalOrder(await question()).slice(0, this.settings.maxRecords) };
    } catch (error) {
      return failure(error);
    }
  }

  /** The A and AAAA records of a name, for connecting to it; `failed` when a lookup failed (neither an answer nor "no such records"). */
  async addresses(name: string): Promise<{ addresses: string[]; raw: string[]; nxdomain: boolean; failed: boolean }> {
    const [v4, v6] = await Promise.all([this.ask("A", name, () => this.resolver.resolve4(name)), this.ask("AAAA", name, () => this.resolver.resolve6(name))]);
    const addresses = [...("records" in v4 ? v4.records : []), ...("records" in v6 ? v6.records : [])];
    const raw = [describe(name, "A", v4, (a) => a), describe(name, "AAAA", v6, (a) => a)].flat();
    const failed = [v4, v6].some((l) => "code" in l && l.code === "error");
    return { addresses, raw, nxdomain: "code" in v4 && v4.code === "nxdomain", failed };
  }

  /**
   * The answers DNS gives now to these questions, each as a DnsAnswer (records sorted); undefined
   * when a lookup failed, since no answer tells nothing of a change.
   */
  async answersTo(questions: ReadonlyArray<Pick<DnsAnswer, "type" | "name">>): Promise<DnsAnswer[] | undefined> {
    const answers = await Promise.all(questions.map((q) => (q.type === "srv" ? this.serviceRecords(q.name) : this.addressRecords(q.name))));
    return answers.every((a) => a !== undefined) ? answers : undefined;
  }

  /**
   * Where an XMPP domain's server is, as a server connecting to it finds it (RFC 6120 §3.2.1,
   * XEP-0368): its _xmpp-server and _xmpps-server SRV records, then the addresses of the first
   * few hosts they name, or of the domain itself when it has none. Undefined when a lookup failed.
   */
  async serverOf(domain: string): Promise<DnsAnswer[] | undefined> {
    const srv = await this.answersTo([
      { type: "srv", name: `_xmpp-server._tcp.${domain}` },
      { type: "srv", name: `_xmpps-server._tcp.${domain}` },
    ]);
    if (!srv) return undefined;
    const hosts = [...new Set(srv.flatMap((a) => a.records.map((r) => r.split(" ")[3]!)).filter((h) => h !== "." && h !== ""))];
    const asked = hosts.length > 0 ? hosts.slice(0, this.settings.maxServerHostsAsked) : [domain];
    const addresses = await this.answersTo(asked.map((name) => ({ type: "addresses" as const, name })));
    return addresses && [...srv, ...addresses];
  }

  /** A name's A and AAAA records as one answer. */
  private async addressRecords(name: string): Promise<DnsAnswer | undefined> {
    const found = await this.addresses(name);
    return found.failed ? undefined : { type: "addresses", name, records: [...found.addresses].sort() };
  }

  /** A name's SRV records, each "priority weight port target", best first (by priority, then weight), as the answer's records sorted. */
  private async serviceRecords(name: string): Promise<DnsAnswer | undefined> {
    const srv = await this.ask("SRV", name, () => this.resolver.resolveSrv(name));
    if ("code" in srv && srv.code === "error") return undefined;
    const records = "records" in srv ? srv.records : [];
    return { type: "srv", name, records: records.map((r) => `${r.priority} ${r.weight} ${r.port} ${r.name === "" ? "." : r.name}`) };
  }

  /**
   * What a mail domain's DNS says: its MX records and the addresses of the first few MX hosts (in
   * parallel, each lookup within the resolver's timeout), or for the RFC 5321 §5.1 fallback the
   * domain's own addresses. A special-use name is never asked about.
   */
  async mail(domain: string): Promise<{ answers: MailDnsAnswers; raw: string }> {
    if (specialUseName(domain)) return { answers: { mx: "nxdomain" }, raw: `;; ${domain}. not asked: a special-use name` };
    const mx = await this.ask("MX", domain, () => this.resolver.resolveMx(domain));
    const lines = describe(domain, "MX", mx, (r) => `${r.priority} ${r.exchange === "" ? "." : `${r.exchange}.`}`);
    if ("records" in mx && mx.records.length > 0) {
      const hosts = mxHosts(mx.records).slice(0, this.settings.maxMxHostsAsked);
      const mxAddresses: NonNullable<MailDnsAnswers["mxAddresses"]> = {};
      const raw = [...lines];
      const answers = await Promise.all(hosts.map(async (host) => [host, specialUseName(host) ? undefined : await this.addresses(host)] as const));
      for (const [host, found] of answers) {
        if (!found) {
          mxAddresses[host] = "special";
          raw.push(`;; ${host}. not asked: a special-use name`);
          continue;
        }
        mxAddresses[host] = found.addresses.length > 0 ? found.addresses : found.failed ? "error" : [];
        raw.push(...found.raw);
      }
      return { answers: { mx: mx.records, mxAddresses }, raw: raw.join("\n") };
    }
    const mxState = "records" in mx ? "nodata" : mx.code;
    if (mxState === "nxdomain" || mxState === "error") return { answers: { mx: mxState }, raw: lines.join("\n") };
    const fallback = await this.addresses(domain);
    const hasAddress = fallback.addresses.length > 0 ? true : fallback.failed ? ("error" as const) : false;
    return {
      answers: { mx: "nodata", hasAddress, ...(fallback.addresses.length > 0 && { fallbackAddresses: fallback.addresses }) },
      raw: [...lines, ...fallback.raw].join("\n"),
    };
  }
}

/** One question's answer in zone-file style: "good.test. MX 10 mail.good.test." or a comment saying why none. */
function describe<T>(name: string, type: string, answer: Lookup<T>, show: (record: T) => string): string[] {
  if ("code" in answer) return [`;; ${name}. ${type}: ${answer.text}`];
  if (answer.records.length === 0) return [`;; ${name}. ${type}: no records`];
  return answer.records.map((r) => `${name}. IN ${type} ${show(r)}`);
}
