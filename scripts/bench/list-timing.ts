// Timing the server list's search and sort in Debian's Chromium, on a built site: what a reader
// waits for after typing or clicking, until the next frame is drawn. The baseline, measured in the
// same page, is one idle frame (the same wait with no work before it).
import { launchChromium } from "../../test/helpers/browser.ts";
import { serveStatic } from "../serve-static.ts";

export interface ListTimings {
  rows: number;
  idleFrameMs: number;
  searchMs: number;
  clearMs: number;
  sortMs: number;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export async function timeServerList(out: string, rounds = 5): Promise<ListTimings> {
  const server = await serveStatic(out);
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    await page.goto(`${server.url}/servers/`);
    await page.waitForSelector("#server-filters:not([hidden])");
    // The caption counts every domain; the table itself holds only the first page of them.
    const rows = Number.parseInt((await page.locator("#servers caption").innerText()).replace(/\D/g, ""), 10);
    // Each measure runs in the page: the work, then the wait until the next frame has been drawn.
    const measure = (action: "idle" | "search" | "clear" | "sort") =>
      page.evaluate(async (what) => {
        const input = document.querySelector<HTMLInputElement>('#server-filters input[name="q"]')!;
        const button = document.querySelector<HTMLButtonElement>("#servers thead th[data-key='domain'] button")!;
        const started = performance.now();
        if (what === "search" || what === "clear") {
          input.value = what === "search" ? "d1" : "";
          input.dispatchEvent(new Event("input", { bubbles: true }));
        } else if (what === "sort") button.click();
        await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
        return performance.now() - started;
      }, action);
    const times = { idle: [] as number[], search: [] as number[], clear: [] as number[], sort: [] as number[] };
    for (let i = 0; i < rounds; i++) {
      for (const action of ["idle", "search", "clear", "sort"] as const) times[action].push(await measure(action));
    }
    return { rows, idleFrameMs: median(times.idle), searchMs: median(times.search), clearMs: median(times.clear), sortMs: median(times.sort) };
  } finally {
    await browser.close();
    await server.close();
  }
}
