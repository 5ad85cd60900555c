// Timing the server list's search and sort in Debian's Chromium, on a built site: what a reader
// waits for after typing or clicking, until the next frame is drawn. The baseline, measured in the
// same page, is one idle frame (the same wait with no work before it). The first search fetches
// the list's data parts (components/ServerList.astro) and is timed on its own; the others are the
// medians of `rounds`. A page that does not load within LOAD_TIMEOUT_MS is reported, not thrown.
import { launchChromium } from "../../test/helpers/browser.ts";
import { serveStatic } from "../serve-static.ts";

export const LOAD_TIMEOUT_MS = 30_000;

export type ListTimings =
  | {
      loaded: true;
      rows: number;
      idleFrameMs: number;
      /** The first search: the data parts fetched and read, then the rows drawn. */
      firstSearchMs: number;
      searchMs: number;
      clearMs: number;
      sortMs: number;
    }
  | { loaded: false; why: string };

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function timeServerList(out: string, rounds = 5): Promise<ListTimings> {
  const server = await serveStatic(out);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    try {
      await page.goto(`${server.url}/servers/`, { timeout: LOAD_TIMEOUT_MS });
      await page.waitForSelector("#server-filters:not([hidden])", { timeout: LOAD_TIMEOUT_MS });
    } catch (error) {
      return { loaded: false, why: (error as Error).message.split("\n")[0]! };
    }
    // The caption counts every domain; the table itself holds only one page of them.
    const rows = Number(/^\d+/.exec(await page.locator("#servers caption").innerText())?.[0]);
    // Each measure runs in the page: the work, then the wait until the list is loaded (the table is
    // aria-busy while its data is fetched) and the next frame has been drawn.
    const measure = (action: "idle" | "search" | "clear" | "sort") =>
      page.evaluate(async (what) => {
        const table = document.querySelector<HTMLTableElement>("#servers")!;
        const input = document.querySelector<HTMLInputElement>('#server-filters input[name="q"]')!;
        const button = document.querySelector<HTMLButtonElement>("#servers thead th[data-key='domain'] button")!;
        const started = performance.now();
        if (what === "search" || what === "clear") {
          input.value = what === "search" ? "d1" : "";
          input.dispatchEvent(new Event("input", { bubbles: true }));
        } else if (what === "sort") button.click();
        // No named function in here: the page runs this as it is, without tsx's helpers.
        await new Promise<void>((resolve) => {
          const watch = new MutationObserver(() => {
            if (table.hasAttribute("aria-busy")) return;
            watch.disconnect();
            requestAnimationFrame(() => setTimeout(resolve, 0));
          });
          if (table.hasAttribute("aria-busy")) watch.observe(table, { attributes: true, attributeFilter: ["aria-busy"] });
          else requestAnimationFrame(() => setTimeout(resolve, 0));
        });
        return performance.now() - started;
      }, action);
    const firstSearchMs = await measure("search");
    const status = await page.locator("#server-count").innerText();
    if (!/ of \d+ domains shown/.test(status)) return { loaded: false, why: `the first search did not draw the list: ${status}` };
    const times = { idle: [] as number[], search: [] as number[], clear: [] as number[], sort: [] as number[] };
    for (let i = 0; i < rounds; i++) {
      for (const action of ["idle", "search", "clear", "sort"] as const) times[action].push(await measure(action));
    }
    return {
      loaded: true,
      rows,
      idleFrameMs: median(times.idle),
      firstSearchMs,
      searchMs: median(times.search),
      clearMs: median(times.clear),
      sortMs: median(times.sort),
    };
  } finally {
    await browser.close();
    await server.close();
  }
}
