// xmpp.js's JIDs with the escape detection skipped where it cannot find anything: the same JIDs.
import { describe, expect, it } from "vitest";
import { jid } from "@xmpp/client";
import { skipNeedlessEscapeDetection } from "./jid-escape.ts";

type Parsed = { local: string; domain: string; resource: string; toString(): string };
const parse = (s: string) => (jid as unknown as (s: string) => Parsed)(s);

describe("skipNeedlessEscapeDetection", () => {
  it("leaves every JID as xmpp.js makes it, escaped or not", () => {
    const inputs = ["Observatory@Home.test/r1", "home.test", "a b@x.test", "c\\20d@x.test", "e\\5cf@x.test", "g\\h@x.test", "it's@x.test", "Ünï@x.test"];
    const before = inputs.map((s) => ({ local: parse(s).local, text: parse(s).toString() }));
    skipNeedlessEscapeDetection();
    const after = inputs.map((s) => ({ local: parse(s).local, text: parse(s).toString() }));
    expect(after).toEqual(before);
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
