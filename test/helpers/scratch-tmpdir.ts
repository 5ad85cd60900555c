// The unit tests' global setup: every temporary file they make (stores, locks, built sites, lists)
// goes under one folder, removed at the end, so that no run leaves anything behind in /tmp.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

let scratch: string | undefined;

export function setup() {
  scratch = mkdtempSync(join(tmpdir(), "observatory-unit-"));
  // Test workers are forked after this point and inherit it (Node reads it at start-up).
  process.env.TMPDIR = scratch;
}

export function teardown() {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
}
