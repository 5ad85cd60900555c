// The XML stream parser of our client connection, within bounds. xmpp.js's own parser builds
// every stanza whole, however large or deep, and decodes each socket read on its own; a hostile
// answer relayed by our server could then exhaust memory, overflow the stack when serialised, or
// turn a character split across two reads into U+FFFD. This one:
//   - decodes the byte stream with one StringDecoder, so split characters stay whole;
//   - drops elements nested deeper than BOUNDS.maxDepth below the stanza;
//   - reads at most BOUNDS.maxStanzaChars of one stanza, hands on what it has, and skips the rest
//     with a small scanner, so no more than that is ever held;
//   - ignores text between stanzas (whitespace keepalives would otherwise pile up on the root).
// Every cut is recorded against the stanza (cutsOf), so that the probe reports it as a finding.
import { StringDecoder } from "node:string_decoder";
import XmppParser from "@xmpp/xml/lib/Parser.js";
import LtxParser from "ltx/lib/parsers/ltx.js";
import type { Element } from "@xmpp/xml";
import { BOUNDS } from "../politeness.ts";
import { StanzaScanner } from "./stanza-scanner.ts";

const cuts = new WeakMap<Element, string[]>();

/** What the reader left out of a stanza, in words; empty when it is whole. */
export function cutsOf(stanza: Element): string[] {
  return cuts.get(stanza) ?? [];
}

function noteCut(stanza: Element, reason: string): void {
  const list = cuts.get(stanza) ?? [];
  if (!list.includes(reason)) list.push(reason);
  cuts.set(stanza, list);
}

export interface ParserBounds {
  maxDepth: number;
  maxStanzaChars: number;
}

export class BoundedParser extends XmppParser {
  private readonly decoder = new StringDecoder("utf8");
  private readonly scanner: StanzaScanner;
  /** Depth of the cursor below the stanza (the stanza itself is 1); 0 between stanzas. */
  private depth = 0;
  /** Elements being dropped for depth, still open. */
  private droppedOpen = 0;
  /** The stanza being read was cut for size: the scanner skips to its end. */
  private skipping = false;

  constructor(private readonly bounds: ParserBounds = BOUNDS) {
    super();
    this.scanner = new StanzaScanner(bounds.maxStanzaChars);
  }

  /**
   * An error no one listens for is dropped. The connection takes its listeners off a parser it is
   * done with (an element it refused, a first error), while the rest of the chunk is still being
   * read; a second error in that rest (a stray end tag, an unknown entity), emitted to no listener,
   * would throw out of the socket's data handler and end the process: anyone on the path could
   * send one with each login.
   */
  override emit(event: string | symbol, ...args: unknown[]): boolean {
    if (event === "error" && this.listenerCount("error") === 0) return false;
    return super.emit(event, ...args);
  }

  /** Bytes from the socket (or text, in tests). A tokenizer error (an illegal entity) becomes an "error" event, as bad XML does. */
  override write(data: Buffer | string): void {
    try {
      this.read(typeof data === "string" ? data : this.decoder.write(data));
    } catch (error) {
      this.emit("error", error instanceof Error ? error : new Error(String(error)));
    }
  }

  private read(text: string): void {
    let fed = 0;
    this.scanner.scan(text, (event, index) => {
      if (event === "over-limit") {
        this.parser.write(text.slice(fed, index));
        fed = index;
        this.cutForSize();
      } else if (event === "stanza-end" && this.skipping) {
        // The rest of the stanza has gone by; read on from the next one with a fresh tokenizer.
        fed = index + 1;
        this.skipping = false;
        this.replaceTokenizer();
      }
    });
    if (!this.skipping && fed < text.length) this.parser.write(text.slice(fed));
  }

  override onStartElement(name: string, attrs: Record<string, string>): void {
    if (this.root && this.cursor !== this.root && (this.droppedOpen > 0 || this.depth >= this.bounds.maxDepth)) {
      if (this.droppedOpen++ === 0) noteCut(stanzaOf(this.cursor!), `elements nested deeper than ${this.bounds.maxDepth} levels, dropped`);
      return;
    }
    if (this.root) this.depth++;
    super.onStartElement(name, attrs);
  }

  override onEndElement(name: string): void {
    if (this.droppedOpen > 0) {
      this.droppedOpen--;
      return;
    }
    if (this.depth > 0) this.depth--;
    super.onEndElement(name);
  }

  override onText(text: string): void {
    if (this.droppedOpen > 0 || (this.root && this.cursor === this.root)) return;
    super.onText(text);
  }

  private cutForSize(): void {
    this.skipping = true;
    // The tokenizer holds the text it is in until the next '<': hand it one, so that the value
    // being read is kept up to the cut (and not reported empty).
    try {
      this.parser.write("<");
    } catch {
      // A partial entity at the cut: the text is lost, the cut is still noted.
    }
    const cursor = this.cursor;
    this.depth = 0;
    this.droppedOpen = 0;
    this.cursor = this.root;
    // Cut inside the stanza's own start tag: there is no element to hand on.
    if (!cursor || cursor === this.root) return;
    const stanza = stanzaOf(cursor);
    noteCut(stanza, `more than ${this.bounds.maxStanzaChars} characters; the rest was not read`);
    stanza.parent = this.root;
    this.emit("element", stanza);
  }

  private replaceTokenizer(): void {
    const parser = new LtxParser();
    parser.on("startElement", this.onStartElement.bind(this));
    parser.on("endElement", this.onEndElement.bind(this));
    parser.on("text", this.onText.bind(this));
    this.parser = parser;
  }
}

function stanzaOf(element: Element): Element {
  let top = element;
  while (top.parent) top = top.parent;
  return top;
}
