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

/** A lookup that resolves with `resolve` and refuses the name unless `permitted` accepts every address. */
export function guardedLookup(resolve: (host: string) => Promise<string[]>, permitted: (address: string) => boolean): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname).then(
      (addresses) => {
        if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no address (A or AAAA)`), { code: "ENOTFOUND" }), "", 0);
        const forbidden = addresses.find((a) => !permitted(a));
        if (forbidden !== undefined) return callback(new ForbiddenAddressError(hostname, forbidden), "", 0);
        const all: LookupAddress[] = addresses.map((address) => ({ address, family: isIP(address) }));
        if (options.all) return (callback as unknown as (e: null, all: LookupAddress[]) => void)(null, all);
        callback(null, all[0]!.address, all[0]!.family);
      },
      (error: Error) => callback(error, "", 0),
    );
  };
}
