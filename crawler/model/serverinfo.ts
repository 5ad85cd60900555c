// What a reader of the serverinfo form takes from a disco#info answer, as authbot (aioxmpp),
// Gajim and converse.js read it: the first form inside <query/> whose FORM_TYPE, read as XEP-0068
// §4.3 says, is serverinfo, and of it every value of each field. A FORM_TYPE that is not
// type='hidden' is no FORM_TYPE to such a reader, so its form is not read (the rules still judge it).
import { CONTACT_CATEGORIES, emptyContacts, type ContactCategory, type Contacts } from "../contract.ts";
import { isServerinfoForm, SERVERINFO, type DataForm } from "./dataform.ts";
import type { DiscoInfo } from "./disco.ts";

/** The field of the proto-XEP "XMPP Service Administrators". */
export const ADMINISTRATORS_FIELD = "administrators";

/** The XEP-0157 field that holds a contact category's addresses: abuse-addresses. */
export const addressField = (category: ContactCategory) => `${category}-addresses` as const;

export interface Serverinfo {
  /** Every form scoped to serverinfo by any FORM_TYPE value, hidden or not, in document order: what the rules judge. */
  forms: DataForm[];
  /** The one readers take, if any: the first that formType names serverinfo. */
  read: DataForm | undefined;
  /** Of the form read, the values of each contact field (of every field of that name, in document order). */
  contacts: Contacts;
  administrators: string[];
  /** Whether the form read has an administrators field at all (it may be empty). */
  hasAdministratorsField: boolean;
}

/**
 * A form's type as aioxmpp's Data.get_form_type reads it: the first FORM_TYPE field of type
 * hidden, which must hold exactly one value, compared as it is written.
 */
export function formType(form: DataForm): string | undefined {
  const field = form.fields.find((f) => f.var === "FORM_TYPE" && f.type === "hidden");
  return field?.values.length === 1 ? field.values[0] : undefined;
}

/** Whether a field holds anything but blanks: "has an abuse address", for the rules and the verdict alike. */
export function hasValue(values: string[]): boolean {
  return values.some((v) => v.trim() !== "");
}

/** The values of every field named `name` in a form, in document order. */
function valuesOf(form: DataForm, name: string): string[] {
  return form.fields.filter((f) => f.var === name).flatMap((f) => f.values);
}

export function readServerinfo(info: DiscoInfo): Serverinfo {
  const forms = info.forms.filter(isServerinfoForm);
  const read = info.forms.find((form) => form.inQuery && formType(form) === SERVERINFO);
  const contacts = emptyContacts();
  if (read) for (const category of CONTACT_CATEGORIES) contacts[category] = valuesOf(read, addressField(category));
  return {
    forms,
    read,
    contacts,
    administrators: read ? valuesOf(read, ADMINISTRATORS_FIELD) : [],
    hasAdministratorsField: read?.fields.some((f) => f.var === ADMINISTRATORS_FIELD) ?? false,
  };
}
