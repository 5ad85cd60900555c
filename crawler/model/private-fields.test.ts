import { describe, expect, it } from "vitest";
import { isPrivateField, redactPrivateFields } from "./private-fields.ts";
import { parseXml } from "./xml.ts";

describe("private data-form fields", () => {
  it("are text-private ones, and those named like a secret unless they only say yes or no", () => {
    expect(isPrivateField({ var: "muc#roomconfig_roomsecret", type: "text-private" })).toBe(true);
    expect(isPrivateField({ var: "anything", type: "TEXT-PRIVATE" })).toBe(true);
    for (const name of ["x-password", "pubsub#passphrase", "api_token", "client-secret", "credentials", "x-api-key", "private_key"])
      expect(isPrivateField({ var: name, type: "text-single" }), name).toBe(true);
    expect(isPrivateField({ var: "muc#roomconfig_passwordprotectedroom", type: "boolean" })).toBe(false);
    expect(isPrivateField({ var: "muc#roomconfig_roomname", type: "text-single" })).toBe(false);
    expect(isPrivateField({ var: undefined, type: undefined })).toBe(false);
  });

  it("lose their values wherever the form is and however its namespace is written, and nothing else changes", () => {
    const stanza = parseXml(
      `<iq type="result" id="q7" to="me@example.org/x" from="room@muc.example.org"><query xmlns="http://jabber.org/protocol/muc#owner"><d:x xmlns:d="jabber:x:data" type="form"><d:field var="muc#roomconfig_roomsecret" type="text-private"><d:value>hunter2</d:value></d:field><d:field var="muc#roomconfig_roomname"><d:value>Lobby</d:value></d:field></d:x></query></iq>`,
    );
    const redacted = redactPrivateFields(stanza);
    expect(redacted?.fields).toEqual(["muc#roomconfig_roomsecret"]);
    expect(redacted?.stanza.toString()).toBe(
      `<iq type="result" from="room@muc.example.org"><query xmlns="http://jabber.org/protocol/muc#owner"><d:x xmlns:d="jabber:x:data" type="form"><d:field var="muc#roomconfig_roomsecret" type="text-private"><d:value>[redacted]</d:value></d:field><d:field var="muc#roomconfig_roomname"><d:value>Lobby</d:value></d:field></d:x></query></iq>`,
    );
    // The answer itself is left as it was: the judgement reads it.
    expect(stanza.toString()).toContain("hunter2");
    expect(redactPrivateFields(parseXml(`<iq type="result"><query xmlns="jabber:iq:version"><name>secret-server</name></query></iq>`))).toBeUndefined();
  });
});
