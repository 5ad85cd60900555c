// The one order in which the site lists names, at build time and in the browser's sorts: the
// domains of the server list, the software filter's choices, and the sort by software. One
// collator, the same in every reader's browser, so that the page's order and a sort's agree.

const collator = new Intl.Collator("en", { sensitivity: "base" });

/** Compares two names in reading order; names the collator holds equal fall back to code units, so the order is total. */
export function byReadingOrder(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}
