import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  ConfigError,
  databasePath,
  optoutPath,
  networkConfig,
  publishDirSetting,
  scheduleSetting,
  securityContacts,
  seedsPath,
  SITE_VARIABLES,
  siteBuildEnvironment,
  siteOutDir,
  siteUrl,
  VARIABLES,
  vantagesConfig,
} from "./config.ts";

const README = readFileSync(fileURLToPath(new URL("../README.md", import.meta.url)), "utf8");

describe("configuration", () => {
  it("the README's configuration table lists exactly the variables config.ts owns, with their defaults and meanings", () => {
    const rows = README.split("\n").filter((line) => line.startsWith("| `OBSERVATORY_"));
    const expected = Object.entries(VARIABLES).map(
      ([name, v]) => `| \`${name}\` | ${v.default !== undefined ? `\`${v.default}\`` : v.whenUnset} | ${v.description} |`,
    );
    expect(rows).toEqual(expected);
  });

  it("the README names the variables the site build receives, as config.ts marks them", () => {
    const named = /gets an allow-list: the variables the site reads \(([^)]*)\)/.exec(README)?.[1];
    expect(named?.split(", ").map((n) => n.replaceAll("`", ""))).toEqual(SITE_VARIABLES);
  });

  it("gives the site build the site's variables and the process basics, the allocator's setting, and never a password", () => {
    expect(
      siteBuildEnvironment({
        PATH: "/usr/bin",
        OBSERVATORY_DB: "store.sqlite",
        OBSERVATORY_PASSWORD: "secret",
        OBSERVATORY_JID: "crawler@example.org",
        SHELL: "/bin/sh",
      }),
    ).toEqual({ PATH: "/usr/bin", OBSERVATORY_DB: "store.sqlite", OBSERVATORY_JID: "crawler@example.org", MALLOC_ARENA_MAX: "2" });
  });

  it("shows no command line that holds a password, which the shell's history would keep", () => {
    const commands = [...README.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((block) => block[1]!.split("\n"));
    // A password may come from a command's output ("$(pass show …)"), never written out.
    expect(commands.filter((line) => /PASSWORD=(?!"\$\()/.test(line))).toEqual([]);
  });

  it("applies defaults, flags and empty values as documented", () => {
    expect(scheduleSetting(undefined, {})).toBe(VARIABLES.OBSERVATORY_SCHEDULE.default);
    expect(scheduleSetting("*/5 * * * *", { OBSERVATORY_SCHEDULE: "0 1 * * *" })).toBe("*/5 * * * *");
    expect(scheduleSetting(undefined, { OBSERVATORY_SCHEDULE: " 0 1 * * * " })).toBe("0 1 * * *");
    expect(() => scheduleSetting("every hour", {})).toThrow(ConfigError);
    expect(publishDirSetting(undefined, {})).toBe("dist");
    expect(publishDirSetting(undefined, { OBSERVATORY_PUBLISH_DIR: "/srv/site" })).toBe("/srv/site");
    expect(siteOutDir({ OBSERVATORY_SITE_OUT: "out" })).toBe("out");
    expect(seedsPath({})).toBe("data/domains.txt");
    expect(seedsPath({ OBSERVATORY_SEEDS: "" })).toBeUndefined();
    expect(siteUrl({ OBSERVATORY_SITE_URL: "https://example.org/" })).toBe("https://example.org");
    expect(() => siteUrl({ OBSERVATORY_SITE_URL: "ftp://example.org" })).toThrow(ConfigError);
  });

  it("takes the site's security contacts as https:, mailto:, tel: or xmpp: URIs, the project's by default", () => {
    expect(securityContacts({})).toEqual(["https://github.com/serverinfo-observatory/serverinfo-observatory/security/advisories/new"]);
    expect(securityContacts({ OBSERVATORY_SECURITY_CONTACT: " mailto:security@example.org  xmpp:security@example.org " })).toEqual([
      "mailto:security@example.org",
      "xmpp:security@example.org",
    ]);
    for (const bad of ["security@example.org", "http://example.org/security", "mailto:", "javascript:alert(1)"])
      expect(() => securityContacts({ OBSERVATORY_SECURITY_CONTACT: bad }), bad).toThrow(ConfigError);
  });

  it("reads where the contact checks may go, and refuses a bad value with a clear message", () => {
    expect(networkConfig({})).toEqual({ contactChecks: true, dnsServers: [], extraCa: undefined, allowNetwork: undefined });
    expect(networkConfig({ OBSERVATORY_DNS_SERVERS: "127.0.0.153, [::1]:53 192.0.2.1:5353", OBSERVATORY_ALLOW_NETWORK: "127.0.0.0/8" })).toMatchObject({
      dnsServers: ["127.0.0.153", "[::1]:53", "192.0.2.1:5353"],
      allowNetwork: ["127.0.0.0", 8],
    });
    expect(networkConfig({ OBSERVATORY_CONTACT_CHECKS: "off" }).contactChecks).toBe(false);
    expect(() => networkConfig({ OBSERVATORY_DNS_SERVERS: "dns.example.org" })).toThrow(
      new ConfigError('OBSERVATORY_DNS_SERVERS: "dns.example.org" is not an IP address'),
    );
    expect(() => networkConfig({ OBSERVATORY_ALLOW_NETWORK: "127.0.0.1" })).toThrow(/must be one network in CIDR notation/);
    expect(() => networkConfig({ OBSERVATORY_ALLOW_NETWORK: "10.0.0.0/33" })).toThrow(/CIDR/);
    expect(() => networkConfig({ OBSERVATORY_HTTPS_CA: "/nonexistent/ca.pem" })).toThrow(/OBSERVATORY_HTTPS_CA: cannot read \/nonexistent\/ca.pem/);
    expect(() => networkConfig({ OBSERVATORY_HTTPS_CA: fileURLToPath(import.meta.url) })).toThrow(/holds no PEM certificate/);
    expect(() => networkConfig({ OBSERVATORY_CONTACT_CHECKS: "maybe" })).toThrow(/must be on or off/);
  });

  it("reads .env without putting its values in the process's environment, where every child process would inherit them", () => {
    const dir = mkdtempSync(`${tmpdir()}/dotenv-`);
    writeFileSync(`${dir}/.env`, "OBSERVATORY_PASSWORD=from-dotenv-secret\nOBSERVATORY_SITE_URL=https://from-dotenv.example\n");
    const config = fileURLToPath(new URL("./config.ts", import.meta.url));
    const script = `import { siteUrl } from ${JSON.stringify(config)};
const url = siteUrl();
process.stdout.write(JSON.stringify({ url, inEnvironment: process.env.OBSERVATORY_PASSWORD ?? null }));`;
    const env = { ...process.env };
    delete env.OBSERVATORY_PASSWORD;
    delete env.OBSERVATORY_SITE_URL;
    // tsx by its path: the child runs in the folder of the .env, outside the project.
    const tsx = new URL("../node_modules/tsx/dist/loader.mjs", import.meta.url).href;
    const run = spawnSync(process.execPath, ["--import", tsx, "--input-type=module", "-e", script], { cwd: dir, env, encoding: "utf8", timeout: 60_000 });
    rmSync(dir, { recursive: true, force: true });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({ url: "https://from-dotenv.example", inEnvironment: null });
  }, 60_000);

  it("reads a variable set but empty as none, and refuses it where none is no value", () => {
    expect(seedsPath({ OBSERVATORY_SEEDS: "" })).toBeUndefined();
    expect(optoutPath({ OBSERVATORY_OPTOUT: " " })).toBeUndefined();
    for (const [name, read] of [
      ["OBSERVATORY_DB", () => databasePath({ OBSERVATORY_DB: "" })],
      ["OBSERVATORY_SCHEDULE", () => scheduleSetting(undefined, { OBSERVATORY_SCHEDULE: "" })],
      ["OBSERVATORY_PUBLISH_DIR", () => publishDirSetting(undefined, { OBSERVATORY_PUBLISH_DIR: "" })],
      ["OBSERVATORY_CONTACT_CHECKS", () => networkConfig({ OBSERVATORY_CONTACT_CHECKS: "" })],
      ["OBSERVATORY_SITE_URL", () => siteUrl({ OBSERVATORY_SITE_URL: "" })],
    ] as const)
      expect(read, name).toThrow(new RegExp(`^${name} is set but empty, and it cannot be none; unset it to use the default "`));
    expect(() => databasePath({ OBSERVATORY_DB: "" })).toThrow(
      'OBSERVATORY_DB is set but empty, and it cannot be none; unset it to use the default "data/observatory.sqlite"',
    );
  });

  it("reads the vantages: each account with its numbered password and service, and the control domain", () => {
    const env = {
      OBSERVATORY_VANTAGES: "crawler@p13.test, Crawler@EJ24.test",
      OBSERVATORY_VANTAGE_PASSWORD_1: "one",
      OBSERVATORY_VANTAGE_SERVICE_1: "xmpp://127.0.0.40:5222",
      OBSERVATORY_VANTAGE_PASSWORD_2: "two",
      OBSERVATORY_VANTAGE_CONTROL: "Good.test",
    };
    expect(vantagesConfig(env)).toEqual({
      vantages: [
        { name: "p13.test", jid: "crawler@p13.test", password: "one", service: "xmpp://127.0.0.40:5222", loginTimeoutMs: 30_000, dnsServers: [] },
        { name: "ej24.test", jid: "crawler@ej24.test", password: "two", service: undefined, loginTimeoutMs: 30_000, dnsServers: [] },
      ],
      control: "good.test",
    });
    expect(vantagesConfig({})).toEqual({ vantages: [], control: undefined });
    expect(() => vantagesConfig({ OBSERVATORY_VANTAGES: "crawler@p13.test" })).toThrow(
      "OBSERVATORY_VANTAGE_PASSWORD_1 is not set: give the password of crawler@p13.test, the vantage number 1",
    );
    expect(() => vantagesConfig({ OBSERVATORY_VANTAGES: "p13.test" })).toThrow('OBSERVATORY_VANTAGES: "p13.test" is not a bare account JID, localpart@domain');
    expect(() =>
      vantagesConfig({ OBSERVATORY_VANTAGES: "a@p13.test b@p13.test", OBSERVATORY_VANTAGE_PASSWORD_1: "x", OBSERVATORY_VANTAGE_PASSWORD_2: "y" }),
    ).toThrow("OBSERVATORY_VANTAGES: two accounts on p13.test; each vantage must be on another server");
  });
});
