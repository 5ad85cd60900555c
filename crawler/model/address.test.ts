import { describe, expect, it } from "vitest";
import { isPermittedAddress, isPublicAddress } from "./address.ts";

describe("isPublicAddress", () => {
  it("accepts public unicast addresses", () => {
    for (const a of ["8.8.8.8", "2a01:4f8::1", "185.1.2.3"]) expect(isPublicAddress(a), a).toBe(true);
  });

  it("refuses private, loopback, link-local, unique-local, shared, multicast, unspecified, documentation and mapped ones", () => {
    for (const a of [
      "127.0.0.1",
      "10.1.2.3",
      "172.16.0.1",
      "192.168.1.1",
      "169.254.169.254",
      "100.64.0.1",
      "224.0.0.1",
      "0.0.0.0",
      "::1",
      "::",
      "fe80::1",
      "fd00::1",
      "2001:db8::1",
      "::ffff:127.0.0.1",
      "::ffff:10.0.0.1",
      "not an address",
    ])
      expect(isPublicAddress(a), a).toBe(false);
  });
});

describe("isPermittedAddress", () => {
  it("permits public addresses, and private ones only inside the allowed network", () => {
    expect(isPermittedAddress("8.8.8.8", undefined)).toBe(true);
    expect(isPermittedAddress("127.0.0.11", undefined)).toBe(false);
    expect(isPermittedAddress("127.0.0.11", ["127.0.0.0", 8])).toBe(true);
    expect(isPermittedAddress("::ffff:127.0.0.11", ["127.0.0.0", 8])).toBe(true);
    expect(isPermittedAddress("10.0.0.1", ["127.0.0.0", 8])).toBe(false);
    expect(isPermittedAddress("::1", ["127.0.0.0", 8])).toBe(false);
    expect(isPermittedAddress("169.254.169.254", ["127.0.0.0", 8])).toBe(false);
    expect(isPermittedAddress("::1", ["::1", 128])).toBe(true);
  });
});
