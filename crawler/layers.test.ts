// The layers point one way (eslint.config.js): an import that points up fails `npm run lint`.
import { ESLint } from "eslint";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));

async function lint(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}${file}` });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe("layer boundaries", () => {
  it.each([
    ["crawler/model/upward.ts", 'import { Store } from "../store/store.ts";\nexport const s = Store;\n', "model may not import from store"],
    ["crawler/rules/upward.ts", 'import { probeDomain } from "../probe/probe.ts";\nexport const p = probeDomain;\n', "rules may not import from probe"],
    ["crawler/store/upward.ts", 'import { runCrawl } from "../crawl/crawl.ts";\nexport const r = runCrawl;\n', "store may not import from crawl"],
    // A migration that judged stored reports would change its result with the rules: the store imports none of them.
    ["crawler/store/migrations.ts", 'import { judge } from "../judge/verdict.ts";\nexport const j = judge;\n', "store may not import from judge"],
    ["crawler/store/probes.ts", 'import { RULES_VERSION } from "../rules/version.ts";\nexport const v = RULES_VERSION;\n', "store may not import from rules"],
    ["crawler/crawl/upward.ts", 'import { main } from "../cli/main.ts";\nexport const m = main;\n', "crawl may not import from cli"],
    ["crawler/net/upward.ts", 'import { probeDomain } from "../probe/probe.ts";\nexport const p = probeDomain;\n', "net may not import from probe"],
    // The rule families read the decisions about people below them, and are read by the judging above them.
    ["crawler/rules/upward-judge.ts", 'import { judge } from "../judge/verdict.ts";\nexport const j = judge;\n', "rules may not import from judge"],
    ["crawler/operators/upward.ts", 'import { RULES } from "../rules/catalogue.ts";\nexport const r = RULES;\n', "operators may not import from rules"],
    ["crawler/rules/sideways.ts", 'import { DnsClient } from "../net/dns.ts";\nexport const d = DnsClient;\n', "rules may not import from net"],
    ["site/lib/upward.ts", 'import { openCrawl } from "../../crawler/crawl/crawl.ts";\nexport const o = openCrawl;\n', "site may not import from crawl"],
    // The top-level files are layers too: the contract imports nothing of ours, the support files only model and contract.
    ["crawler/politeness.ts", 'import { parseJid } from "./model/jid.ts";\nexport const p = parseJid;\n', "contract may not import from model"],
    ["crawler/config.ts", 'import { Store } from "./store/store.ts";\nexport const s = Store;\n', "support may not import from store"],
    [
      "crawler/schedule/upward.ts",
      'import { startFederation } from "../../scripts/federation/federation.ts";\nexport const f = startFederation;\n',
      "schedule may not import from scripts",
    ],
  ])("%s: an upward import fails", async (file, code, expected) => {
    const messages = await lint(file, code);
    expect(messages.some((m) => m.startsWith("boundaries/dependencies") && m.includes(expected))).toBe(true);
  });

  it("a page's frontmatter is held to the same layers", async () => {
    const page = (imports: string) => `---\n${imports}\n---\n<p>{x}</p>\n`;
    const up = await lint("site/pages/upward.astro", page('import { runCrawl } from "../../crawler/crawl/crawl.ts";\nconst x = runCrawl;'));
    expect(up.some((m) => m.startsWith("boundaries/dependencies") && m.includes("site may not import from crawl"))).toBe(true);
    const store = await lint("site/pages/direct.astro", page('import { Store } from "../../crawler/store/store.ts";\nconst x = Store;'));
    expect(store.some((m) => m.startsWith("no-restricted-imports"))).toBe(true);
    expect(await lint("site/pages/fine.astro", page('import { snapshot } from "../lib/site-data.ts";\nconst x = snapshot;'))).toEqual([]);
  });

  it("a file that belongs to no layer fails, and so does an import of one", async () => {
    const outside = await lint("crawler/stray.ts", "export const x = 1;\n");
    expect(outside).toContain("boundaries/no-unknown-files: File does not match any file pattern and does not belong to any known element");
    const importing = await lint("crawler/model/uses-stray.ts", 'import { x } from "../stray.ts";\nexport const y = x;\n');
    expect(importing).toContain("boundaries/no-unknown-dependencies: Dependencies to unknown elements and files are not allowed");
  });

  it("a downward import passes", async () => {
    expect(await lint("crawler/store/downward.ts", 'import { parseJid } from "../model/jid.ts";\nexport const p = parseJid;\n')).toEqual([]);
    expect(await lint("crawler/rules/downward.ts", 'import { operatorJids } from "../operators/operators.ts";\nexport const o = operatorJids;\n')).toEqual([]);
  });

  it("the site reads the store through site/lib/site-data.ts only", async () => {
    const messages = await lint("site/lib/direct.ts", 'import { Store } from "../../crawler/store/store.ts";\nexport const s = Store;\n');
    expect(messages.some((m) => m.startsWith("no-restricted-imports"))).toBe(true);
  });
});
