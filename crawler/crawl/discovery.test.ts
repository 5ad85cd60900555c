import { describe, expect, it } from "vitest";
import { emptyContacts } from "../contract.ts";
import { reportWith } from "../../test/helpers/fixtures.ts";
import { discoveredDomains } from "./discovery.ts";

const report = reportWith;

describe("discoveredDomains", () => {
  it("finds other domains in xmpp: contacts, administrators and disco#items, not the domain's own", () => {
    const contacts = {
      ...emptyContacts(),
      admin: ["xmpp:ops@Other.Example", "mailto:a@mail.example", "xmpp:a@example.org", "xmpp:room@muc.example.org?join"],
      support: ["xmpp:help@support.example"],
    };
    const found = discoveredDomains(
      report({
        contacts,
        administrators: ["boss@third.example", "not a jid", "xmpp:x@ignored.example"],
        components: [
          { jid: "upload.example.org", outcome: "ok", identities: [], features: [], serverinfo: false, contacts: emptyContacts(), administrators: [] },
          { jid: "gateway.partner.example", outcome: "ok", identities: [], features: [], serverinfo: false, contacts: emptyContacts(), administrators: [] },
        ],
      }),
    );
    expect(found).toEqual([
      { domain: "other.example", via: "found in example.org's contact addresses" },
      { domain: "support.example", via: "found in example.org's contact addresses" },
      { domain: "third.example", via: "found in example.org's administrators" },
      { domain: "gateway.partner.example", via: "found in example.org's disco#items" },
    ]);
  });

  it("finds nothing in an unreachable domain, and skips IP literals", () => {
    expect(discoveredDomains(report({ outcome: "timeout" }))).toEqual([]);
    expect(discoveredDomains(report({ contacts: { ...emptyContacts(), admin: ["xmpp:a@127.0.0.1"] } }))).toEqual([]);
  });
});

describe("discoveredDomains and disco#items outside the domain", () => {
  it("offers items outside the domain as candidates", () => {
    const found = discoveredDomains(report({}), ["svc.other.example", "muc.example.org"]);
    expect(found).toEqual([{ domain: "svc.other.example", via: "found in example.org's disco#items" }]);
  });

  it("takes no IP address, in any form a URL reads as one, from disco#items, contacts or administrators", () => {
    const contacts = { ...emptyContacts(), admin: ["xmpp:a@127.1", "xmpp:b@[::1]", "xmpp:c@0x7f.1"] };
    const items = ["2130706433", "127.1", "10.1", "0xa9fea9fe", "[::1]", "\uff11\uff12\uff17\uff0e\uff11"];
    expect(discoveredDomains(report({ contacts, administrators: ["root@10.1", "root@[::1]"] }), items)).toEqual([]);
  });
});
