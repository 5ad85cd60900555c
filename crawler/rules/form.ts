// The serverinfo form as a whole (XEP-0128 §2, XEP-0068 §4.3, XEP-0115 §5.4, XEP-0004 §3.2).
import type { Finding } from "../contract.ts";
import { formTypeFields, formTypeValues, payloadFields, SERVERINFO } from "../model/dataform.ts";
import { finding, quote, repeated, type EntityContext } from "./finding.ts";

export function formRules({ jid, isDomain, serverinfo }: EntityContext): Finding[] {
  const out: Finding[] = [];
  const { forms } = serverinfo;
  if (forms.length === 0) {
    if (isDomain) out.push(finding("serverinfo-missing", jid, "The bare domain publishes no serverinfo form, so it names no contacts."));
    return out;
  }
  if (forms.length > 1) {
    out.push(
      finding("serverinfo-duplicate-form", jid, `The answer holds ${forms.length} serverinfo forms; readers take only the first, so the others are invisible.`),
    );
  }
  for (const form of forms) {
    const where = forms.length > 1 ? ` (form ${form.index + 1})` : "";
    const typeFields = formTypeFields(form);
    if (typeFields.some((f) => f.type !== "hidden")) {
      const shown = typeFields.find((f) => f.type !== "hidden")?.type;
      out.push(
        finding(
          "serverinfo-form-type-not-hidden",
          jid,
          `The FORM_TYPE field has ${shown ? `type ${quote(shown)}` : "no type"} instead of 'hidden'${where}; conforming readers ignore the form.`,
          { field: "FORM_TYPE" },
        ),
      );
    }
    const distinct = [...new Set(formTypeValues(form))];
    if (distinct.length > 1) {
      const others = distinct
        .filter((v) => v !== SERVERINFO)
        .map((v) => quote(v))
        .join(", ");
      out.push(finding("serverinfo-form-type-conflict", jid, `FORM_TYPE holds other values beside serverinfo: ${others}${where}.`, { field: "FORM_TYPE" }));
    }
    if (form.type !== "result" || !form.inQuery) {
      const problems = [
        form.type !== "result" && `has type ${form.type ? quote(form.type) : "(none)"} instead of 'result'`,
        !form.inQuery && "is not inside <query/>",
      ].filter(Boolean);
      out.push(finding("serverinfo-form-not-result", jid, `The form ${problems.join(" and ")}${where}.`));
    }
    if (form.hasReported || form.hasItems) {
      out.push(
        finding(
          "serverinfo-table-form",
          jid,
          `The form carries ${[form.hasReported && "<reported/>", form.hasItems && "<item/>"].filter(Boolean).join(" and ")}${where}.`,
        ),
      );
    }
    const named = form.fields.filter((f) => f.var !== undefined);
    for (const field of repeated(named, (f) => f.var ?? "")) {
      out.push(finding("serverinfo-duplicate-field", jid, `The field ${quote(field.var ?? "")} appears more than once${where}.`, { field: field.var }));
    }
    if (payloadFields(form).length === 0) {
      out.push(finding("serverinfo-empty", jid, `The serverinfo form holds nothing but FORM_TYPE${where}.`));
    }
  }
  return out;
}
