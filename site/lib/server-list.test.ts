import { describe, expect, it } from "vitest";
import { emptyContacts, type DomainState } from "../../crawler/contract.ts";
import { reportWith } from "../../test/helpers/fixtures.ts";
import { LIST_PAGE_ROWS, LIST_PART_ROWS, SOFTWARE_CHOICES, listPagePath, listPart, listPartPath, pageRows, pieces, serverList } from "./server-list.ts";
import { summarize } from "./summary.ts";

const stateOf = (domain: string, software?: string): DomainState => ({
  domain,
  source: "seed",
  addedAt: "2026-12-01T00:00:00.000Z",
  report: reportWith({
    domain,
    ...(software && { software: { name: software, version: "1.0" } }),
    contacts: { ...emptyContacts(), abuse: ["mailto:abuse@x.example"], support: [" "], security: ["https://x.example/"] },
    administrators: ["admin@x.example", ""],
  }),
  verdict: {
    level: "errors",
    authbotReady: false,
    publishesAdministrators: true,
    hasAbuseContact: true,
    abuseContactWorks: false,
    everyContactWorks: false,
    counts: { error: 3, warning: 2, info: 1 },
  },
  crawlId: 1,
  dormant: false,
});

describe("the server list", () => {
  it("offers as software choices only the 40 names most domains run, however many names servers make up", () => {
    // 45 names: name-0 run by 1 domain, name-1 by 2, … name-44 by 45.
    const summaries = Array.from({ length: 45 }, (_, n) =>
      Array.from({ length: n + 1 }, (_, i) => summarize(stateOf(`d${n}-${i}.example`, `name-${n}`))),
    ).flat();
    const { software } = serverList(summaries);
    expect(SOFTWARE_CHOICES).toBe(40);
    expect(software).toHaveLength(40);
    expect(software).not.toContain("name-4");
    expect(software).toContain("name-5");
    expect(software).toContain("name-44");
  });

  it("lists every domain in reading order, an IDN among its neighbours, with what its row shows", () => {
    const list = serverList(
      ["c.example", "bücher.example", "a.example", "b.example"].map((d) => summarize(stateOf(d, d === "a.example" ? "Prosody" : "ejabberd"))),
    );
    expect(list.rows.map((r) => r.domain)).toEqual(["a.example", "b.example", "bücher.example", "c.example"]);
    // In reading order, as the list's sort by software ranks them: not by code unit, where "P" comes before "e".
    expect(list.software).toEqual(["ejabberd", "Prosody"]);
    expect(list.rows[2]).toEqual({
      domain: "bücher.example",
      path: "/servers/xn--bcher-kva.example/",
      level: "errors",
      software: "ejabberd",
      version: "1.0",
      // A blank address is no contact, and a blank administrator no administrator.
      categories: ["abuse", "security"],
      administrators: 1,
      flags: "mb",
      errors: 3,
      warnings: 2,
      infos: 1,
    });
  });

  it("puts the same row in a data part, compactly: categories as bits of the part's categories", () => {
    const { rows } = serverList([summarize(stateOf("bücher.example", "ejabberd"))]);
    expect(listPart(rows, 1)).toEqual({
      categories: ["abuse", "admin", "feedback", "sales", "security", "status", "support"],
      rows: [["bücher.example", "/servers/xn--bcher-kva.example/", "errors", "ejabberd", "1.0", 0b10001, 1, "mb", 3, 2, 1]],
    });
  });

  it("cuts the list into pages and parts, the first page being the list itself", () => {
    expect([pieces(0, LIST_PAGE_ROWS), pieces(1, LIST_PAGE_ROWS), pieces(LIST_PAGE_ROWS, LIST_PAGE_ROWS), pieces(LIST_PAGE_ROWS + 1, LIST_PAGE_ROWS)]).toEqual([
      1, 1, 1, 2,
    ]);
    expect(pieces(100_000, LIST_PART_ROWS)).toBe(10);
    expect([listPagePath(1), listPagePath(2), listPartPath(1)]).toEqual(["/servers/", "/servers/page/2/", "/servers/rows/1.json"]);
    const { rows } = serverList(Array.from({ length: LIST_PAGE_ROWS + 5 }, (_, i) => summarize(stateOf(`d${String(i).padStart(5, "0")}.example`))));
    expect(pageRows(rows, 2).map((r) => r.domain)).toEqual(["d01000.example", "d01001.example", "d01002.example", "d01003.example", "d01004.example"]);
    expect(listPart(rows, 1).rows).toHaveLength(LIST_PAGE_ROWS + 5);
  });
});
