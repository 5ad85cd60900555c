// The subset of xmpp.js (0.14, untyped JavaScript) that the crawler uses.
declare module "@xmpp/xml" {
  export interface Element {
    name: string;
    attrs: Record<string, string | undefined>;
    children: Array<Element | string>;
    parent: Element | null;
    getChild(name: string, xmlns?: string): Element | undefined;
    getChildren(name: string, xmlns?: string): Element[];
    getChildElements(): Element[];
    getText(): string;
    getNS(): string | undefined;
    is(name: string, xmlns?: string): boolean;
    append(...children: Array<Element | string>): Element;
    toString(): string;
  }
  interface XmlFactory {
    (name: string, attrs?: Record<string, string | undefined> | null, ...children: Array<Element | string>): Element;
    Parser: new () => {
      on(event: "start" | "element" | "end", listener: (el: Element) => void): void;
      on(event: "error", listener: (err: Error) => void): void;
      write(data: string): void;
      end(data?: string): void;
    };
  }
  const xml: XmlFactory;
  export default xml;
}

declare module "@xmpp/xml/lib/parse.js" {
  import type { Element } from "@xmpp/xml";
  export default function parse(data: string): Element;
}

declare module "@xmpp/client" {
  import type { Element } from "@xmpp/xml";
  import type { EventEmitter } from "node:events";
  export { default as xml } from "@xmpp/xml";

  export interface Jid {
    local: string;
    domain: string;
    resource: string;
    bare(): Jid;
    toString(): string;
  }

  type IqHandler = (ctx: { stanza: Element; element: Element; from: Jid | undefined }) => Element | boolean | Promise<Element | boolean> | undefined;

  export interface XmppClient extends EventEmitter {
    jid: Jid | null;
    status: string;
    start(): Promise<Jid>;
    stop(): Promise<void>;
    send(element: Element): Promise<void>;
    disconnect(timeout?: number): Promise<void>;
    reconnect: EventEmitter & { delay: number; stop(): void; start(): void };
    iqCallee: {
      get(ns: string, name: string, handler: IqHandler): void;
      set(ns: string, name: string, handler: IqHandler): void;
    };
    streamManagement?: { enabled: boolean };
    /** Whether the stream is TLS-protected (STARTTLS done, or direct TLS). */
    isSecure(): boolean;
    /** SASL2's inline features (XEP-0388), one handler pair per namespace: what to add to <authenticate/>, what to read in <success/>. */
    sasl2: { use(ns: string, request: (offer: Element) => unknown, result: (element: Element) => unknown): void };
  }

  /** Authenticates with `mechanism` (SASL or SASL2; the user agent is for SASL2). */
  export type Authenticate = (credentials: { username: string; password: string }, mechanism: string, userAgent?: Element) => Promise<void>;
  /** The `credentials` option as a function: called at each login with the mechanisms both ends support, in xmpp.js's order. */
  export type OnAuthenticate = (authenticate: Authenticate, mechanisms: string[]) => Promise<void>;

  /** xmpp.js's JID class (XEP-0106 escaping in setLocal); its middleware makes two for every stanza, in and out. */
  export interface JidClass {
    prototype: { setLocal(this: { _local: string }, local: string, escape?: boolean): unknown };
  }
  export const jid: { JID: JidClass };

  export function client(options: {
    service?: string;
    domain?: string;
    resource?: string;
    username?: string;
    password?: string;
    credentials?: OnAuthenticate;
    timeout?: number;
  }): XmppClient;
}

declare module "@xmpp/xml/lib/Parser.js" {
  import type { Element } from "@xmpp/xml";
  import type { EventEmitter } from "node:events";
  /** xmpp.js's stream parser: builds stanzas from ltx's tokenizer events. */
  export default class Parser extends EventEmitter {
    root: Element | null;
    cursor: Element | null;
    parser: { write(data: string): void };
    onStartElement(name: string, attrs: Record<string, string>): void;
    onEndElement(name: string): void;
    onText(text: string): void;
    write(data: string): void;
    end(data?: string): void;
  }
}

declare module "ltx/lib/parsers/ltx.js" {
  import type { EventEmitter } from "node:events";
  /** ltx's streaming XML tokenizer. */
  export default class LtxParser extends EventEmitter {
    write(data: string): void;
  }
}
