// Escaping for what the site writes by hand: SVG badges, Atom feeds, CSV, and the markup a server
// page writes many times (lib/markup.ts, the one place a page's HTML is written as a string). The
// rest of the pages are Astro templates, which escape every expression themselves.

// Characters XML 1.0 does not allow at all: they are dropped, not escaped.
// eslint-disable-next-line no-control-regex -- these control characters are exactly what must go
const NOT_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

export function escapeXml(value: string): string {
  return escapeHtml(value.replace(NOT_XML, ""));
}

/**
 * Text and attribute values in HTML: the five characters escaped, nothing dropped (HTML, unlike
 * XML, has a place for every character; lib/markup.ts shows the invisible ones before this).
 */
export function escapeHtml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

/** A CSV cell (RFC 4180), defused against formula injection: a leading = + - @ tab or CR gets a quote mark. */
export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (typeof value === "string" && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(cells: Array<string | number | boolean | null | undefined>): string {
  return cells.map(csvCell).join(",");
}
