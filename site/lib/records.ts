// "What the server answered": the raw records of a domain's newest probe, as its page and its JSON
// show them. Pure. XML is indented (model/pretty-xml.ts); every record is capped, and all of them
// together (in UTF-8 bytes: what the page weighs), with a note saying what was cut. The page
// shows them as text only.
import type { RawRecord } from "../../crawler/contract.ts";
import { recordKey } from "../../crawler/model/contact-target.ts";
import { prettyXml } from "../../crawler/model/pretty-xml.ts";
import { CONTACT_CHECKS } from "../../crawler/politeness.ts";

export interface StoredRecord {
  jid: string;
  kind: string;
  xml: string | null;
  cut: string[];
  /** The vantage that asked, when it is not the one the report was probed through: its failed answer, kept as evidence. */
  vantage?: string;
}

const KINDS = new Set<RawRecord["kind"]>(["disco-info", "disco-items", "version", "dns", "http"]);
const XML_KINDS = new Set(["disco-info", "disco-items", "version"]);

/** The longest start of `text` within `maxBytes` of UTF-8, never splitting a character. */
export function cutToBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    const size = Buffer.byteLength(char);
    if (bytes + size > maxBytes) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}

export function rawRecords(
  stored: StoredRecord[],
  bounds = { perRecord: CONTACT_CHECKS.shownRecordBytes, perPage: CONTACT_CHECKS.shownRecordsBytesPerPage },
): RawRecord[] {
  const seen = new Set<string>();
  let left = bounds.perPage;
  const records: RawRecord[] = [];
  for (const r of stored) {
    const kind = r.kind as RawRecord["kind"];
    const own = recordKey(r.kind as Parameters<typeof recordKey>[0], r.jid);
    const key = r.vantage === undefined ? own : `${own} from ${r.vantage}`;
    if (!KINDS.has(kind) || seen.has(key)) continue;
    seen.add(key);
    const cut = [...r.cut];
    let text = r.xml === null ? undefined : XML_KINDS.has(kind) ? prettyXml(r.xml).text : r.xml;
    if (text !== undefined) {
      const most = Math.min(bounds.perRecord, left);
      const bytes = Buffer.byteLength(text);
      if (bytes > most) {
        cut.push(
          most === bounds.perRecord
            ? `shown up to ${most} bytes of ${bytes}`
            : `shown up to ${most} bytes of ${bytes}: the page shows at most ${bounds.perPage} bytes of records`,
        );
        text = cutToBytes(text, most);
      }
      left -= Buffer.byteLength(text);
    }
    records.push({ key, kind, subject: r.vantage === undefined ? r.jid : `${r.jid}, asked from ${r.vantage}`, ...(text !== undefined && { text }), cut });
  }
  return records;
}
