// The four servers of the federation: Prosody 0.12.3 and ejabberd 23.01 (Debian's), Prosody 13.0.1
// and ejabberd 24.12 (bookworm-backports). The crawler's own account logs in at its home on each,
// and from there probes a domain of each of the other three over s2s.
import { connect as connectTcp, type Socket } from "node:net";
import { readFileSync } from "node:fs";
import { connect as connectTls, type TLSSocket } from "node:tls";
import { describe, expect, it } from "vitest";
import { inject } from "vitest";
import { crawlerEnvFor } from "../../scripts/federation/federation.ts";
import { PREPARED_PASSWORD_ACCOUNT } from "../../scripts/federation/spec.ts";
import { observatory } from "./cli.ts";

/** Each server: the crawler's home on it, the domain the others probe there, and what its version answer says. */
const SERVERS = [
  { home: "home.test", probed: "good.test", software: { name: "Prosody", version: "0.12.3" } },
  { home: "ej.test", probed: "ej.test", software: { name: "ejabberd", version: "23.01-1" } },
  { home: "p13.test", probed: "p13.test", software: { name: "Prosody", version: "13.0.1" } },
  { home: "ej24.test", probed: "ej24.test", software: { name: "ejabberd", version: "24.12-3~bpo12+1" } },
];

/** The components each probed domain lists (by JID: the servers keep no order), with their disco#info category and type. */
const COMPONENTS: Record<string, Array<{ jid: string; category: string; type: string }>> = {
  "good.test": [{ jid: "muc.good.test", category: "conference", type: "text" }],
  "ej.test": [{ jid: "conference.ej.test", category: "conference", type: "text" }],
  "p13.test": [
    { jid: "muc.p13.test", category: "conference", type: "text" },
    { jid: "pubsub.p13.test", category: "pubsub", type: "service" },
  ],
  "ej24.test": [
    { jid: "conference.ej24.test", category: "conference", type: "text" },
    { jid: "pubsub.ej24.test", category: "pubsub", type: "service" },
  ],
};

interface Checked {
  domain: string;
  outcome: string;
  software?: { name: string; version?: string };
  components: Array<{ jid: string; outcome: string; identities: Array<{ category: string; type: string }> }>;
}

describe.each(SERVERS)("the crawler at home on $software.name $software.version, $home", ({ home, probed }) => {
  it("logs in with a password as its owner typed it, which the server stored as SASLprep made it (RFC 4013: Ⅸ as IX, the soft hyphen dropped)", async () => {
    const f = inject("federation");
    const access = f.homes.find((h) => h.domain === home)!;
    const result = await observatory(
      ["check", "--json", "--no-store", probed],
      crawlerEnvFor({
        caCert: f.caCert,
        password: PREPARED_PASSWORD_ACCOUNT.password,
        service: access.service,
        jid: `${PREPARED_PASSWORD_ACCOUNT.username}@${home}`,
      }),
    );
    expect(result.stderr).not.toMatch(/cannot log in/);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout) as Checked).toMatchObject({ domain: probed, outcome: "ok" });
  });

  it("logs in, and probes a domain of each of the other three servers over s2s", async () => {
    const f = inject("federation");
    const access = f.homes.find((h) => h.domain === home)!;
    const others = SERVERS.filter((s) => s.home !== home);
    const result = await observatory(
      ["check", "--json", "--no-store", ...others.map((s) => s.probed)],
      crawlerEnvFor({ caCert: f.caCert, password: f.password, service: access.service, jid: access.jid }),
    );
    expect(result.stderr).not.toMatch(/cannot log in/);
    const output = JSON.parse(result.stdout) as Checked[];
    expect(
      output.map((r) => ({ domain: r.domain, outcome: r.outcome, software: r.software && { name: r.software.name, version: r.software.version } })),
    ).toEqual(others.map((s) => ({ domain: s.probed, outcome: "ok", software: s.software })));
    for (const report of output)
      expect(
        report.components
          .map((c) => ({ jid: c.jid, outcome: c.outcome, identity: c.identities.map((i) => ({ category: i.category, type: i.type }))[0] }))
          .sort((a, b) => a.jid.localeCompare(b.jid)),
        report.domain,
      ).toEqual(COMPONENTS[report.domain]!.map(({ jid, category, type }) => ({ jid, outcome: "ok", identity: { category, type } })));
  });
});

/**
 * The stream features a server offers an account once the stream is encrypted (STARTTLS), as raw
 * XML. The stream then names the account (from=), as XEP-0388 asks before it offers SASL2.
 */
async function featuresAfterStartTls(address: string, jid: string, caCert: string): Promise<string> {
  const domain = jid.split("@")[1]!;
  const header = (from = "") =>
    `<?xml version='1.0'?><stream:stream to='${domain}'${from && ` from='${from}'`} xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>`;
  const readUntil = (socket: Socket | TLSSocket, end: RegExp) =>
    new Promise<string>((resolve, reject) => {
      let received = "";
      const timer = setTimeout(() => reject(new Error(`no ${end} from ${address} within 10 s: ${received.slice(0, 500)}`)), 10_000);
      const onData = (chunk: Buffer) => {
        received += chunk.toString("utf8");
        if (end.test(received)) {
          clearTimeout(timer);
          socket.off("data", onData);
          resolve(received);
        }
      };
      socket.on("data", onData);
      socket.once("error", reject);
    });
  const tcp = connectTcp({ host: address, port: 5222 });
  await new Promise<void>((resolve, reject) => tcp.once("connect", resolve).once("error", reject));
  try {
    tcp.write(header());
    expect(await readUntil(tcp, /<\/stream:features>/)).toContain("urn:ietf:params:xml:ns:xmpp-tls");
    tcp.write("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
    expect(await readUntil(tcp, /<proceed/)).toContain("proceed");
    const tls = connectTls({ socket: tcp, servername: domain, ca: readFileSync(caCert) });
    await new Promise<void>((resolve, reject) => tls.once("secureConnect", resolve).once("error", reject));
    tls.write(header(jid));
    const features = await readUntil(tls, /<\/stream:features>/);
    tls.end("</stream:stream>");
    return features;
  } finally {
    tcp.destroy();
  }
}

describe("ejabberd 24.12's FAST host", () => {
  it("offers SASL2 (XEP-0388) with FAST (XEP-0484) inside it, and our login works against it", async () => {
    const f = inject("federation");
    const features = await featuresAfterStartTls("127.0.0.41", "crawler@ej24.test", f.caCert);
    expect(features).toMatch(/<authentication xmlns=['"]urn:xmpp:sasl:2['"]/);
    expect(features).toMatch(/<fast xmlns=['"]urn:xmpp:fast:0['"]/);
    // The login itself: the crawler's home there (above) logs in through whatever it offers.
    const access = f.homes.find((h) => h.domain === "ej24.test")!;
    const result = await observatory(
      ["check", "--json", "--no-store", "ej24.test"],
      crawlerEnvFor({ caCert: f.caCert, password: f.password, service: access.service, jid: access.jid }),
    );
    expect(result.code, result.stderr).toBe(0);
  });
});
