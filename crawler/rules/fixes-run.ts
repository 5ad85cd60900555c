// Which fixes this project has run on the server they are for, and where the others come from.
// A fix listed in FIXES_RUN was applied, as its text says, to a federation host that tripped the
// rule on that version, and the rule cleared on the next crawl (test/federation/fixes.test.ts runs
// each entry, from the cases of scripts/federation/fix-cases.ts; fix-cases.test.ts there holds the
// list and the cases together). Software that cannot run here has fixes written from its
// documentation, and they say so.
import type { FixBasis } from "../contract.ts";
import { SOFTWARE_LABELS, SOFTWARE_NAMES, type SoftwareFamily } from "./software.ts";

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
  /** What it is, as "Written from …" reads it: "Tigase's Administration Guide, …". */
  readonly title: string;
  readonly url: string;
}

// Each link was checked against a stored copy of the page (docs/server-software.md says what each
// says about where serverinfo is configured). Openfire documents no setting for it: its fixes rest
// on the change that added the form.
export const FIX_SOURCES: Partial<Record<SoftwareFamily, FixSource>> = {
  snikket: {
    title: "Snikket's advanced configuration reference (SNIKKET_ABUSE_EMAIL, SNIKKET_SECURITY_EMAIL)",
    url: "https://snikket.org/service/help/advanced/config/",
  },
  openfire: {
    title: "Openfire's change OF-1472, basic support for XEP-0157 (admin-addresses from the admin accounts, hidden by admin.disable-exposure)",
    url: "https://github.com/igniterealtime/Openfire/pull/1005",
  },
  tigase: {
    title: "Tigase's Administration Guide, Configuration: Abuse Contacts ('disco-extensions')",
    url: "https://docs.tigase.net/en/latest/Tigase_Administration/Configuration/_Configuration.html#abuse-contacts",
  },
  mongooseim: {
    title: "MongooseIM's documentation of mod_disco's server_info",
    url: "https://esl.github.io/MongooseDocs/latest/modules/mod_disco/",
  },
};

/**
 * Where a rule's fix for one software comes from, or undefined where that software gets the
 * generic advice alone (nothing in it is the software's own). Run beats documented: a fix run on
 * its version says so whatever else is known.
 */
export function fixBasis(
  rule: string,
  family: SoftwareFamily,
  ownFix: boolean,
  run: typeof FIXES_RUN = FIXES_RUN,
  sources: typeof FIX_SOURCES = FIX_SOURCES,
): FixBasis | undefined {
  const version = run[rule]?.[family];
  if (version !== undefined) return { kind: "run", version };
  if (!ownFix) return undefined;
  const source = sources[family];
  return source ? { kind: "documentation", title: source.title, url: source.url } : { kind: "not-run" };
}

/** How a fix's basis reads beside the fix (site, CLI): one sentence, and the link where there is one. */
export function describeFixBasis(basis: FixBasis, family: SoftwareFamily): { text: string; url?: string } {
  switch (basis.kind) {
    case "run":
      return { text: `Run on ${SOFTWARE_NAMES[family]} ${basis.version} in this project's tests: the finding cleared.` };
    case "documentation":
      return { text: `Written from ${basis.title}; not run here, so not verified.`, url: basis.url };
    case "not-run":
      return { text: `Not yet run here on ${SOFTWARE_LABELS[family]}.` };
  }
}

/** "Prosody 13.0.1": the software and the version a fix was run on. */
export function ranOn(family: SoftwareFamily, version: string): string {
  return `${SOFTWARE_NAMES[family]} ${version}`;
}
