import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./log.ts";

/** A real stream that says it is a terminal, and what was written to it. */
function terminal(isTTY: boolean): { stream: PassThrough & { isTTY: boolean }; written: () => string } {
  const stream = Object.assign(new PassThrough(), { isTTY });
  const chunks: string[] = [];
  stream.on("data", (d: Buffer) => chunks.push(d.toString()));
  return { stream, written: () => chunks.join("") };
}

describe("the log", () => {
  it("on a terminal, writes remote values with their control and bidi characters made visible", () => {
    const { stream, written } = terminal(true);
    // A stanza's type and a from, as a hostile peer sends them: a screen-clearing escape, a bidi override.
    createLogger(stream).log("warn", "stanza-ignored", { type: "x\u001b[2J\u001b[31m", from: "evil\u202egnp.exe@x.example", details: { text: "a\u2066b" } });
    const line = written();
    expect(line).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z WARN {2}stanza-ignored /);
    expect(line.slice(line.indexOf(" stanza-ignored"))).toBe(
      ' stanza-ignored type=x\\u{1b}[2J\\u{1b}[31m from=evil\\u{202e}gnp.exe@x.example details={"text":"a\\u{2066}b"}\n',
    );
  });

  it("in JSON mode, writes one object a line, JSON escaping the controls", () => {
    const { stream, written } = terminal(false);
    createLogger(stream).log("info", "event", { from: "a\u001bb" });
    expect(JSON.parse(written())).toMatchObject({ level: "info", event: "event", from: "a\u001bb" });
    expect(written()).not.toContain("\u001b");
  });

  it("in JSON mode, writes bidi, format and C1 characters as escapes too, with the same values", () => {
    const { stream, written } = terminal(false);
    createLogger(stream).log("warn", "stanza-ignored", { from: "evil\u202egnp.exe@x.example", type: "a\u009b31m\u2066" });
    expect(written()).toContain('"from":"evil\\u202egnp.exe@x.example","type":"a\\u009b31m\\u2066"');
    expect(JSON.parse(written())).toMatchObject({ from: "evil\u202egnp.exe@x.example", type: "a\u009b31m\u2066" });
  });
});
