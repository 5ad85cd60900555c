// The web client of the contact checks: one GET per address, politely and safely. Redirects are
// followed by hand (at most CONTACT_CHECKS.maxRedirects, never from https onto plain http), each
// host name and each address it connects to get one request at a time, a second apart, and no
// connection is ever made to a private, loopback, link-local or multicast address: the check is on
// the addresses a name resolved to, and the connection is made to those very addresses, so that
// DNS rebinding can get round neither. One client serves a whole process (net/network.ts).
import { createSecureContext, rootCertificates, TLSSocket, type SecureContext } from "node:tls";
import { isIP } from "node:net";
import ipaddr from "ipaddr.js";
import PQueue from "p-queue";
import { Agent, buildConnector, request } from "undici";
import { isPermittedAddress, type AllowedNetwork } from "../model/address.ts";
import { checkCertificateName } from "../model/certificate-name.ts";
import { addressIn, checkHop } from "../model/redirects.ts";
import type { WebFacts, WebFailureKind } from "../model/contact-target.ts";
import { CONTACT_CHECKS } from "../politeness.ts";
import { USER_AGENT } from "../project.ts";
import type { DnsClient } from "./dns.ts";
import { ForbiddenAddressError, guardedAddresses, guardedLookup } from "./guarded-lookup.ts";
import { Pacer } from "./pacer.ts";
import { KnownRefusalError, type RefusedConnections } from "./refused-connections.ts";
import { connectionKey } from "../model/known-refusal.ts";

export interface WebSettings {
  timeoutMs: number;
  maxBodyBytes: number;
  maxRedirects: number;
  perHostIntervalMs: number;
  perAddressIntervalMs: number;
  concurrency: number;
  maxHeaders: number;
  maxHeaderChars: number;
  maxRecordChars: number;
}

export const DEFAULT_WEB_SETTINGS: WebSettings = {
  timeoutMs: CONTACT_CHECKS.webTimeoutMs,
  maxBodyBytes: CONTACT_CHECKS.maxBodyBytes,
  maxRedirects: CONTACT_CHECKS.maxRedirects,
  perHostIntervalMs: CONTACT_CHECKS.perHostIntervalMs,
  perAddressIntervalMs: CONTACT_CHECKS.perAddressIntervalMs,
  concurrency: CONTACT_CHECKS.webConcurrency,
  maxHeaders: CONTACT_CHECKS.maxHeaders,
  maxHeaderChars: CONTACT_CHECKS.maxHeaderChars,
  maxRecordChars: CONTACT_CHECKS.maxRecordChars,
};

/**
 * The result of one GET with its redirects: the facts the rules judge, less the time and record.
 * `refusedAt`: no connection was made at all, the address's first hop being answered from a
 * refusal seen at that time earlier in the crawl (its check keeps that time, as a reused check does).
 */
export type WebResult = Omit<WebFacts, "kind" | "target" | "checkedAt" | "record"> & { raw: string; refusedAt?: string };

interface Hop {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  location: string | undefined;
  body: { text: string; cut: boolean } | undefined;
}

/** TLS errors that mean the certificate was refused (Node's codes, from OpenSSL). */
const CERTIFICATE_ERRORS = /^(ERR_TLS_CERT_ALTNAME_INVALID|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|ERR_TLS_CERT)/;

/**
 * One TLS context per process (one per extra CA), for every connection of every client: passing `ca`
 * would parse the whole root store again at each handshake, and a context per client again at each
 * chat check; without one, Node makes a context at each connection (about 160 µs of CPU here).
 * The extra CA comes from our own configuration, so there are one or two of them.
 */
const contexts = new Map<string, SecureContext>();
function contextTrusting(extraCa: string | undefined): SecureContext {
  const key = extraCa ?? "";
  let context = contexts.get(key);
  if (!context) {
    if (contexts.size >= 4) contexts.clear();
    // No extra CA: Node's default trust (its root store, NODE_EXTRA_CA_CERTS), as tls.connect's own context has.
    context = extraCa === undefined ? createSecureContext() : createSecureContext({ ca: [...rootCertificates, extraCa] });
    contexts.set(key, context);
  }
  return context;
}

/**
 * Node runs the name check (checkCertificateName: the leaf's subjectaltname, else its CN) on
 * getPeerCertificate(true), which also converts every certificate up the chain to an object
 * (about 200 µs of CPU a handshake here, three times the leaf's own). The chain has been verified
 * by then (OpenSSL, against the context's trust), and the name check reads the leaf alone: so this
 * socket gives the leaf when asked, the same object less its issuerCertificate. Nothing else reads
 * a check's certificate. A connector that stops returning its socket only loses the saving.
 */
function nameCheckOnLeaf(socket: TLSSocket): void {
  const peerCertificate = socket.getPeerCertificate;
  socket.getPeerCertificate = function (this: TLSSocket) {
    return peerCertificate.call(this, false);
  } as TLSSocket["getPeerCertificate"];
}

/** One address, however it is written (an IPv4-mapped IPv6 address is its IPv4 address): the key of its queue. */
function addressKey(address: string): string {
  return ipaddr.isValid(address) ? ipaddr.process(address).toString() : address;
}

export class WebClient {
  private readonly agent: Agent;
  private readonly global: PQueue;
  private readonly byName: Pacer;
  private readonly byAddress: Pacer;
  private readonly resolve: (host: string) => Promise<string[]>;
  /**
   * The addresses of each name with a request in flight, as resolved when its turn came: its
   * connection goes to them and to no others. A name has one request in flight at a time.
   */
  private readonly pinned = new Map<string, string[]>();

  constructor(
    private readonly dns: DnsClient,
    private readonly allowNetwork: AllowedNetwork | undefined,
    extraCa: string | undefined,
    private readonly settings: WebSettings = DEFAULT_WEB_SETTINGS,
  ) {
    const permitted = (address: string) => this.permits(address);
    this.resolve = guardedAddresses(async (host) => (await this.dns.addresses(host)).addresses, permitted);
    // At connection, the addresses the request was paced by (checked again, as every connection's are).
    const lookup = guardedLookup(async (host) => this.pinned.get(host) ?? (await this.dns.addresses(host)).addresses, permitted);
    // One connector for the whole client: given as options, undici builds one (with a TLS session
    // cache and its finalizer) for each origin's dispatcher, that is, for nearly every request. No
    // session is resumed: each connection verifies the certificate it is shown, as a check must.
    // No TCP keep-alive either: a connection carries one request and is closed with its answer.
    const connector = buildConnector({
      lookup,
      timeout: settings.timeoutMs,
      secureContext: contextTrusting(extraCa || undefined),
      checkServerIdentity: checkCertificateName,
      maxCachedSessions: 0,
      keepAlive: false,
    }) as unknown as (...args: Parameters<buildConnector.connector>) => unknown;
    this.agent = new Agent({
      connect: (options, callback) => {
        const socket = connector(options, callback);
        if (socket instanceof TLSSocket) nameCheckOnLeaf(socket);
      },
      // A name has one request in flight at a time (paced), so an origin needs one connection: a
      // Client, without the Pool that the Agent otherwise puts in front of it.
      connections: 1,
      headersTimeout: settings.timeoutMs,
      bodyTimeout: settings.timeoutMs,
      maxResponseSize: -1,
    });
    this.global = new PQueue({ concurrency: settings.concurrency });
    this.byName = new Pacer(settings.perHostIntervalMs);
    this.byAddress = new Pacer(settings.perAddressIntervalMs);
  }

  async close(): Promise<void> {
    await this.agent.close();
  }

  /** Whether the observatory may connect to an address (the one guard, shared with the mail checks): public, or in OBSERVATORY_ALLOW_NETWORK. */
  permits(address: string): boolean {
    return isPermittedAddress(address, this.allowNetwork);
  }

  /**
   * GETs `url`, following redirects by hand; reads the body (bounded) only when `readBody`. Never
   * throws. Each request has the time limit, counted from when it is sent: the wait for a busy
   * name or address is politeness, not the server's slowness. `refused`: the connections refused
   * in the caller's crawl, told of each new one and asked before connecting (none: always connect).
   */
  async get(url: string, readBody: boolean, refused?: RefusedConnections): Promise<WebResult> {
    // The current request's time limit (a holder: the queued task sets it).
    const current: { signal?: AbortSignal } = {};
    const lines: string[] = [];
    const visited = new Set<string>();
    let at = url;
    let certificateValid: boolean | undefined;
    let status: number | undefined;
    const result = (failure?: { kind: WebFailureKind; text: string }, body?: string, refusedAt?: string): WebResult => ({
      status,
      finalUrl: at,
      redirects: Math.max(0, visited.size - 1),
      certificateValid,
      failure,
      body,
      raw: boundRecord(lines.join("\n"), this.settings.maxRecordChars),
      ...(refusedAt !== undefined && { refusedAt }),
    });
    let from: URL | undefined;
    const policy = { maxRedirects: this.settings.maxRedirects, httpsOnly: false, permits: (address: string) => this.permits(address) };
    for (;;) {
      const hop = checkHop(at, from, visited, policy);
      if (!hop.ok) {
        // A downgrade ends at the http address it was sent to: the mark says where the chain went.
        if (hop.kind === "downgrade") at = URL.parse(at, from)?.href ?? at;
        return result({ kind: hop.kind, text: hop.text });
      }
      const target = hop.url;
      const literal = addressIn(target) ?? target.hostname;
      visited.add(target.href);
      at = target.href;
      lines.push(`GET ${target.href}`);
      let answer: Hop;
      try {
        answer = await this.paced(target, literal, refused, () => {
          current.signal = AbortSignal.timeout(this.settings.timeoutMs);
          return this.hop(target, readBody, current.signal);
        });
      } catch (error) {
        const failure = this.failureOf(error, target, current.signal, lines, (valid) => (certificateValid = valid));
        const answeredEarlier = error instanceof KnownRefusalError && visited.size === 1;
        return result(failure, undefined, answeredEarlier ? error.refusal.seenAt : undefined);
      }
      if (target.protocol === "https:") certificateValid ??= true;
      status = answer.status;
      lines.push(`HTTP ${status}`, ...this.headerLines(answer.headers));
      if (answer.location === undefined) {
        if (answer.body === undefined) return result();
        // The note comes first: the record's own bound may cut the body's end.
        lines.push("", ...(answer.body.cut ? [`[cut: the body was read up to ${this.settings.maxBodyBytes} bytes]`] : []), answer.body.text);
        return result(undefined, answer.body.text);
      }
      from = target;
      at = answer.location;
    }
  }

  /**
   * Runs one request in its turn: the name's first, then (once the name is resolved and its
   * addresses checked) the turn of every address it may connect to, then a global slot. Waiting
   * for a busy name or address holds no global slot.
   *
   * With `refused`, a request whose every address (at its port) refused a connection earlier in
   * the crawl is not made: asked once the addresses are known (so it waits for no address's turn),
   * and again when its turn comes (a request queued behind the refused one). Two connections to an
   * address:port can still both be made when the second starts before the first is refused (a
   * name with several addresses, or another crawl or check beside this one): no attempt is held
   * back to wait for another's outcome, which costs one more attempt at most.
   */
  private paced(target: URL, literal: string, refused: RefusedConnections | undefined, send: () => Promise<Hop>): Promise<Hop> {
    const name = target.hostname;
    const port = Number(target.port) || (target.protocol === "https:" ? 443 : 80);
    return this.byName.run(name, async () => {
      const addresses = isIP(literal) ? [literal] : await this.resolve(name);
      const keys = addresses.map((a) => connectionKey(addressKey(a), port));
      const answerIfRefused = () => {
        const refusal = refused?.knownFor(keys);
        if (refusal) throw new KnownRefusalError(keys[0]!, refusal);
      };
      answerIfRefused();
      return this.byAddress.runAll(addresses.map(addressKey), () =>
        this.global.add(async () => {
          answerIfRefused();
          this.pinned.set(name, addresses);
          try {
            return await send();
          } catch (error) {
            // Only the addresses this request may connect to (guarded and pinned) are remembered.
            if (refused) for (const r of refusedConnections(error)) if (keys.includes(r.key)) refused.add(r.key, target.href, r.message);
            throw error;
          } finally {
            this.pinned.delete(name);
          }
        }),
      );
    });
  }

  /** One request: its status and headers, where it redirects, and the body when it is the page asked for. */
  private async hop(target: URL, readBody: boolean, signal: AbortSignal): Promise<Hop> {
    const response = await request(target, {
      method: "GET",
      dispatcher: this.agent,
      // Each check is one request to a host it may never see again (and the next one to it waits a
      // second in its queue): the connection is closed with the answer, never kept idle, so a
      // crawl holds no idle TLS sockets and leaves none open on the servers it checks.
      reset: true,
      signal,
      headers: { "user-agent": USER_AGENT, accept: readBody ? "text/plain, */*;q=0.5" : "text/html, */*;q=0.5" },
    });
    const status = response.statusCode;
    const location = status >= 300 && status < 400 ? header(response.headers, "location") : undefined;
    if (location !== undefined || !readBody || status < 200 || status >= 300) {
      discard(response.body);
      return { status, headers: response.headers, location, body: undefined };
    }
    return { status, headers: response.headers, location, body: await this.readBounded(response.body, signal) };
  }

  private headerLines(headers: Record<string, string | string[] | undefined>): string[] {
    const entries = Object.entries(headers).slice(0, this.settings.maxHeaders);
    const lines = entries.flatMap(([name, value]) =>
      (Array.isArray(value) ? value : [value ?? ""]).map((v) => `${name}: ${v}`.slice(0, this.settings.maxHeaderChars)),
    );
    const more = Object.keys(headers).length - entries.length;
    return more > 0 ? [...lines, `[${more} more headers not kept]`] : lines;
  }

  private async readBounded(body: AsyncIterable<Buffer> & Parameters<typeof discard>[0], signal: AbortSignal): Promise<{ text: string; cut: boolean }> {
    const chunks: Buffer[] = [];
    let size = 0;
    let cut = false;
    try {
      for await (const chunk of body) {
        if (signal.aborted) break;
        const room = this.settings.maxBodyBytes - size;
        chunks.push(chunk.subarray(0, room));
        size += Math.min(chunk.length, room);
        if (chunk.length >= room) {
          cut = chunk.length > room || size >= this.settings.maxBodyBytes;
          break;
        }
      }
    } catch {
      // A body cut short by the server or by our timeout: keep what came.
    } finally {
      discard(body);
    }
    return { text: new TextDecoder().decode(Buffer.concat(chunks)), cut };
  }

  private failureOf(
    error: unknown,
    target: URL,
    signal: AbortSignal | undefined,
    lines: string[],
    setCertificate: (valid: boolean) => void,
  ): { kind: WebFailureKind; text: string } {
    const cause = findCause(error);
    if (cause instanceof ForbiddenAddressError) {
      lines.push(`[not connected: ${cause.message}]`);
      return { kind: "forbidden-address", text: cause.message };
    }
    if (cause instanceof KnownRefusalError) {
      lines.push(`[not connected: ${cause.message}; not tried again in this crawl]`);
      return {
        kind: "network",
        text: `${target.href} could not be fetched (${cause.refusal.message}, when ${cause.refusal.url} was checked at ${cause.refusal.seenAt}; not tried again in this crawl)`,
      };
    }
    if (signal?.aborted) {
      lines.push(`[no answer within ${this.settings.timeoutMs / 1000} s]`);
      return { kind: "timeout", text: `${target.href} did not answer within ${this.settings.timeoutMs / 1000} s` };
    }
    const code = (cause as NodeJS.ErrnoException).code ?? "";
    const message = `${code ? `${code}: ` : ""}${(cause as Error).message}`.slice(0, 300);
    lines.push(`[failed: ${message}]`);
    if (CERTIFICATE_ERRORS.test(code)) {
      setCertificate(false);
      return { kind: "certificate", text: `The certificate of ${target.host} was refused (${message})` };
    }
    return { kind: "network", text: `${target.href} could not be fetched (${message})` };
  }
}

/** Stops reading a body: destroying it makes undici emit an AbortError, which nobody else listens to. */
function discard(body: { on(event: "error", listener: () => void): unknown; destroy(): void }): void {
  body.on("error", () => {});
  body.destroy();
}

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The address:port pairs (connectionKey) a failed connection was refused at (ECONNREFUSED), one per address tried. */
function refusedConnections(error: unknown): Array<{ key: string; message: string }> {
  const cause = findCause(error);
  const tried = cause instanceof AggregateError ? (cause.errors as unknown[]) : [cause];
  return tried.flatMap((e) => {
    const { code, address, port, message } = (e ?? {}) as NodeJS.ErrnoException & { address?: unknown; port?: unknown };
    return code === "ECONNREFUSED" && typeof address === "string" && typeof port === "number"
      ? [{ key: connectionKey(addressKey(address), port), message: `${code}: ${message}`.slice(0, 300) }]
      : [];
  });
}

/** The innermost cause of an undici error (the socket's own error). */
function findCause(error: unknown): unknown {
  let current = error;
  for (let depth = 0; depth < 5 && current instanceof Error && current.cause !== undefined; depth++) current = current.cause;
  return current;
}

/** Cuts a record to `max` characters, saying so. */
export function boundRecord(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}\n[cut: ${text.length - max} more characters]`;
}
