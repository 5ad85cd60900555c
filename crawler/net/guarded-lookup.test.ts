import { describe, expect, it } from "vitest";
import { isPublicAddress } from "../model/address.ts";
import { ForbiddenAddressError, guardedLookup } from "./guarded-lookup.ts";

const lookup = (addresses: string[], all: boolean) =>
  new Promise<{ error: Error | null; result: unknown }>((resolve) => {
    const fn = guardedLookup(async () => addresses, isPublicAddress);
    fn("example.org", { all }, (error: Error | null, address: unknown, family?: number) => resolve({ error, result: all ? address : [address, family] }));
  });

describe("guardedLookup", () => {
  it("passes public addresses through, in both lookup forms", async () => {
    expect(await lookup(["8.8.8.1", "2a01:4f8::1"], true)).toEqual({
      error: null,
      result: [
        { address: "8.8.8.1", family: 4 },
        { address: "2a01:4f8::1", family: 6 },
      ],
    });
    expect(await lookup(["8.8.8.1"], false)).toEqual({ error: null, result: ["8.8.8.1", 4] });
  });

  it("refuses the name when any address it resolves to is not permitted, and when it has none", async () => {
    const { error } = await lookup(["8.8.8.1", "127.0.0.1"], true);
    expect(error).toBeInstanceOf(ForbiddenAddressError);
    expect(error!.message).toBe("example.org resolves to 127.0.0.1, a private, loopback, link-local or multicast address");
    expect((await lookup([], false)).error).toMatchObject({ code: "ENOTFOUND" });
  });
});
