import { describe, expect, it } from "vitest";
import { answerFromXml, readStanzaError } from "./answer.ts";

const errorIq = (condition: string) =>
  `<iq type='error' from='x.example'><error type='cancel'><${condition} xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>`;

describe("readStanzaError", () => {
  it("reads an RFC 6120 condition", () => {
    const answer = answerFromXml(errorIq("item-not-found"));
    if (answer.kind !== "stanza") throw new Error("no stanza");
    expect(readStanzaError(answer.stanza).condition).toBe("item-not-found");
  });

  // Issue 30 review: a condition is written on terminals and pages as it is; a peer could name its element with bidi or C1 controls.
  it.each(["item-not-found\u202egnp.exe", "a\u009b31m", "Forbidden", "x-"])("takes the element %j as no condition at all", (name) => {
    const answer = answerFromXml(errorIq(name));
    if (answer.kind !== "stanza") throw new Error("no stanza");
    expect(readStanzaError(answer.stanza).condition).toBe("undefined-condition");
  });
});
