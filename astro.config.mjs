// The public site: static pages from the store (site/), built into dist/.
import { defineConfig } from "astro/config";
import { observatoryData } from "./site/integration.ts";
import { siteOutDir } from "./crawler/config.ts";

export default defineConfig({
  srcDir: "./site",
  publicDir: "./site/public",
  outDir: siteOutDir(),
  // The caches stay in the build's root, not in node_modules: the daemon builds in a root of its own,
  // of links to the project, which may be read-only (crawler/schedule/build.ts). Not in .astro/,
  // which Astro copies into an output folder outside its working folder.
  cacheDir: "./.cache/astro/",
  output: "static",
  trailingSlash: "always",
  build: {
    format: "directory",
    // The pages carry a strict Content-Security-Policy (no inline script or style): keep both external.
    inlineStylesheets: "never",
  },
  vite: {
    cacheDir: "./.cache/vite/",
    // Modules keep the paths they were found by, through that root's links, as Astro's own plugin names them.
    resolve: { preserveSymlinks: true },
    build: { assetsInlineLimit: 0 },
  },
  devToolbar: { enabled: false },
  integrations: [observatoryData()],
});
