import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseDomainList } from "../model/domain.ts";
import { Store } from "../store/store.ts";
import { applyDomainFiles } from "./lists.ts";

const SHIPPED_SEEDS = new URL("../../data/domains.txt", import.meta.url);

describe("applyDomainFiles", () => {
  it("records each seed with its named source, and opted-out domains are never seeded", () => {
    const dir = mkdtempSync(join(tmpdir(), "lists-"));
    const seeds = join(dir, "domains.txt");
    const optout = join(dir, "optout.txt");
    writeFileSync(seeds, "plain.example\n# source: List One\none.example\ngone.example\nnot a domain\n");
    writeFileSync(optout, "gone.example\n");
    const store = Store.open(":memory:");
    const applied = applyDomainFiles(store, { seeds, optout });
    expect(applied).toMatchObject({ optedOut: 1, seeded: 2, errors: [{ file: seeds, line: 5 }] });
    expect(store.domains.list().map((d) => [d.domain, d.optout_at ? "opted out" : d.source])).toEqual([
      ["gone.example", "opted out"],
      ["one.example", "seed list: List One"],
      ["plain.example", "seed list"],
    ]);
    expect(store.domains.crawlable()).toEqual(["one.example", "plain.example"]);
    store.close();
  });
});

describe("the shipped seed list, data/domains.txt", () => {
  const list = parseDomainList(readFileSync(SHIPPED_SEEDS, "utf8"));

  it("parses without a bad line and holds a few hundred domains", () => {
    expect(list.errors).toEqual([]);
    expect(list.domains.length).toBeGreaterThanOrEqual(250);
  });

  it("names the source of every domain", () => {
    expect(list.domains.filter((d) => !list.sourceOf.has(d))).toEqual([]);
    expect(new Set(list.sourceOf.values()).size).toBeGreaterThanOrEqual(5);
  });

  it("holds only public DNS names: no .onion, test or local names", () => {
    expect(list.domains.filter((d) => /\.(onion|test|example|invalid|localhost|local)$/.test(d))).toEqual([]);
  });
});
