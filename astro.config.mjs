// The public site: static pages from the store (site/), built into dist/.
import { defineConfig } from "astro/config";
import { observatoryData } from "./site/integration.ts";
import { siteOutDir } from "./crawler/config.ts";

export default defineConfig({
  srcDir: "./site",
  publicDir: "./site/public",
  outDir: siteOutDir(),
  output: "static",
  trailingSlash: "always",
  build: {
    format: "directory",
    // The pages carry a strict Content-Security-Policy (no inline script or style): keep both external.
    inlineStylesheets: "never",
  },
  vite: {
    build: { assetsInlineLimit: 0 },
  },
  devToolbar: { enabled: false },
  integrations: [observatoryData()],
});
