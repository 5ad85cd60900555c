import { describe, expect, it } from "vitest";
import { getRule } from "./catalogue.ts";
import { describeFixBasis, FIX_SOURCES, fixBasis } from "./fixes-run.ts";

const RUN = { "administrators-missing": { "prosody-13": "13.0.1", ejabberd: "23.01" } };
const SOURCES = { tigase: { title: "Tigase's guide", url: "https://docs.tigase.net/guide" } };

describe("where a fix comes from", () => {
  it("says a fix was run, on which version, before anything else", () => {
    expect(fixBasis("administrators-missing", "prosody-13", true, RUN, SOURCES)).toEqual({ kind: "run", version: "13.0.1" });
    expect(fixBasis("administrators-missing", "ejabberd", false, RUN, SOURCES)).toEqual({ kind: "run", version: "23.01" });
  });

  it("points a fix for software the federation cannot run to the documentation it rests on", () => {
    expect(fixBasis("administrators-missing", "tigase", true, RUN, SOURCES)).toEqual({
      kind: "documentation",
      title: "Tigase's guide",
      url: "https://docs.tigase.net/guide",
    });
  });

  it("says a fix for software the federation runs was not run, and says nothing of the generic advice", () => {
    expect(fixBasis("field-empty", "prosody-13", true, RUN, SOURCES)).toEqual({ kind: "not-run" });
    expect(fixBasis("field-empty", "tigase", false, RUN, SOURCES)).toBeUndefined();
  });

  it("reads the same in every place that shows a fix", () => {
    expect(describeFixBasis({ kind: "run", version: "13.0.1" }, "prosody-13")).toEqual({
      text: "Run on Prosody 13.0.1 in this project's tests: the finding cleared.",
    });
    expect(describeFixBasis({ kind: "documentation", title: "Tigase's guide", url: "https://docs.tigase.net/guide" }, "tigase")).toEqual({
      text: "Written from Tigase's guide; not run here, so not verified.",
      url: "https://docs.tigase.net/guide",
    });
    expect(describeFixBasis({ kind: "not-run" }, "ejabberd-24")).toEqual({ text: "Not yet run here on ejabberd 24 and later." });
  });
});

describe("the catalogue's fixes", () => {
  it("link each fix for Openfire, Tigase, MongooseIM and Snikket to its documentation, over https", () => {
    expect(Object.keys(FIX_SOURCES).sort()).toEqual(["mongooseim", "openfire", "snikket", "tigase"]);
    for (const source of Object.values(FIX_SOURCES)) expect(source.url).toMatch(/^https:\/\//);
    const rule = getRule("contacts-no-abuse");
    expect(rule.fixBasis.tigase).toEqual({ kind: "documentation", ...FIX_SOURCES.tigase });
    expect(rule.fixBasis.snikket).toEqual({ kind: "documentation", ...FIX_SOURCES.snikket });
  });

  it("mark nothing where every software gets the same generic advice", () => {
    expect(getRule("disco-no-identity").fixBasis).toEqual({});
  });
});
