// xmpp.js's JIDs with the escape detection skipped where it cannot find anything: the same JIDs.
import { describe, expect, it } from "vitest";
import { jid } from "@xmpp/client";
import { skipNeedlessEscapeDetection } from "./jid-escape.ts";

type Parsed = { local: string; domain: string; resource: string; toString(): string };
const parse = (s: string) => (jid as unknown as (s: string) => Parsed)(s);

describe("skipNeedlessEscapeDetection", () => {
  it("leaves every JID as xmpp.js makes it, escaped or not", () => {
    const inputs = ["Observatory@Home.test/r1", "home.test", "a b@x.test", "c\\20d@x.test", "e\\5cf@x.test", "g\\h@x.test", "it's@x.test", "Ünï@x.test"];
    // Each character XEP-0106 escapes, in a localpart given apart from its domain (as the middleware sets them).
    const locals = [..." \"&'/:<>@\\"].map((c) => `a${c}B`);
    const made = (local: string) => (jid as unknown as (l: string, d: string) => Parsed)(local, "x.test").toString();
    const before = inputs.map((s) => ({ local: parse(s).local, text: parse(s).toString() }));
    const madeBefore = locals.map(made);
    skipNeedlessEscapeDetection();
    const after = inputs.map((s) => ({ local: parse(s).local, text: parse(s).toString() }));
    expect(after).toEqual(before);
    expect(locals.map(made)).toEqual(madeBefore);
    expect(madeBefore).toEqual([
      "a\\20b@x.test",
      "a\\22b@x.test",
      "a\\26b@x.test",
      "a\\27b@x.test",
      "a\\2fb@x.test",
      "a\\3ab@x.test",
      "a\\3cb@x.test",
      "a\\3eb@x.test",
      "a\\40b@x.test",
      "a\\5cb@x.test",
    ]);
    expect(after).toEqual([
      { local: "observatory", text: "observatory@home.test/r1" },
      { local: "", text: "home.test" },
      { local: "a\\20b", text: "a\\20b@x.test" },
      { local: "c\\20d", text: "c\\20d@x.test" },
      { local: "e\\5cf", text: "e\\5cf@x.test" },
      { local: "g\\5ch", text: "g\\5ch@x.test" },
      { local: "it\\27s", text: "it\\27s@x.test" },
      { local: "ünï", text: "ünï@x.test" },
    ]);
  });
});
