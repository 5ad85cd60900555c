// npm run demo: starts the real local federation, crawls it with the observatory as a user
// would (progress bar and all), prints what it found, and stops everything it started.
import { spawn } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Store } from "../crawler/store/store.ts";
import { CONTACT_CATEGORIES } from "../crawler/contract.ts";
import { terminalSafe } from "../crawler/cli/terminal.ts";
import { FederationError, startFederation, type Federation } from "./federation/federation.ts";

const DB = fileURLToPath(new URL("../data/demo.sqlite", import.meta.url));
const BIN = fileURLToPath(new URL("../bin/observatory.mjs", import.meta.url));

function observatory(args: string[], env: NodeJS.ProcessEnv): Promise<number | null> {
  return new Promise((resolve) => spawn(process.execPath, [BIN, ...args], { env, stdio: "inherit" }).on("close", resolve));
}

let federation: Federation | undefined;
const stop = async () => {
  await federation?.stop();
  federation = undefined;
};
process.on("SIGINT", () => void stop().then(() => process.exit(130)));
process.on("SIGTERM", () => void stop().then(() => process.exit(143)));

try {
  console.log("Starting the local federation (Prosody 0.12 and ejabberd on 127.0.0.x)…");
  federation = await startFederation();
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${DB}${suffix}`, { force: true });
  const list = `${federation.dir}/demo-domains.txt`;
  writeFileSync(list, federation.domains.join("\n") + "\n");
  const env = federation.crawlerEnv({ OBSERVATORY_DB: DB });

  console.log(`\n$ observatory crawl --domains ${list}`);
  await observatory(["crawl", "--domains", list], env);

  const store = Store.open(DB);
  console.log("\nWhat each domain publishes (from the store):\n");
  console.log("domain            outcome                  software        contacts                      admins  E  W  I");
  for (const r of store.crawlReports(1)) {
    const contacts = CONTACT_CATEGORIES.filter((c) => r.contacts[c].length > 0).join(",") || "-";
    const count = (s: string) => String(r.findings.filter((f) => f.severity === s).length).padStart(2);
    console.log(
      `${terminalSafe(r.domain).padEnd(17)} ${r.outcome.padEnd(24)} ${terminalSafe(r.software ? `${r.software.name} ${r.software.version ?? ""}` : "-").slice(0, 15).padEnd(15)} ${contacts.slice(0, 29).padEnd(29)} ${String(r.administrators.length).padStart(6)} ${count("error")} ${count("warning")} ${count("info")}`,
    );
  }
  store.close();

  console.log("\n$ observatory check bad.test");
  await observatory(["check", "--no-store", "bad.test"], env);
  console.log(`\nThe store is ${DB}. Explore further with: npm run federation up (then observatory check <domain>).`);
} catch (error) {
  if (error instanceof FederationError) {
    console.error(`demo: ${error.message}`);
    process.exitCode = 1;
  } else throw error;
} finally {
  await stop();
}
