// Raw XML made readable for the evidence a server page shows: indented, one element per line.
// Pure. The text stays the server's own words, shown as text (never as markup): the indented form
// is used only when it differs from the answer by whitespace between tags alone. Otherwise (cut
// short, malformed, which the formatter would silently repair, or nested past its depth) the
// answer is shown as received.
import xmlFormatter from "xml-formatter";

// The package is CommonJS exporting the function itself, while its types declare an ES default export.
type Format = typeof xmlFormatter.default;
const formatXml: Format = typeof xmlFormatter === "function" ? (xmlFormatter as unknown as Format) : xmlFormatter.default;

const betweenTags = (xml: string) => xml.replace(/>\s+</g, "><").trim();

export function prettyXml(raw: string): { text: string; pretty: boolean } {
  try {
    const text = formatXml(raw, { indentation: "  ", collapseContent: true, lineSeparator: "\n", throwOnFailure: true });
    if (betweenTags(text) === betweenTags(raw)) return { text, pretty: true };
  } catch {
    // Malformed, or too deep for the formatter's recursion (a RangeError).
  }
  return { text: raw, pretty: false };
}
