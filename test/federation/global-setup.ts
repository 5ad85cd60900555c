// Starts the real local federation once for all federation tests, and always stops it.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { startFederation, type CrawlerHomeAccess, type Federation } from "../../scripts/federation/federation.ts";

declare module "vitest" {
  export interface ProvidedContext {
    federation: { dir: string; caCert: string; service: string; jid: string; password: string; domains: string[]; homes: CrawlerHomeAccess[] };
  }
}

let federation: Federation | undefined;
let scratch: string | undefined;

export async function setup(project: TestProject) {
  federation = await startFederation();
  // Test workers are forked after this point and inherit it (Node reads it at start-up).
  process.env.NODE_EXTRA_CA_CERTS = federation.caCert;
  // Every temporary file of the tests (stores, built sites, the processes they start) goes under
  // one folder, removed at the end, so that no run leaves anything behind in /tmp.
  scratch = mkdtempSync(join(tmpdir(), "observatory-tests-"));
  process.env.TMPDIR = scratch;
  const { dir, caCert, service, jid, password, domains, homes } = federation;
  project.provide("federation", { dir, caCert, service, jid, password, domains, homes });
}

export async function teardown() {
  await federation?.stop();
  if (scratch) rmSync(scratch, { recursive: true, force: true });
}
