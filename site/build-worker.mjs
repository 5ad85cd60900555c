// A thread of the site build (integration.ts): the downloads (downloads.ts), or a share of the
// server pages (server-pages.ts), which first wait for the layout Astro renders for them. Plain
// JavaScript, so that a worker can start it: it has tsx load the site's TypeScript, as Astro's own
// loader does for the integration.
import { parentPort, workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
if (workerData.task === "downloads") {
  const { writeDownloads } = await import("./downloads.ts");
  parentPort.postMessage(writeDownloads(workerData.root));
} else {
  const { writeServerPages } = await import("./server-pages.ts");
  parentPort.once("message", (layout) => parentPort.postMessage(writeServerPages(workerData.root, layout, workerData.share)));
}
