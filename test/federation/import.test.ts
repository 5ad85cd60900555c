// observatory domains import from an https URL: a real TLS server on 127.0.0.1 with a certificate
// from the federation's test CA (which the crawler's environment trusts). Nothing leaves loopback.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { crawlerEnv, freshDb, observatory } from "./cli.ts";

const MAX_IMPORT_BYTES = 16 * 1024 * 1024;
let server: Server;
let base: string;
/** Another origin, on another loopback address: a list's redirect there must not carry the list's credentials. */
const OTHER_HOST = "127.0.0.24";
let other: Server;
let otherBase: string;
/** The Authorization header of each request the other origin received ("none" when absent). */
const otherSaw: string[] = [];
const BASIC = `Basic ${Buffer.from("reader:s3cret").toString("base64")}`;

/** A key and a certificate for a loopback address, signed by the federation's CA. */
function loopbackCertificate(ip = "127.0.0.1"): { key: Buffer; cert: Buffer } {
  const dir = mkdtempSync(join(tmpdir(), "observatory-https-"));
  const ca = inject("federation").caCert;
  writeFileSync(join(dir, "ext"), `subjectAltName=IP:${ip}\nbasicConstraints=CA:FALSE\n`);
  execFileSync("openssl", ["req", "-newkey", "rsa:2048", "-nodes", "-subj", `/CN=${ip}`, "-keyout", join(dir, "key"), "-out", join(dir, "csr")], {
    stdio: "ignore",
  });
  execFileSync(
    "openssl",
    [
      "x509",
      "-req",
      "-in",
      join(dir, "csr"),
      "-CA",
      ca,
      "-CAkey",
      join(dirname(ca), "ca.key"),
      "-set_serial",
      "0x5eed",
      "-days",
      "1",
      "-out",
      join(dir, "crt"),
      "-extfile",
      join(dir, "ext"),
    ],
    { stdio: "ignore" },
  );
  return { key: readFileSync(join(dir, "key")), cert: readFileSync(join(dir, "crt")) };
}

beforeAll(async () => {
  server = createServer(loopbackCertificate(), (request, response) => {
    switch (new URL(request.url ?? "/", "https://127.0.0.1").pathname) {
      case "/providers.json":
        // The credentials of a URL are sent as HTTP Basic authentication.
        if (request.url?.includes("token=") && request.headers.authorization !== BASIC) {
          response.writeHead(401).end();
          return;
        }
        response.setHeader("content-type", "application/json");
        response.end(JSON.stringify([{ jid: "provider-one.example", category: "A" }, { jid: "# source: forged" }, { jid: "provider-two.example" }]));
        return;
      case "/named.txt":
        response.end("# source: A named public list\nnamed-one.example\n");
        return;
      case "/endless.txt": {
        // No content-length, and more than the bound: the import must stop reading, not buffer it all.
        response.setHeader("content-type", "text/plain");
        const line = Buffer.from("x.example\n".repeat(100_000));
        let sent = 0;
        const write = () => {
          while (sent <= MAX_IMPORT_BYTES * 2) {
            sent += line.length;
            if (!response.write(line)) return void response.once("drain", write);
          }
          response.end();
        };
        response.on("error", () => {});
        write();
        return;
      }
      case "/private.txt":
        if (request.headers.authorization !== BASIC) return void response.writeHead(401).end();
        response.end("private-one.example\n");
        return;
      case "/moved-here":
        response.writeHead(302, { location: "/private.txt" }).end();
        return;
      case "/moved-away":
        response.writeHead(302, { location: `${otherBase}/list.txt` }).end();
        return;
      case "/to-http":
        response.writeHead(302, { location: `http://127.0.0.1:${(server.address() as AddressInfo).port}/providers.json` }).end();
        return;
      default:
        response.writeHead(404).end("not here");
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  other = createServer(loopbackCertificate(OTHER_HOST), (request, response) => {
    otherSaw.push(request.headers.authorization ?? "none");
    response.end("elsewhere-one.example\n");
  });
  await new Promise<void>((resolve) => other.listen(0, OTHER_HOST, resolve));
  otherBase = `https://${OTHER_HOST}:${(other.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const s of [server, other]) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

describe("observatory domains: numbers that URLs read as IP addresses (issue 30)", () => {
  it("skips them in a list, one line each, refuses them as arguments, and lists none", async () => {
    const db = freshDb();
    const env = crawlerEnv({ OBSERVATORY_DB: db });
    const file = join(dirname(db), "numbers.txt");
    writeFileSync(file, "2130706433\n127.1\n10.1\n0xa9fea9fe\nnamed-one.example\n");
    const imported = await observatory(["domains", "import", file], env);
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toBe("1 added, 0 already known.\n");
    for (const [line, input, address] of [
      [1, "2130706433", "127.0.0.1"],
      [2, "127.1", "127.0.0.1"],
      [3, "10.1", "10.0.0.1"],
      [4, "0xa9fea9fe", "169.254.169.254"],
    ])
      expect(imported.stderr).toContain(`${file}:${line}: skipped "${input}": it is an IP address (${address}): federated XMPP domains are DNS names\n`);
    const added = await observatory(["domains", "add", "127.1"], env);
    expect(added.code).toBe(2);
    expect(added.stderr.trim().split("\n")).toEqual([
      'observatory: "127.1" is not a valid domain: it is an IP address (127.0.0.1): federated XMPP domains are DNS names',
    ]);
    const checked = await observatory(["check", "--no-store", "2130706433"], env);
    expect(checked.code).toBe(2);
    expect(checked.stderr.trim().split("\n")).toEqual([
      'observatory: "2130706433" is not a valid domain: it is an IP address (127.0.0.1): federated XMPP domains are DNS names',
    ]);
    const list = JSON.parse((await observatory(["domains", "list", "--json"], env)).stdout) as Array<{ domain: string }>;
    expect(list.map((d) => d.domain)).toEqual(["named-one.example"]);
  });
});

describe("observatory domains import <https URL>", () => {
  it("imports XMPP Providers JSON and named lists over https, recording where each domain came from", async () => {
    const env = crawlerEnv({ OBSERVATORY_DB: freshDb() });
    const json = await observatory(["domains", "import", "--allow-private", `${base}/providers.json`], env);
    expect(json.code, json.stderr).toBe(0);
    expect(json.stdout).toBe("2 added, 0 already known.\n");
    expect(json.stderr).toContain("skipped");
    const named = await observatory(["domains", "import", "--allow-private", `${base}/named.txt`], env);
    expect(named.stdout).toBe("1 added, 0 already known.\n");
    const list = JSON.parse((await observatory(["domains", "list", "--json"], env)).stdout) as Array<{ domain: string; source: string }>;
    expect(list.map((d) => [d.domain, d.source])).toEqual([
      ["named-one.example", "imported: A named public list"],
      ["provider-one.example", `imported from ${base}/providers.json`],
      ["provider-two.example", `imported from ${base}/providers.json`],
    ]);
  });

  it("refuses, exit 2 and nothing imported, a missing list, a redirect to http, and a list over the size bound", async () => {
    const env = crawlerEnv({ OBSERVATORY_DB: freshDb() });
    const missing = await observatory(["domains", "import", "--allow-private", `${base}/nothing.txt`], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("HTTP 404");
    const downgrade = await observatory(["domains", "import", "--allow-private", `${base}/to-http`], env);
    expect(downgrade.code).toBe(2);
    expect(downgrade.stderr).toMatch(/redirects to http:\/\/127\.0\.0\.1:\d+\/providers\.json, which is not https/);
    const endless = await observatory(["domains", "import", "--allow-private", `${base}/endless.txt`], env);
    expect(endless.code).toBe(2);
    expect(endless.stderr).toContain(`larger than ${MAX_IMPORT_BYTES} bytes`);
    expect(JSON.parse((await observatory(["domains", "list", "--json"], env)).stdout)).toEqual([]);
  });

  it("refuses a private or loopback address unless --allow-private is given, and never publishes credentials or query tokens", async () => {
    const env = crawlerEnv({ OBSERVATORY_DB: freshDb() });
    const refused = await observatory(["domains", "import", `${base}/providers.json`], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("127.0.0.1 is a private, loopback or link-local address (give --allow-private to import from it anyway)");
    // By name: the check is made on what the name resolves to.
    const byName = await observatory(["domains", "import", `${base.replace("127.0.0.1", "localhost")}/providers.json`], env);
    expect(byName.code).toBe(2);
    expect(byName.stderr).toContain("localhost is a private, loopback or link-local address");
    const secret = `${base.replace("https://", "https://reader:s3cret@")}/providers.json?token=abc#x`;
    const allowed = await observatory(["domains", "import", "--allow-private", secret], env);
    expect(allowed.code, allowed.stderr).toBe(0);
    const list = JSON.parse((await observatory(["domains", "list", "--json"], env)).stdout) as Array<{ source: string }>;
    expect(list.map((d) => d.source)).toEqual([`imported from ${base}/providers.json`, `imported from ${base}/providers.json`]);
    expect(JSON.stringify(list)).not.toMatch(/s3cret|token|reader/);
  });

  it("keeps a list's credentials with its origin (the Fetch standard): a redirect elsewhere goes without them, and no URL is printed with them", async () => {
    const env = crawlerEnv({ OBSERVATORY_DB: freshDb() });
    const withCredentials = (path: string) => `${base.replace("https://", "https://reader:s3cret@")}${path}`;
    // Within the origin, the credentials go on.
    const same = await observatory(["domains", "import", "--allow-private", withCredentials("/moved-here")], env);
    expect(same.code, same.stderr).toBe(0);
    expect(same.stdout).toBe("1 added, 0 already known.\n");
    // To another origin, they stay behind.
    const away = await observatory(["domains", "import", "--allow-private", withCredentials("/moved-away")], env);
    expect(away.code, away.stderr).toBe(0);
    expect(otherSaw).toEqual(["none"]);
    // Errors and skipped lines name the URL without its user name and password.
    const missing = await observatory(["domains", "import", "--allow-private", withCredentials("/nothing.txt")], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`observatory: cannot import ${base}/nothing.txt: HTTP 404\n`);
    const skipped = await observatory(["domains", "import", "--allow-private", withCredentials("/providers.json?token=abc")], env);
    expect(skipped.code, skipped.stderr).toBe(0);
    expect(skipped.stderr).toContain(`${base}/providers.json?token=abc:2: skipped`);
    for (const run of [same, away, missing, skipped]) expect(run.stdout + run.stderr).not.toMatch(/s3cret|reader/);
  });
});
