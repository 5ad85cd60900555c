// One logged-in XMPP client session for a whole crawl: IQs with a timeout, the raw answer kept
// as evidence (xmpp.js's own IQ caller keeps only <error/>, so we match answers by id ourselves),
// reconnection, and our own answers that tell operators what this crawler is.
import { randomUUID } from "node:crypto";
import { EventEmitter, once } from "node:events";
import { setTimeout as sleep } from "node:timers/promises";
import { client, xml, type XmppClient } from "@xmpp/client";
import type { Element } from "@xmpp/xml";
import type { IqAnswer } from "../model/answer.ts";
import {
  BOUNDS,
  DEFAULT_LOGIN_TIMEOUT_MS,
  LOGIN_ATTEMPTS,
  MAX_IQS_IN_FLIGHT,
  LOGIN_RETRY_DELAY_MS,
  RECONNECT_FIRST_DELAY_MS,
  RECONNECT_MAX_DELAY_MS,
} from "../politeness.ts";
import { PROJECT } from "../project.ts";
import { BoundedParser, cutsOf } from "../model/bounded-parser.ts";
import { Slots } from "./slots.ts";
import { NS_OBSERVATORY_REPLY, readInbound } from "./inbound.ts";
import { NS_DISCO_INFO } from "../model/disco.ts";
import { NS_VERSION } from "../model/version.ts";
import { LoginError, ScramChallengeError } from "./login-errors.ts";
import { connectOnlyAsConfigured, declineFastTokens, passwordOnly, refuseUnencryptedStreams } from "./secure-login.ts";
import { useNativeScram } from "./scram.ts";
import { skipNeedlessEscapeDetection } from "./jid-escape.ts";
import { findOwnServer } from "./find-server.ts";
import { parseJid, sameJid } from "../model/jid.ts";
import { backoffDelay } from "../model/backoff.ts";

export { LoginError };

/** XEP-0199: @xmpp/client answers pings itself; we list the feature. */
const NS_PING = "urn:xmpp:ping";

/** The connection to our own server dropped while an IQ was in flight: the probe must be redone. */
export class ConnectionLostError extends Error {
  override name = "ConnectionLostError";
}

export interface SessionConfig {
  jid: string;
  password: string;
  /** xmpp://host:port; when absent, xmpp.js resolves the domain as XMPP clients do. */
  service: string | undefined;
  /** The DNS servers of that resolution; empty or absent for the system's. */
  dnsServers?: readonly string[];
  /** Each step of logging in; DEFAULT_LOGIN_TIMEOUT_MS when absent. */
  loginTimeoutMs?: number;
  /** Told before each new attempt after a failed one. */
  onLoginRetry?: (info: { attempt: number; of: number; delayMs: number; error: string }) => void;
}

/** What a probe needs of a session; the crawl and the tests depend on this, not on xmpp.js. */
export interface IqRequester {
  request(to: string, payload: Element, timeoutMs: number): Promise<IqAnswer>;
}

interface Pending {
  to: string;
  resolve: (answer: IqAnswer) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

export class XmppSession extends EventEmitter implements IqRequester {
  private readonly pending = new Map<string, Pending>();
  /** IQ requests sent, by type: the self-test reports them to show that it only read. */
  private readonly sentRequests = { get: 0, set: 0 };
  private readonly iqSlots = new Slots(MAX_IQS_IN_FLIGHT);
  /**
   * Our IQs' ids are a count: short, so that every question and answer our server and the s2s
   * links carry is lighter than with a UUID. Knowing the next one gains nothing, since an answer
   * counts only from the entity asked (answersFrom).
   */
  private nextIqId = 0;
  private online = false;
  private closing = false;
  private messageHandler: ((from: string, body: string) => void) | undefined;
  private ignoredHandler: ((reason: string, from: string) => void) | undefined;

  private constructor(private readonly xmpp: XmppClient) {
    super();
    xmpp.on("stanza", (stanza: Element) => this.onStanza(stanza));
    xmpp.on("online", () => {
      this.online = true;
      // Messages to our bare JID reach us only while we are available; say so again after a reconnect.
      if (this.messageHandler) void this.xmpp.send(xml("presence")).catch(() => {});
      this.emit("online");
    });
    xmpp.on("offline", () => this.onDisconnect());
    xmpp.on("disconnect", () => this.onDisconnect());
    // Errors after login (a dropped socket, a stream error) are handled by reconnecting.
    xmpp.on("error", (error: Error) => this.emit("connection-error", error));
    // xmpp.js reconnects every second for ever (a changed password, a server that refuses us):
    // double the pause after each failed attempt, up to a ceiling, and start again once online.
    let failures = 0;
    xmpp.reconnect.on("reconnecting", () => {
      xmpp.reconnect.delay = backoffDelay(++failures + 1, RECONNECT_FIRST_DELAY_MS, RECONNECT_MAX_DELAY_MS);
      this.emit("reconnecting", { attempt: failures, nextDelayMs: xmpp.reconnect.delay });
    });
    xmpp.on("online", () => {
      failures = 0;
      xmpp.reconnect.delay = RECONNECT_FIRST_DELAY_MS;
    });
    this.answerAboutOurselves();
  }

  /**
   * Logs in, retrying a failed attempt (a timeout, a dropped connection) up to LOGIN_ATTEMPTS
   * times with a growing pause; a refused password is not retried. Throws LoginError at the end.
   */
  static async open(config: SessionConfig): Promise<XmppSession> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await XmppSession.openOnce(config);
      } catch (error) {
        const refused = error instanceof LoginError && error.refused;
        if (refused || attempt >= LOGIN_ATTEMPTS) throw error;
        const delayMs = backoffDelay(attempt, LOGIN_RETRY_DELAY_MS);
        config.onLoginRetry?.({ attempt: attempt + 1, of: LOGIN_ATTEMPTS, delayMs, error: (error as Error).message });
        await sleep(delayMs);
      }
    }
  }

  /** One login: to the configured service, or else to each place the domain's DNS names in turn, until one answers. */
  private static async openOnce(config: SessionConfig): Promise<XmppSession> {
    const [, domain] = splitAccount(config.jid);
    const loginTimeoutMs = config.loginTimeoutMs ?? DEFAULT_LOGIN_TIMEOUT_MS;
    const services = config.service ? [config.service] : await findOwnServer(domain, config.dnsServers ?? [], loginTimeoutMs);
    let lastError: unknown;
    for (const service of services) {
      try {
        return await XmppSession.connectTo(config, service);
      } catch (error) {
        if (error instanceof LoginError && error.refused) throw error;
        lastError = error;
      }
    }
    throw lastError;
  }

  private static async connectTo(config: SessionConfig, service: string): Promise<XmppSession> {
    const [local, domain] = splitAccount(config.jid);
    const account = { name: `${config.jid}${config.service ? ` via ${config.service}` : ""}`, username: local, password: config.password };
    const loginTimeoutMs = config.loginTimeoutMs ?? DEFAULT_LOGIN_TIMEOUT_MS;
    const xmpp = client({
      service,
      domain,
      // The username names us in the stream header once it is encrypted; the password is only in the credentials callback.
      username: local,
      credentials: passwordOnly(account, () => xmpp.isSecure()),
      resource: `observatory-${randomUUID().slice(0, 8)}`,
      timeout: loginTimeoutMs,
    });
    listenBeforeWritingStreamHeader(xmpp);
    readWithinBounds(xmpp);
    connectOnlyAsConfigured(xmpp, domain, account);
    declineFastTokens(xmpp);
    useNativeScram(xmpp);
    skipNeedlessEscapeDetection();
    // Last, so that it reads each element first: before TLS, nothing else may.
    refuseUnencryptedStreams(xmpp, account);
    const session = new XmppSession(xmpp);
    try {
      await answeredThroughout(xmpp, xmpp.start(), loginTimeoutMs);
      return session;
    } catch (error) {
      // A failed start() would otherwise retry every second for ever.
      xmpp.reconnect.stop();
      await xmpp.stop().catch(() => {});
      if (error instanceof LoginError) throw error;
      // We refused the server's SCRAM: trying again, or elsewhere, cannot help.
      if (error instanceof ScramChallengeError) throw new LoginError(`cannot log in as ${account.name}: ${error.message}`, true);
      const condition = (error as { condition?: string }).condition;
      throw new LoginError(
        `cannot log in as ${account.name}: ${describe(error)}`,
        error instanceof Error && error.name === "SASLError" && condition !== "temporary-auth-failure",
      );
    }
  }

  get jid(): string | undefined {
    return this.xmpp.jid?.toString();
  }

  /**
   * Sends an IQ (get by default) once one of the MAX_IQS_IN_FLIGHT slots is free, and resolves
   * with the answer, or a timeout `timeoutMs` after it was sent.
   */
  async request(to: string, payload: Element, timeoutMs: number, type: "get" | "set" = "get"): Promise<IqAnswer> {
    await this.iqSlots.acquire();
    try {
      return await this.send(to, payload, timeoutMs, type);
    } finally {
      this.iqSlots.release();
    }
  }

  /** The most IQs this session has had in flight at once (at most MAX_IQS_IN_FLIGHT). */
  peakIqsInFlight(): number {
    return this.iqSlots.peakInUse;
  }

  private send(to: string, payload: Element, timeoutMs: number, type: "get" | "set"): Promise<IqAnswer> {
    if (!this.online) return Promise.reject(new ConnectionLostError("not connected to our own server"));
    const id = `q${(this.nextIqId++).toString(36)}`;
    this.sentRequests[type]++;
    return new Promise<IqAnswer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({ kind: "timeout" });
      }, timeoutMs);
      this.pending.set(id, { to, resolve, reject, timer });
      this.xmpp.send(xml("iq", { type, to, id }, payload)).catch((error: Error) => {
        this.settle(id)?.reject(new ConnectionLostError(`could not send to ${to}: ${error.message}`));
      });
    });
  }

  /** The IQ requests this session has sent, by type. */
  sentIqs(): { get: number; set: number } {
    return { ...this.sentRequests };
  }

  /** Becomes available (initial presence) and hands every message a person wrote to us (readInbound) to `handler`. */
  async acceptMessages(handler: (from: string, body: string) => void, onIgnored?: (reason: string, from: string) => void): Promise<void> {
    this.messageHandler = handler;
    this.ignoredHandler = onIgnored;
    if (this.online) await this.xmpp.send(xml("presence"));
  }

  /** Sends a presence (a room join, or our availability); presences we receive are emitted as "presence". */
  async sendPresence(to: string | undefined, ...children: Element[]): Promise<void> {
    await this.xmpp.send(xml("presence", to === undefined ? {} : { to }, ...children));
  }

  /** A private message to a room occupant (XEP-0045 §7.5), never to the room itself, marked as ours. */
  async sendPrivate(occupant: string, body: string): Promise<void> {
    await this.xmpp.send(
      xml(
        "message",
        { to: occupant, type: "chat", id: randomUUID() },
        xml("body", {}, body),
        xml("x", { xmlns: "http://jabber.org/protocol/muc#user" }),
        xml("x", { xmlns: NS_OBSERVATORY_REPLY }),
      ),
    );
  }

  /** Sends a reply, marked as ours so that another observatory never answers it (and we never answer its). */
  async sendMessage(to: string, body: string): Promise<void> {
    await this.xmpp.send(xml("message", { to, type: "chat", id: randomUUID() }, xml("body", {}, body), xml("x", { xmlns: NS_OBSERVATORY_REPLY })));
  }

  /** Resolves when the session is online again, or rejects after `patienceMs`. */
  waitOnline(patienceMs: number): Promise<void> {
    if (this.online) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off("online", onOnline);
        reject(new ConnectionLostError(`our own server did not come back within ${Math.round(patienceMs / 1000)} s`));
      }, patienceMs);
      const onOnline = () => {
        clearTimeout(timer);
        resolve();
      };
      this.once("online", onOnline);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    this.xmpp.reconnect.stop();
    this.failPending("the session was closed");
    await this.xmpp.stop().catch(() => {});
  }

  private settle(id: string): Pending | undefined {
    const entry = this.pending.get(id);
    if (!entry) return undefined;
    clearTimeout(entry.timer);
    this.pending.delete(id);
    return entry;
  }

  private onStanza(stanza: Element): void {
    if (stanza.name === "message") return this.onMessage(stanza);
    if (stanza.name === "presence") {
      this.emit("presence", stanza);
      return;
    }
    if (stanza.name !== "iq" || (stanza.attrs.type !== "result" && stanza.attrs.type !== "error")) return;
    const id = stanza.attrs.id;
    if (id === undefined) return;
    const entry = this.pending.get(id);
    if (!entry || !this.answersFrom(entry.to, stanza)) return;
    this.settle(id);
    const cut = cutsOf(stanza);
    let raw: string;
    // The evidence leaves out id and to, which differ on every request: an answer that has not
    // changed is then the same text, and the store keeps it once.
    const { id: _id, to: _to, ...kept } = stanza.attrs;
    const attrs = stanza.attrs;
    stanza.attrs = kept;
    try {
      // The parser keeps stanzas shallow and short; the guard is for whatever it did not foresee.
      raw = stanza.toString();
    } catch (error) {
      raw = "";
      cut.push(`an answer that could not be written out as evidence (${(error as Error).name})`);
    } finally {
      stanza.attrs = attrs;
    }
    if (raw.length > BOUNDS.maxEvidenceChars) {
      cut.push(`an answer of ${raw.length} characters written out, of which the evidence keeps the first ${BOUNDS.maxEvidenceChars}`);
      raw = raw.slice(0, BOUNDS.maxEvidenceChars);
    }
    entry.resolve({ kind: "stanza", stanza, raw, ...(cut.length > 0 && { cut }) });
  }

  /**
   * Whether an answer comes from the entity we asked `to`: a result only from it, an error from it
   * or from our own server on its behalf (RFC 6120 §8.1.2.1: no from, or our server's domain).
   * Anyone else who sends an answer with the same id is ignored.
   */
  private answersFrom(to: string, stanza: Element): boolean {
    const from: string | undefined = stanza.attrs.from;
    if (from !== undefined && sameJid(from, to)) return true;
    const ours = this.xmpp.jid?.domain;
    return stanza.attrs.type === "error" && (from === undefined || (ours !== undefined && sameJid(from, ours)));
  }

  private onMessage(stanza: Element): void {
    if (!this.messageHandler) return;
    const inbound = readInbound(stanza, this.xmpp.jid?.bare().toString());
    if (inbound.kind === "message") this.messageHandler(inbound.sender, inbound.body);
    else this.ignoredHandler?.(inbound.reason, String(stanza.attrs.from ?? "").slice(0, 300));
  }

  private onDisconnect(): void {
    const wasOnline = this.online;
    this.online = false;
    this.failPending("the connection to our own server dropped");
    if (wasOnline && !this.closing) this.emit("offline");
  }

  private failPending(reason: string): void {
    for (const id of [...this.pending.keys()]) this.settle(id)?.reject(new ConnectionLostError(reason));
  }

  /** An operator who sees us in their logs can ask who we are (XEP-0092, XEP-0030). */
  private answerAboutOurselves(): void {
    this.xmpp.iqCallee.get(NS_VERSION, "query", () =>
      xml("query", { xmlns: NS_VERSION }, xml("name", {}, PROJECT.name), xml("version", {}, `${PROJECT.version} (${PROJECT.url})`)),
    );
    this.xmpp.iqCallee.get(NS_DISCO_INFO, "query", () =>
      xml(
        "query",
        { xmlns: NS_DISCO_INFO },
        xml("identity", { category: "client", type: "bot", name: `${PROJECT.name} — ${PROJECT.url}` }),
        ...[NS_DISCO_INFO, NS_VERSION, NS_PING].map((v) => xml("feature", { var: v })),
      ),
    );
  }
}

/**
 * xmpp.js 0.14 writes the stream header and only then listens for the server's answer
 * (Connection.open: `await this.write(header); return promise(this, "open", ...)`). Right after
 * STARTTLS, on a loaded machine, the answer can arrive between the two, and the login then times
 * out waiting for a header it already had (xmppjs/xmpp.js#592). Listen first, then write. Each
 * stream (the first, and the one after STARTTLS) gets a fresh bounded parser.
 */
function listenBeforeWritingStreamHeader(xmpp: XmppClient): void {
  const connection = xmpp as unknown as StreamOpener;
  connection.open = async function (this: StreamOpener, { domain, lang }: { domain: string; lang?: string }) {
    this._status("opening");
    const header = this.headerElement();
    header.attrs.to = domain;
    header.attrs["xml:lang"] = lang;
    this.root = header;
    // Our parser (bounded-parser.ts), not this.Parser: Client.connect() resets that to the transport's.
    this._attachParser(new BoundedParser());
    const opened = once(this, "open", { signal: AbortSignal.timeout(this.timeout) }).catch((error: Error) => {
      throw error.name === "AbortError" ? new Error(`no stream header from the server within ${this.timeout} ms`) : error;
    });
    try {
      await this.write(this.header(header));
    } catch (error) {
      opened.catch(() => {});
      throw error;
    }
    return opened;
  };
}

/**
 * xmpp.js bounds some steps of a login (the stream header, STARTTLS, resource binding), not SASL
 * nor the wait for stream features: a server that stops answering there held the login for ever.
 * Each wait for the server is bounded here: `login` fails once the server has been silent for
 * `timeoutMs` (each element it sends, each step of the connection, starts the count again).
 */
function answeredThroughout<T>(xmpp: XmppClient, login: Promise<T>, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const silent = () => {
      stop();
      login.catch(() => {});
      reject(new Error(`the server sent nothing more for ${timeoutMs / 1000} s while we logged in`));
    };
    let timer = setTimeout(silent, timeoutMs);
    const heard = () => {
      clearTimeout(timer);
      timer = setTimeout(silent, timeoutMs);
    };
    const stop = () => {
      clearTimeout(timer);
      xmpp.off("element", heard);
      xmpp.off("status", heard);
    };
    xmpp.on("element", heard);
    xmpp.on("status", heard);
    login.then(
      (value) => (stop(), resolve(value)),
      (error: unknown) => (stop(), reject(error)),
    );
  });
}

/**
 * Our parser (attached by the stream opener above) is fed the socket's bytes, to decode as one
 * stream; xmpp.js's Connection._onData decodes each read on its own.
 */
function readWithinBounds(xmpp: XmppClient): void {
  const connection = xmpp as unknown as StreamOpener;
  connection._onData = function (this: StreamOpener, data: Buffer) {
    this.parser?.write(data);
  };
}

/** The parts of xmpp.js's Connection that open a stream (node_modules/@xmpp/connection/index.js). */
interface StreamOpener extends EventEmitter {
  timeout: number;
  root: Element | null;
  parser: { write(data: Buffer): void } | null;
  _onData(data: Buffer): void;
  open(options: { domain: string; lang?: string }): Promise<unknown>;
  _status(status: string): void;
  headerElement(): Element;
  header(element: Element): string;
  write(data: string): Promise<void>;
  _attachParser(parser: unknown): void;
}

/** The account's localpart and domain (config.ts has checked that it is a bare JID with both). */
function splitAccount(jid: string): [string, string] {
  const parsed = parseJid(jid);
  if (!parsed.ok || parsed.jid.local === undefined) throw new Error(`not an account JID: ${jid}`);
  return [parsed.jid.local, parsed.jid.domain];
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const condition = (error as Error & { condition?: string }).condition;
    return condition ? `${condition}${error.message && error.message !== condition ? ` (${error.message})` : ""}` : error.message || error.name;
  }
  return String(error);
}
