// npm run screenshots -- [BASE_URL]: the README's screenshots, of a site being served (by default
// the demo's, http://localhost:4321): the overview and good.test's page, at desktop width in the
// light scheme and at phone width in the dark one, through Debian's Chromium. Writes docs/*.png.
import { fileURLToPath } from "node:url";
import { launchChromium } from "../test/helpers/browser.ts";

const base = (process.argv[2] ?? "http://localhost:4321").replace(/\/$/, "");
const docs = (name: string) => fileURLToPath(new URL(`../docs/${name}.png`, import.meta.url));
const views = [
  { suffix: "", width: 1200, height: 900, scheme: "light" as const },
  { suffix: "-phone-dark", width: 390, height: 844, scheme: "dark" as const },
];
const pages = [
  { name: "overview", path: "/" },
  { name: "server-page", path: "/servers/good.test/" },
];

const browser = await launchChromium();
try {
  for (const view of views) {
    const context = await browser.newContext({ viewport: { width: view.width, height: view.height }, colorScheme: view.scheme, deviceScaleFactor: 1 });
    for (const page of pages) {
      const tab = await context.newPage();
      const response = await tab.goto(`${base}${page.path}`);
      if (!response?.ok()) throw new Error(`${base}${page.path} answered ${response?.status()}`);
      await tab.screenshot({ path: docs(`${page.name}${view.suffix}`), fullPage: false });
      console.log(`docs/${page.name}${view.suffix}.png`);
      await tab.close();
    }
    await context.close();
  }
} finally {
  await browser.close();
}
