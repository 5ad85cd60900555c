// Data-form fields whose values are someone's secret: a room's password in its owner form
// (muc#roomconfig_roomsecret, text-private), a token a service hands its owner. What the
// observatory prints or keeps of such an answer carries none of them. Pure.
import xml from "@xmpp/xml";
import type { Element } from "./xml.ts";
import { NS_DATA } from "./dataform.ts";

/** What stands in the place of each private value. */
export const REDACTED = "[redacted]";

/** Words in a field's name that say its value is a secret, whatever its type says. */
const SECRET_NAME = /pass(?:word|phrase|wd)|secret|token|credential|api[-_]?key|private[-_]?key/i;

/** Longest field name repeated in the note, so that a hostile name cannot fill it. */
const MAX_NAME_CHARS = 100;

/**
 * Whether a data-form field holds a secret: XEP-0004's text-private ("a password or other
 * sensitive data"), or a name that says so (password, secret, token...). A boolean only says
 * whether there is a secret (muc#roomconfig_passwordprotectedroom), and is kept.
 */
export function isPrivateField(field: { var?: string | undefined; type?: string | undefined }): boolean {
  const type = field.type?.toLowerCase();
  return type === "text-private" || (type !== "boolean" && SECRET_NAME.test(field.var ?? ""));
}

/**
 * A copy of the stanza with every non-empty value of a private field (isPrivateField) replaced by
 * REDACTED, and the names of those fields; undefined when it holds none. The copy leaves out the
 * stanza's id and to, as the session's evidence does (crawler/xmpp/session.ts).
 */
export function redactPrivateFields(stanza: Element): { stanza: Element; fields: string[] } | undefined {
  const fields = new Set<string>();
  const copy = (el: Element, root: boolean): Element => {
    const { id: _id, to: _to, ...rootAttrs } = el.attrs;
    const attrs = root ? rootAttrs : { ...el.attrs };
    // is() reads the name without its prefix and the namespace however it is declared.
    if (el.is("field", NS_DATA) && isPrivateField({ var: el.attrs.var, type: el.attrs.type })) {
      const secret = el.getChildren("value").some((v) => v.getText() !== "");
      if (secret) fields.add((el.attrs.var ?? "(a field without a name)").slice(0, MAX_NAME_CHARS));
      return xml(
        el.name,
        attrs,
        ...el.children.map((c) => (typeof c !== "string" && c.is("value") && c.getText() !== "" ? xml(c.name, { ...c.attrs }, REDACTED) : copyChild(c))),
      );
    }
    return xml(el.name, attrs, ...el.children.map(copyChild));
  };
  const copyChild = (c: Element | string): Element | string => (typeof c === "string" ? c : copy(c, false));
  const redacted = copy(stanza, true);
  return fields.size === 0 ? undefined : { stanza: redacted, fields: [...fields] };
}
