// observatory check, as an operator runs it against their own server.
import { describe, expect, it } from "vitest";
import { Store } from "../../crawler/store/store.ts";
import { checkOutputValidator } from "../helpers/schema.ts";
import { crawlerEnv, freshDb, observatory, start } from "./cli.ts";

describe("observatory check", () => {
  it("prints JSON that validates against the published schema, and stores it", async () => {
    const db = freshDb();
    const result = await observatory(["check", "--json", "good.test", "ej.test", "dead.test", "hostile.test"], crawlerEnv({ OBSERVATORY_DB: db }));
    expect(result.code, result.stderr).toBe(1); // dead.test is unreachable, hostile.test has errors
    const output = JSON.parse(result.stdout);
    const validate = checkOutputValidator();
    expect(validate(output), JSON.stringify(validate.errors)).toBe(true);
    expect(output.map((r: { domain: string; outcome: string }) => [r.domain, r.outcome])).toEqual([
      ["good.test", "ok"],
      ["ej.test", "ok"],
      ["dead.test", "remote-server-not-found"],
      ["hostile.test", "ok"],
    ]);
    expect(output[2].error).toEqual({ condition: "remote-server-not-found", type: "cancel", text: expect.any(String), by: "home.test" });
    const store = Store.open(db);
    expect(store.probes.latestReport("good.test")?.administrators).toEqual(["admin@good.test"]);
    expect(store.domains.list().map((d) => d.domain)).toEqual(["dead.test", "ej.test", "good.test", "hostile.test"]);
    store.close();
  });

  it("prints one object for one domain, exits 0 without error findings, and stores nothing with --no-store", async () => {
    const db = freshDb();
    const result = await observatory(["check", "--json", "--no-store", "ej.test"], crawlerEnv({ OBSERVATORY_DB: db }));
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ domain: "ej.test", software: { name: "ejabberd" } });
    const store = Store.open(db);
    expect(store.probes.latestReport("ej.test")).toBeUndefined();
    store.close();
  });

  it("refuses a domain that opted out, probing and storing nothing", async () => {
    const db = freshDb();
    const env = crawlerEnv({ OBSERVATORY_DB: db });
    expect((await observatory(["domains", "optout", "good.test"], env)).code).toBe(0);
    const result = await observatory(["check", "good.test", "ej.test"], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("observatory: good.test opted out of this observatory and is not probed");
    const store = Store.open(db);
    expect(store.probes.latestReport("ej.test")).toBeUndefined();
    store.close();
  });

  it("prints a readable report with findings by severity and the fix for the detected software", async () => {
    const result = await observatory(["check", "--no-store", "bad.test"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("bad.test: reachable");
    expect(result.stdout).toContain("software: Prosody 0.12");
    expect(result.stdout).toMatch(/1 error:\n {2}\[address-unsafe-scheme\] bad\.test/);
    expect(result.stdout).toContain('fix: An empty string in contact_info (such as feedback = { "" }) becomes an empty <value/>; remove it.');
    // Prosody names whichever lookup failed first, A or AAAA.
    expect(result.stdout).toMatch(/ghost\.bad\.test — remote-server-not-found: Server-to-server connection failed: NXDomain in (?:A|AAAA) lookup/);
  });

  it("names the version of each server, and gives the fixes for its generation: Prosody 13 and ejabberd 24", async () => {
    const result = await observatory(["check", "--no-store", "good.test", "ej.test", "p13.test", "ej24.test"]);
    const lines = result.stdout.split("\n").filter((line) => line.startsWith("  software: "));
    expect(lines).toEqual([
      "  software: Prosody 0.12.3 on Linux (fixes for Prosody 0.12 (and older))",
      "  software: ejabberd 23.01-1 (fixes for ejabberd 23 (and older))",
      "  software: Prosody 13.0.1 on Linux (fixes for Prosody 13)",
      "  software: ejabberd 24.12-3~bpo12+1 (fixes for ejabberd 24 and later)",
    ]);
  });

  it("shows administrators distinctly, and neutralises control characters from hostile servers", async () => {
    const good = await observatory(["check", "--no-store", "good.test"]);
    expect(good.stdout).toContain("★ administrators (service admins, owners of every room and node): admin@good.test");
    const hostile = await observatory(["check", "--no-store", "hostile.test"]);
    expect(hostile.stdout).not.toContain("\u202e");
    expect(hostile.stdout).toContain("\\u{202e}");
  });

  it("ends quietly, exit 0, when its standard output is closed before the report is written (check … | head, a pager quit early)", async () => {
    const run = start(["check", "--no-store", "good.test"], crawlerEnv({ OBSERVATORY_DB: freshDb() }));
    // Closed before the check has probed anything: the report then meets a pipe nobody reads.
    run.child.stdout!.destroy();
    const result = await run.done;
    expect(result.stderr).not.toContain("EPIPE");
    expect(result.stderr).not.toContain("internal error");
    expect(result.code, result.stderr).toBe(0);
  });

  it("explains an unreachable domain and whose server said so", async () => {
    const result = await observatory(["check", "--no-store", "nxdomain.test"]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /nxdomain\.test: unreachable: our server could not resolve or connect to it: Server-to-server connection failed: NXDomain in (?:A|AAAA) lookup \(reported by home\.test, not by the domain\)/,
    );
  });

  it("exits 3 when our own account cannot log in, and 2 on bad input or configuration", async () => {
    const badLogin = await observatory(["check", "good.test"], crawlerEnv({ OBSERVATORY_PASSWORD: "wrong", OBSERVATORY_DB: freshDb() }));
    expect(badLogin.code).toBe(3);
    expect(badLogin.stderr).toMatch(/^observatory: cannot log in as crawler@home\.test via xmpp:\/\/127\.0\.0\.2:5222: not-authorized/);
    const badDomain = await observatory(["check", "-x.test"]);
    expect(badDomain.code).toBe(2);
    const badService = await observatory(["check", "good.test"], crawlerEnv({ OBSERVATORY_SERVICE: "http://127.0.0.2" }));
    expect(badService.code).toBe(2);
    expect(badService.stderr).toBe('observatory: OBSERVATORY_SERVICE "http://127.0.0.2" must look like xmpp://host:5222 or xmpps://host:5223\n');
    const noJid = await observatory(["check", "good.test"], crawlerEnv({ OBSERVATORY_JID: "" }));
    expect(noJid.code).toBe(2);
    expect(noJid.stderr.split("\n")).toHaveLength(2); // one line, no stack trace
  });

  it("says in one line, exit 2, what is wrong with a store under a file or in /proc, a time past its bound, and a list that is not text", async () => {
    const underFile = await observatory(["status"], crawlerEnv({ OBSERVATORY_DB: "/etc/passwd/x.sqlite" }));
    expect([underFile.code, underFile.stderr]).toEqual([2, "observatory: cannot put the store under /etc/passwd: it is a file, not a folder\n"]);
    // Node's recursive mkdir would loop for ever here; the store makes one level at a time.
    const inProc = await observatory(["status"], crawlerEnv({ OBSERVATORY_DB: "/proc/self/observatory/x.sqlite" }));
    expect(inProc.code).toBe(2);
    expect(inProc.stderr).toMatch(/^observatory: cannot create the folder \/proc\/self\/observatory for the store: [^\n]+\n$/);
    const timeout = await observatory(["check", "--timeout", "1e9", "good.test"]);
    expect([timeout.code, timeout.stderr]).toEqual([2, 'observatory: --timeout must be a whole number from 1 to 600, not "1e9"\n']);
    const { writeFileSync } = await import("node:fs");
    const binary = `${freshDb()}.bin`;
    writeFileSync(binary, Buffer.concat([Buffer.from("\x7fELF"), Buffer.alloc(64), Buffer.from("good.test\n".repeat(50))]));
    const imported = await observatory(["domains", "import", binary], crawlerEnv({ OBSERVATORY_DB: freshDb() }));
    expect([imported.code, imported.stderr]).toEqual([
      2,
      `observatory: cannot read ${binary}: it is not a text file (it holds NUL bytes); give one domain a line, or XMPP Providers JSON\n`,
    ]);
    // A text list with many bad lines: the first 20 are named, the rest counted.
    const noisy = `${freshDb()}.txt`;
    writeFileSync(noisy, Array.from({ length: 50 }, (_, i) => `not a domain ${i}`).join("\n"));
    const skipped = await observatory(["domains", "import", noisy], crawlerEnv({ OBSERVATORY_DB: freshDb() }));
    const lines = skipped.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(21);
    expect(lines.at(-1)).toBe(`${noisy}: and 30 more lines skipped`);
  });
});

describe("observatory domains", () => {
  it("normalises, rejects bad names clearly, and imports a file past its bad lines", async () => {
    const env = crawlerEnv({ OBSERVATORY_DB: freshDb() });
    expect((await observatory(["domains", "add", "Example.ORG.", "bücher.example"], env)).stdout).toBe("2 added, 0 already known.\n");
    const bad = await observatory(["domains", "add", "user@example.org"], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("is an address (with '@'), not a domain");
    const { writeFileSync } = await import("node:fs");
    const file = `${freshDb()}.txt`;
    writeFileSync(file, "# providers\nexample.org\nnew.example\nhttp://bad\n\nxn--bcher-kva.example\n");
    const imported = await observatory(["domains", "import", file], env);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toBe("1 added, 2 already known.\n");
    expect(imported.stderr).toContain(`${file}:4: skipped "http://bad"`);
    const list = JSON.parse((await observatory(["domains", "list", "--json"], env)).stdout);
    expect(list.map((d: { domain: string }) => d.domain)).toEqual(["bücher.example", "example.org", "new.example"]);
    expect((await observatory(["domains", "remove", "EXAMPLE.org"], env)).stdout).toBe("1 removed.\n");
    // The XMPP Providers format: a JSON array of items with a jid field.
    const providers = `${freshDb()}.json`;
    writeFileSync(providers, JSON.stringify([{ jid: "provider.example", category: "A" }, { jid: "new.example" }, { website: "no jid" }]));
    const json = await observatory(["domains", "import", providers], env);
    expect(json.stdout).toBe("1 added, 1 already known.\n");
    expect(json.stderr).toContain(`${providers}:3: skipped: item has no jid field`);
    const http = await observatory(["domains", "import", "http://insecure.example/list.txt"], env);
    expect(http.code).toBe(2);
    expect(http.stderr).toContain("only https:// URLs can be imported");
  });
});
