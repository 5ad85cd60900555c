// scripts/federation/cli.ts up|down: starts the local federation and keeps it running until
// Ctrl-C (up), or stops what a previous `up` in the same folder left running (down).
import { FederationError, startFederation, stopFederation } from "./federation.ts";

const command = process.argv[2];
try {
  if (command === "up") {
    const federation = await startFederation();
    console.log(`Federation running in ${federation.dir}
  service:  ${federation.service}
  account:  ${federation.jid} / ${federation.password}
  CA:       ${federation.caCert}   (export NODE_EXTRA_CA_CERTS=${federation.caCert})
  domains:  ${federation.domains.join(" ")}
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
