import { describe, expect, it } from "vitest";
import { fixFor } from "./catalogue.ts";
import { selftestFix } from "../judge/selftest.ts";
import { detectSoftware } from "./software.ts";

describe("detectSoftware", () => {
  it("tells each generation apart by the version its answer names, as the federation's four servers answer", () => {
    expect(detectSoftware({ name: "Prosody", version: "0.12.3" })).toBe("prosody-0.12");
    expect(detectSoftware({ name: "Prosody", version: "13.0.1" })).toBe("prosody-13");
    expect(detectSoftware({ name: "ejabberd", version: "23.01-1" })).toBe("ejabberd");
    expect(detectSoftware({ name: "ejabberd", version: "24.12-3~bpo12+1" })).toBe("ejabberd-24");
    expect(detectSoftware({ name: "ejabberd", version: "25.07" })).toBe("ejabberd-24");
    // Without a version, the older generation's fixes: they are the ones most servers still need.
    expect(detectSoftware({ name: "ejabberd" })).toBe("ejabberd");
    expect(detectSoftware({ name: "Prosody" })).toBe("prosody-0.12");
  });
});

describe("fixes chosen by version", () => {
  it("gives ejabberd 24 and later ejabberd's fixes where no fix names a version", () => {
    expect(fixFor("administrators-missing", "ejabberd-24")).toBe(
      'Add the entry - {modules: all, name: administrators, urls: ["admin@example.org"]} to mod_disco: server_info in ejabberd.yml.',
    );
    expect(selftestFix("muc-owner-rights", "ejabberd-24")).toContain("`mod_muc: access_admin: muc_admin`");
  });

  it("names the version a fix was read for: ejabberd 23.01's mod_pubsub, and 24.12's", () => {
    expect(selftestFix("pubsub-owner-rights", "ejabberd")).toMatch(/^ejabberd 23\.01's mod_pubsub\b/);
    expect(selftestFix("pubsub-owner-rights", "ejabberd-24")).toMatch(/^ejabberd 24\.12's mod_pubsub\b/);
  });

  // Both run on the real servers (test/federation/selftest.test.ts: owners.test and owners13.test fail, admins.test and admins13.test pass).
  it("names each Prosody's mod_pubsub, where the same setting gives admins their rights, and 13's MUC setting that 0.12 had by default", () => {
    expect(selftestFix("pubsub-owner-rights", "prosody-0.12")).toMatch(/^Prosody 0\.12's mod_pubsub gives the component's admins/);
    expect(selftestFix("pubsub-owner-rights", "prosody-13")).toMatch(/^Prosody 13's mod_pubsub gives the component's admins/);
    expect(selftestFix("muc-owner-rights", "prosody-0.12")).toContain("remove any `component_admins_as_room_owners = false`");
    expect(selftestFix("muc-owner-rights", "prosody-13")).toContain("add `component_admins_as_room_owners = true`");
  });
});

describe("Prosody 0.12's administrators", () => {
  it("points to the module its recipe ships (deploy/recipes/mod_serverinfo_administrators.lua), with the option it reads", () => {
    for (const fix of [fixFor("administrators-missing", "prosody-0.12"), selftestFix("listed", "prosody-0.12")]) {
      expect(fix).toContain("mod_serverinfo_administrators");
      expect(fix).toContain('serverinfo_administrators = { "');
    }
  });
});

describe("Prosody 13 and values without braces", () => {
  // Seen on the real 13.0.1 (braces13.test, recipes.test): abuse = "mailto:…" comes out as an empty field, as on 0.12.
  it("says in the fixes for an empty field and a missing abuse address that 13 drops a value written without braces", () => {
    expect(fixFor("field-empty", "prosody-13")).toContain('Write abuse = { "mailto:abuse@example.org" }, not abuse = "mailto:abuse@example.org"');
    expect(fixFor("contacts-no-abuse", "prosody-13")).toContain("Prosody 13, as 0.12, drops a value written without them");
  });
});
