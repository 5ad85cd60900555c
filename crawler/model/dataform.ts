// XEP-0004 data forms as found in disco#info answers (XEP-0128). Parsing is lenient on
// purpose: whatever is odd about a form is a finding for the rules, never a parse failure.
import type { Element } from "./xml.ts";
import type { Limits } from "./bounded.ts";

export const NS_DATA = "jabber:x:data";
export const SERVERINFO = "http://jabber.org/network/serverinfo";

export interface FormField {
  /** The var attribute; a field without one is kept (and is a finding). */
  var: string | undefined;
  /** The type attribute as published; absent is legal in a result form (XEP-0004 §3.2). */
  type: string | undefined;
  values: string[];
}

export interface DataForm {
  /** Position among the forms of the answer, from 0, in document order. */
  index: number;
  /** The <x/> type attribute (result, form, ...). */
  type: string | undefined;
  /** Whether the <x/> sits inside <query/>, as XEP-0128 §2 says it SHOULD. */
  inQuery: boolean;
  /** Every field in document order, FORM_TYPE and duplicates included. */
  fields: FormField[];
  hasReported: boolean;
  hasItems: boolean;
}

export function parseField(el: Element, limits: Limits): FormField {
  const { bounds } = limits;
  const values = limits
    .take(el.getChildren("value"), bounds.maxValuesPerField, "values in one field")
    .map((v) => limits.text(v.getText(), bounds.maxValueChars, "value"));
  return { var: limits.attr(el.attrs.var, "field name"), type: limits.attr(el.attrs.type, "field type"), values };
}

export function parseForm(el: Element, index: number, inQuery: boolean, limits: Limits): DataForm {
  const fields = limits.take(el.getChildren("field"), limits.bounds.maxFieldsPerForm, "fields in one form").map((f) => parseField(f, limits));
  return {
    index,
    type: limits.attr(el.attrs.type, "form type"),
    inQuery,
    fields,
    hasReported: el.getChild("reported") !== undefined,
    hasItems: el.getChild("item") !== undefined,
  };
}

/** The FORM_TYPE fields of a form (normally exactly one). */
export function formTypeFields(form: DataForm): FormField[] {
  return form.fields.filter((f) => f.var === "FORM_TYPE");
}

/** Every FORM_TYPE value of the form, in order. */
export function formTypeValues(form: DataForm): string[] {
  return formTypeFields(form).flatMap((f) => f.values.map((v) => v.trim()));
}

/** A form scoped to serverinfo: any FORM_TYPE value names it (hidden or not; the rules judge that). */
export function isServerinfoForm(form: DataForm): boolean {
  return formTypeValues(form).includes(SERVERINFO);
}

/** The fields other than FORM_TYPE. */
export function payloadFields(form: DataForm): FormField[] {
  return form.fields.filter((f) => f.var !== "FORM_TYPE");
}

/** The first field with this var; readers take the first (XEP-0004 says var is unique). */
export function fieldByVar(form: DataForm, name: string): FormField | undefined {
  return form.fields.find((f) => f.var === name);
}
