// The conformance rule catalogue: data, exported as rules.json for the site.
// Ids are stable once published; a renamed rule keeps its old id in `aliases`.
import type { RuleData } from "../contract.ts";
import { SOFTWARE_FAMILIES, SOFTWARE_SETTING, type SoftwareFamily } from "./software.ts";
import { SPEC } from "./specs.ts";

/** A rule, as the contract (crawler/contract.ts, RuleSchema) defines it for rules.json. */
export type Rule = RuleData;

type RuleInput = Omit<Rule, "fix"> & {
  fix: { generic: string } & Partial<Record<SoftwareFamily, string>>;
  /** Whether the fix is a matter of the serverinfo settings (default: all but disco and bounds rules). */
  configurable?: boolean;
};

/** Fills the software without a specific fix from the generic one, and where that software keeps the setting. */
function rule({ configurable, ...input }: RuleInput): Rule {
  const fix = { ...input.fix } as Rule["fix"];
  const settingMatters = configurable ?? !["disco", "bounds"].includes(input.family);
  for (const family of SOFTWARE_FAMILIES) {
    fix[family] ??= settingMatters ? `${input.fix.generic} This is set in ${SOFTWARE_SETTING[family]}.` : input.fix.generic;
  }
  return { ...input, fix };
}

const SERVER_SOFTWARE_BUG = "This comes from the server software itself, not from its configuration: report it to its developers.";

export const RULES: Rule[] = [
  // disco#info structure
  rule({
    id: "disco-no-identity",
    severity: "error",
    family: "disco",
    scope: "entity",
    title: "The disco#info answer has no identity",
    why: "Every entity must say what it is. Clients and crawlers that find no identity treat the answer as broken, and may ignore the contact form inside it.",
    spec: [SPEC.xep0030Identity],
    fix: { generic: SERVER_SOFTWARE_BUG },
  }),
  rule({
    id: "disco-identity-incomplete",
    severity: "error",
    family: "disco",
    scope: "entity",
    title: "An identity lacks its category or type",
    why: "An identity is a category and a type; without both it cannot be understood, and entity capabilities hashes cannot be computed from it.",
    spec: [SPEC.xep0030Identity],
    fix: { generic: `Give every identity both a category and a type. ${SERVER_SOFTWARE_BUG}` },
  }),
  rule({
    id: "disco-identity-conflict",
    severity: "error",
    family: "disco",
    scope: "entity",
    title: "The same identity appears twice",
    why: "Two identities with the same category, type and language make the answer ill-formed for entity capabilities (XEP-0115), so clients discard it.",
    spec: [SPEC.xep0030IdentityConflict, SPEC.xep0115IllFormed],
    fix: {
      generic: "Remove the duplicate identity, usually added by a second module or component that announces itself again.",
      "prosody-0.12": "Look for a module that calls module:add_identity() with the server's own category and type, and disable it on this host.",
      "prosody-13": "Look for a module that calls module:add_identity() with the server's own category and type, and disable it on this host.",
    },
  }),
  rule({
    id: "disco-no-server-identity",
    severity: "info",
    family: "disco",
    scope: "domain",
    title: "The domain has no server identity",
    why: "The bare domain of an XMPP service normally answers with the identity category 'server'. Without it, tools cannot tell a server from a component or gateway.",
    spec: [SPEC.xep0030Identity],
    fix: { generic: "Serve the bare domain with the XMPP server itself, which announces category 'server', type 'im'." },
  }),
  rule({
    id: "disco-no-discoinfo-feature",
    severity: "warning",
    family: "disco",
    scope: "entity",
    title: "disco#info is not listed as a feature",
    why: "Every entity must support disco#info. Receivers should infer it when it is missing, but some still check for it.",
    spec: [SPEC.xep0030Identity, SPEC.xep0030InferFeature],
    fix: { generic: `Add the feature http://jabber.org/protocol/disco#info to the answer. ${SERVER_SOFTWARE_BUG}` },
  }),
  rule({
    id: "disco-duplicate-feature",
    severity: "warning",
    family: "disco",
    scope: "entity",
    title: "The same feature is listed twice",
    why: "A duplicated feature makes the answer ill-formed for entity capabilities (XEP-0115): clients discard the whole answer, contacts included.",
    spec: [SPEC.xep0115IllFormed],
    fix: {
      generic: "Remove the module or setting that announces the feature a second time.",
      "prosody-0.12": "Two enabled modules announce the same feature (module:add_feature); disable the redundant one on this host.",
      "prosody-13": "Two enabled modules announce the same feature (module:add_feature); disable the redundant one on this host.",
    },
  }),

  // The serverinfo form
  rule({
    id: "serverinfo-missing",
    severity: "warning",
    family: "form",
    scope: "domain",
    title: "No serverinfo form on the bare domain",
    why: "Without the form, nobody can find the people who run this server: not other operators with an abuse report, not the operators channel's authbot, not users with a problem.",
    spec: [SPEC.xep0157Should],
    fix: {
      generic: "Publish contact addresses (at least abuse and an xmpp: admin address) in the serverinfo form.",
      "prosody-0.12":
        'Enable "server_contact_info" in modules_enabled and set contact_info = { abuse = { "mailto:abuse@example.org" }; admin = { "xmpp:admin@example.org" } } on the host.',
      "prosody-13":
        'Enable "server_contact_info" in modules_enabled and set contact_info = { abuse = { "mailto:abuse@example.org" }; admin = { "xmpp:admin@example.org" } } on the host.',
      snikket: "Set SNIKKET_ABUSE_EMAIL and SNIKKET_SECURITY_EMAIL in snikket.conf and restart.",
      ejabberd: 'Add mod_disco: server_info: with one entry per field, e.g. - modules: all, name: abuse-addresses, urls: ["mailto:abuse@example.org"].',
      openfire: "Openfire 4.3+ publishes admin-addresses from the admin accounts; make sure admin.disable-exposure is not true and that admins exist.",
      tigase: "Set 'disco-extensions' = { 'abuse-addresses' = [ 'mailto:abuse@example.org' ] } on the vhost.",
      mongooseim: 'Add server_info = [{name = "abuse-addresses", urls = ["mailto:abuse@example.org"]}] to [modules.mod_disco].',
    },
  }),
  rule({
    id: "serverinfo-duplicate-form",
    severity: "error",
    family: "form",
    scope: "entity",
    title: "More than one serverinfo form",
    why: "Two forms with the same FORM_TYPE make the whole disco#info answer ill-formed (XEP-0115). Readers such as authbot and Gajim take only the first form, so whatever is in the second is invisible.",
    spec: [SPEC.xep0115DuplicateForm],
    fix: {
      generic: "Merge everything into a single serverinfo form.",
      "prosody-0.12":
        "A second module adds its own serverinfo form beside mod_server_contact_info (often the community mod_server_info). Disable it, or move its fields into contact_info.",
      "prosody-13":
        "Use the core mod_server_info (server_info and server_info_extensions) for every field, and disable community modules that add a separate form.",
      ejabberd: "Keep one mod_disco: server_info list; do not combine it with another module that adds a serverinfo form.",
    },
  }),
  rule({
    id: "serverinfo-form-type-not-hidden",
    severity: "error",
    family: "form",
    scope: "entity",
    title: "The FORM_TYPE field is not hidden",
    why: "A FORM_TYPE that is not type='hidden' must be ignored as a context indicator, so conforming readers do not see this form as serverinfo at all.",
    spec: [SPEC.xep0068Hidden, SPEC.xep0128Hidden],
    fix: {
      generic:
        "Give the FORM_TYPE field type='hidden'. The stock modules of Prosody and ejabberd do; a custom or third-party module that builds the form by hand is the likely cause.",
    },
  }),
  rule({
    id: "serverinfo-form-type-conflict",
    severity: "error",
    family: "form",
    scope: "entity",
    title: "FORM_TYPE holds several different values",
    why: "A FORM_TYPE with different values makes the whole answer ill-formed (XEP-0115), and no reader can tell which form this is.",
    spec: [SPEC.xep0115DuplicateForm],
    fix: {
      generic: "Give FORM_TYPE exactly one value, http://jabber.org/network/serverinfo. A custom module that builds the form by hand is the likely cause.",
    },
  }),
  rule({
    id: "serverinfo-form-not-result",
    severity: "warning",
    family: "form",
    scope: "entity",
    title: "The form is not a result inside <query/>",
    why: "Extended disco information is a data form of type 'result', placed inside the <query/> element. Readers that look only there, or only at result forms, miss it.",
    spec: [SPEC.xep0128Result],
    fix: {
      generic:
        "Publish the form as <x xmlns='jabber:x:data' type='result'> inside the disco#info <query/>. A custom module that builds the form by hand is the likely cause.",
    },
  }),
  rule({
    id: "serverinfo-table-form",
    severity: "warning",
    family: "form",
    scope: "entity",
    title: "The form carries <reported/> or <item/>",
    why: "A serverinfo form is a flat list of fields. Table rows are not read by any known reader, and they confuse parsers that expect a plain form.",
    spec: [SPEC.xep0128Result],
    fix: { generic: "Publish the addresses as list-multi fields, not as table items." },
  }),
  rule({
    id: "serverinfo-duplicate-field",
    severity: "error",
    family: "form",
    scope: "entity",
    title: "The same field appears twice in the form",
    why: "A field's var identifies it uniquely within a form. Readers take one of the two copies, and which one differs between them, so some addresses are lost.",
    spec: [SPEC.xep0004Var],
    fix: {
      generic: "Put all the values in one field.",
      ejabberd: "Give each name only one entry in mod_disco: server_info, with all its urls in one list.",
      "prosody-13": "Do not define the same field both in contact_info and in server_info / server_info_extensions.",
    },
  }),
  rule({
    id: "serverinfo-empty",
    severity: "info",
    family: "form",
    scope: "entity",
    title: "The form holds nothing but FORM_TYPE",
    why: "An empty serverinfo form says that contacts are supported but gives none. It is ejabberd's and MongooseIM's default when nothing is configured.",
    spec: [SPEC.xep0157Should],
    fix: {
      generic: "Configure at least an abuse address and an xmpp: admin address.",
      ejabberd: "Add entries to mod_disco: server_info (name: abuse-addresses, urls: [...]).",
      mongooseim: "Add entries to server_info in [modules.mod_disco].",
    },
  }),

  // Fields
  rule({
    id: "field-unregistered",
    severity: "warning",
    family: "fields",
    scope: "entity",
    title: "A field that is not registered",
    why: "Fields in the serverinfo form must be registered with the XSF, or namespaced in Clark notation ({namespace}name) when they are a third party's. Strict readers reject the whole form for an unknown field.",
    spec: [SPEC.xep0068Registered, SPEC.xep0157Registry],
    fix: { generic: "Remove the field, or name it in Clark notation, such as {https://example.org/ns}name." },
  }),
  rule({
    id: "field-name-typo",
    severity: "warning",
    family: "fields",
    scope: "entity",
    title: "A misspelled field name",
    why: "A near miss of a registered field, such as abuse-address for abuse-addresses, is unknown to every reader: the addresses in it are never seen.",
    spec: [SPEC.xep0157Registry, SPEC.xep0068Registered],
    fix: {
      generic: "Rename the field to the registered name given in the finding.",
      mongooseim: "MongooseIM's documentation example misspells the name (abuse-address): use abuse-addresses in server_info.",
      ejabberd: "Correct the name: in mod_disco: server_info.",
      tigase: "Correct the key in 'disco-extensions'.",
    },
  }),
  rule({
    id: "field-wrong-type",
    severity: "warning",
    family: "fields",
    scope: "entity",
    title: "A field with the wrong type",
    why: "Registered contact fields are list-multi. Gajim skips fields of any other type, and Rust xmpp-parsers rejects the whole form.",
    spec: [SPEC.xep0157Registry, SPEC.xep0004Type],
    fix: {
      generic:
        "Publish the field with type='list-multi' (serverinfo-pubsub-node: text-single). A custom module that builds the form by hand is the likely cause.",
    },
  }),
  rule({
    id: "field-no-type",
    severity: "info",
    family: "fields",
    scope: "entity",
    title: "A field without a type",
    why: "A missing type is legal in a result form, but Gajim skips such fields, so its users do not see these addresses.",
    spec: [SPEC.xep0004Type],
    fix: {
      generic: "Publish the field with type='list-multi'.",
      mongooseim: "MongooseIM emits serverinfo fields without a type; this is fixed only in its source (mod_disco).",
    },
  }),
  rule({
    id: "field-empty",
    severity: "info",
    family: "fields",
    scope: "entity",
    title: "A registered field with no value",
    why: "An empty field carries nothing. Prosody 0.12 emits all seven categories, the empty ones too, so this is common and harmless.",
    spec: [SPEC.xep0157Registry],
    fix: {
      generic: "Fill the field or leave it out.",
      "prosody-0.12": "Prosody 0.12 always emits every category; fill the ones you can in contact_info. Nothing else to do.",
    },
  }),
  rule({
    id: "value-empty",
    severity: "warning",
    family: "fields",
    scope: "entity",
    title: "An empty value",
    why: "An empty or blank <value/> is not an address. Readers that take the first value (converse.js) show nothing.",
    spec: [SPEC.xep0157Uris],
    fix: {
      generic: "Remove the empty value.",
      "prosody-0.12": 'An empty string in contact_info (such as feedback = { "" }) becomes an empty <value/>; remove it.',
      "prosody-13": "An empty string in contact_info or server_info becomes an empty <value/>; remove it.",
      ejabberd: "Remove the empty string from urls.",
    },
  }),
  rule({
    id: "value-whitespace",
    severity: "warning",
    family: "fields",
    scope: "entity",
    title: "A value with leading or trailing white space",
    why: "White space around an address makes it an invalid URI, and readers that compare addresses (authbot) do not match it.",
    spec: [SPEC.xep0157Uris],
    fix: { generic: "Remove the spaces around the value in the configuration." },
  }),
  rule({
    id: "value-duplicate",
    severity: "info",
    family: "fields",
    scope: "entity",
    title: "The same value twice in one field",
    why: "A repeated address is harmless but shows a configuration mistake.",
    spec: [SPEC.xep0004Var],
    fix: { generic: "List each address once." },
  }),

  // Addresses
  rule({
    id: "address-not-uri",
    severity: "warning",
    family: "addresses",
    scope: "entity",
    title: "An address that is not a URI",
    why: "Contact addresses are URIs, so that readers know how to use them: a mail address, an XMPP address, a web page. status-addresses MUST be URIs; the others SHOULD. (The finding is an error in status-addresses.)",
    spec: [SPEC.xep0157Uris, SPEC.rfc3986],
    fix: {
      generic: "Write the address as a full URI: mailto:abuse@example.org, xmpp:admin@example.org or https://example.org/contact. Percent-encode spaces.",
    },
  }),
  rule({
    id: "address-missing-scheme",
    severity: "warning",
    family: "addresses",
    scope: "entity",
    title: "An e-mail address or JID without mailto: or xmpp:",
    why: "Without a scheme, readers cannot tell an e-mail address from an XMPP address, and authbot, which accepts only xmpp: URIs, ignores it.",
    spec: [SPEC.xep0157Uris, SPEC.xep0157Advertise],
    fix: {
      generic: "Prefix the address with mailto: (e-mail) or xmpp: (XMPP).",
      tigase: "Tigase's documentation says 'prefix with xmpp' without the colon: write xmpp:admin@example.org.",
      mongooseim: "MongooseIM's documentation example gives a value without a scheme: write mailto:abuse@example.org.",
    },
  }),
  rule({
    id: "address-unsafe-scheme",
    severity: "error",
    family: "addresses",
    scope: "entity",
    title: "An address with a dangerous scheme",
    why: "A javascript:, data:, vbscript: or file: address can run code or reach local files in a reader that makes it a link. It is never a contact address.",
    spec: [SPEC.xep0157Uris],
    fix: { generic: "Remove the value. If you did not put it there, your configuration has been tampered with." },
  }),
  rule({
    id: "address-unusual-scheme",
    severity: "info",
    family: "addresses",
    scope: "entity",
    title: "An address with an unusual scheme",
    why: "Readers know what to do with mailto:, xmpp:, https: and http:. Other schemes (tel:, sip:, gopher:) are valid URIs, but most readers show them as text only.",
    spec: [SPEC.xep0157Uris],
    fix: { generic: "Consider adding a mailto:, xmpp: or https: address beside it." },
  }),
  rule({
    id: "address-plain-http",
    severity: "info",
    family: "addresses",
    scope: "entity",
    title: "An http: address where https: would be expected",
    why: "A contact page over plain HTTP can be altered on the way, which matters for a page that tells people where to report abuse or security issues.",
    spec: [SPEC.xep0157Uris],
    fix: { generic: "Serve the page over HTTPS and publish the https: address." },
  }),
  rule({
    id: "address-mailto-invalid",
    severity: "warning",
    family: "addresses",
    scope: "entity",
    title: "A malformed mailto: address",
    why: "A mailto: URI names one or more addresses of the form local@domain. An empty or malformed one cannot be written to.",
    spec: [SPEC.rfc6068, SPEC.xep0157Uris],
    fix: { generic: "Write mailto:local@domain, such as mailto:abuse@example.org." },
  }),
  rule({
    id: "address-xmpp-invalid",
    severity: "warning",
    family: "addresses",
    scope: "entity",
    title: "A malformed xmpp: address",
    why: "An xmpp: URI holds a JID. If the JID is invalid, nobody can write to it, and authbot cannot match it against anyone.",
    spec: [SPEC.rfc5122, SPEC.rfc7622],
    fix: { generic: "Write xmpp:localpart@domain (percent-encode what a URI cannot hold), such as xmpp:admin@example.org." },
  }),
  rule({
    id: "contacts-no-abuse",
    severity: "info",
    family: "addresses",
    scope: "domain",
    title: "No abuse address",
    why: "Other operators need a way to report spam and abuse coming from this server. Without an abuse address, reports go nowhere or to a public channel.",
    spec: [SPEC.xep0157Should, SPEC.xep0157Registry],
    fix: {
      generic: "Publish abuse-addresses, such as mailto:abuse@example.org and xmpp:abuse@example.org.",
      "prosody-0.12": 'Add abuse = { "mailto:abuse@example.org", "xmpp:abuse@example.org" } to contact_info.',
      "prosody-13": 'Add abuse = { "mailto:abuse@example.org", "xmpp:abuse@example.org" } to contact_info.',
      snikket: "Set SNIKKET_ABUSE_EMAIL in snikket.conf.",
      ejabberd: 'Add - modules: all, name: abuse-addresses, urls: ["mailto:abuse@example.org"] to mod_disco: server_info.',
      openfire: "Openfire publishes only admin-addresses; abuse addresses cannot be configured.",
    },
  }),
  rule({
    id: "contacts-no-xmpp-operator",
    severity: "info",
    family: "addresses",
    scope: "domain",
    title: "No xmpp: operator address (authbot cannot recognise the operators)",
    why: "The XMPP operators channel's authbot grants membership to people whose JID the server lists as an xmpp: URI in abuse-addresses, admin-addresses or security-addresses. With none, the operators of this server cannot join without help.",
    spec: [SPEC.operators, SPEC.xep0157Advertise],
    fix: {
      generic: "Add an xmpp: URI with an operator's JID to admin-addresses (or abuse/security).",
      "prosody-0.12": 'Add admin = { "xmpp:you@example.org" } to contact_info (or leave contact_info unset to derive it from admins).',
      "prosody-13": 'Add admin = { "xmpp:you@example.org" } to contact_info.',
      snikket: "Snikket publishes only e-mail addresses; it cannot publish an xmpp: contact.",
      openfire: "Openfire derives xmpp: admin addresses from the admin accounts: check admin.disable-exposure.",
    },
  }),

  // administrators
  rule({
    id: "administrators-missing",
    severity: "info",
    family: "administrators",
    scope: "domain",
    title: "No administrators field",
    why: "The proto-XEP 'XMPP Service Administrators' lets a service list its admins, so that MUC and PubSub services treat them as owners and clients mark them. It is new: most servers do not publish it yet.",
    spec: [SPEC.proto, SPEC.protoOwners],
    fix: {
      generic: "Add an administrators field (list-multi, bare JIDs) to the serverinfo form.",
      "prosody-0.12": "No Prosody module publishes administrators yet; a small module can add it with module:add_extension().",
      "prosody-13":
        'Declare it in server_info_extensions ({ name = "administrators", type = "list-multi" }) and set server_info = { administrators = { "admin@example.org" } }.',
      ejabberd: 'Add - modules: all, name: administrators, urls: ["admin@example.org"] to mod_disco: server_info.',
      tigase: "Add 'administrators' = [ 'admin@example.org' ] to 'disco-extensions'.",
      mongooseim: 'Add {name = "administrators", urls = ["admin@example.org"]} to server_info.',
    },
  }),
  rule({
    id: "administrators-outside-serverinfo",
    severity: "error",
    family: "administrators",
    scope: "entity",
    title: "An administrators field outside the serverinfo form",
    why: "The administrators list MUST be scoped by the serverinfo FORM_TYPE. Anywhere else, readers do not look for it.",
    spec: [SPEC.proto],
    fix: { generic: "Move the administrators field into the serverinfo form (FORM_TYPE http://jabber.org/network/serverinfo)." },
  }),
  rule({
    id: "administrators-wrong-type",
    severity: "warning",
    family: "administrators",
    scope: "entity",
    title: "The administrators field has another type than list-multi",
    why: "The field is registered as list-multi. jid-multi is arguably better and is only noted (info); other types are skipped by strict readers.",
    spec: [SPEC.protoJids],
    fix: { generic: "Publish administrators with type='list-multi'." },
  }),
  rule({
    id: "administrators-uri",
    severity: "error",
    family: "administrators",
    scope: "entity",
    title: "An administrator given as a URI, not a JID",
    why: "The field holds JIDs, unlike the *-addresses fields. A value such as xmpp:admin@example.org matches no account, so MUC and PubSub services grant nothing and clients mark nobody.",
    spec: [SPEC.protoJids],
    fix: { generic: "Drop the scheme: write admin@example.org, not xmpp:admin@example.org." },
  }),
  rule({
    id: "administrators-invalid-jid",
    severity: "error",
    family: "administrators",
    scope: "entity",
    title: "An administrator that is not a valid JID",
    why: "A value that is not a JID matches no account, so the admin is not recognised anywhere.",
    spec: [SPEC.protoJids, SPEC.rfc7622],
    fix: { generic: "Write the admin's bare JID, localpart@domain." },
  }),
  rule({
    id: "administrators-full-jid",
    severity: "warning",
    family: "administrators",
    scope: "entity",
    title: "An administrator given as a full JID",
    why: "Administrators are accounts, not sessions. A resource makes the JID match only one client of the admin, or none.",
    spec: [SPEC.protoJids, SPEC.rfc7622],
    fix: { generic: "Remove the /resource part." },
  }),
  rule({
    id: "administrators-domain-only",
    severity: "warning",
    family: "administrators",
    scope: "entity",
    title: "An administrator JID without a localpart",
    why: "A bare domain names a server or component, not a person. Nobody logs in as it, so nobody is recognised as admin.",
    spec: [SPEC.protoJids],
    fix: { generic: "Write the admin's account JID, localpart@domain." },
  }),
  rule({
    id: "administrators-not-normalized",
    severity: "info",
    family: "administrators",
    scope: "entity",
    title: "An administrator JID that is not in normalised form",
    why: "JIDs compare after normalisation (case-folding and PRECIS). Readers that compare strings may not match Admin@Example.org with admin@example.org.",
    spec: [SPEC.rfc7622],
    fix: { generic: "Write the JID in its normalised form, as given in the finding." },
  }),
  rule({
    id: "administrators-duplicate",
    severity: "info",
    family: "administrators",
    scope: "entity",
    title: "The same administrator twice",
    why: "Harmless, but a sign of a configuration mistake; jid-multi readers must ignore duplicates.",
    spec: [SPEC.xep0004JidMulti],
    fix: { generic: "List each administrator once." },
  }),
  rule({
    id: "administrators-empty",
    severity: "info",
    family: "administrators",
    scope: "entity",
    title: "The administrators field is present but empty",
    why: "An empty list says the service has no administrators, which is rarely what was meant.",
    spec: [SPEC.protoJids],
    fix: { generic: "List the admins' bare JIDs, or remove the field." },
  }),
  rule({
    id: "administrators-foreign-domain",
    severity: "info",
    family: "administrators",
    scope: "entity",
    title: "An administrator on another domain",
    why: "Legitimate (an operator may use one account for several servers), but worth seeing: that account gets owner rights on this service's rooms and nodes.",
    spec: [SPEC.protoOwners],
    fix: { generic: "Nothing to fix if this is intended." },
  }),
  rule({
    id: "administrators-admin-addresses-mismatch",
    severity: "info",
    family: "administrators",
    scope: "entity",
    title: "administrators and the xmpp: admin-addresses differ",
    why: "Both lists name the people who run the service. When they differ, readers that use one (authbot uses admin-addresses) and readers that use the other disagree about who the admins are.",
    spec: [SPEC.protoJids, SPEC.xep0157Registry],
    fix: { generic: "List the same admins in both, or check that the difference is intended." },
  }),

  // Components
  rule({
    id: "component-serverinfo-differs",
    severity: "info",
    family: "components",
    scope: "entity",
    title: "A component publishes other contact addresses than its domain",
    why: "People who reach a room or upload service read the contacts of that component. When they differ from the domain's, some readers get stale or empty contacts.",
    spec: [SPEC.xep0157Should],
    fix: {
      generic: "Publish the same contacts on the component, or none.",
      "prosody-0.12":
        "Components inherit contact_info; an empty form on a component means contact_info is set on the host but not inherited here. Set contact_info on the Component too.",
      "prosody-13": "Set contact_info (or server_info) on the Component as well as on the host.",
      ejabberd: "List the component's module in the modules: of each mod_disco: server_info entry (or use modules: all).",
    },
  }),
  rule({
    id: "component-administrators-differs",
    severity: "info",
    family: "components",
    scope: "entity",
    title: "A component lists other administrators than its domain",
    why: "MUC and PubSub services treat the listed administrators as owners; a different list on a component changes who moderates its rooms and nodes.",
    spec: [SPEC.protoOwners],
    fix: { generic: "List the same administrators on the component, or check that the difference is intended." },
  }),
  rule({
    id: "component-unreachable",
    severity: "info",
    family: "components",
    scope: "entity",
    configurable: false,
    title: "A listed component does not answer",
    why: "The domain lists this item in disco#items, but it does not answer disco#info: clients that try to use it fail.",
    spec: [SPEC.xep0030Identity],
    fix: { generic: "Remove the item from disco#items, or bring the component up (and give it DNS records if it is reached over s2s)." },
  }),

  // Bounds
  rule({
    id: "answer-exceeds-bounds",
    severity: "warning",
    family: "bounds",
    scope: "entity",
    title: "The answer is larger than any reader should have to read",
    why: "The observatory reads a bounded amount of each answer (forms, fields, values, their length, items). Past a bound it keeps what fits; so do many clients, which then miss what comes after.",
    spec: [SPEC.xep0030Items],
    fix: { generic: "Publish fewer, shorter values." },
  }),
];

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.flatMap((r) => [[r.id, r] as const, ...(r.aliases ?? []).map((a) => [a, r] as const)]));

export function getRule(id: string): Rule {
  const found = RULES_BY_ID.get(id);
  if (!found) throw new Error(`unknown rule id ${id}`);
  return found;
}

/** The one-line fix for a rule on a given software, or the generic one. */
export function fixFor(id: string, family: SoftwareFamily | undefined): string {
  const r = getRule(id);
  return family ? r.fix[family] : r.fix.generic;
}
