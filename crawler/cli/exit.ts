// The documented exit codes of `observatory` (README: CLI reference).
export const EXIT = {
  /** Done; for check: every domain probed, no error-severity finding. Also a closed standard output (guard.ts: endOnClosedPipe). */
  ok: 0,
  /** check: an error-severity finding, or a domain unreachable or not judged (an error of ours on its answer). */
  findings: 1,
  /** Usage or configuration error: bad arguments, a bad domain, a bad variable, an unusable store. */
  usage: 2,
  /** Our own account (or the self-test's) cannot log in, our own server went away for good during a crawl (it resumes next run), or the self-test's connection dropped. */
  login: 3,
  /** Another crawl is running on this store. */
  busy: 4,
  /** A bug of ours that nothing else caught (sysexits' EX_SOFTWARE); the message asks to report it. */
  internal: 70,
} as const;

/** An error that ends the command with a clear one-line message and a given exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = "CliError";
  }
}
