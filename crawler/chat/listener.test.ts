// The inbox against a real (in-memory) store: the two steps, the limits, and a flood.
import { describe, expect, it } from "vitest";
import { analyzeProbe } from "../probe/analyze.ts";
import { Store } from "../store/store.ts";
import { answers, fixture } from "../../test/helpers/fixtures.ts";
import type { Logger } from "../log.ts";
import { INBOX } from "../politeness.ts";
import { HELP, Inbox } from "./listener.ts";

const T0 = Date.parse("2026-03-01T12:00:00Z");
const MINUTE = 60_000;

function setup() {
  const store = Store.open(":memory:");
  store.addDomains(["good.test"], "test");
  const file = "prosody-0.12.3/disco-info.good.test.xml";
  store.recordProbe(null, { report: analyzeProbe(answers("good.test", { info: fixture(file) }), 20), evidence: [] });
  const events: string[] = [];
  const logger: Logger = { log: (_level, event) => events.push(event) };
  let n = 0;
  const inbox = new Inbox(store, logger, () => `CODE${++n}`);
  return { store, inbox, events };
}

describe("Inbox", () => {
  it("opts a domain out only when its operator confirms the code, within 15 minutes", () => {
    const { store, inbox } = setup();
    expect(inbox.handle("stranger@good.test", "opt out good.test", T0)).toContain("good.test does not list stranger@good.test");
    expect(inbox.handle("abuse@good.test", "opt out good.test", T0)).toContain('reply "confirm CODE1" within 15 minutes');
    expect(store.isOptedOut("good.test")).toBe(false);
    // The code is the sender's own, and single-use.
    expect(inbox.handle("stranger@good.test", "confirm CODE1", T0 + MINUTE)).toContain("I have no opt-out request from you");
    expect(inbox.handle("abuse@good.test", "confirm WRONG1", T0 + MINUTE)).toContain("I have no opt-out request from you");
    expect(inbox.handle("abuse@good.test", "confirm code1", T0 + 2 * MINUTE)).toContain("Done: good.test is opted out");
    expect(store.isOptedOut("good.test")).toBe(true);
    // Reversible for the grace period: the history stays until it is purged.
    expect(store.latestReport("good.test")).toBeDefined();
    const row = store.db.prepare("SELECT purge_after FROM domains WHERE domain = 'good.test'").get() as { purge_after: string };
    expect(row.purge_after).toBe(new Date(T0 + 2 * MINUTE + 7 * 86_400_000).toISOString());
    expect(inbox.handle("abuse@good.test", "confirm CODE1", T0 + 3 * MINUTE)).toContain("I have no opt-out request");
  });

  it("lets a code expire after 15 minutes", () => {
    const { store, inbox } = setup();
    inbox.handle("admin@good.test", "opt out", T0);
    expect(inbox.handle("admin@good.test", "confirm CODE1", T0 + INBOX.confirmWithinMs + 1)).toContain("I have no opt-out request");
    expect(store.isOptedOut("good.test")).toBe(false);
  });

  it("answers text that is not a command with the help, once a day per sender", () => {
    const { inbox } = setup();
    expect(inbox.handle("someone@else.test", "hello?", T0)).toBe(HELP);
    expect(inbox.handle("someone@else.test", "hello??", T0 + MINUTE)).toBeUndefined();
    expect(inbox.handle("someone@else.test", "hello???", T0 + INBOX.helpWindowMs)).toBe(HELP);
  });

  it("takes 5 commands an hour per sender, says so once, and a flood of 1,000 never reaches the store past them", () => {
    const { store, inbox, events } = setup();
    let storeCalls = 0;
    for (const method of ["domainsListingOperator", "takeOptOutRequest", "addOptOutRequest", "isOptedOut", "optOut"] as const) {
      const original = store[method].bind(store) as (...args: unknown[]) => unknown;
      (store as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => (storeCalls++, original(...args));
    }
    const replies = Array.from({ length: 1000 }, (_, i) => inbox.handle("mallory@evil.test", "opt out good.test", T0 + i));
    expect(replies.slice(0, 5).every((r) => r?.includes("does not list"))).toBe(true);
    expect(replies[5]).toBe("Too many requests from you: I take 5 an hour. Try again after 13:00 UTC.");
    expect(replies.slice(6).every((r) => r === undefined)).toBe(true);
    expect(storeCalls).toBe(5);
    expect(events.filter((e) => e === "inbox-rate-limited")).toHaveLength(1);
  });

  it("sends at most 60 replies a minute to everyone together", () => {
    const { inbox } = setup();
    const replies = Array.from({ length: 1000 }, (_, i) => inbox.handle(`bot${i}@spam.test`, "hi", T0 + i));
    expect(replies.filter((r) => r !== undefined)).toHaveLength(INBOX.repliesPerMinute);
    expect(inbox.handle("late@spam.test", "hi", T0 + MINUTE + 1000)).toBe(HELP);
  });

  it("survives a store it cannot use: the message is lost, not the process", () => {
    const { store, inbox, events } = setup();
    store.close();
    expect(inbox.handle("abuse@good.test", "opt out good.test", T0)).toBeUndefined();
    expect(events).toContain("inbox-error");
  });
});
