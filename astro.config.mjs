// The public site: static pages from the store (site/), built into dist/.
import { defineConfig } from "astro/config";
import { observatoryData } from "./site/integration.ts";
import { siteOutDir } from "./crawler/config.ts";

export default defineConfig({
  srcDir: "./site",
  publicDir: "./site/public",
  outDir: siteOutDir(),
  // Everything a build writes besides the site stays in its root's .astro/: the daemon builds in a
  // root of its own, of links to the project, which may be read-only (crawler/schedule/build.ts).
  cacheDir: "./.astro/cache/",
  output: "static",
  trailingSlash: "always",
  build: {
    format: "directory",
    // The pages carry a strict Content-Security-Policy (no inline script or style): keep both external.
    inlineStylesheets: "never",
  },
  vite: {
    cacheDir: "./.astro/vite/",
    // Modules keep the paths they were found by, through that root's links, as Astro's own plugin names them.
    resolve: { preserveSymlinks: true },
    build: { assetsInlineLimit: 0 },
  },
  devToolbar: { enabled: false },
  integrations: [observatoryData()],
});
