// Each fix, run on the server version it is for (scripts/federation/fix-cases.ts): a crawl finds
// the rule tripped on the case's host, and reads the fix that `check` gives for that server; the
// fix's text, written for the host's domain, goes into that host's configuration, the server
// takes it without a restart, and the next crawl no longer finds the rule. The hosts are put back
// as they were afterwards. crawler/rules/fixes-run.ts lists what passes here.
import { describe, expect, inject, it } from "vitest";
import { FIX_CASES, forDomain, type FixCase, type FixServer } from "../../scripts/federation/fix-cases.ts";
import { reconfigureHosts } from "../../scripts/federation/federation.ts";
import { detectSoftware } from "../../crawler/rules/software.ts";
import { observatory } from "./cli.ts";

interface Checked {
  domain: string;
  outcome: string;
  software?: { name: string; version?: string };
  findings: Array<{ rule: string; subject: string; field?: string }>;
}

const DOMAINS = FIX_CASES.map((c) => c.domain);
const SERVERS: FixServer[] = ["home", "prosody13", "ejabberd", "ejabberd24"];

async function crawl(): Promise<Map<string, Checked>> {
  const result = await observatory(["check", "--json", "--no-store", ...DOMAINS]);
  return new Map((JSON.parse(result.stdout) as Checked[]).map((r) => [r.domain, r]));
}

const tripped = (report: Checked | undefined, c: FixCase) =>
  report?.findings.some((f) => f.rule === c.rule && f.subject === (c.subject ?? c.domain) && (c.field === undefined || f.field === c.field)) ?? false;

/** The fix `check` prints under the case's finding, in the domain's part of its readable report. */
function fixIn(readable: string, c: FixCase): string | undefined {
  const start = readable.indexOf(`\n${c.domain}: `);
  const end = readable.indexOf("\n", readable.indexOf("\n", start + 1) + 1);
  const next = DOMAINS.map((d) => readable.indexOf(`\n${d}: `, end)).filter((i) => i > start);
  const part = readable.slice(start, next.length > 0 ? Math.min(...next) : undefined).split("\n");
  const card = part.findIndex((line) => line.startsWith(`  [${c.rule}] ${c.subject ?? c.domain}: `));
  return card === -1 ? undefined : part[card + 1]?.replace(/^ {6}fix: /, "");
}

/** Each server's hosts, changed from one side of their cases to the other. */
async function reconfigure(fixed: boolean): Promise<void> {
  const { dir } = inject("federation");
  for (const server of SERVERS) {
    const cases = FIX_CASES.filter((c) => c.server === server);
    const sides = cases.map((c) => {
      const [off, on] = [
        c.host(false),
        c.host(
          true,
          c.snippets.map((s) => forDomain(s, c.domain)),
        ),
      ];
      return fixed ? { before: off, after: on } : { before: on, after: off };
    });
    await reconfigureHosts(dir, server, sides as Parameters<typeof reconfigureHosts>[2]);
  }
}

describe("each fix, run on the server version it is for", () => {
  it("trips on the case's host, the fix's own text is applied to it, and the rule clears", { timeout: 180_000 }, async () => {
    const before = await crawl();
    const readable = `\n${(await observatory(["check", "--no-store", ...DOMAINS])).stdout}`;
    let after: Map<string, Checked>;
    try {
      await reconfigure(true);
      after = await crawl();
    } finally {
      await reconfigure(false);
    }
    const row = (c: FixCase) => `${c.rule} on ${c.domain}`;
    const seen = FIX_CASES.map((c) => {
      const report = before.get(c.domain);
      const fix = fixIn(readable, c) ?? "";
      return {
        case: row(c),
        version: report?.software?.version?.slice(0, c.version.length),
        family: detectSoftware(report?.software),
        tripped: tripped(report, c),
        fixSays: c.snippets.filter((s) => !fix.includes(s)),
        cleared: !tripped(after.get(c.domain), c) && after.get(c.domain)?.outcome === "ok",
      };
    });
    expect(seen).toEqual(FIX_CASES.map((c) => ({ case: row(c), version: c.version, family: c.family, tripped: true, fixSays: [], cleared: true })));
    // Put back: each host trips its rule again, so that the run leaves the federation as it found it.
    const restored = await crawl();
    expect(FIX_CASES.filter((c) => !tripped(restored.get(c.domain), c)).map(row)).toEqual([]);
  });
});
