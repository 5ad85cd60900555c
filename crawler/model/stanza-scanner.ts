// Where stanzas start and end in an XML stream, and how long each is, without building anything.
// The bounded parser runs this beside the tokenizer, so that it can stop reading a stanza at any
// character and still find where the stanza ends. It knows just enough XML for that: tags,
// quoted attribute values (which may hold '>'), comments, CDATA and processing instructions.

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const QUESTION = 0x3f;
const BANG = 0x21;
const DQUOTE = 0x22;
const SQUOTE = 0x27;

const State = { Text: 0, Open: 1, StartTag: 2, EndTag: 3, Instruction: 4, Bang: 5, Comment: 6, CData: 7, Declaration: 8 } as const;
type State = (typeof State)[keyof typeof State];

export type ScanEvent = "over-limit" | "stanza-end";

export class StanzaScanner {
  private state: State = State.Text;
  /** 0 outside the stream, 1 between stanzas, 2 and more inside one. */
  private level = 0;
  private quote = 0;
  private lastNonSpace = 0;
  /** The last characters seen, for the multi-character ends of comments, CDATA and instructions. */
  private tail = "";
  private bang = "";
  private inStanza = false;
  private overLimit = false;
  /** Characters of the current stanza seen so far. */
  private stanzaChars = 0;

  constructor(private readonly limit: number) {}

  /** Reads `text`, telling `onEvent` the index where the current stanza passes the limit, and where each stanza's last '>' is. */
  scan(text: string, onEvent: (event: ScanEvent, index: number) => void): void {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.inStanza && ++this.stanzaChars > this.limit && !this.overLimit) {
        this.overLimit = true;
        onEvent("over-limit", i);
      }
      switch (this.state) {
        case State.Text:
          if (c === LT) this.state = State.Open;
          break;
        case State.Open:
          if (c === SLASH) this.state = State.EndTag;
          else if (c === QUESTION) this.enter(State.Instruction);
          else if (c === BANG) {
            this.state = State.Bang;
            this.bang = "";
          } else {
            this.state = State.StartTag;
            this.lastNonSpace = c;
            if (this.level === 1) {
              this.inStanza = true;
              this.overLimit = false;
              this.stanzaChars = 2;
            }
          }
          break;
        case State.StartTag:
          if (this.quote !== 0) {
            if (c === this.quote) this.quote = 0;
          } else if (c === DQUOTE || c === SQUOTE) {
            this.quote = c;
          } else if (c === GT) {
            this.state = State.Text;
            if (this.lastNonSpace !== SLASH) this.level++;
            else if (this.level === 1) this.endStanza(i, onEvent);
          } else if (c > 0x20) {
            this.lastNonSpace = c;
          }
          break;
        case State.EndTag:
          if (c === GT) {
            this.state = State.Text;
            this.level = Math.max(0, this.level - 1);
            if (this.level === 1) this.endStanza(i, onEvent);
          }
          break;
        case State.Bang:
          this.bang += text[i];
          if (this.bang === "--") this.enter(State.Comment);
          else if (this.bang === "[CDATA[") this.enter(State.CData);
          else if (!"--".startsWith(this.bang) && !"[CDATA[".startsWith(this.bang)) this.state = c === GT ? State.Text : State.Declaration;
          break;
        case State.Declaration:
          if (c === GT) this.state = State.Text;
          break;
        case State.Instruction:
        case State.Comment:
        case State.CData:
          this.tail = (this.tail + text[i]).slice(-3);
          if (this.tail.endsWith(this.state === State.Instruction ? "?>" : this.state === State.Comment ? "-->" : "]]>")) this.state = State.Text;
          break;
      }
    }
  }

  private enter(state: State): void {
    this.state = state;
    this.tail = "";
  }

  private endStanza(index: number, onEvent: (event: ScanEvent, index: number) => void): void {
    if (!this.inStanza) return;
    this.inStanza = false;
    onEvent("stanza-end", index);
  }
}
