import { describe, expect, it } from "vitest";
import { analyzeProbe } from "../probe/analyze.ts";
import { answers, discoInfo, SERVER_IDENTITY, serverinfoForm } from "../../test/helpers/fixtures.ts";
import { ruleCases, GOOD, GOOD_FIELDS, field, withFields } from "../../test/helpers/rule-cases.ts";
import type { RuleIdOf } from "./rule.ts";
import type { ADDRESSES_RULES } from "./addresses.ts";

const support = (value: string) => withFields(GOOD_FIELDS + field("support-addresses", [value]));
const ADMINISTRATORS = field("administrators", ["admin@example.org"]);

ruleCases<RuleIdOf<typeof ADDRESSES_RULES>>("addresses", {
  "address-not-uri": { trips: support("call us"), passes: support("https://example.org/help") },
  "address-missing-scheme": { trips: support("support@example.org"), passes: support("mailto:support@example.org") },
  "address-unsafe-scheme": { trips: support("javascript:alert(1)"), passes: support("https://example.org/help") },
  "address-unusual-scheme": { trips: support("tel:+15550100"), passes: support("https://example.org/help") },
  "address-plain-http": { trips: support("http://example.org/help"), passes: support("https://example.org/help") },
  "address-mailto-invalid": { trips: support("mailto:support"), passes: support("mailto:support@example.org") },
  "address-xmpp-invalid": { trips: support("xmpp:@@example.org"), passes: support("xmpp:support@example.org") },
  "address-xmpp-domain-only": { trips: support("xmpp:example.org"), passes: support("xmpp:support@example.org") },
  "contacts-no-abuse": { trips: withFields(field("admin-addresses", ["xmpp:admin@example.org"]) + ADMINISTRATORS), passes: GOOD },
  "contacts-no-xmpp-operator": {
    // authbot reads abuse, admin and security only: an xmpp: support address does not count.
    trips: withFields(field("abuse-addresses", ["mailto:abuse@example.org"]) + field("support-addresses", ["xmpp:support@example.org"]) + ADMINISTRATORS),
    passes: withFields(field("abuse-addresses", ["mailto:abuse@example.org"]) + field("security-addresses", ["xmpp:security@example.org"]) + ADMINISTRATORS),
  },
});

describe("a value that holds an unfilled template placeholder", () => {
  it("keeps its rule, and its message says what it is", () => {
    const report = analyzeProbe(
      answers("example.org", {
        info: discoInfo("example.org", SERVER_IDENTITY + serverinfoForm(field("abuse-addresses", ["mailto:{{ abuse_email }}"]) + GOOD_FIELDS)),
      }),
      0,
    );
    expect(report.findings.filter((f) => f.value === "mailto:{{ abuse_email }}")).toEqual([
      {
        rule: "address-not-uri",
        severity: "warning",
        subject: "example.org",
        field: "abuse-addresses",
        value: "mailto:{{ abuse_email }}",
        message:
          '"mailto:{{ abuse_email }}" in abuse-addresses holds the template placeholder "{{ abuse_email }}", which was never filled in: write the real address there.',
      },
      {
        rule: "address-mailto-invalid",
        severity: "warning",
        subject: "example.org",
        field: "abuse-addresses",
        value: "mailto:{{ abuse_email }}",
        message:
          '"mailto:{{ abuse_email }}" in abuse-addresses holds the template placeholder "{{ abuse_email }}", which was never filled in: write the real address there.',
      },
    ]);
  });
});
