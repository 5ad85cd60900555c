// An Astro integration that writes, beside the pages Astro renders, the server pages (server-pages.ts)
// and the data downloads, badges, feeds and security.txt (downloads.ts), in worker threads: Astro
// renders its pages one after another on one thread, and a server page costs it as much again as
// the page itself, so the 100,000-odd server pages are written by threads of their own, in shares,
// set into the layout Astro renders once for them (pages/server-page.astro, which the middleware
// hands over on a channel). The threads start when the pages start (astro:build:ssr, once the
// output folder has been emptied) and the build waits for them when Astro's pages are done
// (astro:build:generated), before Astro tidies the folder (README: bench:site).
import { availableParallelism } from "node:os";
import { BroadcastChannel, Worker } from "node:worker_threads";
import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";
import { SERVER_PAGE_LAYOUT } from "./lib/server-page.ts";

/**
 * The threads that write the server pages: one per core, beside Astro's and the downloads' threads,
 * which are busy at first (Astro's with its own pages, then idle, waiting).
 */
const SERVER_PAGE_THREADS = Math.max(1, availableParallelism());

interface Written {
  files: number;
  /** When the thread was done, from performance.now(). */
  doneAt: number;
  seconds: number;
}

function startThread(workerData: object): { worker: Worker; done: Promise<Written> } {
  const started = performance.now();
  const worker = new Worker(new URL("./build-worker.mjs", import.meta.url), { workerData });
  const done = new Promise<Written>((resolve, reject) => {
    worker.once("message", ({ files }: { files: number }) => resolve({ files, doneAt: performance.now(), seconds: (performance.now() - started) / 1000 }));
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`a thread of the site build stopped (exit ${code}) before it was done`)));
  });
  // Its failure is reported when the build waits for it.
  done.catch(() => undefined);
  return { worker, done };
}

interface Threads {
  downloads: Promise<Written>;
  pages: Array<{ worker: Worker; done: Promise<Written> }>;
}

export function observatoryData(): AstroIntegration {
  let outDir: URL | undefined;
  let threads: Threads | undefined;
  let layout: string | undefined;
  const channel = new BroadcastChannel(SERVER_PAGE_LAYOUT.channel);
  channel.unref();
  channel.onmessage = (event) => {
    layout = (event as { data: string }).data;
    for (const { worker } of threads?.pages ?? []) worker.postMessage(layout);
  };
  const start = (dir: URL): Threads => {
    if (threads) return threads;
    const root = fileURLToPath(dir).replace(/\/$/, "");
    threads = {
      downloads: startThread({ task: "downloads", root }).done,
      pages: Array.from({ length: SERVER_PAGE_THREADS }, (_, part) => startThread({ task: "server-pages", root, share: { part, parts: SERVER_PAGE_THREADS } })),
    };
    if (layout !== undefined) for (const { worker } of threads.pages) worker.postMessage(layout);
    return threads;
  };
  return {
    name: "serverinfo-observatory-data",
    hooks: {
      "astro:config:done": ({ config }) => void (outDir = config.outDir),
      "astro:build:ssr": () => void start(outDir!),
      "astro:build:generated": async ({ dir, logger }) => {
        const pagesDoneAt = performance.now();
        const { downloads, pages } = start(dir);
        channel.close();
        if (layout === undefined) {
          for (const { worker } of pages) await worker.terminate();
          throw new Error("Astro rendered no layout for the server pages (pages/server-page.astro), so none was written");
        }
        const [data, ...shares] = await Promise.all([downloads, ...pages.map((p) => p.done)]);
        const waited = (w: Written) => (Math.max(0, w.doneAt - pagesDoneAt) / 1000).toFixed(1);
        logger.info(
          `wrote ${data!.files} data files, badges and feeds in ${data!.seconds.toFixed(1)} s (Astro's pages then waited ${waited(data!)} s for them)`,
        );
        for (const [part, pagesWritten] of shares.entries())
          logger.info(
            `wrote ${pagesWritten.files} server pages (share ${part + 1} of ${shares.length}) in ${pagesWritten.seconds.toFixed(1)} s (Astro's pages then waited ${waited(pagesWritten)} s for them)`,
          );
      },
    },
  };
}
