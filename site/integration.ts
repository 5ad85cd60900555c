// An Astro integration that writes the data downloads, badges, feeds and security.txt beside the
// pages (downloads.ts), in a worker thread that runs while Astro renders the pages: on two cores the
// two take about as long together as the pages alone (README: bench:site). It starts when the pages
// start (astro:build:ssr, once the output folder has been emptied) and the build waits for it when
// they are done (astro:build:generated), before Astro tidies the folder.
import { Worker } from "node:worker_threads";
import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";

interface Written {
  files: number;
  /** When the thread was done, from performance.now(). */
  doneAt: number;
  seconds: number;
}

function startDownloads(root: string): Promise<Written> {
  const started = performance.now();
  const worker = new Worker(new URL("./downloads-worker.mjs", import.meta.url), { workerData: { root } });
  return new Promise((resolve, reject) => {
    worker.once("message", ({ files }: { files: number }) => resolve({ files, doneAt: performance.now(), seconds: (performance.now() - started) / 1000 }));
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the downloads' thread stopped (exit ${code}) before it was done`)));
  });
}

export function observatoryData(): AstroIntegration {
  let outDir: URL | undefined;
  let downloads: Promise<Written> | undefined;
  const start = (dir: URL) => (downloads ??= startDownloads(fileURLToPath(dir).replace(/\/$/, "")));
  return {
    name: "serverinfo-observatory-data",
    hooks: {
      "astro:config:done": ({ config }) => void (outDir = config.outDir),
      // Its failure is reported when the build waits for it.
      "astro:build:ssr": () => void start(outDir!).catch(() => undefined),
      "astro:build:generated": async ({ dir, logger }) => {
        const pagesDoneAt = performance.now();
        const { files, doneAt, seconds } = await start(dir);
        const waited = Math.max(0, doneAt - pagesDoneAt) / 1000;
        logger.info(
          `wrote ${files} data files, badges and feeds in ${seconds.toFixed(1)} s, beside the pages (which then waited ${waited.toFixed(1)} s for them)`,
        );
      },
    },
  };
}
