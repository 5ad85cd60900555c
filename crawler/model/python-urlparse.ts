// What Python's urllib.parse.urlparse (Python 3.11, as Debian ships it) makes of a string: the
// scheme and the path, which is all authbot reads of an address. Pure. Tested against Python itself
// (test/oracles). Python strips leading C0 controls and spaces, removes every tab, CR and LF,
// lowercases the scheme, splits off '//' authority, '#' fragment and '?' query, and never decodes
// percent-escapes; a malformed authority raises, which authbot treats as a value to skip.

// eslint-disable-next-line no-control-regex -- Python strips exactly the C0 controls and the space
const C0_OR_SPACE = /^[\u0000-\u0020]+/;
const TAB_CR_LF = /[\t\r\n]/g;
const SCHEME_CHARS = /^[A-Za-z0-9+.-]+$/;

export interface PythonUrl {
  scheme: string;
  netloc: string;
  path: string;
}

export function pythonUrlparse(value: string): PythonUrl | undefined {
  let url = value.replace(C0_OR_SPACE, "").replace(TAB_CR_LF, "");
  let scheme = "";
  let netloc = "";
  const colon = url.indexOf(":");
  if (colon > 0 && /^[A-Za-z]/.test(url) && SCHEME_CHARS.test(url.slice(0, colon))) {
    scheme = url.slice(0, colon).toLowerCase();
    url = url.slice(colon + 1);
  }
  if (url.startsWith("//")) {
    const ends = ["/", "?", "#"].map((c) => url.indexOf(c, 2)).filter((i) => i !== -1);
    const end = ends.length > 0 ? Math.min(...ends) : url.length;
    netloc = url.slice(2, end);
    url = url.slice(end);
    // Python raises "Invalid IPv6 URL" here; what it checks further (brackets, NFKC) only ever
    // applies to an authority, whose path authbot then cannot read as a JID anyway.
    if (netloc.includes("[") !== netloc.includes("]")) return undefined;
  }
  const hash = url.indexOf("#");
  if (hash !== -1) url = url.slice(0, hash);
  const question = url.indexOf("?");
  if (question !== -1) url = url.slice(0, question);
  return { scheme, netloc, path: url };
}
