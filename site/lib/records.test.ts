import { describe, expect, it } from "vitest";
import { cutToBytes, rawRecords } from "./records.ts";

describe("rawRecords", () => {
  it("indents XML answers, keeps DNS and HTTP records as text, and keys each by kind and subject", () => {
    const records = rawRecords([
      { jid: "good.test", kind: "disco-info", xml: `<iq type="result"><query xmlns="q"/></iq>`, cut: [] },
      { jid: "good.test", kind: "dns", xml: "good.test. IN MX 10 mail.good.test.", cut: [] },
      { jid: "dead.test", kind: "disco-info", xml: null, cut: [] },
    ]);
    expect(records).toEqual([
      { key: "disco-info:good.test", kind: "disco-info", subject: "good.test", text: `<iq type="result">\n  <query xmlns="q"/>\n</iq>`, cut: [] },
      { key: "dns:good.test", kind: "dns", subject: "good.test", text: "good.test. IN MX 10 mail.good.test.", cut: [] },
      { key: "disco-info:dead.test", kind: "disco-info", subject: "dead.test", cut: [] },
    ]);
  });

  it("caps each record and all of them together, saying so, and keeps each key once", () => {
    const big = "x".repeat(100);
    const records = rawRecords(
      [
        { jid: "a", kind: "http", xml: big, cut: ["read up to the bound"] },
        { jid: "b", kind: "http", xml: big, cut: [] },
        { jid: "b", kind: "http", xml: big, cut: [] },
        { jid: "c", kind: "http", xml: big, cut: [] },
      ],
      { perRecord: 60, perPage: 100 },
    );
    expect(records.map((r) => r.text?.length)).toEqual([60, 40, 0]);
    expect(records[0]!.cut).toEqual(["read up to the bound", "shown up to 60 bytes of 100"]);
    expect(records[1]!.cut[0]).toMatch(/shown up to 40 bytes of 100: the page shows at most 100/);
  });

  it("counts UTF-8 bytes, what a page weighs, and never splits a character", () => {
    expect(cutToBytes("€€€€", 7)).toBe("€€");
    expect(cutToBytes("a😀b", 4)).toBe("a");
    expect(cutToBytes("a😀b", 5)).toBe("a😀");
    const [record] = rawRecords([{ jid: "huge.test", kind: "http", xml: "€".repeat(100), cut: [] }], { perRecord: 31, perPage: 100 });
    expect(record!.text).toBe("€".repeat(10));
    expect(record!.cut).toEqual(["shown up to 31 bytes of 300"]);
  });
});
