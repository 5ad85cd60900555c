// The thread that writes the downloads (downloads.ts) while Astro renders the pages. Plain
// JavaScript, so that a worker can start it: it has tsx load the site's TypeScript, as Astro's own
// loader does for the integration.
import { parentPort, workerData } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
const { writeDownloads } = await import("./downloads.ts");
parentPort.postMessage(writeDownloads(workerData.root));
