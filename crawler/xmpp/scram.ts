// SCRAM-SHA-1 (RFC 5802), the password mechanism every session of the observatory logs in with,
// in place of xmpp.js's (the sasl-scram-sha-1 package). Both send the same messages; theirs derives
// the salted password with one WebCrypto key import and HMAC per iteration, each a job on the
// thread pool: at Prosody's 10,000 iterations that was about 0.4 s of the main thread's CPU at every
// login, and more of the pool's, most of `observatory check`'s own CPU (issue 34's profile). Hi() is
// PBKDF2-HMAC-SHA-1 with one 20-byte block, which Node derives natively in a few milliseconds.
import { createHash, createHmac, pbkdf2, randomBytes, timingSafeEqual } from "node:crypto";
import { promisify } from "node:util";
import type { XmppClient } from "@xmpp/client";
import type { Element } from "@xmpp/xml";
import { showInvisible } from "../model/invisible.ts";
import { mapsToNothing } from "../model/stringprep.ts";
import { MAX_SCRAM_ITERATIONS } from "../politeness.ts";
import { ScramChallengeError } from "./login-errors.ts";
import { closeWithoutAWord, type ElementReader } from "./secure-login.ts";

const NS_SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
const NS_SASL2 = "urn:xmpp:sasl:2";

const derive = promisify(pbkdf2);

export interface ScramCredentials {
  username: string;
  password: string;
  authzid?: string | undefined;
}

/** A name in a SCRAM message: ',' and '=' escaped (RFC 5802 §5.1). */
const saslName = (name: string) => name.replaceAll("=", "=3D").replaceAll(",", "=2C");

/** The GS2 header: no channel binding, and the identity to act as when one is given. */
const gs2Header = (authzid: string | undefined) => `n,${authzid ? `a=${saslName(authzid)}` : ""},`;

/** The client-first message without its GS2 header. */
export const clientFirstBare = (username: string, clientNonce: string) => `n=${saslName(username)},r=${clientNonce}`;

/** The attributes of a server message (`a=value`, comma-separated; a value may itself hold '='). */
function attributes(message: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const part of message.split(",")) {
    const at = part.indexOf("=");
    if (at > 0 && !found.has(part.slice(0, at))) found.set(part.slice(0, at), part.slice(at + 1));
  }
  return found;
}

/** What a server's error attribute says, as text one can print: bounded, its invisible characters shown. */
const serverSaid = (error: string) => showInvisible(error.slice(0, 200));

/** Our client-final message, and the ServerSignature the server must prove itself with (RFC 5802 §3). */
export interface ScramFinal {
  clientFinal: string;
  serverSignature: Buffer;
}

/**
 * The client-final message answering `serverFirst` (RFC 5802 §3). Messages are byte strings, one
 * character a byte, as xmpp.js's base64 gives and takes them. Refuses a server nonce that does
 * not extend ours, a missing salt, and an iteration count that is not a whole number from 1 to
 * MAX_SCRAM_ITERATIONS, before any work is spent on it.
 */
export async function scramClientFinal(credentials: ScramCredentials, clientNonce: string, serverFirst: string): Promise<ScramFinal> {
  const server = attributes(serverFirst);
  if (server.has("e")) throw new ScramChallengeError(`the server refused SCRAM: ${serverSaid(server.get("e")!)}`);
  if (server.has("m")) throw new ScramChallengeError("the server asked for a SCRAM extension (m=), which we do not know");
  const nonce = server.get("r") ?? "";
  if (!nonce.startsWith(clientNonce) || nonce.length === clientNonce.length)
    throw new ScramChallengeError("the server's SCRAM nonce does not extend ours (RFC 5802 §5.1)");
  const salt = Buffer.from(server.get("s") ?? "", "base64");
  if (salt.length === 0) throw new ScramChallengeError("the server's SCRAM challenge has no salt");
  const iterations = /^[1-9][0-9]{0,9}$/.test(server.get("i") ?? "") ? Number(server.get("i")) : NaN;
  if (!(iterations <= MAX_SCRAM_ITERATIONS))
    throw new ScramChallengeError(
      `the server's SCRAM iteration count is not a whole number from 1 to ${MAX_SCRAM_ITERATIONS}: ${showInvisible((server.get("i") ?? "none").slice(0, 20))}`,
    );

  const withoutProof = `c=${Buffer.from(gs2Header(credentials.authzid), "latin1").toString("base64")},r=${nonce}`;
  const authMessage = Buffer.from(`${clientFirstBare(credentials.username, clientNonce)},${serverFirst},${withoutProof}`, "latin1");
  const saltedPassword = await derive(credentials.password, salt, iterations, 20, "sha1");
  const clientKey = createHmac("sha1", saltedPassword).update("Client Key").digest();
  const storedKey = createHash("sha1").update(clientKey).digest();
  const clientSignature = createHmac("sha1", storedKey).update(authMessage).digest();
  const proof = clientKey.map((byte, i) => byte ^ clientSignature[i]!);
  const serverKey = createHmac("sha1", saltedPassword).update("Server Key").digest();
  return {
    clientFinal: `${withoutProof},p=${Buffer.from(proof).toString("base64")}`,
    serverSignature: createHmac("sha1", serverKey).update(authMessage).digest(),
  };
}

/**
 * Checks the server-final message (RFC 5802 §3: "v=" and the ServerSignature, or "e=" and an
 * error): a server that cannot prove it knows our password's keys is not the one we registered with.
 */
export function verifyServerFinal(serverFinal: string, expected: Buffer): void {
  const server = attributes(serverFinal);
  if (server.has("e")) throw new ScramChallengeError(`the server refused SCRAM: ${serverSaid(server.get("e")!)}`);
  const signature = Buffer.from(server.get("v") ?? "", "base64");
  if (signature.length !== expected.length || !timingSafeEqual(signature, expected))
    throw new ScramChallengeError("the server's SCRAM signature is not the one our password gives: it did not prove it knows our account (RFC 5802 §3)");
}

/** Printable ASCII, which SASLprep leaves as it is: nearly every password, prepared without loading its tables. */
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/** Why SASLprep refused a password, in our words, by the start of @mongodb-js/saslprep's message (which never quotes the input). */
const SASLPREP_REFUSALS: ReadonlyArray<[RegExp, string]> = [
  [/^Prohibited character/, "it holds a character SASLprep prohibits (RFC 4013 §2.3)"],
  [/RandALCat/, "its right-to-left text breaks SASLprep's bidirectional rule (RFC 3454 §6)"],
];

/**
 * The password as SCRAM derives its keys from it: SASLprep (RFC 4013; RFC 5802 §2.2, "Normalize"),
 * as the servers prepare it when they store an account's keys. Prosody applies SASLprep; ejabberd
 * applies resourceprep, which maps to nothing and normalises as SASLprep does (homes.test logs in on
 * both with such a password) but refuses the non-ASCII spaces SASLprep maps to a space, so no
 * ejabberd account has one. Unassigned code points are allowed, as in a query (RFC 3454 §7): the
 * server, which stored the password, has refused them already if it would. A password that SASLprep
 * refuses, or leaves empty, no server can have stored: the mechanism refuses it before its first message.
 */
export async function preparePassword(password: string): Promise<string> {
  if (PRINTABLE_ASCII.test(password) && password !== "") return password;
  // Decided here: the library reads the first character of what it mapped, and fails on an empty one.
  if (mapsToNothing(password)) throw new ScramChallengeError("our password is empty once prepared for SCRAM (SASLprep, RFC 4013)");
  const { default: saslprep } = await import("@mongodb-js/saslprep");
  try {
    return saslprep(password, { allowUnassigned: true });
  } catch (error) {
    const why = SASLPREP_REFUSALS.find(([pattern]) => pattern.test((error as Error).message))?.[1] ?? "SASLprep could not prepare it";
    throw new ScramChallengeError(`our password cannot be prepared for SCRAM (SASLprep, RFC 4013): ${why}`);
  }
}

/** A UTF-8 text as a byte string (xmpp.js base64-encodes each character as a byte). */
const byteString = (text: string) => Buffer.from(text, "utf8").toString("latin1");

/**
 * The mechanism as xmpp.js's SASL and SASL2 drive it (the saslmechanisms interface): response,
 * challenge, response, then the server-final message. SASL2 hands that to final() (its success's
 * additional data); a server may also send it as one more challenge, answered with an empty
 * response. xmpp.js's SASL (RFC 6120) drops the data of its success element, so useNativeScram
 * hands that to succeeded(): a server that never proves it knows our account is refused however it ends.
 */
export class ScramSha1 {
  readonly name = "SCRAM-SHA-1";
  readonly clientFirst = true;
  private readonly clientNonce = randomBytes(16).toString("hex");
  private serverFirst: string | undefined;
  private serverSignature: Buffer | undefined;
  private verified = false;
  /** The password as SCRAM uses it, prepared before the first message: one that cannot be prepared sends nothing. */
  private password: string | undefined;

  async response(credentials: ScramCredentials): Promise<string> {
    const utf8 = { ...credentials, username: byteString(credentials.username), authzid: credentials.authzid && byteString(credentials.authzid) };
    // The password stays text: PBKDF2 takes it as UTF-8.
    this.password ??= await preparePassword(credentials.password);
    if (this.serverFirst === undefined) return `${gs2Header(utf8.authzid)}${clientFirstBare(utf8.username, this.clientNonce)}`;
    if (this.serverSignature === undefined) {
      const { clientFinal, serverSignature } = await scramClientFinal({ ...utf8, password: this.password }, this.clientNonce, this.serverFirst);
      this.serverSignature = serverSignature;
      return clientFinal;
    }
    if (!this.verified) throw new ScramChallengeError("the server asked for another SCRAM response before proving itself");
    return "";
  }

  challenge(message: string): this {
    if (this.serverFirst === undefined) this.serverFirst = message;
    else this.final(message);
    return this;
  }

  /** The server-final message: its signature must be the one our password gives. */
  final(serverFinal: string): void {
    if (this.serverSignature === undefined) throw new ScramChallengeError("the server ended SCRAM before our proof");
    if (this.verified) throw new ScramChallengeError("the server sent its SCRAM signature twice");
    verifyServerFinal(serverFinal, this.serverSignature);
    this.verified = true;
  }

  /**
   * The server let us in, with the data its success element carried (RFC 6120 §6.3.10): the
   * server-final message, unless one more challenge brought it. The client must check the server's
   * signature before it takes the exchange as successful (RFC 5802 §3), so a success that never proved it is refused.
   */
  succeeded(additionalData: string): void {
    if (this.verified) return;
    if (additionalData === "")
      throw new ScramChallengeError("the server ended SCRAM without its signature: it did not prove it knows our account (RFC 5802 §3)");
    this.final(additionalData);
  }
}

/** xmpp.js's registry of SASL mechanisms (saslmechanisms' Factory, node_modules/saslmechanisms/lib/factory.js). */
interface MechanismRegistry {
  _mechs: Array<{ name: string; mech: new () => unknown }>;
  create(names: string[]): unknown;
}

/** The server-final message a success element carries: SASL's text, SASL2's additional data; "" for none. */
function successData(success: Element): string {
  const data = success.getNS() === NS_SASL ? success.getText() : (success.getChild("additional-data")?.getText() ?? "");
  return Buffer.from(data, "base64").toString("latin1");
}

/**
 * The session logs in with our SCRAM-SHA-1, in the place xmpp.js's had among the mechanisms (their
 * order is the preference), and a success ends the login only once the server has proved itself:
 * each success element is read here before xmpp.js reads it, and its data handed to the mechanism
 * (xmpp.js's SASL drops it; its SASL2 would check it only when not empty, so SASL2's is taken out
 * once checked). A success that fails closes the socket, reads nothing more, and the login ends
 * with the ScramChallengeError.
 */
export function useNativeScram(xmpp: XmppClient): void {
  const registry = (xmpp as unknown as { saslFactory?: MechanismRegistry }).saslFactory;
  const entry = registry?._mechs.find((m) => m.name === "SCRAM-SHA-1");
  if (!registry || !entry) throw new Error("xmpp.js registers no SCRAM-SHA-1 mechanism: the session cannot log in with it");
  entry.mech = ScramSha1;
  // The mechanism of the login under way (xmpp.js makes one for each, SASL and SASL2 alike), when it is ours: not a PLAIN one after it.
  let current: ScramSha1 | undefined;
  const create = registry.create;
  registry.create = function (this: MechanismRegistry, names: string[]) {
    const mechanism = create.call(this, names);
    current = mechanism instanceof ScramSha1 ? mechanism : undefined;
    return mechanism;
  };
  const connection = xmpp as unknown as ElementReader;
  const readElement = connection._onElement;
  connection._onElement = function (this: ElementReader, element: Element) {
    const mechanism = current;
    if (mechanism && (element.is("success", NS_SASL) || element.is("success", NS_SASL2))) {
      current = undefined;
      try {
        mechanism.succeeded(successData(element));
      } catch (error) {
        closeWithoutAWord(this);
        this.emit("error", error);
        return;
      }
      if (element.getNS() === NS_SASL2) element.children = element.children.filter((child) => typeof child === "string" || !child.is("additional-data"));
    }
    readElement.call(this, element);
  };
}
