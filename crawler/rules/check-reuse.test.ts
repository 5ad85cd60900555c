// The reuse decision (issue 34), on literal times and records: what a crawl may take from an
// earlier check instead of asking the target's host again.
import { describe, expect, it } from "vitest";
import type { DnsAnswer, MailFacts, RoomFacts, WebFacts, XmppDomainFacts } from "../model/contact-target.ts";
import { reusableIf, sameDnsAnswers } from "./check-reuse.ts";

const DAY = 86_400_000;
const NOW = new Date("2026-12-07T12:00:00.000Z");
const WEB_DNS: DnsAnswer[] = [{ type: "addresses", name: "example.org", records: ["192.0.2.10", "2001:db8::10"] }];
const XMPP_DNS: DnsAnswer[] = [
  { type: "srv", name: "_xmpp-server._tcp.example.org", records: ["5 0 5269 xmpp.example.org"] },
  { type: "srv", name: "_xmpps-server._tcp.example.org", records: [] },
  { type: "addresses", name: "xmpp.example.org", records: ["192.0.2.20"] },
];

const page = (over: Partial<WebFacts> = {}): WebFacts => ({
  kind: "web",
  target: "https://example.org/contact",
  checkedAt: "2026-12-07T06:00:00.000Z",
  status: 200,
  finalUrl: "https://example.org/contact",
  redirects: 0,
  certificateValid: true,
  failure: undefined,
  body: undefined,
  record: undefined,
  dns: WEB_DNS,
  ...over,
});
const securityTxt = (body: string | undefined, over: Partial<WebFacts> = {}) =>
  page({ target: "https://example.org/.well-known/security.txt", finalUrl: "https://example.org/.well-known/security.txt", body, ...over });
const domain = (over: Partial<XmppDomainFacts> = {}): XmppDomainFacts => ({
  kind: "xmpp-domain",
  target: "example.org",
  checkedAt: "2026-12-07T06:00:00.000Z",
  outcome: "ok",
  condition: undefined,
  conference: false,
  record: undefined,
  dns: XMPP_DNS,
  ...over,
});
const room = (over: Partial<RoomFacts> = {}): RoomFacts => ({
  kind: "xmpp-room",
  target: "support@muc.example.org",
  checkedAt: "2026-12-07T06:00:00.000Z",
  outcome: "ok",
  condition: undefined,
  isRoom: true,
  public: true,
  membersOnly: false,
  passwordProtected: false,
  record: undefined,
  dns: XMPP_DNS,
  ...over,
});

describe("which earlier check a crawl may reuse", () => {
  it("reuses a check that worked less than the window ago, asking DNS the questions it was made with", () => {
    expect(reusableIf(page(), "address", NOW, DAY)).toEqual(WEB_DNS);
    expect(reusableIf(domain(), "address", NOW, DAY)).toEqual(XMPP_DNS);
    expect(reusableIf(room(), "address", NOW, DAY)).toEqual(XMPP_DNS);
    // 23 h 59 min ago: still within a day.
    expect(reusableIf(page({ checkedAt: "2026-12-06T12:01:00.000Z" }), "address", NOW, DAY)).toEqual(WEB_DNS);
  });

  it("checks again past the window, with no window, or for a check dated in the future", () => {
    expect(reusableIf(page({ checkedAt: "2026-12-06T12:00:00.000Z" }), "address", NOW, DAY)).toBeUndefined();
    expect(reusableIf(page(), "address", NOW, 0)).toBeUndefined();
    expect(reusableIf(page({ checkedAt: "2026-12-07T12:00:01.000Z" }), "address", NOW, DAY)).toBeUndefined();
    expect(reusableIf(page({ checkedAt: "not a date" }), "address", NOW, DAY)).toBeUndefined();
  });

  it("checks a broken or unknown target at every crawl, so that a fix shows at the next one", () => {
    expect(reusableIf(page({ status: 404 }), "address", NOW, DAY)).toBeUndefined();
    expect(reusableIf(page({ status: undefined, failure: { kind: "timeout", text: "no answer" } }), "address", NOW, DAY)).toBeUndefined();
    expect(reusableIf(page({ failure: { kind: "downgrade", text: "to http" } }), "address", NOW, DAY)).toBeUndefined();
    expect(reusableIf(domain({ outcome: "remote-server-not-found" }), "address", NOW, DAY)).toBeUndefined();
    expect(reusableIf(domain({ outcome: "error", condition: "service-unavailable" }), "address", NOW, DAY)).toBeUndefined();
    expect(reusableIf(domain({ outcome: "timeout" }), "address", NOW, DAY)).toBeUndefined();
    expect(reusableIf(room({ membersOnly: true }), "address", NOW, DAY)).toBeUndefined();
    expect(reusableIf(room({ passwordProtected: true }), "address", NOW, DAY)).toBeUndefined();
    expect(reusableIf(room({ outcome: "error", condition: "item-not-found", isRoom: false }), "address", NOW, DAY)).toBeUndefined();
    expect(reusableIf(room({ outcome: "error", condition: "forbidden", isRoom: false }), "address", NOW, DAY)).toBeUndefined();
  });

  it("never reuses what it cannot tell unchanged: no DNS answer kept (a domain's own probe, a failed lookup), or nothing at all", () => {
    expect(reusableIf(page({ dns: undefined }), "address", NOW, DAY)).toBeUndefined();
    expect(reusableIf(domain({ dns: undefined }), "address", NOW, DAY)).toBeUndefined();
    expect(reusableIf(undefined, "address", NOW, DAY)).toBeUndefined();
  });

  it("never reuses a mail domain's check: it is a DNS answer, and asking DNS again is the check itself", () => {
    const mail: MailFacts = {
      kind: "mail",
      target: "example.org",
      checkedAt: "2026-12-07T06:00:00.000Z",
      verdict: { kind: "mx", hosts: ["mx.example.org"] },
      record: undefined,
    };
    expect(reusableIf(mail, "address", NOW, DAY)).toBeUndefined();
    expect(reusableIf({ kind: "skipped", target: "web:https://example.org/", why: "past the bound" }, "address", NOW, DAY)).toBeUndefined();
  });

  it("judges a security.txt now: one that expired since it was read is checked again", () => {
    const valid = "Contact: mailto:security@example.org\nExpires: 2027-01-01T00:00:00.000Z\n";
    const expiresTonight = "Contact: mailto:security@example.org\nExpires: 2026-12-07T10:00:00.000Z\n";
    expect(reusableIf(securityTxt(valid), "address", NOW, DAY)).toEqual(WEB_DNS);
    // Valid when it was read at 06:00, expired at 10:00: not reused at noon.
    expect(reusableIf(securityTxt(expiresTonight), "address", NOW, DAY)).toBeUndefined();
    expect(reusableIf(securityTxt("Expires: 2027-01-01T00:00:00.000Z\n"), "address", NOW, DAY)).toBeUndefined();
  });

  it("takes a domain's own security.txt that it does not serve as settled, but not a published address that answers 404", () => {
    const missing = securityTxt(undefined, { status: 404 });
    expect(reusableIf(missing, "own-security-txt", NOW, DAY)).toEqual(WEB_DNS);
    expect(reusableIf(missing, "address", NOW, DAY)).toBeUndefined();
    // No https on the domain at all: nothing is shown, and nothing asked again within the window.
    const refused = securityTxt(undefined, { status: undefined, failure: { kind: "network", text: "ECONNREFUSED" } });
    expect(reusableIf(refused, "own-security-txt", NOW, DAY)).toEqual(WEB_DNS);
    // A file it serves that is stale is shown broken: checked again.
    expect(reusableIf(securityTxt("Contact: mailto:a@example.org\nExpires: 2026-01-01T00:00:00.000Z\n"), "own-security-txt", NOW, DAY)).toBeUndefined();
  });
});

describe("whether a target is unchanged", () => {
  it("is when DNS gives the same answers to the same questions, in whatever order the records came", () => {
    expect(sameDnsAnswers(WEB_DNS, [{ type: "addresses", name: "example.org", records: ["192.0.2.10", "2001:db8::10"] }])).toBe(true);
    expect(sameDnsAnswers([], [])).toBe(true);
    expect(
      sameDnsAnswers(
        XMPP_DNS,
        XMPP_DNS.map((a) => ({ ...a, records: [...a.records] })),
      ),
    ).toBe(true);
  });

  it("is not when an address, an SRV record or a question changed, or DNS did not answer", () => {
    expect(sameDnsAnswers(WEB_DNS, [{ type: "addresses", name: "example.org", records: ["192.0.2.11", "2001:db8::10"] }])).toBe(false);
    expect(sameDnsAnswers(WEB_DNS, [{ type: "addresses", name: "example.org", records: ["192.0.2.10"] }])).toBe(false);
    expect(sameDnsAnswers(WEB_DNS, [{ type: "addresses", name: "example.org", records: [] }])).toBe(false);
    const moved = [{ ...XMPP_DNS[0]!, records: ["5 0 5269 new.example.org"] }, XMPP_DNS[1]!, XMPP_DNS[2]!];
    expect(sameDnsAnswers(XMPP_DNS, moved)).toBe(false);
    expect(sameDnsAnswers(WEB_DNS, [{ type: "addresses", name: "www.example.org", records: ["192.0.2.10", "2001:db8::10"] }])).toBe(false);
    expect(sameDnsAnswers(WEB_DNS, undefined)).toBe(false);
  });
});
