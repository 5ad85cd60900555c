import { describe, expect, it } from "vitest";
import { analyzeProbe } from "../probe/analyze.ts";
import { answers, fixture } from "../../test/helpers/fixtures.ts";
import { isJudged, isReachable, type Outcome } from "../contract.ts";
import { explainOutcome, explainVantages } from "../present/explain.ts";
import { judge } from "../judge/verdict.ts";
import {
  describeVantage,
  isNetworkFailure,
  judgedWithOwnServerSick,
  mayBeWorthAskingElsewhere,
  ownServerProblem,
  vantagesThatFailed,
  withVantages,
  worthAskingElsewhere,
} from "./federation.ts";

const report = (domain: string, file: string) => analyzeProbe(answers(domain, { info: fixture(file) }), 20);
const expired = { condition: "remote-server-not-found", type: "cancel", text: "certificate has expired", by: "home.test" };

describe("federation: more than one vantage", () => {
  it("asks again only after a network failure: a stanza error from the domain is its answer, the same from everywhere", () => {
    expect(isNetworkFailure("remote-server-not-found")).toBe(true);
    expect(isNetworkFailure("remote-server-timeout")).toBe(true);
    expect(isNetworkFailure("timeout")).toBe(true);
    expect(isNetworkFailure("error")).toBe(false);
    expect(isNetworkFailure("ok")).toBe(false);
    expect(isNetworkFailure("internal-error")).toBe(false);
  });

  it("while our own server is sick, any failure of its own is asked again: even a stanza error may be its own", () => {
    expect(worthAskingElsewhere("error", true)).toBe(true);
    expect(worthAskingElsewhere("error", false)).toBe(false);
    expect(worthAskingElsewhere("timeout", false)).toBe(true);
    expect(worthAskingElsewhere("ok", true)).toBe(false);
    expect(worthAskingElsewhere("internal-error", true)).toBe(false);
    // Before it is known whether our own server is sick (the chat's check), any failure opens the other vantages.
    expect(["ok", "error", "timeout", "remote-server-not-found", "internal-error"].map((o) => mayBeWorthAskingElsewhere(o as Outcome))).toEqual([
      false,
      true,
      true,
      true,
      false,
    ]);
  });

  it("a failure only our own sick server saw, with no other vantage to confirm it, is unconfirmed: not judged, neither unreachable nor a finding, nor a step towards dormancy", () => {
    const failed = report("dead.test", "errors/disco-info.dead.test.xml");
    const sick = withVantages(failed, [{ vantage: "home.test", outcome: failed.outcome, error: failed.error! }], undefined, true);
    expect({ outcome: sick.outcome, level: judge(sick).level, findings: sick.findings, error: sick.error }).toEqual({
      outcome: "unconfirmed",
      level: "not-judged",
      findings: [],
      // Our own server's own words, as it gave them.
      error: { condition: "remote-server-not-found", type: "cancel", text: "Server-to-server connection failed: connection refused", by: "home.test" },
    });
    expect(sick.vantages).toEqual([{ vantage: "home.test", outcome: "remote-server-not-found", error: failed.error }]);
    expect({ reachable: isReachable(sick.outcome), judged: isJudged(sick.outcome) }).toEqual({ reachable: false, judged: false });
    // Its own explanation: who failed, and that no working vantage could confirm it; not "the observatory failed on its answer".
    expect(explainOutcome(sick)).toBe(
      "not judged: only our own server failed on it (home.test: remote-server-not-found (Server-to-server connection failed: connection refused)), while our own server was found to be the problem in that crawl, and no working vantage could confirm the failure",
    );
    expect(explainVantages(sick)).toEqual([
      "home.test: unreachable: its server could not resolve or connect to it: Server-to-server connection failed: connection refused (reported by home.test, not by the domain)",
    ]);
    // Another working vantage failed too: the failure is confirmed, whatever our own server's state.
    const confirmed = withVantages(
      failed,
      [
        { vantage: "home.test", outcome: failed.outcome },
        { vantage: "p13.test", outcome: "timeout" },
      ],
      undefined,
      true,
    );
    expect(judge(confirmed).level).toBe("unreachable");
  });

  it("reached from some vantages only: reachable, the report through the one that reached it, with a warning naming who could not, in its own words", () => {
    const through = report("good.test", "prosody-0.12.3/disco-info.good.test.xml");
    const judged = withVantages(
      through,
      [
        { vantage: "home.test", outcome: "remote-server-not-found", error: expired },
        { vantage: "p13.test", outcome: "ok" },
      ],
      "p13.test",
    );
    expect(judged.via).toBe("p13.test");
    expect(judged.findings.filter((f) => f.rule === "federation-partial")).toEqual([
      {
        rule: "federation-partial",
        severity: "warning",
        subject: "good.test",
        message: "good.test answered through p13.test, but one server could not reach it: home.test: remote-server-not-found (certificate has expired).",
      },
    ]);
    expect(judge(judged).level).toBe("warnings");
    expect(vantagesThatFailed(judged)).toEqual(["home.test"]);
  });

  it("our own server sick (it could not reach the control domain either): reachable through the other vantage, and no finding against the domain", () => {
    const through = report("good.test", "prosody-0.12.3/disco-info.good.test.xml");
    const judged = withVantages(
      through,
      [
        { vantage: "home.test", outcome: "remote-server-timeout" },
        { vantage: "p13.test", outcome: "ok" },
      ],
      "p13.test",
      true,
    );
    expect({ via: judged.via, partial: judged.findings.filter((f) => f.rule === "federation-partial") }).toEqual({ via: "p13.test", partial: [] });
  });

  it("reached by none: unreachable, from every vantage asked, and no federation finding", () => {
    const dead = report("dead.test", "errors/disco-info.dead.test.xml");
    const judged = withVantages(
      dead,
      [
        { vantage: "home.test", outcome: dead.outcome, ...(dead.error && { error: dead.error }) },
        { vantage: "p13.test", outcome: "timeout" },
      ],
      undefined,
    );
    expect(judge(judged).level).toBe("unreachable");
    expect(judged.vantages?.length).toBe(2);
    expect(judged.via).toBeUndefined();
    expect(judged.findings).toEqual([]);
    expect(vantagesThatFailed(judged)).toEqual([]);
  });

  it("says our own server is the problem when it cannot reach the control domain, or when others reach many of the domains it failed on", () => {
    const healthy = { ok: true, said: "home.test: reached it" };
    expect(ownServerProblem({ homeControl: healthy, asked: 40, reachedElsewhere: 9 })).toBeUndefined();
    expect(ownServerProblem({ homeControl: healthy, asked: 40, reachedElsewhere: 12 })).toBeUndefined();
    expect(ownServerProblem({ homeControl: healthy, asked: 20, reachedElsewhere: 10 })).toBe(
      "other vantages reached 10 of the 20 domains our own server could not reach",
    );
    expect(ownServerProblem({ homeControl: { ok: false, said: "home.test: timeout" }, asked: 0, reachedElsewhere: 0 })).toBe(
      "our own server could not reach the domain known to work (home.test: timeout)",
    );
  });

  it("our own server found sick only at the end of a crawl: what it alone failed on is judged again as if that had been known; a confirmed failure, a domain's own error and a domain it reached are not", () => {
    const through = report("good.test", "prosody-0.12.3/disco-info.good.test.xml");
    const home = { vantage: "home.test", outcome: "remote-server-not-found" as const, error: expired };
    const partial = withVantages(through, [home, { vantage: "p13.test", outcome: "ok" }], "p13.test");
    const again = judgedWithOwnServerSick(partial, "home.test")!;
    expect({ via: again.via, partial: again.findings.some((f) => f.rule === "federation-partial"), level: judge(again).level }).toEqual({
      via: "p13.test",
      partial: false,
      level: "clean",
    });
    // Asked of nobody else: unconfirmed, in our own server's words.
    const failed = report("dead.test", "errors/disco-info.dead.test.xml");
    const alone = judgedWithOwnServerSick(failed, "home.test")!;
    expect({ outcome: alone.outcome, level: judge(alone).level, vantages: alone.vantages }).toEqual({
      outcome: "unconfirmed",
      level: "not-judged",
      vantages: [{ vantage: "home.test", outcome: "remote-server-not-found", error: failed.error }],
    });
    const confirmed = withVantages(failed, [home, { vantage: "p13.test", outcome: "timeout" }], undefined);
    expect(judgedWithOwnServerSick(confirmed, "home.test")).toBeUndefined();
    expect(judgedWithOwnServerSick(through, "home.test")).toBeUndefined();
    const ownError = { ...failed, outcome: "error" as const, error: { condition: "item-not-found", by: "dead.test" } };
    expect(judgedWithOwnServerSick(ownError, "home.test")).toBeUndefined();
    // Already judged so: nothing changes.
    expect(judgedWithOwnServerSick(again, "home.test")).toBeUndefined();
    expect(judgedWithOwnServerSick(alone, "home.test")).toBeUndefined();
  });

  it("names a vantage's outcome with its server's text", () => {
    expect(describeVantage({ vantage: "home.test", outcome: "remote-server-not-found", error: expired })).toBe(
      "home.test: remote-server-not-found (certificate has expired)",
    );
    expect(describeVantage({ vantage: "p13.test", outcome: "timeout" })).toBe("p13.test: timeout");
    expect(describeVantage({ vantage: "p13.test", outcome: "ok" })).toBe("p13.test: reached it");
  });
});
