// Why a login failed, as typed errors: the commands end with exit 3 on any of them (README, exit codes).

export class LoginError extends Error {
  override name = "LoginError";
  constructor(
    message: string,
    /** The server refused the credentials, or we refused the server: trying again cannot help. */
    readonly refused = false,
  ) {
    super(message);
  }
}

/** The stream was not TLS-protected when the server went on past STARTTLS, so no password was sent. */
export class UnencryptedStreamError extends LoginError {
  override name = "UnencryptedStreamError";
  constructor(account: string, why: string) {
    super(`cannot log in as ${account}: no password was sent: ${why}, and the observatory logs in only over TLS`, true);
  }
}

/** The server offers no SASL mechanism that authenticates with our password: only ANONYMOUS, which we never use. */
export class NoPasswordMechanismError extends LoginError {
  override name = "NoPasswordMechanismError";
  constructor(account: string, passwordMechanisms: readonly string[], offered: readonly string[]) {
    super(
      `cannot log in as ${account}: the server offers neither ${passwordMechanisms.join(" nor ")}, only ${offered.join(", ")}, and the observatory never logs in anonymously`,
      true,
    );
  }
}

/** The server sent us elsewhere (see-other-host, RFC 6120 §4.9.3.19): we connect only where we are configured to. */
export class RedirectRefusedError extends LoginError {
  override name = "RedirectRefusedError";
  constructor(account: string, where: string) {
    super(
      `cannot log in as ${account}: the server sent us to another host (see-other-host ${JSON.stringify(where.slice(0, 100))}), and the observatory connects only where OBSERVATORY_SERVICE or the domain's DNS says; if that move is real, set OBSERVATORY_SERVICE to the new host`,
      true,
    );
  }
}

/**
 * A SCRAM exchange we refuse (crawler/xmpp/scram.ts): the server's messages were ones we do not
 * answer or trust (a nonce not extending ours, an iteration count past our bound, a signature that
 * is not our password's), or our password is one SASLprep refuses, which no server can have stored.
 * Thrown inside xmpp.js's SASL, without the account: the session names it, and does not retry.
 */
export class ScramChallengeError extends Error {
  override name = "ScramChallengeError";
}
