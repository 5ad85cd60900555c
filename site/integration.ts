// An Astro integration that writes, beside the pages Astro renders, the server pages and the data
// downloads, badges, feeds and security.txt (downloads.ts), in worker threads, each a share of the
// domains: Astro renders its pages one after another on one thread, and a server page cost it as
// much again as the page itself, so the 100,000-odd server pages are written as strings, set into
// the layout Astro renders once for them (pages/server-page.astro, which the middleware hands over
// by a call). The threads start when the pages start (astro:build:ssr, once the output folder
// has been emptied) and the build waits for them when Astro's pages are done
// (astro:build:generated), before Astro tidies the folder (README: bench:site).
import { availableParallelism } from "node:os";
import { MessageChannel, Worker, type MessagePort } from "node:worker_threads";
import { fileURLToPath } from "node:url";
import type { AstroIntegration } from "astro";
import { layoutSlot, SERVER_PAGE_LAYOUT } from "./lib/server-page.ts";

/**
 * The threads that write the domains' files: one per core (Astro's own thread is busy only at
 * first, with its few pages), at most MAX_SHARES: each costs about 70 MB before it writes anything
 * (its module graph and store connections), and holds its share's lines of the network-wide files.
 */
const MAX_SHARES = 4;
const SHARES = Math.max(1, Math.min(availableParallelism(), MAX_SHARES));

interface Written {
  files: number;
  /** When the thread was done, from performance.now(). */
  doneAt: number;
  seconds: number;
}

interface Thread {
  worker: Worker;
  done: Promise<Written>;
}

function startThread(workerData: object, transferList: MessagePort[]): Thread {
  const started = performance.now();
  const worker = new Worker(new URL("./build-worker.mjs", import.meta.url), { workerData, transferList });
  const done = new Promise<Written>((resolve, reject) => {
    worker.once("message", ({ files }: { files: number }) => resolve({ files, doneAt: performance.now(), seconds: (performance.now() - started) / 1000 }));
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`a thread of the site build stopped (exit ${code}) before it was done`)));
  });
  // Its failure is reported when the build waits for it.
  done.catch(() => undefined);
  return { worker, done };
}

/** A thread per share; the first also writes the network-wide files, from what each other share sends it. */
function startShares(root: string): Thread[] {
  const generatedAt = new Date().toISOString();
  const channels = Array.from({ length: SHARES - 1 }, () => new MessageChannel());
  const from = channels.map((c) => c.port2);
  return Array.from({ length: SHARES }, (_, part) => {
    const share = { part, parts: SHARES };
    if (part === 0) return startThread({ root, share, generatedAt, from }, from);
    const to = channels[part - 1]!.port1;
    return startThread({ root, share, generatedAt, to }, [to]);
  });
}

export function observatoryData(): AstroIntegration {
  let outDir: URL | undefined;
  let threads: Thread[] | undefined;
  let layout: string | undefined;
  const receive = (html: string) => {
    layout = html;
    for (const { worker } of threads ?? []) worker.postMessage(layout);
  };
  const start = (dir: URL): Thread[] => {
    if (threads) return threads;
    threads = startShares(fileURLToPath(dir).replace(/\/$/, ""));
    if (layout !== undefined) for (const { worker } of threads) worker.postMessage(layout);
    return threads;
  };
  return {
    name: "serverinfo-observatory-data",
    hooks: {
      "astro:config:done": ({ config }) => void (outDir = config.outDir),
      "astro:build:start": () => void (layoutSlot[SERVER_PAGE_LAYOUT.slot] = receive),
      "astro:build:ssr": () => void start(outDir!),
      "astro:build:generated": async ({ dir, logger }) => {
        const pagesDoneAt = performance.now();
        const shares = start(dir);
        if (layoutSlot[SERVER_PAGE_LAYOUT.slot] === receive) delete layoutSlot[SERVER_PAGE_LAYOUT.slot];
        if (layout === undefined) {
          for (const { worker } of shares) await worker.terminate();
          throw new Error("Astro rendered no layout for the server pages (pages/server-page.astro), so none was written");
        }
        // A share that fails leaves the first share's thread waiting for its lines: stop every thread.
        const written = await Promise.all(shares.map((s) => s.done)).catch(async (error: unknown) => {
          await Promise.all(shares.map(({ worker }) => worker.terminate()));
          throw error;
        });
        for (const [part, done] of written.entries())
          logger.info(
            `wrote ${done.files} files: server pages, data files, badges and feeds (share ${part + 1} of ${shares.length}${part === 0 ? ", with the network-wide files" : ""}) in ${done.seconds.toFixed(1)} s (Astro's pages then waited ${(Math.max(0, done.doneAt - pagesDoneAt) / 1000).toFixed(1)} s for them)`,
          );
      },
    },
  };
}
