// Lint rules kept close to the recommended sets: the type checker does the heavy lifting.
// The layers point one way: LAYERS below is where their order is written (the README's
// Architecture section draws it). eslint-plugin-boundaries fails an import that points up, and a
// file of crawler/, site/, scripts/, test/ or bin/ that belongs to no layer.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import globals from "globals";
import boundaries from "eslint-plugin-boundaries";
import prettier from "eslint-config-prettier";
import astroParser from "astro-eslint-parser";

/** Each layer, with the layers it may import from (besides itself). */
const LAYERS = {
  // Files, not folders: with partialMatch false a pattern names a folder (the plugin appends
  // /**/*), so these two matched nothing and their files belonged to no layer. mode "full" matches
  // the pattern against the file's own path; v7 calls it legacy but offers nothing else for a file
  // (settings below), until these files move into folders of their own.
  // package.json: the project's name and version (crawler/project.ts).
  contract: { pattern: ["crawler/{contract,politeness,project,schema-files,site-paths}.*", "package.json"], mode: "full", uses: [] },
  model: { pattern: ["crawler/model/**"], uses: ["contract"] },
  // Who a domain names as its operators and administrators, and whom authbot would let in: the
  // decisions the rule families take as inputs, so they sit below the rules.
  operators: { pattern: ["crawler/operators/**"], uses: ["model", "contract"] },
  // The rule families, each with its catalogue entries and spec sentences.
  rules: { pattern: ["crawler/rules/**"], uses: ["operators", "model", "contract"] },
  // What is judged from the rules' findings: a probe's verdict, what changed between two probes,
  // the self-test's results. Above the rules, since it reads their findings.
  judge: { pattern: ["crawler/judge/**"], uses: ["rules", "operators", "model", "contract"] },
  // crawler/types: the typings of xmpp.js, which only the xmpp layer uses.
  xmpp: { pattern: ["crawler/xmpp/**", "crawler/types/**"], uses: ["model", "contract"] },
  // DNS and the web, for the contact checks: beside xmpp, the other way out.
  net: { pattern: ["crawler/net/**"], uses: ["model", "contract", "support"] },
  // Shared helpers of the I/O layers: configuration, the log, process liveness.
  support: { pattern: ["crawler/{config,log,process-identity}.*"], mode: "full", uses: ["model", "contract"] },
  // How findings, outcomes and counts read for people: for the chat, the CLI and the site.
  present: { pattern: ["crawler/present/**"], uses: ["judge", "rules", "operators", "model", "contract"] },
  // The store writes the judgement it is given and never judges (crawl/record.ts judges, migrations only change the schema): no rules.
  store: { pattern: ["crawler/store/**"], uses: ["model", "contract", "support"] },
  probe: { pattern: ["crawler/probe/**"], uses: ["xmpp", "net", "judge", "rules", "operators", "model", "contract"] },
  crawl: { pattern: ["crawler/crawl/**"], uses: ["store", "probe", "xmpp", "net", "judge", "rules", "operators", "model", "contract", "support"] },
  chat: {
    pattern: ["crawler/chat/**"],
    uses: ["present", "crawl", "store", "probe", "xmpp", "net", "judge", "rules", "operators", "model", "contract", "support"],
  },
  schedule: {
    pattern: ["crawler/schedule/**"],
    uses: ["present", "chat", "crawl", "store", "probe", "xmpp", "net", "judge", "rules", "operators", "model", "contract", "support"],
  },
  cli: {
    pattern: ["crawler/cli/**", "bin/**"],
    uses: ["present", "schedule", "chat", "crawl", "store", "probe", "xmpp", "net", "judge", "rules", "operators", "model", "contract", "support"],
  },
  // The site reads the store's read side and the pure core; never the crawl, the daemon or scripts/.
  site: { pattern: ["site/**"], uses: ["present", "store", "probe", "judge", "rules", "operators", "model", "contract", "support"] },
  scripts: { pattern: ["scripts/**"], uses: ["*"] },
  tests: { pattern: ["test/**"], uses: ["*"] },
};

const ALL = Object.keys(LAYERS);

const SITE_STORE_IMPORTS = { group: ["**/crawler/store/*"], message: "the site reads the store only through site/lib/site-data.ts" };
const SITE_RAW_HTML_IMPORTS = {
  group: ["astro/runtime/**"],
  message: "only site/lib/markup.ts writes a page's HTML as a string (it escapes every text there); elsewhere Astro escapes every expression",
};

export default tseslint.config(
  { ignores: ["node_modules/", "build/", "build.new-*/", "build.old-*/", "dist/", ".astro/", ".cache/", "data/", "coverage/", "test-results/", ".servers/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-console": "off",
    },
  },
  {
    // The site's components and pages: their frontmatter imports are held to the same layers.
    files: ["site/**/*.astro"],
    languageOptions: { parser: astroParser, parserOptions: { parser: tseslint.parser, extraFileExtensions: [".astro"], sourceType: "module" } },
  },
  {
    files: ["crawler/**/*.ts", "site/**/*.ts", "site/**/*.astro", "scripts/**/*.ts", "test/**/*.ts", "bin/**/*.mjs"],
    plugins: { boundaries },
    settings: {
      "boundaries/elements": Object.entries(LAYERS).map(([type, { pattern, mode }]) =>
        mode ? { type, pattern, mode } : { type, pattern, partialMatch: false },
      ),
      "boundaries/files": [{ category: "test", pattern: "**/*.test.ts" }],
      // The one legacy option is mode "full" (LAYERS above, and why): its warning would print at every run.
      "boundaries/legacy-warnings": false,
    },
    rules: {
      // A file outside every layer would have its imports go unchecked: it fails instead.
      "boundaries/no-unknown-files": "error",
      "boundaries/no-unknown-dependencies": "error",
      "boundaries/dependencies": [
        "error",
        {
          default: "disallow",
          message: "{{from.element.type}} may not import from {{to.element.type}}: the layers point one way (README, Architecture)",
          policies: [
            ...Object.entries(LAYERS).map(([type, { uses }]) => ({
              from: { element: { type } },
              allow: { to: { element: { types: { anyOf: uses.includes("*") ? ALL : [type, ...uses] } } } },
            })),
            // A unit test beside a module may use the test helpers and fixtures.
            { from: { file: { categories: "test" } }, allow: { to: { element: { types: { anyOf: ALL } } } } },
          ],
        },
      ],
    },
  },
  // The site reads the store through one module, and writes a page's HTML as a string in one
  // module (site/lib/markup.ts, which escapes every text it is given); elsewhere Astro escapes
  // every expression, and crawled text is never given to set:html.
  {
    files: ["site/**/*.ts", "site/**/*.astro"],
    ignores: ["site/lib/site-data.ts", "site/lib/markup.ts"],
    rules: { "no-restricted-imports": ["error", { patterns: [SITE_STORE_IMPORTS, SITE_RAW_HTML_IMPORTS] }] },
  },
  { files: ["site/lib/site-data.ts"], rules: { "no-restricted-imports": ["error", { patterns: [SITE_RAW_HTML_IMPORTS] }] } },
  { files: ["site/lib/markup.ts"], rules: { "no-restricted-imports": ["error", { patterns: [SITE_STORE_IMPORTS] }] } },
  {
    files: ["site/**/*.astro"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "JSXAttribute[name.namespace.name='set'][name.name.name='html']",
          message: "no set:html: write markup through site/lib/markup.ts, which escapes what it is given",
        },
      ],
    },
  },
  prettier,
);
