import { describe, expect, it } from "vitest";
import { analyzeProbe } from "../probe/analyze.ts";
import { answers, discoInfo, SERVER_IDENTITY, serverinfoForm } from "../../test/helpers/fixtures.ts";
import { ruleCases, GOOD_FIELDS, field, withFields } from "../../test/helpers/rule-cases.ts";
import type { RuleIdOf } from "./rule.ts";
import type { ADDRESSES_RULES } from "./addresses.ts";

const support = (value: string) => withFields(GOOD_FIELDS + field("support-addresses", [value]));
const ADMINISTRATORS = field("administrators", ["admin@example.org"]);

ruleCases<RuleIdOf<typeof ADDRESSES_RULES>>("addresses", {
  "address-not-uri": {
    trips: support("call us"),
    finding: {
      severity: "warning",
      subject: "example.org",
      message: '"call us" in support-addresses is not a URI.',
      field: "support-addresses",
      value: "call us",
    },
    nearMiss: support("https://example.org/help"),
  },
  "address-missing-scheme": {
    trips: support("support@example.org"),
    finding: {
      severity: "warning",
      subject: "example.org",
      message: '"support@example.org" in support-addresses has no scheme; write mailto:support@example.org or xmpp:support@example.org.',
      field: "support-addresses",
      value: "support@example.org",
    },
    nearMiss: support("mailto:support@example.org"),
  },
  "address-unsafe-scheme": {
    trips: support("javascript:alert(1)"),
    finding: {
      severity: "error",
      subject: "example.org",
      message: "\"javascript:alert(1)\" in support-addresses uses the dangerous scheme 'javascript:'.",
      field: "support-addresses",
      value: "javascript:alert(1)",
    },
    nearMiss: support("https://example.org/help"),
  },
  "address-unusual-scheme": {
    trips: support("tel:+15550100"),
    finding: {
      severity: "info",
      subject: "example.org",
      message: "\"tel:+15550100\" in support-addresses uses the scheme 'tel:', which most readers show as text only.",
      field: "support-addresses",
      value: "tel:+15550100",
    },
    nearMiss: support("https://example.org/help"),
  },
  "address-plain-http": {
    trips: support("http://example.org/help"),
    finding: {
      severity: "info",
      subject: "example.org",
      message: '"http://example.org/help" in support-addresses uses plain http:.',
      field: "support-addresses",
      value: "http://example.org/help",
    },
    nearMiss: support("https://example.org/help"),
  },
  "address-mailto-invalid": {
    trips: support("mailto:support"),
    finding: {
      severity: "warning",
      subject: "example.org",
      message: "\"mailto:support\" in support-addresses is a malformed mailto: URI: 'support' is not of the form local@domain.",
      field: "support-addresses",
      value: "mailto:support",
    },
    nearMiss: support("mailto:support@example.org"),
  },
  "address-xmpp-invalid": {
    trips: support("xmpp:@@example.org"),
    finding: {
      severity: "warning",
      subject: "example.org",
      message: "\"xmpp:@@example.org\" in support-addresses is a malformed xmpp: URI: the localpart before '@' is empty.",
      field: "support-addresses",
      value: "xmpp:@@example.org",
    },
    nearMiss: support("xmpp:support@example.org"),
  },
  "address-xmpp-escaped": {
    trips: withFields(GOOD_FIELDS + field("security-addresses", ["xmpp:%6A@example.org"])),
    finding: {
      severity: "warning",
      subject: "example.org",
      message:
        'authbot reads "xmpp:%6A@example.org" in security-addresses literally, as the JID "%6a@example.org", and refuses "j@example.org": write xmpp:j@example.org.',
      field: "security-addresses",
      value: "xmpp:%6A@example.org",
    },
    // authbot reads only abuse-, admin- and security-addresses.
    nearMiss: support("xmpp:%6A@example.org"),
  },
  "address-xmpp-domain-only": {
    trips: support("xmpp:example.org"),
    finding: {
      severity: "warning",
      subject: "example.org",
      message: '"xmpp:example.org" in support-addresses names the server example.org, not a person.',
      field: "support-addresses",
      value: "xmpp:example.org",
    },
    nearMiss: support("xmpp:support@example.org"),
  },
  "contacts-no-abuse": {
    trips: withFields(field("admin-addresses", ["xmpp:admin@example.org"]) + ADMINISTRATORS),
    finding: { severity: "info", subject: "example.org", message: "No abuse address is published.", field: "abuse-addresses" },
    nearMiss: withFields(field("abuse-addresses", ["xmpp:abuse@example.org"]) + field("admin-addresses", ["xmpp:admin@example.org"]) + ADMINISTRATORS),
  },
  "contacts-no-xmpp-operator": {
    // authbot reads abuse, admin and security only: an xmpp: support address does not count.
    trips: withFields(field("abuse-addresses", ["mailto:abuse@example.org"]) + field("support-addresses", ["xmpp:support@example.org"]) + ADMINISTRATORS),
    finding: {
      severity: "info",
      subject: "example.org",
      message:
        'authbot would let nobody in: example.org lists "xmpp:support@example.org" only in support-addresses, which authbot does not read; list it in admin-addresses.',
    },
    nearMiss: withFields(field("abuse-addresses", ["mailto:abuse@example.org"]) + field("security-addresses", ["xmpp:security@example.org"]) + ADMINISTRATORS),
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
