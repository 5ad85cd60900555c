import { describe, expect, it } from "vitest";
import { fixesRunList } from "./fixes-run.ts";

const RULES = [
  { id: "field-empty", title: "A field is empty" },
  { id: "administrators-missing", title: "No administrators" },
  { id: "contacts-no-abuse", title: "No abuse address" },
];

describe("the fixes run, for the operators page", () => {
  it("lists each rule whose fix was run, in catalogue order, with the versions in the catalogue's order of software", () => {
    const run = {
      "administrators-missing": { "ejabberd-24": "24.12", "prosody-13": "13.0.1", "prosody-0.12": "0.12.3", ejabberd: "23.01" },
      "field-empty": { "prosody-13": "13.0.1" },
    };
    expect(fixesRunList(run, RULES)).toEqual([
      { rule: "field-empty", title: "A field is empty", ranOn: ["Prosody 13.0.1"] },
      { rule: "administrators-missing", title: "No administrators", ranOn: ["Prosody 0.12.3", "Prosody 13.0.1", "ejabberd 23.01", "ejabberd 24.12"] },
    ]);
  });

  it("is empty when no fix was run, and when a rule's entry names no version", () => {
    expect(fixesRunList({}, RULES)).toEqual([]);
    expect(fixesRunList({ "field-empty": {} }, RULES)).toEqual([]);
  });

  it("refuses a rule the catalogue lacks", () => {
    expect(() => fixesRunList({ "no-such-rule": { "prosody-13": "13.0.1" } }, RULES)).toThrow("FIXES_RUN names rules the catalogue lacks: no-such-rule");
  });
});
