#!/usr/bin/env node
// The observatory command. It runs the crawler compiled to JavaScript (build/, made by
// `npm run build:crawler`, which scripts/setup.sh runs): it starts in a fraction of the time and
// memory the TypeScript sources take through tsx. A build missing or older than its sources is
// never run: the command says so and runs the sources through tsx. OBSERVATORY_FROM_SOURCES=1
// runs the sources without a word (while changing them, and for bench:start).
import { staleness } from "./crawler-build.mjs";

async function sources() {
  const { register } = await import("tsx/esm/api");
  register();
  return import("../crawler/cli/main.ts");
}

let cli;
if (process.env.OBSERVATORY_FROM_SOURCES === "1") cli = await sources();
else {
  const stale = staleness();
  if (stale === undefined) {
    // A bug's stack, which the command asks users to report, then names the lines of crawler/'s sources.
    process.setSourceMapsEnabled(true);
    // eslint-disable-next-line boundaries/no-unknown-dependencies -- build/ is crawler/cli/main.ts compiled, in no layer of its own
    cli = await import("../build/cli/main.js");
  } else {
    process.stderr.write(`observatory: ${stale}: running the TypeScript sources through tsx, slower (npm run build:crawler compiles it)\n`);
    cli = await sources();
  }
}
process.exitCode = await cli.main(process.argv);
