// The last line of defence: an exception that escapes everything else (a bug of ours in some
// callback) is reported and ends the process with EXIT.internal. Never a hang, never a silent
// death. Whatever a crawl stored is whole (each probe is one transaction), and the next run
// resumes the crawl.
import { EXIT } from "./exit.ts";

export type FatalReporter = (kind: string, error: unknown) => void;

const plainReport: FatalReporter = (kind, error) => {
  process.stderr.write(`observatory: internal error (${kind}), please report it: ${describeFatal(error)}\n`);
};

let report: FatalReporter = plainReport;
let installed = false;

export function describeFatal(error: unknown): string {
  return error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
}

/** Installs the process-wide handlers (once). */
export function guardProcess(): void {
  if (installed) return;
  installed = true;
  const fail = (kind: string) => (error: unknown) => {
    try {
      report(kind, error);
    } finally {
      process.exit(EXIT.internal);
    }
  };
  process.on("uncaughtException", fail("uncaught exception"));
  process.on("unhandledRejection", fail("unhandled rejection"));
  for (const stream of [process.stdout, process.stderr]) stream.on("error", endOnClosedPipe);
}

/**
 * A reader that stopped reading (`observatory check … | head`, a pager quit early) will read
 * nothing more: the command ends at once, quietly, with exit 0, as ripgrep does (GNU tools die of
 * SIGPIPE instead, which Node ignores). What a crawl stored is whole, as after any stop. Any other
 * write error is a bug, for the handlers above.
 */
function endOnClosedPipe(error: NodeJS.ErrnoException): void {
  if (error.code === "EPIPE") process.exit(EXIT.ok);
  throw error;
}

/** How a fatal error is reported from now on: the daemon writes it to its log. */
export function reportFatalWith(reporter: FatalReporter): void {
  report = reporter;
}
