// The shipped deployment examples are valid for the tools that read them, and do what they say:
// deploy/nginx.conf is checked by Debian's nginx (`nginx -t`), then served on loopback and asked
// for every kind of file the site publishes.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Agent, fetch } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTENT_SECURITY_POLICY } from "../site/lib/policy.ts";

const deployFile = (name: string) => fileURLToPath(new URL(`../deploy/${name}`, import.meta.url));
const UNIT = deployFile("serverinfo-observatory.service");
const hasSystemdAnalyze = existsSync("/usr/bin/systemd-analyze") || existsSync("/bin/systemd-analyze");
const NGINX = "/usr/sbin/nginx";

describe("deploy/", () => {
  it("holds a systemd unit that systemd-analyze verifies", () => {
    expect(hasSystemdAnalyze, "systemd-analyze is installed by scripts/setup.sh (Debian's systemd)").toBe(true);
    expect(() => execFileSync("systemd-analyze", ["verify", UNIT], { stdio: "pipe" })).not.toThrow();
  });

  it("runs the daemon under its own user with SIGTERM for a clean stop", () => {
    const unit = readFileSync(UNIT, "utf8");
    expect(unit).toMatch(/^ExecStart=.*observatory\.mjs daemon$/m);
    expect(unit).toMatch(/^User=observatory$/m);
    expect(unit).toMatch(/^KillSignal=SIGTERM$/m);
  });
});

describe("deploy/nginx.conf, served by nginx", () => {
  let dir = "";
  let nginx: ChildProcess | undefined;
  let base = "";
  const tls = new Agent({ connect: { rejectUnauthorized: false } });

  beforeAll(async () => {
    expect(existsSync(NGINX), "nginx is installed by scripts/setup.sh").toBe(true);
    dir = mkdtempSync(join(tmpdir(), "observatory-nginx-"));
    const port = await freePort();
    base = `https://127.0.0.1:${port}`;
    for (const folder of ["snippets", "site/data/servers", "site/badges", "site/feeds", "site/_astro", "site/.well-known", "logs"])
      mkdirSync(join(dir, folder), { recursive: true });
    const files: Record<string, string> = {
      "site/index.html": "<!doctype html><title>x</title>",
      "site/data/servers.json": "[]",
      "site/data/servers.csv": "domain\n",
      "site/badges/good.test.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
      "site/feeds/changes.xml": "<feed xmlns='http://www.w3.org/2005/Atom'/>",
      "site/_astro/page.abc123.css": "body{}",
      "site/.well-known/security.txt": "Contact: mailto:security@example.org\n",
    };
    for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"].concat([
        "-keyout",
        join(dir, "key.pem"),
        "-out",
        join(dir, "cert.pem"),
      ]),
      { stdio: "pipe" },
    );
    // The shipped files as they are, but for where they listen, what they serve and the certificate.
    writeFileSync(join(dir, "snippets/serverinfo-observatory-headers.conf"), readFileSync(deployFile("nginx-headers.conf")));
    const site = readFileSync(deployFile("nginx.conf"), "utf8")
      .replace(/^\s*listen \[::\]:443 .*$/m, "")
      .replace(/listen 443 ssl/, `listen 127.0.0.1:${port} ssl`)
      .replace(/root \/var\/lib\/serverinfo-observatory\/site;/, `root ${dir}/site; ssl_certificate ${dir}/cert.pem; ssl_certificate_key ${dir}/key.pem;`);
    writeFileSync(join(dir, "site.conf"), site);
    writeFileSync(
      join(dir, "nginx.conf"),
      [
        process.getuid?.() === 0 ? "user root;" : "",
        "daemon off;",
        "worker_processes 1;",
        `pid ${dir}/nginx.pid;`,
        "events { worker_connections 64; }",
        "http { access_log off; include /etc/nginx/mime.types; include site.conf; }",
      ].join("\n"),
    );
    const args = ["-p", dir, "-c", join(dir, "nginx.conf"), "-e", "stderr"];
    execFileSync(NGINX, ["-t", "-q", ...args], { stdio: "pipe" });
    nginx = spawn(NGINX, args, { stdio: ["ignore", "ignore", "pipe"] });
    await waitUntilServing(base, tls);
  }, 30_000);

  afterAll(async () => {
    if (nginx?.exitCode === null) {
      const exited = new Promise((resolve) => nginx!.once("exit", resolve));
      nginx.kill("SIGQUIT");
      await exited;
    }
    await tls.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("keeps its security policy equal to the pages' own, with framing forbidden", () => {
    const headers = readFileSync(deployFile("nginx-headers.conf"), "utf8");
    expect(headers).toContain(`add_header Content-Security-Policy "${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'" always;`);
  });

  it.each([
    ["/", "text/html"],
    ["/data/servers.json", "application/json"],
    ["/data/servers.csv", "text/csv"],
    ["/badges/good.test.svg", "image/svg+xml"],
    ["/feeds/changes.xml", "application/atom+xml"],
    ["/_astro/page.abc123.css", "text/css"],
    ["/.well-known/security.txt", "text/plain; charset=utf-8"],
    ["/no-such-page/", ""],
  ])("sends the security headers with %s", async (path, type) => {
    const response = await fetch(`${base}${path}`, { dispatcher: tls });
    await response.arrayBuffer();
    expect(response.status).toBe(type ? 200 : 404);
    if (type) expect(response.headers.get("content-type")).toContain(type);
    expect(response.headers.get("content-security-policy")).toBe(`${CONTENT_SECURITY_POLICY}; frame-ancestors 'none'`);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("no-referrer");
  });

  it("lets anyone fetch the data for ten minutes, and caches hashed assets for good", async () => {
    const data = await fetch(`${base}/data/servers.json`, { dispatcher: tls });
    expect(data.headers.get("access-control-allow-origin")).toBe("*");
    expect(data.headers.get("cache-control")).toBe("public, max-age=600");
    const asset = await fetch(`${base}/_astro/page.abc123.css`, { dispatcher: tls });
    expect(asset.headers.get("cache-control")).toContain("immutable");
    await Promise.all([data.arrayBuffer(), asset.arrayBuffer()]);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

async function waitUntilServing(url: string, dispatcher: Agent): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await (await fetch(url, { dispatcher })).arrayBuffer();
      return;
    } catch (error) {
      if (attempt >= 200) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
