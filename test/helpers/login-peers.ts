// Hostile peers for the login tests, each a real TCP (and TLS) server on its own 127.0.0.x address
// (scripts/federation/spec.ts, ADDRESSES): someone on the path in front of the home server, who
// can strip <starttls/> or cut the connection, and small servers that offer what no server of the
// federation does. Each records what the client sent it, as text.
import net from "node:net";
import tls from "node:tls";
import { closeWith, listenTracked, relayTo } from "../../scripts/federation/relay.mjs";

const NS_SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
const NS_TLS = "urn:ietf:params:xml:ns:xmpp-tls";
const FEATURES_END = "</stream:features>";

export interface Listening {
  /** xmpp://address:port, for OBSERVATORY_SERVICE and the like. */
  service: string;
  close(): Promise<void>;
}

export interface PathProxy extends Listening {
  /** What clients sent after the first stream features reached them, on the connections from the `from`-th (0: all). */
  sentAfterFeatures(from?: number): string;
  /** Connections accepted so far. */
  connections(): number;
  /** Cuts every connection at once, as a dropped link would; new ones are still relayed. */
  cut(): void;
  /** What the proxy does to the connections that come next. */
  attack(attack: PathAttack): void;
}

export interface PathAttack {
  /**
   * Remove <starttls/> from the server's first stream features and offer in its place the
   * mechanisms the server offers once encrypted (a server that requires TLS offers none before),
   * to relay the client's SASL exchange.
   */
  stripStartTls: boolean;
  /** Stanzas to put before those features, as if the server had sent them. */
  injectBeforeFeatures?: string;
}

/** Someone on the path in front of `target`: a relay that does `attack` to what the server sends first (nothing when stripStartTls is false). */
export async function pathProxy(address: string, target: { host: string; port: number }, attack: PathAttack): Promise<PathProxy> {
  const sent: string[] = [];
  let current = attack;
  const server = relayTo(target, (client, upstream) => {
    const { stripStartTls, injectBeforeFeatures = "" } = current;
    const connection = sent.push("") - 1;
    closeWith(client, upstream);
    closeWith(upstream, client);
    let featuresSeen = false;
    let fromServer = "";
    client.on("data", (chunk: Buffer) => {
      if (featuresSeen) sent[connection] += chunk.toString("latin1");
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      if (featuresSeen) return void client.write(chunk);
      fromServer += chunk.toString("latin1");
      const start = fromServer.indexOf("<stream:features");
      const end = fromServer.indexOf(FEATURES_END);
      if (start === -1 || end === -1) return;
      let features = fromServer.slice(start, end);
      if (stripStartTls) {
        features = features.replace(/<starttls\b[^>]*?(\/>|>[\s\S]*?<\/starttls>)/, "");
        if (!features.includes("<mechanisms"))
          features += `<mechanisms xmlns='${NS_SASL}'><mechanism>SCRAM-SHA-1</mechanism><mechanism>PLAIN</mechanism></mechanisms>`;
      }
      featuresSeen = true;
      client.write(Buffer.from(fromServer.slice(0, start) + injectBeforeFeatures + features + fromServer.slice(end), "latin1"));
    });
  });
  const { port, cut, close } = await listenTracked(server, address);
  return {
    service: `xmpp://${address}:${port}`,
    sentAfterFeatures: (from = 0) => sent.slice(from).join(""),
    connections: () => sent.length,
    cut,
    attack: (next) => {
      current = next;
    },
    close,
  };
}

export interface FakeServer extends Listening {
  /** What clients sent over TLS after the server's features, on every connection. */
  received(): string;
}

/** How the fake server answers an encrypted stream: its features, and its answer to what the client sends after them. */
export interface FakeServerScript {
  features: string;
  answer(received: string, domain: string): string | undefined;
}

/**
 * A small XMPP server that requires STARTTLS, with a certificate from the federation's CA, then
 * plays `script`. It follows the stream coarsely (by text), as a hostile peer may.
 */
export async function fakeServer(address: string, certificate: { cert: string; key: string }, script: FakeServerScript): Promise<FakeServer> {
  let received = "";
  const header = (domain: string) =>
    `<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='fake' from='${domain}' version='1.0'>`;
  const server = net.createServer((plain) => {
    let text = "";
    let domain = "";
    const onPlain = (chunk: Buffer) => {
      text += chunk.toString("utf8");
      const opened = /<stream:stream\b[^>]*\bto=['"]([^'"]+)['"][^>]*>/.exec(text);
      if (!domain && opened) {
        domain = opened[1]!;
        plain.write(`${header(domain)}<stream:features><starttls xmlns='${NS_TLS}'><required/></starttls></stream:features>`);
      }
      if (!domain || !text.includes("<starttls")) return;
      plain.off("data", onPlain);
      plain.write(`<proceed xmlns='${NS_TLS}'/>`);
      const secure = new tls.TLSSocket(plain, { isServer: true, ...certificate });
      secure.on("error", () => {});
      let stream = "";
      let streamsOpened = 0;
      let afterFeatures = "";
      secure.on("data", (data: Buffer) => {
        const chunk = data.toString("utf8");
        if (chunk.includes("</stream:stream>")) return void secure.end("</stream:stream>");
        stream += chunk;
        // Each stream header the client sends opens a stream (after TLS, after SASL): answer with a header and the features.
        const headers = stream.match(/<stream:stream\b[^>]*>/g)?.length ?? 0;
        if (headers > streamsOpened) {
          streamsOpened = headers;
          afterFeatures = "";
          secure.write(
            `${header(domain)}<stream:features>${streamsOpened === 1 ? script.features : `<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>`}</stream:features>`,
          );
          return;
        }
        received += chunk;
        afterFeatures += chunk;
        const reply = script.answer(afterFeatures, domain);
        if (reply !== undefined) {
          afterFeatures = "";
          secure.write(reply);
        }
      });
    };
    plain.on("data", onPlain);
  });
  const { port, close } = await listenTracked(server, address);
  return { service: `xmpp://${address}:${port}`, received: () => received, close };
}

/** Offers SASL ANONYMOUS only, and lets in whoever uses it: a forged server, if it were believed. */
export const ANONYMOUS_ONLY: FakeServerScript = {
  features: `<mechanisms xmlns='${NS_SASL}'><mechanism>ANONYMOUS</mechanism></mechanisms>`,
  answer(received, domain) {
    if (/<auth\b[^>]*ANONYMOUS/.test(received)) return `<success xmlns='${NS_SASL}'/>`;
    const bind = /<iq\b[^>]*\bid=['"]([^'"]+)['"][^>]*>\s*<bind\b/.exec(received);
    if (bind) return `<iq type='result' id='${bind[1]}'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><jid>anonymous@${domain}/forged</jid></bind></iq>`;
    return undefined;
  },
};

/** Offers SASL2 (XEP-0388) with FAST (XEP-0484) and Bind2, as ejabberd 24.12 with mod_auth_fast does; refuses every password. */
export const SASL2_WITH_FAST: FakeServerScript = {
  features:
    `<authentication xmlns='urn:xmpp:sasl:2'><mechanism>SCRAM-SHA-1</mechanism><mechanism>PLAIN</mechanism>` +
    `<inline><fast xmlns='urn:xmpp:fast:0'><mechanism>HT-SHA-256-NONE</mechanism></fast><bind xmlns='urn:xmpp:bind:0'/></inline></authentication>`,
  answer(received) {
    if (received.includes("</authenticate>") || /<authenticate\b[^>]*\/>/.test(received))
      return `<failure xmlns='urn:xmpp:sasl:2'><not-authorized xmlns='${NS_SASL}'/></failure>`;
    return undefined;
  },
};

/** How an impostor's SCRAM ends: where its server-final message goes (RFC 6120 §6.3.10), or that it sends none. */
export type ImpostorEnding = "challenge" | "success-data" | "bare-success" | "sasl2-bare-success" | "sasl2-empty-data";

/**
 * Offers SCRAM-SHA-1 (over SASL, or SASL2 for "sasl2-…") and plays its server without knowing the
 * password: a well-formed server-first message (our nonce, extended), then, for our proof, either
 * RFC 5802's example's signature, not the one our password gives (as one more challenge, or as
 * its success's data), or a success that carries no signature at all (none, or SASL2's empty additional data).
 */
export function scramImpostor(ending: ImpostorEnding): FakeServerScript {
  const ns = ending.startsWith("sasl2-") ? "urn:xmpp:sasl:2" : NS_SASL;
  const base64 = (text: string) => Buffer.from(text, "latin1").toString("base64");
  const wrongSignature = base64("v=rmF9pqV8S7suAoZWja4dJRkFsKQ=");
  return {
    features:
      ns === NS_SASL
        ? `<mechanisms xmlns='${NS_SASL}'><mechanism>SCRAM-SHA-1</mechanism></mechanisms>`
        : `<authentication xmlns='${ns}'><mechanism>SCRAM-SHA-1</mechanism></authentication>`,
    answer(received, domain) {
      const first = /<(?:auth|initial-response)\b[^>]*>([^<]*)<\/(?:auth|initial-response)>/.exec(received);
      if (first) {
        const clientNonce = /,r=([^,]+)/.exec(Buffer.from(first[1]!, "base64").toString("latin1"))?.[1] ?? "";
        return `<challenge xmlns='${ns}'>${base64(`r=${clientNonce}impostor,s=QSXCR+Q6sek8bf92,i=4096`)}</challenge>`;
      }
      if (!/<response\b[^>]*>[^<]+<\/response>/.test(received)) return undefined;
      switch (ending) {
        case "challenge":
          return `<challenge xmlns='${ns}'>${wrongSignature}</challenge>`;
        case "success-data":
          return `<success xmlns='${ns}'>${wrongSignature}</success>`;
        case "bare-success":
          return `<success xmlns='${ns}'/>`;
        case "sasl2-bare-success":
          return `<success xmlns='${ns}'><authorization-identifier>crawler@${domain}/impostor</authorization-identifier></success>`;
        case "sasl2-empty-data":
          return `<success xmlns='${ns}'><additional-data/><authorization-identifier>crawler@${domain}/impostor</authorization-identifier></success>`;
      }
    },
  };
}

/** The impostor whose wrong signature comes as one more challenge. */
export const SCRAM_IMPOSTOR = scramImpostor("challenge");

/** Offers SCRAM-SHA-1 and PLAIN over TLS, then never answers: a server that stops in the middle of a login. */
export const SILENT_AT_SASL: FakeServerScript = {
  features: `<mechanisms xmlns='${NS_SASL}'><mechanism>SCRAM-SHA-1</mechanism><mechanism>PLAIN</mechanism></mechanisms>`,
  answer: () => undefined,
};

/** A direct-TLS (xmpps) server with `certificate` that offers SCRAM-SHA-1 and PLAIN and records what the client sends after its features. */
export async function directTlsServer(address: string, certificate: { cert: string; key: string }): Promise<FakeServer> {
  let received = "";
  const server = tls.createServer(certificate, (secure) => {
    secure.on("error", () => {});
    let featuresSent = false;
    secure.on("data", (data: Buffer) => {
      const chunk = data.toString("utf8");
      if (featuresSent) return void (received += chunk);
      const opened = /<stream:stream\b[^>]*\bto=['"]([^'"]+)['"][^>]*>/.exec(chunk);
      if (!opened) return;
      featuresSent = true;
      secure.write(
        `<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='fake' from='${opened[1]}' version='1.0'>` +
          `<stream:features>${SILENT_AT_SASL.features}</stream:features>`,
      );
    });
  });
  const { port, close } = await listenTracked(server, address);
  return { service: `xmpps://${address}:${port}`, received: () => received, close };
}

/** A server that answers every stream header with see-other-host, sending the client to `elsewhere` (host:port). */
export async function redirectingServer(address: string, elsewhere: string): Promise<Listening> {
  const server = net.createServer((socket) => {
    socket.once("data", () =>
      socket.end(
        `<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' id='fake' version='1.0'>` +
          `<stream:error><see-other-host xmlns='urn:ietf:params:xml:ns:xmpp-streams'>${elsewhere}</see-other-host></stream:error></stream:stream>`,
      ),
    );
  });
  const { port, close } = await listenTracked(server, address);
  return { service: `xmpp://${address}:${port}`, close };
}

/** A listener that only counts the connections it is offered. */
export async function connectionCounter(address: string): Promise<Listening & { port: number; connections(): number }> {
  let connections = 0;
  const server = net.createServer(() => connections++);
  const { port, close } = await listenTracked(server, address);
  return { service: `xmpp://${address}:${port}`, port, connections: () => connections, close };
}
