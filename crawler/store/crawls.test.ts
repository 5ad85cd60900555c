import { describe, expect, it } from "vitest";
import { Store } from "./store.ts";
import { recordProbe } from "../crawl/record.ts";
import { fixtureProbe } from "../../test/helpers/stored-probes.ts";

describe("store.crawls", () => {
  it("keeps the contact-check targets of an unfinished crawl for its resumption, and drops them when it finishes", () => {
    const store = Store.open(":memory:");
    store.domains.add(["good.test", "plain.test", "dup.test"], "test");
    const id = store.crawls.start(["good.test", "plain.test", "dup.test"], {});
    const mail = {
      kind: "mail",
      target: "good.test",
      checkedAt: "2026-11-21T00:00:00.000Z",
      verdict: { kind: "mx", hosts: ["mail.good.test"] },
      record: undefined,
    };
    recordProbe(store, id, { ...fixtureProbe("good.test", "prosody-0.12.3/disco-info.good.test.xml"), targets: [{ key: "mail:good.test", facts: mail }] });
    // A second probe listing the same target keeps the first facts; a one-off check keeps none.
    recordProbe(store, id, {
      ...fixtureProbe("plain.test", "prosody-0.12.3/disco-info.plain.test.xml"),
      targets: [{ key: "mail:good.test", facts: { ...mail, target: "x" } }],
    });
    recordProbe(store, null, { ...fixtureProbe("good.test", "prosody-0.12.3/disco-info.good.test.xml"), targets: [{ key: "web:https://x/", facts: mail }] });
    // A check reused from an earlier crawl is not kept again: a resumed crawl finds it among the last checks.
    recordProbe(store, id, {
      ...fixtureProbe("dup.test", "prosody-0.12.3/disco-info.dup.test.xml"),
      targets: [{ key: "web:https://dup.test/", facts: mail, reused: true }],
    });
    expect(store.crawls.checkedTargets(id)).toEqual([["mail:good.test", mail]]);
    store.crawls.finish(id);
    expect(store.crawls.checkedTargets(id)).toEqual([]);
    store.close();
  });
});
