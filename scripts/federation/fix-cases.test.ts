// The fixes listed as run (crawler/rules/fixes-run.ts) are the fixes the federation test runs
// (test/federation/fixes.test.ts, over scripts/federation/fix-cases.ts), and each case applies
// what its fix says.
import { describe, expect, it } from "vitest";
import { FIXES_RUN } from "../../crawler/rules/fixes-run.ts";
import { fixFor } from "../../crawler/rules/catalogue.ts";
import { FIX_CASES, forDomain } from "./fix-cases.ts";

const ALL = { "prosody-0.12": "0.12.3", "prosody-13": "13.0.1", ejabberd: "23.01", "ejabberd-24": "24.12" };

describe("the fixes run on their server version", () => {
  it("are the five rules on each of the four versions", () => {
    expect(FIXES_RUN).toEqual({
      "administrators-missing": ALL,
      "contacts-no-abuse": ALL,
      "field-empty": ALL,
      "component-serverinfo-differs": ALL,
      "contacts-no-xmpp-operator": ALL,
    });
  });

  it("are exactly the federation test's cases, one case each", () => {
    const listed = Object.entries(FIXES_RUN).flatMap(([rule, families]) => Object.entries(families).map(([family, version]) => `${rule} ${family} ${version}`));
    const cases = FIX_CASES.map((c) => `${c.rule} ${c.family} ${c.version}`);
    expect([...cases].sort()).toEqual([...listed].sort());
    expect(new Set(cases).size).toBe(cases.length);
  });

  it("apply what the fix for their version says, on a host of their own", () => {
    for (const c of FIX_CASES) for (const snippet of c.snippets) expect(fixFor(c.rule, c.family), `${c.rule} on ${c.family}`).toContain(snippet);
    expect(new Set(FIX_CASES.map((c) => c.domain)).size).toBe(FIX_CASES.length);
    for (const c of FIX_CASES) {
      const fixed = c.host(
        true,
        c.snippets.map((s) => forDomain(s, c.domain)),
      );
      expect(fixed.domain).toBe(c.domain);
      expect(fixed, c.domain).not.toEqual(c.host(false));
    }
  });
});
