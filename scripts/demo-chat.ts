// Part of npm run demo: good.test's operator chats with the observatory's account, as a person
// with any XMPP client would, and the demo prints the conversation. Run as a child process so that
// it trusts the federation's CA (NODE_EXTRA_CA_CERTS, read by Node at start).
import { client, xml } from "@xmpp/client";
import { setTimeout as sleep } from "node:timers/promises";
import { PEOPLE } from "./federation/spec.ts";

const [service, observatory, ...messages] = process.argv.slice(2) as [string, string, ...string[]];
const who = PEOPLE.operator;
const c = client({ service, domain: who.domain, username: who.username, password: who.password, timeout: 30_000 });
c.on("error", () => {});
const replies: string[] = [];
c.on("stanza", (s) => {
  const body = s.is("message") && s.attrs.from?.startsWith(observatory) ? s.getChildText("body") : null;
  if (body !== null) replies.push(body);
});
await c.start();
await c.send(xml("presence"));
for (const body of messages) {
  const before = replies.length;
  console.log(`\n${who.username}@${who.domain}: ${body}`);
  await c.send(xml("message", { to: observatory, type: "chat" }, xml("body", {}, body)));
  for (let i = 0; i < 600 && replies.length === before; i++) await sleep(100);
  console.log(`${observatory}: ${(replies[before] ?? "(no reply within 60 s)").replace(/\n/g, "\n  ")}`);
}
await c.stop();
