// The server pages' layout (pages/server-page.astro) is not a page of the site: its HTML goes to
// the threads that write the server pages (integration.ts), and no file is written for it (Astro
// writes none for a response without a body).
import type { MiddlewareHandler } from "astro";
import { SERVER_PAGE_LAYOUT } from "./lib/server-page.ts";

export const onRequest: MiddlewareHandler = async (_context, next) => {
  const response = await next();
  if (!response.headers.has(SERVER_PAGE_LAYOUT.header)) return response;
  const channel = new BroadcastChannel(SERVER_PAGE_LAYOUT.channel);
  channel.postMessage(await response.text());
  channel.close();
  return new Response(null);
};
