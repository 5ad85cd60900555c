// Reading a security.txt (RFC 9116) within bounds, for the contact checks. Pure: text in, the
// fields the checks judge out. A web server controls the text, so every count and length is bounded.

/** RFC 9116 §2.5: Contact "MUST always be present"; Expires "MUST always be present" and "MUST NOT appear more than once". */
export interface SecurityTxt {
  contacts: string[];
  /** The (first) Expires value as written. */
  expires: string | undefined;
  /** Its time, when it parses as an RFC 3339 date-time. */
  expiresAt: number | undefined;
  /** What is wrong with the file's form, in words (a second Expires, an unreadable date, a line without a colon). */
  problems: string[];
  /** Whether it is an OpenPGP cleartext-signed message (§2.3); the signature itself is not checked. */
  signed: boolean;
}

export const SECURITY_TXT_BOUNDS = {
  /** Lines read; the rest is ignored, and said so. */
  maxLines: 1000,
  /** Characters of one value kept. */
  maxValueChars: 2048,
  /** Contact values kept. */
  maxContacts: 32,
  /** Problems listed. */
  maxProblems: 10,
} as const;

const SIGNED_START = "-----BEGIN PGP SIGNED MESSAGE-----";
const SIGNATURE_START = "-----BEGIN PGP SIGNATURE-----";
// RFC 3339 §5.6 date-time, as RFC 9116 §2.5.5 requires for Expires.
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

export function parseSecurityTxt(text: string, bounds = SECURITY_TXT_BOUNDS): SecurityTxt {
  let lines = text.replace(/^\ufeff/, "").split(/\r?\n/);
  const problems: string[] = [];
  const problem = (p: string) => {
    if (problems.length < bounds.maxProblems) problems.push(p);
  };
  const signed = lines.some((l) => l.trim() === SIGNED_START);
  if (signed) lines = signedBody(lines);
  if (lines.length > bounds.maxLines) {
    problem(`${lines.length} lines; only the first ${bounds.maxLines} were read`);
    lines = lines.slice(0, bounds.maxLines);
  }
  const contacts: string[] = [];
  const expiresValues: string[] = [];
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) return;
    const colon = line.indexOf(":");
    if (colon <= 0) return problem(`line ${i + 1} is neither a field nor a comment`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line
      .slice(colon + 1)
      .trim()
      .slice(0, bounds.maxValueChars);
    if (name === "contact" && contacts.length < bounds.maxContacts) contacts.push(value);
    if (name === "expires") expiresValues.push(value);
  });
  if (expiresValues.length > 1) problem(`Expires appears ${expiresValues.length} times; it must appear once`);
  const expires = expiresValues[0];
  const time = expires !== undefined && RFC3339.test(expires) ? Date.parse(expires) : NaN;
  if (expires !== undefined && Number.isNaN(time)) problem(`Expires ${JSON.stringify(expires.slice(0, 100))} is not an RFC 3339 date-time`);
  return { contacts, expires, expiresAt: Number.isNaN(time) ? undefined : time, problems, signed };
}

/** The lines of a cleartext-signed message's text: after the armour headers' blank line, before the signature, dash-escapes undone. */
function signedBody(lines: string[]): string[] {
  const start = lines.findIndex((l) => l.trim() === SIGNED_START);
  const blank = lines.findIndex((l, i) => i > start && l.trim() === "");
  const end = lines.findIndex((l, i) => i > blank && l.trim() === SIGNATURE_START);
  return lines.slice(blank + 1, end === -1 ? undefined : end).map((l) => (l.startsWith("- ") ? l.slice(2) : l));
}

/** What the contact checks judge of a parsed security.txt at `now`. */
export function judgeSecurityTxt(file: SecurityTxt, now: number): { noContact: boolean; expired: "missing" | "unreadable" | "past" | false } {
  const noContact = file.contacts.every((c) => c === "");
  if (file.expires === undefined) return { noContact, expired: "missing" };
  if (file.expiresAt === undefined) return { noContact, expired: "unreadable" };
  return { noContact, expired: file.expiresAt <= now ? "past" : false };
}
