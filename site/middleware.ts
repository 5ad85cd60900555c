// The server pages' layout (pages/server-page.astro) is not a page of the site: its HTML goes to
// the threads that write the server pages (integration.ts), and no file is written for it (Astro
// writes none for a response without a body). It is handed over by a call, on Astro's thread.
import type { MiddlewareHandler } from "astro";
import { layoutSlot, SERVER_PAGE_LAYOUT } from "./lib/server-page.ts";

export const onRequest: MiddlewareHandler = async (_context, next) => {
  const response = await next();
  if (!response.headers.has(SERVER_PAGE_LAYOUT.header)) return response;
  layoutSlot[SERVER_PAGE_LAYOUT.slot]?.(await response.text());
  return new Response(null);
};
