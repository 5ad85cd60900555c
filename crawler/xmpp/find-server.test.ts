import { describe, expect, it } from "vitest";
import { orderSrvTargets } from "./find-server.ts";

describe("orderSrvTargets", () => {
  it("orders by priority, then the heaviest first, and keeps at most four", () => {
    const records = [
      { name: "c.example", port: 5222, priority: 20, weight: 0 },
      { name: "a.example", port: 5222, priority: 10, weight: 5 },
      { name: "b.example", port: 5223, priority: 10, weight: 50 },
      { name: "d.example", port: 5222, priority: 30, weight: 0 },
      { name: "e.example", port: 5222, priority: 40, weight: 0 },
    ];
    expect(orderSrvTargets(records).map((r) => r.name)).toEqual(["b.example", "a.example", "c.example", "d.example"]);
  });

  it("reads a lone '.' target as 'no service here' (RFC 2782)", () => {
    expect(orderSrvTargets([{ name: ".", port: 0, priority: 0, weight: 0 }])).toEqual([]);
  });
});
