// How every session of the observatory logs in (issue 30): only on a TLS-protected stream (STARTTLS
// done, or direct TLS; xmpp.js verifies the certificate), only with our password, and without
// asking the server to keep anything for us: no FAST token (XEP-0484).
import { randomUUID } from "node:crypto";
import { isIP, type Socket } from "node:net";
import type { PeerCertificate } from "node:tls";
import { xml, type OnAuthenticate, type XmppClient } from "@xmpp/client";
import type { Element } from "@xmpp/xml";
import { checkCertificateName } from "../model/certificate-name.ts";
import { NoPasswordMechanismError, RedirectRefusedError, UnencryptedStreamError } from "./login-errors.ts";

const NS_STREAMS = "http://etherx.jabber.org/streams";
const NS_STARTTLS = "urn:ietf:params:xml:ns:xmpp-tls";
const NS_FAST = "urn:xmpp:fast:0";

/** The SASL mechanisms of xmpp.js that authenticate with a password, best first: never ANONYMOUS. */
const PASSWORD_MECHANISMS = ["SCRAM-SHA-1", "PLAIN"] as const;

export interface LoginAccount {
  /** How the account is named in errors: the JID, and the service when one is set. */
  name: string;
  username: string;
  password: string;
}

/**
 * The `credentials` callback of client(): it authenticates with the password by the best password
 * mechanism offered, and refuses a server that offers only ANONYMOUS. Unlike xmpp.js's own
 * callback (createOnAuthenticate), it fetches no stored FAST token first.
 */
export function passwordOnly(account: LoginAccount, isSecure: () => boolean): OnAuthenticate {
  // One user agent for the session's logins (XEP-0388 §2.2): its reconnections are the same client.
  const userAgent = xml("user-agent", { id: randomUUID() });
  return async (authenticate, mechanisms) => {
    // refuseUnencryptedStreams ends such a stream first; this is the last door before the password.
    if (!isSecure()) throw new UnencryptedStreamError(account.name, "the stream was not TLS-protected when the server asked us to authenticate");
    const mechanism = PASSWORD_MECHANISMS.find((m) => mechanisms.includes(m));
    if (!mechanism) throw new NoPasswordMechanismError(account.name, PASSWORD_MECHANISMS, mechanisms);
    await authenticate({ username: account.username, password: account.password }, mechanism, userAgent);
  };
}

/**
 * Until a stream is TLS-protected, we take nothing from it but STARTTLS: stream features that
 * offer <starttls/>, the server's <proceed/> or <failure/>, and stream errors. Anything else closes
 * the socket at once, before xmpp.js reads it, so that nothing follows it: features without
 * <starttls/> (xmpp.js would then authenticate in the clear: SCRAM without channel binding, or
 * ANONYMOUS; or bind a resource with no login at all), and any stanza, which nobody authenticated
 * (a forged chat command, say, on a reconnection).
 */
export function refuseUnencryptedStreams(xmpp: XmppClient, account: LoginAccount): void {
  const connection = xmpp as unknown as ElementReader;
  const readElement = connection._onElement;
  connection._onElement = function (this: ElementReader, element: Element) {
    const why = this.isSecure() ? undefined : refusalBeforeTls(element);
    if (why === undefined) return readElement.call(this, element);
    closeWithoutAWord(this);
    this.emit("error", new UnencryptedStreamError(account.name, why));
  };
}

/**
 * Closes the connection's socket at once, sending and reading nothing more: before TLS it is a net.Socket
 * (@xmpp/connection-tcp's Socket); once STARTTLS has upgraded it, @xmpp/tls's wrapper of the TLSSocket.
 */
export function closeWithoutAWord(connection: ElementReader): void {
  // The rest of what was read with the element is not read either.
  connection._detachParser();
  const socket = connection.socket as { destroy?: () => void; socket?: Socket | null } | null;
  if (socket?.destroy) socket.destroy();
  else socket?.socket?.destroy();
}

/** Why an element read before TLS ends the connection; undefined for a step of STARTTLS. */
function refusalBeforeTls(element: Element): string | undefined {
  if (element.is("features", NS_STREAMS))
    return element.getChild("starttls", NS_STARTTLS)
      ? undefined
      : "the server offered no TLS (no <starttls/> among its stream features; someone on the path may have removed it)";
  if (element.getNS() === NS_STARTTLS || element.is("error", NS_STREAMS)) return undefined;
  // The name is the peer's: told only when it is one we know.
  const what = ["message", "presence", "iq"].includes(element.name) ? `<${element.name}/>` : "an element other than STARTTLS";
  return `the server sent ${what} before TLS (no server does; someone on the path may be forging it)`;
}

/**
 * The session connects where it was told, and nowhere else. xmpp.js would also speak WebSocket, on
 * which its STARTTLS step is skipped; would check a direct-TLS certificate against the host of the
 * service (an IP address, when the service is one), where RFC 6120 §13.7.2 checks it against the
 * domain; and would follow a see-other-host stream error to any host and port the peer names
 * (before TLS, anyone on the path). Here: plain TCP (then STARTTLS, checked against the domain) and
 * direct TLS checked against the domain, and see-other-host ends the connection as an error.
 */
export function connectOnlyAsConfigured(xmpp: XmppClient, domain: string, account: LoginAccount): void {
  const connection = xmpp as unknown as Transports;
  const accepts = (transport: Transport, service: string) => {
    try {
      return transport.prototype.socketParameters(service) !== undefined;
    } catch {
      return false;
    }
  };
  const plain = connection.transports.find((t) => accepts(t, "xmpp://example.org:5222"));
  const directTls = connection.transports.find((t) => accepts(t, "xmpps://example.org:5223"));
  if (!plain || !directTls) throw new Error("xmpp.js offers no TCP or TLS transport: the session cannot connect");
  const DirectTlsToDomain = class extends directTls {
    override socketParameters(service: string): Record<string, unknown> | undefined {
      const parameters = super.socketParameters(service);
      return (
        parameters && {
          ...parameters,
          ...(isIP(domain) === 0 && { servername: domain }),
          checkServerIdentity: (_host: string, certificate: PeerCertificate) => checkCertificateName(domain, certificate),
        }
      );
    }
  };
  connection.transports.splice(0, connection.transports.length, plain, DirectTlsToDomain);
  connection._onSeeOtherHost = function (this: Transports, error: Error & { element?: Element }) {
    const where = error.element?.getChild("see-other-host")?.getText() ?? "";
    this.emit("error", new RedirectRefusedError(account.name, where));
  };
}

/**
 * xmpp.js 0.14 has no option to leave FAST out: its plugin learns the server's offer through
 * sasl2.use(NS_FAST), then adds <request-token/> to every SASL2 login, and a server such as
 * ejabberd 24.12 with mod_auth_fast keeps a token for each one, never used and never revoked.
 * Declining the inline feature here (the same sasl2.use, which keeps one handler per namespace)
 * leaves the plugin without a mechanism: it then neither uses nor asks for a token.
 */
export function declineFastTokens(xmpp: XmppClient): void {
  xmpp.sasl2.use(
    NS_FAST,
    () => undefined,
    () => undefined,
  );
}

/** xmpp.js's transport classes (@xmpp/connection-tcp, @xmpp/tls, @xmpp/websocket): each says which services it takes. */
interface Transport {
  new (...args: never[]): { socketParameters(service: string): Record<string, unknown> | undefined };
  prototype: { socketParameters(service: string): Record<string, unknown> | undefined };
}

/** The parts of xmpp.js's Client that choose a transport and follow a redirect (node_modules/@xmpp/client-core/lib/Client.js). */
interface Transports {
  transports: Transport[];
  emit(event: string, ...args: unknown[]): boolean;
  _onSeeOtherHost(error: Error & { element?: Element }): void;
}

/** The parts of xmpp.js's Connection that read elements (node_modules/@xmpp/connection/index.js). */
export interface ElementReader {
  socket: unknown;
  isSecure(): boolean;
  emit(event: string, ...args: unknown[]): boolean;
  _onElement(element: Element): void;
  _detachParser(): void;
}
