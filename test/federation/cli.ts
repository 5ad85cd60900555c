// Runs the observatory command as a user would, against the federation started by global-setup.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { inject } from "vitest";
import { crawlerEnvFor } from "../../scripts/federation/federation.ts";
import { Store } from "../../crawler/store/store.ts";

const BIN = fileURLToPath(new URL("../../bin/observatory.mjs", import.meta.url));

/** The reachable domains that answer at once (not deep.test, huge.test or sprawl.test): a slow crawl of them leaves time to break things. */
export const FAST_DOMAINS = [
  "bad.test",
  "bare.test",
  "dup.test",
  "ej.test",
  "error.test",
  "fallback.test",
  "fields.test",
  "form.test",
  "gateway.test",
  "good.test",
  "hostile.test",
  "noidentity.test",
  "plain.test",
];

export function freshDb(): string {
  return `${mkdtempSync(`${tmpdir()}/observatory-test-`)}/observatory.sqlite`;
}

export function crawlerEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return crawlerEnvFor(inject("federation"), extra);
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function start(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; done: Promise<RunResult> } {
  const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d) => (stdout += d));
  child.stderr!.on("data", (d) => (stderr += d));
  const done = new Promise<RunResult>((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
  return { child, done };
}

/** As start, with what the command has logged so far (stderr) at hand. */
export function startLogged(args: string[], env: NodeJS.ProcessEnv): { child: ChildProcess; done: Promise<RunResult>; log: () => string } {
  const run = start(args, env);
  let log = "";
  run.child.stderr!.on("data", (d) => (log += d));
  return { ...run, log: () => log };
}

export function observatory(args: string[], env: NodeJS.ProcessEnv = crawlerEnv()): Promise<RunResult> {
  return start(args, env).done;
}

/** How many probes the store holds for each domain. */
export function probesPerDomain(db: string): Map<string, number> {
  const store = Store.open(db);
  const rows = store.db.prepare("SELECT domain, COUNT(*) AS n FROM probes GROUP BY domain").all() as Array<{ domain: string; n: number }>;
  store.close();
  return new Map(rows.map((r) => [r.domain, r.n]));
}
