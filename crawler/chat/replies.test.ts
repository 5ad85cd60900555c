import { describe, expect, it } from "vitest";
import type { Change } from "../contract.ts";
import { analyzeProbe } from "../probe/analyze.ts";
import { judge } from "../judge/verdict.ts";
import { answers, fixture, reportWith } from "../../test/helpers/fixtures.ts";
import { emptyContacts } from "../contract.ts";
import { checkReply, HELP, watchNotice, whoamiLine } from "./replies.ts";
import { parseCommand } from "./commands.ts";

describe("replies", () => {
  it("keeps the help to a line of introduction and three of commands, each of which the parser understands as written", () => {
    expect(HELP.split("\n")).toHaveLength(4);
    for (const [example, kind] of [
      ["check example.org", "check"],
      ["whoami", "whoami"],
      ["watch example.org", "watch"],
      ["unwatch example.org", "unwatch"],
      ["watching", "watching"],
      ["opt out example.org", "opt-out"],
    ] as const) {
      expect(HELP).toContain(example);
      expect(parseCommand(example)?.kind, example).toBe(kind);
    }
  });

  it("says how old a stored result is, and how often a domain is probed", () => {
    const good = analyzeProbe(answers("good.test", { info: fixture("prosody-0.12.3/disco-info.good.test.xml") }), 20);
    const first = (freshness: Parameters<typeof checkReply>[2]) => checkReply(good, judge(good), freshness, "https://o.example").split("\n")[0];
    expect(first({ kind: "fresh" })).toBe("good.test: reachable; no findings above info (0 errors, 0 warnings, 4 notes); probed just now.");
    // good's probedAt is 21 Nov 2026, 00:00 UTC (test/helpers/fixtures.ts).
    expect(first({ kind: "stored", ageMs: 40_000 })).toBe(
      "good.test: reachable; no findings above info (0 errors, 0 warnings, 4 notes); stored result from 40 sec ago (21 Nov 2026, 00:00 UTC); I probe a domain at most once every 10 min, next in 9 min 20 sec.",
    );
  });

  it("tells whoami, per domain, where it lists the sender and what each rule decides", () => {
    const report = (domain: string, admin: string[], administrators: string[] = []) =>
      reportWith({ domain, contacts: { ...emptyContacts(), admin }, administrators });
    expect(whoamiLine(report("example.org", ["XMPP:Boss@example.org"]), "boss@example.org")).toBe(
      "example.org lists you in admin-addresses. authbot would let you in: yes; this observatory's authbot mode: yes.",
    );
    expect(whoamiLine(report("example.org", ["boss@example.org"]), "boss@example.org")).toBe(
      'example.org lists boss@example.org in admin-addresses without the xmpp: scheme; publish xmpp:boss@example.org. authbot would let you in: no (example.org lists "boss@example.org" in admin-addresses, which has no xmpp: scheme, and authbot reads only xmpp: URIs; publish xmpp:boss@example.org); this observatory\'s authbot mode: no.',
    );
    expect(whoamiLine(report("hosted.example", ["xmpp:boss@example.org"]), "boss@example.org")).toBe(
      "The authbot mode asks each joiner's own server (example.org), not hosted.example, whom it lists. authbot would let you in: no (authbot asks each joiner's own server (example.org), never hosted.example, whom it lists); this observatory's authbot mode: no.",
    );
  });

  it("says why an unreachable domain has no verdict, and why authbot recognises nobody", () => {
    const dead = analyzeProbe(answers("dead.test", { info: fixture("errors/disco-info.dead.test.xml") }), 20);
    const reply = checkReply(dead, judge(dead), { kind: "fresh" }, "https://o.example").split("\n");
    expect(reply[0]).toMatch(/^dead\.test: unreachable: our server could not resolve or connect to it.*; probed just now\.$/);
    expect(reply[1]).toBe("authbot would recognise nobody: dead.test could not be reached from here (remote-server-not-found).");
    expect(reply[2]).toBe("https://o.example/servers/dead.test/");
  });

  it("puts the domain's own findings before its components', and names the component", () => {
    const good = analyzeProbe(
      answers("good.test", {
        info: fixture("prosody-0.12.3/disco-info.good.test.xml"),
        components: [{ jid: "muc.good.test", info: fixture("prosody-0.12.3/disco-info.muc.good.test.xml") }],
      }),
      20,
    );
    const lines = checkReply(good, judge(good), { kind: "fresh" }, "https://o.example")
      .split("\n")
      .filter((l) => l.startsWith("- "));
    const onComponent = lines.map((l) => l.includes("(on muc.good.test)"));
    // Some of each, the domain's own first.
    expect(onComponent).toContain(true);
    expect(onComponent).toContain(false);
    expect(onComponent).toEqual([...onComponent].sort((a, b) => Number(a) - Number(b)));
  });

  it("says in one line whether the published contacts work, naming the broken ones", () => {
    const good = analyzeProbe(answers("good.test", { info: fixture("prosody-0.12.3/disco-info.good.test.xml") }), 20);
    const check = (value: string, status: "works" | "broken" | "not-checked") => ({
      value,
      fields: ["abuse-addresses"],
      kind: "mail" as const,
      status,
      why: "",
      records: [],
    });
    const checked = {
      ...good,
      checks: [check("mailto:abuse@good.test", "works"), check("mailto:x@nomail.test", "broken"), check("tel:+1", "not-checked")],
    };
    expect(checkReply(checked, judge(checked), { kind: "fresh" }, "https://o.example").split("\n")).toContain(
      "Contacts: 1 work, 1 broken, 1 not checked: mailto:x@nomail.test.",
    );
    // Nothing checked (checks off, or an old probe): no line.
    expect(checkReply(good, judge(good), { kind: "fresh" }, "https://o.example")).not.toMatch(/^Contacts:/m);
  });

  it("lists at most 10 changes in a watch notice and counts the rest, each line bounded", () => {
    const changes: Change[] = Array.from({ length: 12 }, (_, i) => ({
      kind: "contact-added",
      text: `admin address added: xmpp:a${i}@x.test${"!".repeat(i === 0 ? 1000 : 0)}`,
    }));
    const notice = watchNotice("bücher.example", "2026-11-21T06:00:03.000Z", changes, "https://o.example").split("\n");
    expect(notice[0]).toBe("bücher.example changed (probed 21 Nov 2026, 06:00 UTC):");
    expect(notice.slice(1, 11).every((line) => line.startsWith("- admin address added: ") && line.length <= 400)).toBe(true);
    expect(notice.slice(11)).toEqual(["(and 2 more on the page)", "https://o.example/servers/xn--bcher-kva.example/"]);
  });
});
