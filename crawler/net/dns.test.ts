import { describe, expect, it } from "vitest";
import { canonicalOrder } from "./dns.ts";

describe("canonicalOrder", () => {
  it("gives SRV records of equal priority and weight, in whatever order the resolver rotated them, one order: best first, then by their text", () => {
    const a = { name: "a.example", port: 5269, priority: 10, weight: 5 };
    const b = { name: "b.example", port: 5269, priority: 10, weight: 5 };
    const heavy = { name: "c.example", port: 5269, priority: 10, weight: 50 };
    const backup = { name: "d.example", port: 5269, priority: 20, weight: 0 };
    const expected = [heavy, a, b, backup];
    expect(canonicalOrder([b, backup, a, heavy])).toEqual(expected);
    expect(canonicalOrder([backup, a, heavy, b])).toEqual(expected);
  });

  it("orders addresses by their text, so that a cut keeps the same ones whatever the rotation", () => {
    expect(canonicalOrder(["192.0.2.9", "192.0.2.10", "192.0.2.1"])).toEqual(["192.0.2.1", "192.0.2.10", "192.0.2.9"]);
    expect(canonicalOrder(["192.0.2.10", "192.0.2.1", "192.0.2.9"]).slice(0, 2)).toEqual(["192.0.2.1", "192.0.2.10"]);
  });

  it("puts MX records best first", () => {
    expect(
      canonicalOrder([
        { exchange: "b.example", priority: 20 },
        { exchange: "a.example", priority: 10 },
      ]),
    ).toEqual([
      { exchange: "a.example", priority: 10 },
      { exchange: "b.example", priority: 20 },
    ]);
  });
});
