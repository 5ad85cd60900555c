import { describe, expect, it } from "vitest";
import type { Finding } from "../contract.ts";
import { changeLines, findingCards, leadingCards } from "./presentation.ts";

const f = (rule: string, severity: Finding["severity"], subject: string, over: Partial<Finding> = {}): Finding => ({
  rule,
  severity,
  subject,
  message: "m",
  ...over,
});

describe("one card per problem", () => {
  it("groups one rule's findings on one subject, naming every field", () => {
    const fields = ["abuse", "admin", "feedback", "sales", "security", "status", "support"].map((c) =>
      f("field-empty", "info", "muc.good.test", { field: `${c}-addresses`, message: `The field '${c}-addresses' has no value.` }),
    );
    const cards = findingCards([
      ...fields,
      f("field-empty", "info", "good.test", { field: "sales-addresses", message: "The field 'sales-addresses' has no value." }),
    ]);
    expect(cards.map((c) => [c.subject, c.findings.length, c.text])).toEqual([
      ["muc.good.test", 7, "7 fields have no value: abuse, admin, feedback, sales, security, status, support."],
      ["good.test", 1, "The field 'sales-addresses' has no value."],
    ]);
  });

  it("names the addresses a finding is about: the same words once, every address named", () => {
    const dead = (value: string) =>
      f("mail-domain-no-mx", "warning", "example.org", { field: "admin-addresses", value, message: "good.test does not exist in DNS: mail to it bounces." });
    expect(findingCards([dead("mailto:a@good.test"), dead("mailto:b@good.test")]).map((c) => c.text)).toEqual([
      '"mailto:a@good.test", "mailto:b@good.test": good.test does not exist in DNS: mail to it bounces.',
    ]);
    expect(findingCards([dead("mailto:a@good.test")]).map((c) => c.text)).toEqual([
      '"mailto:a@good.test": good.test does not exist in DNS: mail to it bounces.',
    ]);
    // A message that quotes its value already is shown as it is.
    const quoted = f("address-plain-http", "warning", "example.org", {
      value: "http://example.org/",
      message: '"http://example.org/" in support-addresses uses plain http:.',
    });
    expect(findingCards([quoted])[0]!.text).toBe('"http://example.org/" in support-addresses uses plain http:.');
  });

  it("keeps severities apart: an error on an abuse address is not grouped with warnings", () => {
    const cards = findingCards([
      f("contact-domain-unreachable", "error", "example.org", { value: "xmpp:abuse@dead.example", message: "x" }),
      f("contact-domain-unreachable", "warning", "example.org", { value: "xmpp:admin@dead.example", message: "x" }),
    ]);
    expect(cards.map((c) => c.severity)).toEqual(["error", "warning"]);
  });

  it("leads a short reply with what matters: by severity, the domain's own first, infos only when nothing is worse", () => {
    const findings = [
      f("field-empty", "info", "example.org", { field: "sales-addresses" }),
      f("value-empty", "warning", "muc.example.org", { field: "abuse-addresses", value: "" }),
      f("address-not-uri", "warning", "example.org", { value: "call us" }),
      f("serverinfo-duplicate-form", "error", "example.org"),
    ];
    const { shown, more } = leadingCards(findings, "example.org", 5);
    expect(shown.map((c) => `${c.severity} ${c.rule} ${c.subject}`)).toEqual([
      "error serverinfo-duplicate-form example.org",
      "warning address-not-uri example.org",
      "warning value-empty muc.example.org",
    ]);
    expect(more).toBe(1);
    expect(leadingCards([findings[0]!], "example.org", 5).shown.map((c) => c.rule)).toEqual(["field-empty"]);
  });

  it("says changes of one rule once in a watch notice", () => {
    expect(
      changeLines([
        { kind: "contact-added", text: "admin address added: xmpp:boss@good.test" },
        { kind: "finding-appeared", rule: "field-empty", text: "field-empty: The field 'feedback-addresses' has no value." },
        { kind: "finding-appeared", rule: "field-empty", text: "field-empty: The field 'sales-addresses' has no value." },
        { kind: "finding-resolved", rule: "field-empty", text: "Resolved field-empty: The field 'status-addresses' has no value." },
      ]),
    ).toEqual([
      "admin address added: xmpp:boss@good.test",
      "2 field-empty findings appeared: The field 'feedback-addresses' has no value; The field 'sales-addresses' has no value.",
      "Resolved field-empty: The field 'status-addresses' has no value.",
    ]);
  });
});
