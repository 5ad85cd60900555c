// Politeness holds per process, not per check: every chat check of one observatory goes through one
// web client, which paces the address each request connects to, as well as its name. Twenty names
// on the web server's one address, published by three domains that three people ask the bot to
// check at the same moment, reach that address at most once a second.
import { readFileSync } from "node:fs";
import type { ChildProcess } from "node:child_process";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { ADDRESSES, CROWD, PEOPLE } from "../../scripts/federation/spec.ts";
import { crawlerEnv, freshDb, startLogged } from "./cli.ts";
import { person, stopPeople } from "./people.ts";
import { until } from "../helpers/until.ts";

const webLog = () => readFileSync(`${inject("federation").dir}/web.log`, "utf8");

let bot: ChildProcess | undefined;
afterEach(() => {
  if (bot && bot.exitCode === null) bot.kill("SIGKILL");
});
afterAll(() => stopPeople());

describe("politeness per process", () => {
  it("sends one request a second to an address, however many names and chat checks share it", async () => {
    const run = startLogged(["bot"], crawlerEnv({ OBSERVATORY_DB: freshDb(), OBSERVATORY_SEEDS: "", OBSERVATORY_OPTOUT: "" }));
    bot = run.child;
    await until("the inbox to be online", () => run.log().includes('"event":"chat-inbox-online"'));
    const askers = await Promise.all([PEOPLE.operator, PEOPLE.stranger, PEOPLE.schemeless].map((who) => person(who)));
    const logBefore = webLog().length;

    const replies = await Promise.all(askers.map((asker, i) => asker.ask(`check ${CROWD.domains[i]}`)));
    // Every page was reached and answered: the wait for its turn is politeness, never counted as the page's slowness.
    expect(replies.map((r) => r.split("\n").find((line) => line.startsWith("Contacts: ")))).toEqual([
      "Contacts: 7 work, 0 broken, 0 not checked.",
      "Contacts: 7 work, 0 broken, 0 not checked.",
      "Contacts: 6 work, 0 broken, 0 not checked.",
    ]);

    // The web server's log: "<arrival time> <our address> <host> <path> <status> <user agent>".
    const arrivals = webLog()
      .slice(logBefore)
      .split("\n")
      .map((line) => line.split(" "))
      .filter(([, address]) => address === ADDRESSES.web);
    expect(new Set(arrivals.map(([, , host]) => host))).toEqual(new Set(CROWD.names));
    expect(arrivals).toHaveLength(20);
    const times = arrivals.map(([at]) => Date.parse(at!)).sort((a, b) => a - b);
    // Each request arrives at least a second after the one before (a little slack for timer precision).
    // A slow machine only spreads them further apart.
    const gaps = times.slice(1).map((t, i) => t - times[i]!);
    expect(gaps.filter((gap) => gap < 950)).toEqual([]);

    bot.kill("SIGTERM");
    expect((await run.done).code).toBe(0);
  }, 120_000);
});
