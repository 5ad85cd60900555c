// Probes made from the captured answers, and store files as an older version left them, for the store's tests.
import Database from "better-sqlite3";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { MIGRATIONS } from "../../crawler/store/migrations.ts";
import { analyzeProbe } from "../../crawler/probe/analyze.ts";
import { answers, fixture } from "./fixtures.ts";

/** A probe of `domain` whose disco#info answer is the captured `file`, with that answer as its evidence. */
export const fixtureProbe = (domain: string, file: string) => ({
  report: analyzeProbe(answers(domain, { info: fixture(file) }), 20),
  evidence: [{ jid: domain, kind: "disco-info" as const, raw: fixture(file) }],
});

/** What changes, kind by kind, when good.test's answer (prosody-0.12.3 fixture) turns into plain.test's, and back. */
export const GOOD_TO_PLAIN = [
  ...Array(8).fill("contact-removed"),
  "administrator-removed",
  "administrator-removed",
  "finding-appeared",
  ...Array(7).fill("finding-resolved"),
];
export const PLAIN_TO_GOOD = [
  ...Array(8).fill("contact-added"),
  "administrator-added",
  "administrator-added",
  ...Array(7).fill("finding-appeared"),
  "finding-resolved",
];

/** A store file as the first `version` migrations left it, open for the test to fill. */
export function storeFileAt(version: number): { path: string; db: Database.Database } {
  const path = `${mkdtempSync(`${tmpdir()}/store-`)}/v${version}.sqlite`;
  const db = new Database(path);
  for (const migration of MIGRATIONS.slice(0, version)) {
    if (typeof migration === "string") db.exec(migration);
    else migration(db);
  }
  db.pragma(`user_version = ${version}`);
  return { path, db };
}
