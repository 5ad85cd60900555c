// npm run demo: starts the real local federation, crawls it with the observatory as a user
// would (progress bar and all), prints what it found, builds the site and serves it on
// http://localhost:4321, and keeps the observatory's account online for chat (good.test's operator
// asks it something; the demo prints how to do it yourself) until Ctrl-C. It stops everything it started.
import { spawn, type ChildProcess } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Store } from "../crawler/store/store.ts";
import { CONTACT_CATEGORIES } from "../crawler/contract.ts";
import { terminalSafe } from "../crawler/model/invisible.ts";
import { FederationError, startFederation, type Federation } from "./federation/federation.ts";
import { ADDRESSES, PEOPLE } from "./federation/spec.ts";
import { serveStatic } from "./serve-static.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DIST = fileURLToPath(new URL("../dist", import.meta.url));
const PORT = 4321;

const DB = fileURLToPath(new URL("../data/demo.sqlite", import.meta.url));
const BIN = fileURLToPath(new URL("../bin/observatory.mjs", import.meta.url));

function observatory(args: string[], env: NodeJS.ProcessEnv): Promise<number | null> {
  return new Promise((resolve) => spawn(process.execPath, [BIN, ...args], { env, stdio: "inherit" }).on("close", resolve));
}

let federation: Federation | undefined;
let site: { close: () => Promise<void> } | undefined;
let bot: ChildProcess | undefined;
const stop = async () => {
  if (bot?.exitCode === null) {
    const exited = new Promise((resolve) => bot!.once("close", resolve));
    bot.kill("SIGTERM");
    await exited;
  }
  bot = undefined;
  await federation?.stop();
  federation = undefined;
  await site?.close();
  site = undefined;
};
process.on("SIGINT", () => void stop().then(() => process.exit(130)));
process.on("SIGTERM", () => void stop().then(() => process.exit(143)));

try {
  console.log("Starting the local federation (Prosody 0.12.3 and 13.0.1, ejabberd 23.01 and 24.12 on 127.0.0.x)…");
  federation = await startFederation();
  const crawlerJid = federation.jid;
  for (const suffix of ["", "-wal", "-shm"]) rmSync(`${DB}${suffix}`, { force: true });
  const list = `${federation.dir}/demo-domains.txt`;
  writeFileSync(list, ["# source: the demo's local federation (Prosody and ejabberd on 127.0.0.x)", ...federation.domains].join("\n") + "\n");
  const env = federation.crawlerEnv({ OBSERVATORY_DB: DB });

  console.log(`\n$ observatory crawl --domains ${list}`);
  await observatory(["crawl", "--domains", list], env);

  const store = Store.open(DB);
  console.log("\nWhat each domain publishes (from the store):\n");
  console.log("domain            outcome                  software                 contacts                      admins  E  W  I");
  for (const r of store.probes.crawlReports(1)) {
    const contacts = CONTACT_CATEGORIES.filter((c) => r.contacts[c].length > 0).join(",") || "-";
    const count = (s: string) => String(r.findings.filter((f) => f.severity === s).length).padStart(2);
    console.log(
      `${terminalSafe(r.domain).padEnd(17)} ${r.outcome.padEnd(24)} ${terminalSafe(r.software ? `${r.software.name} ${r.software.version ?? ""}` : "-")
        .slice(0, 24)
        .padEnd(24)} ${contacts.slice(0, 29).padEnd(29)} ${String(r.administrators.length).padStart(6)} ${count("error")} ${count("warning")} ${count("info")}`,
    );
  }
  // Whether the published addresses work: contacts.test publishes every way an address can fail.
  const contacts = store.probes.crawlReports(1).find((r) => r.domain === "contacts.test");
  if (contacts) {
    console.log("\nDo contacts.test's addresses work? (DNS, one GET, s2s and rooms; no mail sent, no account asked about)\n");
    for (const c of contacts.checks) console.log(`  ${c.status.padEnd(11)} ${terminalSafe(c.value).padEnd(42)} ${terminalSafe(c.why).slice(0, 90)}`);
  }
  store.close();

  console.log("\n$ observatory check bad.test");
  await observatory(["check", "--no-store", "bad.test"], env);
  console.log("\n$ npm run build");
  const built = await new Promise<number | null>((resolve) =>
    spawn(process.execPath, ["node_modules/astro/astro.js", "build", "--silent"], {
      cwd: ROOT,
      env: { ...process.env, OBSERVATORY_DB: DB, OBSERVATORY_SITE_OUT: DIST, ASTRO_TELEMETRY_DISABLED: "1" },
      stdio: "inherit",
    }).on("close", resolve),
  );
  if (built !== 0) throw new Error(`the site build failed (exit ${built})`);
  site = await serveStatic(DIST, PORT);

  // The observatory's account stays online for chat; good.test's operator asks it something.
  console.log("\n$ observatory bot");
  let botLog = "";
  bot = spawn(process.execPath, [BIN, "bot"], { env, stdio: ["ignore", "ignore", "pipe"] });
  bot.stderr!.on("data", (d) => (botLog += d));
  for (let i = 0; i < 600 && !botLog.includes('"event":"chat-inbox-online"'); i++) await new Promise((r) => setTimeout(r, 100));
  await new Promise<number | null>((resolve) =>
    spawn(process.execPath, ["--import", "tsx", "scripts/demo-chat.ts", `xmpp://${ADDRESSES.prosody}:5222`, crawlerJid, "whoami", "check good.test"], {
      cwd: ROOT,
      env,
      stdio: "inherit",
    }).on("close", resolve),
  );
  const who = PEOPLE.operator;
  console.log(`
Chat with the observatory yourself: log in with any XMPP client as ${who.username}@${who.domain} (password ${who.password}),
server ${ADDRESSES.prosody} port 5222 (the federation's certificate is self-signed: accept it), and write to ${crawlerJid}:
help, check bad.test, whoami, watch good.test.`);
  console.log(`\nThe store is ${DB}; the site is in ${DIST}.\nServing the site on http://localhost:${PORT}/ — press Ctrl-C to stop.`);
  console.log(
    `Each address's mark, and what the servers answered: http://localhost:${PORT}/servers/contacts.test/ and http://localhost:${PORT}/servers/good.test/`,
  );
  await new Promise(() => {}); // until a signal
} catch (error) {
  console.error(`demo: ${error instanceof FederationError || error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
  await stop();
}
