// The server pages, written beside Astro's from the store by threads of their own (integration.ts):
// each thread writes the domains of its share, each page set into the layout that Astro rendered
// once (lib/server-page.ts). Astro rendering 100,000 pages one after another on its one thread was
// most of the build's time (README: bench:site).
import { mkdirSync, writeFileSync } from "node:fs";
import { inLayout, serverPage } from "./lib/server-page.ts";
import { serverPath } from "./lib/links.ts";
import { eachServerView, snapshot, type Share } from "./lib/site-data.ts";

export function writeServerPages(root: string, layout: string, share: Share): { files: number } {
  const page = inLayout(layout);
  const { siteUrl } = snapshot();
  let files = 0;
  for (const view of eachServerView(share)) {
    const folder = `${root}${serverPath(view.state.domain)}`;
    mkdirSync(folder, { recursive: true });
    writeFileSync(`${folder}index.html`, page(serverPage(view, siteUrl)));
    files++;
  }
  return { files };
}
