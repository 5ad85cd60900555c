// Our SCRAM-SHA-1 against RFC 5802's own example, and the server-first messages it refuses.
import { describe, expect, it } from "vitest";
import { client, xml } from "@xmpp/client";
import type { Element } from "@xmpp/xml";
import { ScramChallengeError } from "./login-errors.ts";
import { clientFirstBare, preparePassword, scramClientFinal, ScramSha1, useNativeScram, verifyServerFinal } from "./scram.ts";

// RFC 5802 §5: user "user", password "pencil".
const RFC_USER = { username: "user", password: "pencil" };
const RFC_CLIENT_NONCE = "fyko+d2lbbFgONRv9qkxdawL";
const RFC_SERVER_FIRST = "r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,s=QSXCR+Q6sek8bf92,i=4096";
const RFC_SERVER_FINAL = "v=rmF9pqV8S7suAoZWja4dJRkFsKQ=";

/** A mechanism that has sent its proof to a server that knows RFC_USER's password, and that server's final message. */
async function exchange(mechanism = new ScramSha1()) {
  const nonce = (await mechanism.response(RFC_USER)).slice("n,,n=user,r=".length);
  const { serverSignature } = await scramClientFinal(RFC_USER, nonce, `r=${nonce}server,s=QSXCR+Q6sek8bf92,i=4096`);
  await mechanism.challenge(`r=${nonce}server,s=QSXCR+Q6sek8bf92,i=4096`).response(RFC_USER);
  return { mechanism, serverFinal: `v=${serverSignature.toString("base64")}` };
}

describe("SCRAM-SHA-1", () => {
  it("answers RFC 5802's example with its client-final message", async () => {
    expect(clientFirstBare("user", RFC_CLIENT_NONCE)).toBe("n=user,r=fyko+d2lbbFgONRv9qkxdawL");
    const { clientFinal, serverSignature } = await scramClientFinal(RFC_USER, RFC_CLIENT_NONCE, RFC_SERVER_FIRST);
    expect(clientFinal).toBe("c=biws,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=v0X8v3Bz2T0CJGbJQyF0X+HI4Ts=");
    expect(serverSignature.toString("base64")).toBe("rmF9pqV8S7suAoZWja4dJRkFsKQ=");
    expect(() => verifyServerFinal(RFC_SERVER_FINAL, serverSignature)).not.toThrow();
  });

  it("escapes ',' and '=' in names, and names the identity to act as in the GS2 header", async () => {
    expect(clientFirstBare("a,b=c", "n0")).toBe("n=a=2Cb=3Dc,r=n0");
    const { clientFinal: final } = await scramClientFinal({ ...RFC_USER, authzid: "admin@example.org" }, RFC_CLIENT_NONCE, RFC_SERVER_FIRST);
    // base64 of "n,a=admin@example.org,"
    expect(final.startsWith("c=bixhPWFkbWluQGV4YW1wbGUub3JnLA==,r=fyko+d2lbbFgONRv9qkxdawL3rfcNHYJY1ZVvWVs7j,p=")).toBe(true);
  });

  it("sends the client-first message, then the final one, as xmpp.js's SASL drives a mechanism", async () => {
    const mechanism = new ScramSha1();
    const first = await mechanism.response(RFC_USER);
    expect(first).toMatch(/^n,,n=user,r=[0-9a-f]{32}$/);
    const nonce = first.slice("n,,n=user,r=".length);
    const final = await mechanism.challenge(`r=${nonce}server,s=QSXCR+Q6sek8bf92,i=4096`).response(RFC_USER);
    expect(final).toMatch(new RegExp(`^c=biws,r=${nonce}server,p=[A-Za-z0-9+/]{27}=$`));
  });

  it("checks the server's signature, given as SASL2's success data or as one more challenge, and answers the challenge with nothing", async () => {
    const sasl2 = await exchange();
    expect(() => sasl2.mechanism.final(sasl2.serverFinal)).not.toThrow();
    const asChallenge = await exchange();
    expect(await asChallenge.mechanism.challenge(asChallenge.serverFinal).response(RFC_USER)).toBe("");
    // Another server's signature (RFC 5802's, for other nonces), an error, or none: refused.
    for (const [serverFinal, message] of [
      [RFC_SERVER_FINAL, "the server's SCRAM signature is not the one our password gives"],
      ["e=invalid-proof\u202e", "the server refused SCRAM: invalid-proof[U+202E]"],
      ["", "the server's SCRAM signature is not the one our password gives"],
    ] as const) {
      const { mechanism } = await exchange();
      expect(() => mechanism.final(serverFinal)).toThrow(ScramChallengeError);
      const again = await exchange();
      expect(() => again.mechanism.challenge(serverFinal)).toThrow(message);
    }
  });

  it("takes a success as the end only once the server has proved itself: by the success's data, or by a challenge before it", async () => {
    const inSuccess = await exchange();
    expect(() => inSuccess.mechanism.succeeded(inSuccess.serverFinal)).not.toThrow();
    const byChallenge = await exchange();
    await byChallenge.mechanism.challenge(byChallenge.serverFinal).response(RFC_USER);
    expect(() => byChallenge.mechanism.succeeded("")).not.toThrow();
    const unproven = await exchange();
    expect(() => unproven.mechanism.succeeded("")).toThrow("the server ended SCRAM without its signature: it did not prove it knows our account (RFC 5802 §3)");
    const impostor = await exchange();
    expect(() => impostor.mechanism.succeeded(RFC_SERVER_FINAL)).toThrow("the server's SCRAM signature is not the one our password gives");
    const early = new ScramSha1();
    await early.response(RFC_USER);
    expect(() => early.succeeded(RFC_SERVER_FINAL)).toThrow("the server ended SCRAM before our proof");
  });

  describe("a success, as the session reads it before xmpp.js does", () => {
    const NS_SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
    const NS_SASL2 = "urn:xmpp:sasl:2";
    /** An xmpp.js client with our SCRAM in place, what reached xmpp.js's reading, and the errors it emitted. */
    function session() {
      const xmpp = client({ service: "xmpps://127.0.0.1:1", domain: "example.org", username: "user", password: "pencil" });
      useNativeScram(xmpp);
      const factory = (xmpp as unknown as { saslFactory: { create: (names: string[]) => unknown } }).saslFactory;
      const reader = xmpp as unknown as { _onElement(element: Element): void; on(event: string, listener: (value: never) => void): void };
      const reached: Element[] = [];
      const errors: string[] = [];
      reader.on("nonza", (element: Element) => reached.push(element));
      reader.on("error", (error: Error) => errors.push(error.message));
      return { create: (name: string) => factory.create([name]), read: (element: Element) => reader._onElement(element), reached, errors };
    }
    const base64 = (text: string) => Buffer.from(text, "latin1").toString("base64");

    it("SASL: its data must be the signature our password gives", async () => {
      const s = session();
      const { serverFinal } = await exchange(s.create("SCRAM-SHA-1") as ScramSha1);
      s.read(xml("success", { xmlns: NS_SASL }, base64(serverFinal)));
      expect([s.reached.length, s.errors]).toEqual([1, []]);
      const wrong = session();
      await exchange(wrong.create("SCRAM-SHA-1") as ScramSha1);
      wrong.read(xml("success", { xmlns: NS_SASL }, base64(RFC_SERVER_FINAL)));
      expect(wrong.reached).toEqual([]);
      expect(wrong.errors).toEqual(["the server's SCRAM signature is not the one our password gives: it did not prove it knows our account (RFC 5802 §3)"]);
    });

    it("SASL2: its additional data is checked here, and taken out; empty or missing data is no proof", async () => {
      const s = session();
      const { serverFinal } = await exchange(s.create("SCRAM-SHA-1") as ScramSha1);
      s.read(xml("success", { xmlns: NS_SASL2 }, xml("additional-data", {}, base64(serverFinal)), xml("authorization-identifier", {}, "user@example.org")));
      expect(s.errors).toEqual([]);
      expect(s.reached.map((e) => e.getChildElements().map((c) => c.name))).toEqual([["authorization-identifier"]]);
      for (const success of [
        xml("success", { xmlns: NS_SASL2 }, xml("additional-data"), xml("authorization-identifier", {}, "user@example.org")),
        xml("success", { xmlns: NS_SASL2 }, xml("authorization-identifier", {}, "user@example.org")),
      ]) {
        const unproven = session();
        await exchange(unproven.create("SCRAM-SHA-1") as ScramSha1);
        unproven.read(success);
        expect(unproven.reached).toEqual([]);
        expect(unproven.errors).toEqual(["the server ended SCRAM without its signature: it did not prove it knows our account (RFC 5802 §3)"]);
      }
    });

    it("a PLAIN login after a SCRAM attempt that failed is not held to SCRAM's proof", async () => {
      const s = session();
      await exchange(s.create("SCRAM-SHA-1") as ScramSha1);
      s.create("PLAIN");
      s.read(xml("success", { xmlns: NS_SASL }));
      expect([s.reached.length, s.errors]).toEqual([1, []]);
    });
  });

  it("is the SCRAM-SHA-1 that xmpp.js's client creates once the session puts it in place", () => {
    const xmpp = client({ service: "xmpps://127.0.0.1:1", domain: "example.org", username: "user", password: "pencil" });
    const factory = (xmpp as unknown as { saslFactory: { create: (names: string[]) => unknown } }).saslFactory;
    expect(factory.create(["SCRAM-SHA-1"])).not.toBeInstanceOf(ScramSha1);
    useNativeScram(xmpp);
    expect(factory.create(["SCRAM-SHA-1"])).toBeInstanceOf(ScramSha1);
  });

  it.each([
    ["a nonce that is not ours", "r=someoneelse,s=QSXCR+Q6sek8bf92,i=4096", "the server's SCRAM nonce does not extend ours (RFC 5802 §5.1)"],
    ["our nonce unextended", `r=${RFC_CLIENT_NONCE},s=QSXCR+Q6sek8bf92,i=4096`, "the server's SCRAM nonce does not extend ours (RFC 5802 §5.1)"],
    ["no salt", `r=${RFC_CLIENT_NONCE}x,i=4096`, "the server's SCRAM challenge has no salt"],
    [
      "too many iterations",
      `r=${RFC_CLIENT_NONCE}x,s=QSXCR+Q6sek8bf92,i=1000001`,
      "the server's SCRAM iteration count is not a whole number from 1 to 1000000: 1000001",
    ],
    ["no iteration count", `r=${RFC_CLIENT_NONCE}x,s=QSXCR+Q6sek8bf92`, "the server's SCRAM iteration count is not a whole number from 1 to 1000000: none"],
    ["a count of 0", `r=${RFC_CLIENT_NONCE}x,s=QSXCR+Q6sek8bf92,i=0`, "the server's SCRAM iteration count is not a whole number from 1 to 1000000: 0"],
    ["an extension", `m=x,r=${RFC_CLIENT_NONCE}x,s=QSXCR+Q6sek8bf92,i=4096`, "the server asked for a SCRAM extension (m=), which we do not know"],
    ["an error", "e=other-error", "the server refused SCRAM: other-error"],
  ])("refuses %s", async (_what, serverFirst, message) => {
    const answer = scramClientFinal(RFC_USER, RFC_CLIENT_NONCE, serverFirst);
    await expect(answer).rejects.toThrow(ScramChallengeError);
    await expect(answer).rejects.toThrow(message);
  });
});

describe("the password as SCRAM derives its keys from it (SASLprep, RFC 4013)", () => {
  // RFC 4013 §3's examples, and a non-ASCII space (table C.1.2, mapped to a space).
  it.each([
    ["I\u00adX", "IX"],
    ["user", "user"],
    ["USER", "USER"],
    ["\u00aa", "a"],
    ["\u2168", "IX"],
    ["pass\u00a0word", "pass word"],
    ["\u2168-observatory-test\u00ad-password", "IX-observatory-test-password"],
  ])("prepares %j as %j", async (password, prepared) => {
    expect(await preparePassword(password)).toBe(prepared);
  });

  it.each([
    [
      "a prohibited character",
      "\u0007",
      "our password cannot be prepared for SCRAM (SASLprep, RFC 4013): it holds a character SASLprep prohibits (RFC 4013 §2.3)",
    ],
    [
      "R/AL text not at both ends",
      "\u0627\u0031",
      "our password cannot be prepared for SCRAM (SASLprep, RFC 4013): its right-to-left text breaks SASLprep's bidirectional rule (RFC 3454 §6)",
    ],
    ["nothing once mapped", "\u00ad", "our password is empty once prepared for SCRAM (SASLprep, RFC 4013)"],
    ["nothing", "", "our password is empty once prepared for SCRAM (SASLprep, RFC 4013)"],
  ])("refuses %s, before the mechanism's first message", async (_what, password, message) => {
    const answer = preparePassword(password);
    await expect(answer).rejects.toThrow(ScramChallengeError);
    await expect(answer).rejects.toThrow(message);
    // xmpp.js sends <auth> with the first response: it never comes.
    await expect(new ScramSha1().response({ username: "user", password })).rejects.toThrow(message);
  });
});
