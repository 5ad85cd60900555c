// What a reader of the serverinfo form takes from a disco#info answer: the contacts and the
// administrators of the first serverinfo form, as authbot, Gajim and converse.js read it.
import { CONTACT_CATEGORIES, emptyContacts, type Contacts } from "../contract.ts";
import { fieldByVar, isServerinfoForm, type DataForm } from "./dataform.ts";
import type { DiscoInfo } from "./disco.ts";

export const ADMINISTRATORS_FIELD = "administrators";

export interface Serverinfo {
  /** Every form scoped to serverinfo, in document order. */
  forms: DataForm[];
  /** The one readers use: the first. */
  first: DataForm | undefined;
  contacts: Contacts;
  administrators: string[];
  /** Whether the first form has an administrators field at all (it may be empty). */
  hasAdministratorsField: boolean;
}

export function readServerinfo(info: DiscoInfo): Serverinfo {
  const forms = info.forms.filter(isServerinfoForm);
  const first = forms[0];
  const contacts = emptyContacts();
  if (first) {
    for (const category of CONTACT_CATEGORIES) {
      contacts[category] = [...(fieldByVar(first, `${category}-addresses`)?.values ?? [])];
    }
  }
  const administratorsField = first && fieldByVar(first, ADMINISTRATORS_FIELD);
  return {
    forms,
    first,
    contacts,
    administrators: [...(administratorsField?.values ?? [])],
    hasAdministratorsField: administratorsField !== undefined,
  };
}
