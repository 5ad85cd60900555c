// The server list's data parts, which its script fetches to search, filter and sort every domain
// (lib/server-list.ts).
import type { APIRoute } from "astro";
import { domainSummaries } from "../../../lib/site-data.ts";
import { LIST_PART_ROWS, listPart, pieces, serverList } from "../../../lib/server-list.ts";

export function getStaticPaths() {
  return Array.from({ length: pieces(domainSummaries().length, LIST_PART_ROWS) }, (_, i) => ({ params: { part: String(i + 1) } }));
}

export const GET: APIRoute = ({ params }) =>
  new Response(JSON.stringify(listPart(serverList(domainSummaries()).rows, Number(params.part))), { headers: { "Content-Type": "application/json" } });
