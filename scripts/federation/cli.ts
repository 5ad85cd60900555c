// scripts/federation/cli.ts up [--local N] [--remote N] | down: starts the local federation and
// keeps it running until Ctrl-C (up; with N generated domains on the home Prosody and on a second
// one reached over s2s, as the benchmark uses), or stops what an earlier `up` left running (down).
import { parseArgs } from "node:util";
import { FederationError, startFederation, stopFederation } from "./federation.ts";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { local: { type: "string", default: "0" }, remote: { type: "string", default: "0" } },
});
const command = positionals[0];
try {
  if (command === "up") {
    const federation = await startFederation({ extraLocalHosts: Number(values.local), remoteHosts: Number(values.remote) });
    console.log(`Federation running in ${federation.dir}
  service:  ${federation.service}
  account:  ${federation.jid} / ${federation.password}
  CA:       ${federation.caCert}   (export NODE_EXTRA_CA_CERTS=${federation.caCert})
  domains:  ${federation.domains.join(" ")}${federation.extraLocalHosts.length + federation.remoteHosts.length > 0 ? `\n  generated: ${federation.extraLocalHosts.length} local (d0.local.test …), ${federation.remoteHosts.length} over s2s (d0.remote.test …)` : ""}
Press Ctrl-C to stop it.`);
    let stopping = false;
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      await federation.stop();
      console.log("Federation stopped.");
      process.exit(0);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
    setInterval(() => {}, 1 << 30);
  } else if (command === "down") {
    console.log((await stopFederation()) ? "Federation stopped." : "No federation was running from this folder.");
  } else {
    console.error("usage: federation up|down");
    process.exit(2);
  }
} catch (error) {
  if (error instanceof FederationError) {
    console.error(`federation: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
