// How a page marks an invisible character of crawled text (lib/markup.ts on the
// server, scripts/servers-table.ts in the browser): its code point, in a span with this title.
export const INVISIBLE_HINT = "an invisible character in the crawled text";
