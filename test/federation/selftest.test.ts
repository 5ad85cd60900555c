// observatory selftest, run as an operator would, against real Prosody 0.12.3, ejabberd 23.01,
// Prosody 13.0.1 and ejabberd 24.12 configured as the proto-XEP wants, and as it does not
// (scripts/federation/spec.ts: admins.test, owners.test, services.test, ejadmins.test,
// ejowners.test; SELFTEST_TODAY: admins13.test, owners13.test, ejadmins24.test, ejowners24.test).
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { SelftestOutput } from "../../crawler/contract.ts";
import { ADDRESSES, SELFTEST_PEOPLE, SELFTEST_TARGETS, SELFTEST_TODAY, SELFTEST_TODAY_TARGETS } from "../../scripts/federation/spec.ts";
import { crawlerEnvFor, ejabberd24FastTokens } from "../../scripts/federation/federation.ts";
import { client as xmppJsClient } from "@xmpp/client";
import { inject } from "vitest";
import { XmppSession } from "../../crawler/xmpp/session.ts";
import { NS_MUC_ADMIN, mucListJids, nodeAffiliations } from "../../crawler/model/owner-answers.ts";
import xml from "@xmpp/xml";
import { answerFromXml } from "../../crawler/model/answer.ts";
import { crawlerEnv, observatory, type RunResult } from "./cli.ts";
import { selftestOutputValidator } from "../helpers/schema.ts";

const PROSODY = `xmpp://${ADDRESSES.prosody}:5222`;
const EJABBERD = `xmpp://${ADDRESSES.ejabberd}:5222`;
const PROSODY13 = `xmpp://${ADDRESSES.prosody13}:5222`;
const EJABBERD24 = `xmpp://${ADDRESSES.ejabberd24}:5222`;
const validate = selftestOutputValidator();

type Person = { username: string; domain: string; password: string };
const jidOf = (p: Person) => `${p.username}@${p.domain}`;

async function selftest(
  domain: string,
  person: Person,
  service: string,
  extra: string[] = [],
  password = person.password,
): Promise<RunResult & { output?: SelftestOutput }> {
  const result = await observatory(
    ["selftest", domain, "--as", jidOf(person), "--json", "--timeout", "3", ...extra],
    crawlerEnv({ OBSERVATORY_SELFTEST_PASSWORD: password, OBSERVATORY_SELFTEST_SERVICE: service }),
  );
  if (result.code !== 0 && result.code !== 1) return result;
  const output = JSON.parse(result.stdout) as SelftestOutput;
  expect(validate(output), JSON.stringify(validate.errors)).toBe(true);
  return { ...result, output };
}

/** Each result as "check status entity", in the report's order. */
const lines = (output: SelftestOutput) => output.results.map((r) => `${r.check} ${r.status} ${r.entity}`);

describe("observatory selftest on Prosody 0.12", () => {
  it("passes an administrator of admins.test: listed, owner of the room and the node, and listed as owner of neither", async () => {
    const { code, stderr, output } = await selftest("admins.test", SELFTEST_PEOPLE.admin, PROSODY);
    expect(code).toBe(0);
    expect(stderr).toContain("Read-only: the self-test sends IQs of type get only.");
    expect(lines(output!)).toEqual([
      "listed pass admins.test",
      "muc-owner-rights pass lobby@rooms.admins.test",
      "muc-not-listed pass lobby@rooms.admins.test",
      "pubsub-owner-rights pass nodes.admins.test node news",
      "pubsub-not-listed pass nodes.admins.test node news",
    ]);
    expect(output!.summary).toEqual({ pass: 5, fail: 0, skip: 0 });
    // Only reads: the session counted every IQ it sent.
    expect(output!.requests.set).toBe(0);
    expect(output!.requests.get).toBeGreaterThanOrEqual(9);
    expect(output!.software).toMatchObject({ name: "Prosody", version: "0.12.3" });
    // The evidence is the raw answer: the owner list names the room's real owner.
    const notListed = output!.results.find((r) => r.check === "muc-not-listed")!;
    const owners = answerFromXml(notListed.evidence[0]!.answer!);
    expect(owners.kind === "stanza" && mucListJids(owners.stanza)).toEqual([SELFTEST_TARGETS.prosodyRoom.owner]);
    expect(output!.checks.find((c) => c.id === "muc-owner-rights")!.spec[0]!.quote).toBe(
      "A Multi-User Chat (XEP-0045) Service should consider an administrator as having the same rights as an owner of all the managed rooms.",
    );
  });

  it('fails owners.test, where component_admins_as_room_owners = false and default_admin_affiliation = "none", with Prosody 0.12\'s fixes', async () => {
    const { code, output } = await selftest("owners.test", SELFTEST_PEOPLE.strictAdmin, PROSODY);
    expect(code).toBe(1);
    expect(lines(output!)).toEqual([
      "listed pass owners.test",
      "muc-owner-rights fail lobby@rooms.owners.test",
      "muc-not-listed skip lobby@rooms.owners.test",
      "pubsub-owner-rights fail nodes.owners.test node news",
      "pubsub-not-listed skip nodes.owners.test node news",
    ]);
    const muc = output!.results.find((r) => r.check === "muc-owner-rights")!;
    expect(muc.why).toBe("The room refused its configuration form (muc#owner get) with <forbidden/>: it does not give you an owner's rights.");
    expect(muc.fix).toContain("remove any `component_admins_as_room_owners = false`");
    expect(muc.evidence[0]!.answer).toContain("<forbidden");
    expect(output!.results.find((r) => r.check === "pubsub-owner-rights")!.fix).toContain("`default_admin_affiliation`");
    expect(output!.results.find((r) => r.check === "muc-not-listed")!.why).toBe(
      "The room did not let you read its owner list (muc#admin get, affiliation owner): <forbidden/>. Whether it lists you cannot be seen.",
    );
  });

  it("says first that an administrator is not listed, and still runs the other checks", async () => {
    const { code, output } = await selftest("admins.test", SELFTEST_PEOPLE.unlisted, PROSODY);
    expect(code).toBe(1);
    expect(lines(output!)).toEqual([
      "listed fail admins.test",
      "muc-owner-rights pass lobby@rooms.admins.test",
      "muc-not-listed pass lobby@rooms.admins.test",
      "pubsub-owner-rights pass nodes.admins.test node news",
      "pubsub-not-listed pass nodes.admins.test node news",
    ]);
    expect(output!.results[0]!.why).toBe("admins.test's administrators field lists admin@admins.test, not unlisted@admins.test. The other checks still ran.");
  });

  it("is not stalled by a service that never lists its rooms, nor by one that lists 20,000 that never answer", async () => {
    const { code, output } = await selftest("services.test", SELFTEST_PEOPLE.servicesAdmin, PROSODY);
    expect(code).toBe(0);
    // Prosody lists the two components in no fixed order: compare the sets.
    expect(lines(output!).sort()).toEqual(
      [
        "listed pass services.test",
        "muc-owner-rights skip room1@many.services.test",
        "muc-owner-rights skip silent.services.test",
        "muc-not-listed skip room1@many.services.test",
        "pubsub-owner-rights skip services.test",
      ].sort(),
    );
    expect(output!.notes.sort()).toEqual(
      [
        "many.services.test listed more rooms than the self-test reads (1024 read; it ignored the XEP-0059 limit of 5): the first 5 were tried.",
        "many.services.test did not answer muc#admin get, affiliation owner to room1@many.services.test within 3 s: nothing more was asked of it.",
        "silent.services.test did not answer disco#items to silent.services.test within 3 s: nothing more was asked of it.",
      ].sort(),
    );
    // One timeout per service, not one per room or request: the probe's 5 (its two components'
    // disco#info included), then disco#items of each service, and one question to one room.
    expect(output!.requests).toEqual({ get: 8, set: 0 });
  });

  it("changes nothing: the room's owner list is the same after the runs", async () => {
    const session = await XmppSession.open({ jid: jidOf(SELFTEST_PEOPLE.admin), password: SELFTEST_PEOPLE.admin.password, service: PROSODY });
    try {
      const answer = await session.request(
        SELFTEST_TARGETS.prosodyRoom.jid,
        xml("query", { xmlns: NS_MUC_ADMIN }, xml("item", { affiliation: "owner" })),
        10_000,
      );
      expect(answer.kind === "stanza" && mucListJids(answer.stanza)).toEqual([SELFTEST_TARGETS.prosodyRoom.owner]);
    } finally {
      await session.close();
    }
  });
});

describe("observatory selftest on ejabberd 23.01", () => {
  it("passes ejadmins.test, whose mod_muc access_admin names the administrator; the service bounds its room list itself (XEP-0059)", async () => {
    const { code, output } = await selftest("ejadmins.test", SELFTEST_PEOPLE.ejabberdAdmin, EJABBERD);
    expect(code).toBe(0);
    expect(output!.software?.name).toBe("ejabberd");
    const rooms = output!.results.filter((r) => r.check === "muc-owner-rights");
    expect(rooms).toHaveLength(5);
    expect(rooms.every((r) => r.status === "pass")).toBe(true);
    expect(output!.results.filter((r) => r.check === "muc-not-listed").every((r) => r.status === "pass")).toBe(true);
    expect(output!.results[0]).toMatchObject({ check: "listed", status: "pass" });
    expect(output!.notes).toEqual(["conference.ejadmins.test holds 6 rooms (its own count, XEP-0059): the first 5 it sent were tried."]);
  });

  it("fails ejowners.test, whose mod_muc has no access_admin, with ejabberd's fix", async () => {
    const { code, output } = await selftest("ejowners.test", SELFTEST_PEOPLE.ejabberdStrictAdmin, EJABBERD);
    expect(code).toBe(1);
    expect(lines(output!)).toEqual([
      "listed pass ejowners.test",
      "muc-owner-rights fail lobby@conference.ejowners.test",
      "muc-not-listed skip lobby@conference.ejowners.test",
      "pubsub-owner-rights skip ejowners.test",
    ]);
    expect(output!.results[1]!.fix).toContain("`mod_muc: access_admin: muc_admin`");
  });
});

describe("observatory selftest on Prosody 13.0.1", () => {
  it("fails owners.test's twin on 13, owners13.test, with 13's defaults for rooms (component admins are not room owners) and default_admin_affiliation = \"none\", with 13's fixes", async () => {
    const { code, output } = await selftest("owners13.test", SELFTEST_TODAY.prosody13StrictAdmin, PROSODY13);
    expect(code).toBe(1);
    expect(output!.software).toMatchObject({ name: "Prosody", version: "13.0.1" });
    expect(lines(output!)).toEqual([
      "listed pass owners13.test",
      "muc-owner-rights fail lobby@rooms.owners13.test",
      "muc-not-listed skip lobby@rooms.owners13.test",
      "pubsub-owner-rights fail nodes.owners13.test node news",
      "pubsub-not-listed skip nodes.owners13.test node news",
    ]);
    const muc = output!.results.find((r) => r.check === "muc-owner-rights")!;
    expect(muc.why).toBe("The room refused its configuration form (muc#owner get) with <forbidden/>: it does not give you an owner's rights.");
    expect(muc.fix).toContain("add `component_admins_as_room_owners = true` to the MUC Component section");
    expect(output!.results.find((r) => r.check === "pubsub-owner-rights")!.fix).toContain("Prosody 13's mod_pubsub");
  });

  it("passes admins13.test, which carries the 13 fixes' text: rooms make the component's admin an owner without listing them among the owners, and so do nodes", async () => {
    const { code, output } = await selftest("admins13.test", SELFTEST_TODAY.prosody13Admin, PROSODY13);
    expect(code).toBe(0);
    expect(lines(output!)).toEqual([
      "listed pass admins13.test",
      "muc-owner-rights pass lobby@rooms.admins13.test",
      "muc-not-listed pass lobby@rooms.admins13.test",
      "pubsub-owner-rights pass nodes.admins13.test node news",
      "pubsub-not-listed pass nodes.admins13.test node news",
    ]);
    expect(output!.requests.set).toBe(0);
    // What 13 answers when asked for the owners: only the room's and the node's real owner.
    const owners = answerFromXml(output!.results.find((r) => r.check === "muc-not-listed")!.evidence[0]!.answer!);
    expect(owners.kind === "stanza" && mucListJids(owners.stanza)).toEqual([SELFTEST_TODAY_TARGETS.prosody13Room.owner]);
    const affiliations = answerFromXml(output!.results.find((r) => r.check === "pubsub-not-listed")!.evidence[0]!.answer!);
    expect(affiliations.kind === "stanza" && nodeAffiliations(affiliations.stanza)).toEqual([
      { jid: SELFTEST_TODAY_TARGETS.prosody13Node.owner, affiliation: "owner" },
    ]);
  });
});

describe("observatory selftest on ejabberd 24.12", () => {
  it("passes ejadmins24.test's rooms (mod_muc access_admin), and fails its PubSub node with ejabberd 24's fix: no option makes administrators owners", async () => {
    const { code, output } = await selftest("ejadmins24.test", SELFTEST_TODAY.ejabberd24Admin, EJABBERD24);
    expect(code).toBe(1);
    expect(output!.software).toMatchObject({ name: "ejabberd", version: "24.12-3~bpo12+1" });
    expect(lines(output!)).toEqual([
      "listed pass ejadmins24.test",
      "muc-owner-rights pass lobby@conference.ejadmins24.test",
      "muc-not-listed pass lobby@conference.ejadmins24.test",
      "pubsub-owner-rights fail pubsub.ejadmins24.test node news",
      "pubsub-not-listed skip pubsub.ejadmins24.test node news",
    ]);
    const pubsub = output!.results.find((r) => r.check === "pubsub-owner-rights")!;
    expect(pubsub.fix).toMatch(/^ejabberd 24\.12's mod_pubsub/);
    expect(pubsub.fix).toContain("no option makes service administrators owners of every node");
    expect(pubsub.evidence[0]!.answer).toContain("Owner privileges required");
  });

  it("fails ejowners24.test, whose mod_muc has no access_admin, with ejabberd's access_admin fix", async () => {
    const { code, output } = await selftest("ejowners24.test", SELFTEST_TODAY.ejabberd24StrictAdmin, EJABBERD24);
    expect(code).toBe(1);
    expect(lines(output!)).toEqual([
      "listed pass ejowners24.test",
      "muc-owner-rights fail lobby@conference.ejowners24.test",
      "muc-not-listed skip lobby@conference.ejowners24.test",
      "pubsub-owner-rights skip ejowners24.test",
    ]);
    expect(output!.results[1]!.fix).toContain("`mod_muc: access_admin: muc_admin`");
  });

  it("leaves no FAST token (XEP-0484) on a server that offers them, after a check and a self-test, as the server's own table shows; xmpp.js's own client leaves one", async () => {
    const f = inject("federation");
    const home = f.homes.find((h) => h.domain === "ej24.test")!;
    const check = await observatory(
      ["check", "--json", "--no-store", "ej24.test"],
      crawlerEnvFor({ caCert: f.caCert, password: f.password, service: home.service, jid: home.jid }),
    );
    expect(check.stderr).not.toMatch(/cannot log in/);
    const run = await selftest("ejadmins24.test", SELFTEST_TODAY.ejabberd24Admin, EJABBERD24);
    expect(run.output!.results[0]).toMatchObject({ check: "listed", status: "pass" });
    expect(await ejabberd24FastTokens(f.dir)).toEqual([]);

    // The listing sees a token when a client asks for one: xmpp.js's own client does, by default.
    const { username, domain, password } = SELFTEST_TODAY.fastClient;
    // Its own timeout (2 s) is short for a loaded machine: a first attempt that times out is retried
    // by its reconnection, and its error, with no listener, would be thrown out of xmpp.js's middleware.
    const asking = xmppJsClient({ service: EJABBERD24, domain, username, password, timeout: 30_000 });
    asking.on("error", () => {});
    await asking.start();
    await asking.stop();
    expect(await ejabberd24FastTokens(f.dir)).toEqual([jidOf(SELFTEST_TODAY.fastClient)]);
  });
});

describe("observatory selftest: credentials and failures", () => {
  it("exits 3 when the login is refused, and 2 without a password and without a terminal", async () => {
    const refused = await selftest("admins.test", SELFTEST_PEOPLE.admin, PROSODY, [], "not the password");
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain("cannot log in as admin@admins.test");
    const env = crawlerEnv({ OBSERVATORY_SELFTEST_SERVICE: PROSODY });
    delete env.OBSERVATORY_SELFTEST_PASSWORD;
    const none = await observatory(["selftest", "admins.test", "--as", jidOf(SELFTEST_PEOPLE.admin)], env);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("no password for admin@admins.test: set OBSERVATORY_SELFTEST_PASSWORD, or run on a terminal to be asked");
    const bad = await observatory(["selftest", "admins.test", "--as", "admin@admins.test/laptop"], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("must be a bare account JID");
  });

  it("prints no one else's secret: the room's password in its owner form is redacted in --json and in the text, and the output says so", async () => {
    const secret = SELFTEST_TARGETS.prosodyRoom.password;
    const json = await selftest("admins.test", SELFTEST_PEOPLE.admin, PROSODY);
    expect(json.code, json.stderr).toBe(0);
    expect(json.stdout + json.stderr).not.toContain(secret);
    const evidence = json.output!.results.find((r) => r.check === "muc-owner-rights")!.evidence[0]!;
    expect(evidence.answer).toContain("muc#roomconfig_roomsecret");
    expect(evidence.answer).toContain("<value>[redacted]</value>");
    expect(evidence.redacted).toBe("the value of 1 private field was replaced by [redacted]: muc#roomconfig_roomsecret");
    const text = await observatory(
      ["selftest", "admins.test", "--as", jidOf(SELFTEST_PEOPLE.admin), "--timeout", "3"],
      crawlerEnv({ OBSERVATORY_SELFTEST_PASSWORD: SELFTEST_PEOPLE.admin.password, OBSERVATORY_SELFTEST_SERVICE: PROSODY }),
    );
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout + text.stderr).not.toContain(secret);
    expect(text.stdout).toContain("(redacted: the value of 1 private field was replaced by [redacted]: muc#roomconfig_roomsecret)");
  });

  it("asks for the password on a terminal without echoing it (script(1) gives it a real terminal)", async () => {
    const env = crawlerEnv({ OBSERVATORY_SELFTEST_SERVICE: PROSODY });
    delete env.OBSERVATORY_SELFTEST_PASSWORD;
    const bin = fileURLToPath(new URL("../../bin/observatory.mjs", import.meta.url));
    const command = `${process.execPath} ${bin} selftest admins.test --as ${jidOf(SELFTEST_PEOPLE.admin)} --timeout 3`;
    const child = spawn("script", ["-qec", command, "/dev/null"], { env, stdio: ["pipe", "pipe", "pipe"] });
    let transcript = "";
    let typed = false;
    child.stdout.on("data", (d: Buffer) => {
      transcript += d.toString();
      if (!typed && transcript.includes("(not shown): ")) {
        typed = true;
        child.stdin.write(`${SELFTEST_PEOPLE.admin.password}\r`);
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    expect(transcript).toContain("Password for admin@admins.test (not shown): ");
    expect(transcript).not.toContain(SELFTEST_PEOPLE.admin.password);
    expect(transcript).toContain("5 passed, 0 failed, 0 skipped");
    expect(code).toBe(0);
  });
});
