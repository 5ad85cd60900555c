// Starts the real local federation once for all federation tests, and always stops it.
import type { TestProject } from "vitest/node";
import { startFederation, type Federation } from "../../scripts/federation/federation.ts";

declare module "vitest" {
  export interface ProvidedContext {
    federation: { dir: string; caCert: string; service: string; jid: string; password: string; domains: string[] };
  }
}

let federation: Federation | undefined;

export async function setup(project: TestProject) {
  federation = await startFederation();
  // Test workers are forked after this point and inherit it (Node reads it at start-up).
  process.env.NODE_EXTRA_CA_CERTS = federation.caCert;
  const { dir, caCert, service, jid, password, domains } = federation;
  project.provide("federation", { dir, caCert, service, jid, password, domains });
}

export async function teardown() {
  await federation?.stop();
}
