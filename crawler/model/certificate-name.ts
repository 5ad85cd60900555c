// Whether a server's certificate names the host we meant to reach: Node's own judgement
// (tls.checkServerIdentity), with a quicker answer for the plainest refusal. Pure.
import { isIP } from "node:net";
import { checkServerIdentity, type PeerCertificate } from "node:tls";

/**
 * A certificate that names other hosts only: the error Node's check gives, with Node's code and
 * wording, and no stack. It says something of the server, not of our code, where its stack would
 * point; and Node formats the stack of every error a socket is destroyed with (checkError in
 * internal/streams/destroy.js reads err.stack), which costs more than the rest of this refusal.
 */
export class CertificateNameError extends Error {
  readonly code = "ERR_TLS_CERT_ALTNAME_INVALID";
  private constructor(
    readonly host: string,
    readonly reason: string,
  ) {
    super(`Hostname/IP does not match certificate's altnames: ${reason}`);
  }

  static of(host: string, reason: string): CertificateNameError {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      return new CertificateNameError(host, reason);
    } finally {
      Error.stackTraceLimit = limit;
    }
  }
}

/**
 * A drop-in `checkServerIdentity` for every TLS connection of the observatory (the contact checks'
 * web client and the account's direct TLS login): undefined when the certificate names `host`, the
 * error otherwise.
 *
 * Node's check refusing a certificate costs about 0.25 ms of CPU a connection here (its error's
 * machinery and every name of a certificate that may hold a hundred), and a crawl meets many hosts
 * whose certificate names others. So a refusal Node is certain to make is made here, without it:
 * that is all {@link namesNoneLike} answers. Every other case, acceptance and the finer refusals
 * included, is Node's own check, unchanged: this can refuse only what Node refuses, never accept.
 */
export function checkCertificateName(host: string, certificate: PeerCertificate): Error | undefined {
  return namesNoneLike(host, certificate) ?? checkServerIdentity(host, certificate);
}

/**
 * The refusal of a certificate whose DNS names (subjectAltName) cannot match `host` by Node's rules,
 * or undefined when they might, or when Node's check takes another path. Node 20's lib/tls.js:
 * - it parses the altnames by splitting at ", ", or by its escaped-string reader when they hold a
 *   quote: quoted altnames are left to Node;
 * - with at least one DNS altname it matches the host against those alone (the CN is not read);
 *   without one, against the CN: a certificate without DNS altnames is left to Node;
 * - it drops one trailing dot from the host, then tells IP addresses (matched against IP altnames
 *   only) from names: an IP address is left to Node;
 * - a pattern matches (`check`) only when host and pattern, each without a trailing dot (the host
 *   loses a second one there) and with A–Z in lower case, split at dots into as many labels, and
 *   every label but the first is equal: a wildcard, however allowed, stands only in the first.
 * So a pattern that matches a host of two labels or more ends in the host's text after its first
 * label, its "tail" (".local.test" for "d1.local.test"), and contains it. Altnames that nowhere
 * contain it, case aside, cannot match: that refusal is certain. A host of one label, or whose tail
 * is not ASCII, is left to Node. For an ASCII tail, String#toLowerCase (native, and quick on a
 * hundred names) folds it exactly as Node's A–Z folding does, and keeps every ASCII run of the
 * altnames as that folding would.
 * The wording is Node's own, so the refusal reads the same whichever makes it.
 */
export function namesNoneLike(host: string, certificate: PeerCertificate): CertificateNameError | undefined {
  const altNames = certificate.subjectaltname;
  if (!altNames || altNames.includes('"') || !(altNames.startsWith("DNS:") || altNames.includes(", DNS:"))) return undefined;
  const named = withoutTrailingDot(host);
  if (isIP(named) !== 0) return undefined;
  const split = withoutTrailingDot(named);
  const dot = split.indexOf(".");
  if (dot < 0) return undefined;
  const tail = split.slice(dot);
  if (NOT_ASCII.test(tail) || altNames.toLowerCase().includes(tail.toLowerCase())) return undefined;
  return CertificateNameError.of(named, `Host: ${named}. is not in the cert's altnames: ${altNames}`);
}

// eslint-disable-next-line no-control-regex
const NOT_ASCII = /[^\x00-\x7f]/;

function withoutTrailingDot(name: string): string {
  return name.endsWith(".") ? name.slice(0, -1) : name;
}
