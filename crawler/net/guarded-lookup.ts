// The one check of where the observatory may connect, made as each connection is made: a lookup
// function for node:net / undici that resolves a name and fails when any address it resolves to is
// not permitted. Checking the resolved addresses, not the name, is what keeps DNS rebinding out.
import type { LookupAddress } from "node:dns";
import { isIP, type LookupFunction } from "node:net";

export class ForbiddenAddressError extends Error {
  override name = "ForbiddenAddressError";
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(`${host} resolves to ${address}, a private, loopback, link-local or multicast address`);
  }
}

/**
 * Resolves a name with `resolve`, and fails unless `permitted` accepts every address: with an
 * ENOTFOUND error when there is none, a ForbiddenAddressError when one is refused.
 */
export function guardedAddresses(resolve: (host: string) => Promise<string[]>, permitted: (address: string) => boolean): (host: string) => Promise<string[]> {
  return async (hostname) => {
    const addresses = await resolve(hostname);
    if (addresses.length === 0) throw Object.assign(new Error(`${hostname} has no address (A or AAAA)`), { code: "ENOTFOUND" });
    const forbidden = addresses.find((a) => !permitted(a));
    if (forbidden !== undefined) throw new ForbiddenAddressError(hostname, forbidden);
    return addresses;
  };
}

/** A lookup that resolves with `resolve` and refuses the name unless `permitted` accepts every address. */
export function guardedLookup(resolve: (host: string) => Promise<string[]>, permitted: (address: string) => boolean): LookupFunction {
  const guarded = guardedAddresses(resolve, permitted);
  return (hostname, options, callback) => {
    guarded(hostname).then(
      (addresses) => {
        const all: LookupAddress[] = addresses.map((address) => ({ address, family: isIP(address) }));
        if (options.all) return (callback as unknown as (e: null, all: LookupAddress[]) => void)(null, all);
        callback(null, all[0]!.address, all[0]!.family);
      },
      (error: Error) => callback(error, "", 0),
    );
  };
}
