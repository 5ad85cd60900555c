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

describe("isPublicAddress for IPv6: global unicast (2000::/3) only, less its special ranges", () => {
  it("accepts global unicast addresses", () => {
    for (const a of ["2a01:4f8::1", "2600::1", "2001:4860:4860::8888", "2001:500::1", "2c0f:fb50::1"]) expect(isPublicAddress(a), a).toBe(true);
  });

  it("refuses everything outside 2000::/3, which ipaddr.js calls unicast when no special range names it", () => {
    for (const a of [
      "::7f00:1", // IPv4-compatible (::/96, deprecated): ::127.0.0.1
      "::a00:1", // ::10.0.0.1
      "::127.0.0.1",
      "::8.8.8.8",
      "::ffff:127.0.0.1", // IPv4-mapped
      "::ffff:8.8.8.8",
      "::ffff:0:7f00:1", // IPv4-translated (RFC 6145)
      "64:ff9b::7f00:1", // NAT64 (RFC 6052)
      "64:ff9b:1::a00:1",
      "100::1", // discard
      "4000::1", // unassigned
      "5f00::1", // segment routing
      "fc00::1", // unique local
      "fd12:3456::1",
      "fe80::1", // link-local
      "fe80::1%eth0",
      "fec0::1", // site-local
      "ff02::1", // multicast
    ])
      expect(isPublicAddress(a), a).toBe(false);
  });

  it("refuses the special ranges inside 2000::/3", () => {
    for (const a of [
      "2001:db8::1", // documentation
      "3fff::1", // documentation (RFC 9637)
      "2001::1", // Teredo: embeds an IPv4 address
      "2002:7f00:1::1", // 6to4: 127.0.0.1
      "2001:2::1", // benchmarking
      "2001:10::1", // ORCHID
      "2001:20::1", // ORCHIDv2
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
