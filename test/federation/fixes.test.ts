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

const key = (f: Checked["findings"][number]) => `${f.rule} ${f.subject}${f.field ? ` ${f.field}` : ""}`;
const newFindings = (before: Checked | undefined, after: Checked | undefined) => {
  const was = new Set(before?.findings.map(key));
  return (after?.findings ?? []).map(key).filter((k) => !was.has(k));
};

/** The fix `check` prints under the case's finding, in the domain's part of its readable report (its lines after the domain's own, indented). */
function fixIn(readable: string, c: FixCase): string | undefined {
  const lines = readable.split("\n");
  const first = lines.findIndex((line) => line.startsWith(`${c.domain}: `));
  if (first === -1) return undefined;
  const rest = lines.slice(first + 1);
  const end = rest.findIndex((line) => !line.startsWith(" "));
  const part = end === -1 ? rest : rest.slice(0, end);
  const card = part.findIndex((line) => line.startsWith(`  [${c.rule}] ${c.subject ?? c.domain}: `));
  return card === -1 ? undefined : part[card + 1]?.replace(/^ {6}fix: /, "");
}

/** One server's hosts, changed from one side of their cases to the other. */
async function reconfigure(server: FixServer, fixed: boolean): Promise<void> {
  const sides = FIX_CASES.filter((c) => c.server === server).map((c) => {
    const [off, on] = [
      c.host(false),
      c.host(
        true,
        c.snippets.map((s) => forDomain(s, c.domain)),
      ),
    ];
    return fixed ? { before: off, after: on } : { before: on, after: off };
  });
  await reconfigureHosts(inject("federation").dir, server, sides as Parameters<typeof reconfigureHosts>[2]);
}

describe("each fix, run on the server version it is for", () => {
  it("trips on the case's host, the fix's own text is applied to it, and the rule clears", { timeout: 180_000 }, async () => {
    const before = await crawl();
    const readable = (await observatory(["check", "--no-store", ...DOMAINS])).stdout;
    let after: Map<string, Checked>;
    // Only the servers changed are put back: a failure leaves the others as they are.
    const changed: FixServer[] = [];
    try {
      for (const server of SERVERS) {
        changed.push(server);
        await reconfigure(server, true);
      }
      after = await crawl();
    } finally {
      for (const server of changed) await reconfigure(server, false);
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
        // Nothing new either: the rule did not clear because the host, its form or its component went away.
        added: newFindings(report, after.get(c.domain)),
      };
    });
    expect(seen).toEqual(FIX_CASES.map((c) => ({ case: row(c), version: c.version, family: c.family, tripped: true, fixSays: [], cleared: true, added: [] })));
    // Put back: each host trips its rule again, so that the run leaves the federation as it found it.
    const restored = await crawl();
    expect(FIX_CASES.filter((c) => !tripped(restored.get(c.domain), c)).map(row)).toEqual([]);
  });
});
