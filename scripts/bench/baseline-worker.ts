// Benchmark baseline: bare IQs pipelined over one plain @xmpp/client connection at the same
// concurrency, with nothing else (no parsing, rules or store). Mode "info": one disco#info per
// domain. Mode "probe": the three IQs a probe sends (disco#info, version, disco#items), together.
import { readFileSync } from "node:fs";
import { client, xml } from "@xmpp/client";
import type { Element } from "@xmpp/xml";
import { accountConfig } from "../../crawler/config.ts";
import { DEFAULT_LOGIN_TIMEOUT_MS } from "../../crawler/politeness.ts";
import { cpuMs } from "./cpu-time.ts";

const [file, concurrencyArg, mode = "info"] = process.argv.slice(2) as [string, string, string?];
const namespaces =
  mode === "probe"
    ? ["http://jabber.org/protocol/disco#info", "jabber:iq:version", "http://jabber.org/protocol/disco#items"]
    : ["http://jabber.org/protocol/disco#info"];
const domains = readFileSync(file, "utf8").split("\n").filter(Boolean);
const concurrency = Number(concurrencyArg);
const account = accountConfig();
const at = account.jid.indexOf("@");
// The login's patience is the crawler's own (its default 2 s fails on a loaded machine); the measured run starts after it.
const xmpp = client({
  service: account.service,
  domain: account.jid.slice(at + 1),
  username: account.jid.slice(0, at),
  password: account.password,
  timeout: DEFAULT_LOGIN_TIMEOUT_MS,
});
const waiting = new Map<string, () => void>();
xmpp.on("stanza", (stanza: Element) => {
  const id = stanza.attrs.id;
  if (stanza.name === "iq" && id && waiting.has(id)) {
    waiting.get(id)!();
    waiting.delete(id);
  }
});
await xmpp.start();

let next = 0;
let answered = 0;
const started = performance.now();
// CPU of this process in the measured run alone (start-up and login excluded), beside the servers'.
const cpuAtStart = process.cpuUsage();
async function lane(): Promise<void> {
  while (next < domains.length) {
    const index = next++;
    const to = domains[index]!;
    await Promise.all(
      namespaces.map(
        (xmlns, i) =>
          new Promise<void>((resolve) => {
            const id = `b${index}-${i}`;
            waiting.set(id, resolve);
            void xmpp.send(xml("iq", { type: "get", to, id }, xml("query", { xmlns })));
          }),
      ),
    );
    answered++;
  }
}
await Promise.all(Array.from({ length: concurrency }, lane));
const elapsedMs = performance.now() - started;
const runCpuMs = cpuMs(cpuAtStart);
xmpp.reconnect.stop();
await xmpp.stop();
console.log(
  JSON.stringify({
    elapsedMs,
    answered,
    maxRssKb: process.resourceUsage().maxRSS,
    cpuMs: cpuMs(),
    runCpuMs,
  }),
);
