// Which fixes this project has run on the server they are for, and where the others come from.
// A fix listed in FIXES_RUN was applied, as its text says, to a federation host that tripped the
// rule on that version, and the rule cleared on the next crawl (test/federation/fixes.test.ts runs
// each entry, from the cases of scripts/federation/fix-cases.ts; fix-cases.test.ts there holds the
// list and the cases together). Software that cannot run here has fixes written from its
// documentation, and they say so.
import type { SoftwareFamily } from "./software.ts";

/** The four versions the federation runs: Prosody 0.12.3 and 13.0.1, ejabberd 23.01 and 24.12. */
const ALL: Partial<Record<SoftwareFamily, string>> = { "prosody-0.12": "0.12.3", "prosody-13": "13.0.1", ejabberd: "23.01", "ejabberd-24": "24.12" };

/** For each rule, the families whose fix was run here, with the exact version it was run on. */
export const FIXES_RUN: Readonly<Record<string, Partial<Record<SoftwareFamily, string>>>> = {
  "administrators-missing": ALL,
  "contacts-no-abuse": ALL,
  "field-empty": ALL,
  "component-serverinfo-differs": ALL,
  "contacts-no-xmpp-operator": ALL,
};

/** The documentation a family's fixes rest on, for software the federation cannot run. */
export interface FixSource {
  readonly title: string;
  readonly url: string;
}

export const FIX_SOURCES: Partial<Record<SoftwareFamily, FixSource>> = {};
