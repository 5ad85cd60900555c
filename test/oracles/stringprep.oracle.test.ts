// crawler/model/stringprep.ts against aioxmpp's own stringprep (test/oracles/stringprep_oracle.py),
// and its generated tables against what scripts/stringprep-tables.py writes today.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { nameprep, nodeprep } from "../../crawler/model/stringprep.ts";

const PYTHON = "/usr/bin/python3";
const path = (p: string) => fileURLToPath(new URL(p, import.meta.url));

function python(script: string, input = ""): string {
  const run = spawnSync(PYTHON, [script], { input, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`${script} failed (is python3-aioxmpp installed? scripts/setup.sh installs it): ${run.stderr}`);
  return run.stdout;
}

const SEED = Number(process.env.OBSERVATORY_ORACLE_SEED ?? Math.floor(Math.random() * 2 ** 31));

describe("stringprep", () => {
  it("has the tables scripts/stringprep-tables.py writes", () => {
    expect(readFileSync(path("../../crawler/model/stringprep-tables.ts"), "utf8")).toBe(python(path("../../scripts/stringprep-tables.py")));
  });

  it("prepares every string as aioxmpp does: the known corners, every ASCII character, 2,000 generated ASCII strings and 20,000 others", () => {
    const corners = [
      "Boss",
      "straße",
      "ﬁ",
      "ǅ",
      "İ",
      "ΣΑΣ",
      "ｂｏｓｓ",
      "\u1e9e",
      "a\u00adb",
      "\u00ad",
      "a b",
      "a&b",
      "مدير",
      "aمدير",
      "\u0627a\u0627",
      "😀",
      "\u2f868",
      "\u{2f868}",
      "x\u200by",
      "Å",
      "\u212b",
      "EXAMPLE.org",
      "exa mple.org",
      "",
      "%6A",
    ];
    const unit = fc
      .oneof(
        fc.integer({ min: 0x20, max: 0x33ff }),
        fc.integer({ min: 0xa000, max: 0xd7ff }),
        fc.integer({ min: 0xe000, max: 0xffff }),
        fc.integer({ min: 0x10000, max: 0x10ffff }),
      )
      .map((cp) => String.fromCodePoint(cp));
    // Every ASCII character alone and in generated strings: ASCII takes a shorter path (crawler/model/stringprep.ts).
    const ascii = Array.from({ length: 128 }, (_, cp) => String.fromCodePoint(cp));
    const asciiUnit = fc.integer({ min: 0, max: 0x7f }).map((cp) => String.fromCodePoint(cp));
    const strings = [
      ...corners,
      ...ascii,
      ...fc.sample(fc.string({ unit: asciiUnit, minLength: 1, maxLength: 6 }), { numRuns: 2_000, seed: SEED }),
      ...fc.sample(fc.string({ unit, minLength: 1, maxLength: 4 }), { numRuns: 20_000, seed: SEED }),
    ];
    const theirs = JSON.parse(python(path("./stringprep_oracle.py"), JSON.stringify(strings))) as Array<[string | null, string | null]>;
    const differ = strings.flatMap((s, i) => {
      const mine = [nodeprep(s) ?? null, nameprep(s) ?? null];
      return JSON.stringify(mine) === JSON.stringify(theirs[i]) ? [] : [`${JSON.stringify(s)}: ${JSON.stringify(mine)}, aioxmpp ${JSON.stringify(theirs[i])}`];
    });
    expect(differ.slice(0, 5), `seed ${SEED}: ${differ.length} differ`).toEqual([]);
  });
});
