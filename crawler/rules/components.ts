// Components found through disco#items, compared with their domain (XEP-0030 §4, §6.2).
import { CONTACT_CATEGORIES, type Finding, type Outcome, type StanzaError } from "../contract.ts";
import { finding, type EntityContext } from "./finding.ts";
import { administratorJids } from "./operators.ts";

export interface ComponentObservation {
  jid: string;
  outcome: Outcome;
  error: StanzaError | undefined;
  /** Present when the component answered. */
  context: EntityContext | undefined;
}

const sameSet = (a: string[], b: string[]) => {
  const x = new Set(a.map((v) => v.trim()).filter(Boolean));
  const y = new Set(b.map((v) => v.trim()).filter(Boolean));
  return x.size === y.size && [...x].every((v) => y.has(v));
};

export function componentRules(domain: EntityContext, components: ComponentObservation[]): Finding[] {
  const out: Finding[] = [];
  for (const component of components) {
    if (component.outcome !== "ok" || !component.context) {
      const why = component.error ? `${component.error.condition}${component.error.text ? `: ${component.error.text}` : ""}` : component.outcome;
      out.push(
        finding("component-unreachable", component.jid, `${component.jid} is listed in ${domain.jid}'s disco#items but does not answer disco#info (${why}).`),
      );
      continue;
    }
    const mine = component.context.serverinfo;
    if (mine.forms.length === 0) continue;
    const differing = CONTACT_CATEGORIES.filter((c) => !sameSet(mine.contacts[c], domain.serverinfo.contacts[c]));
    if (differing.length > 0) {
      out.push(
        finding(
          "component-serverinfo-differs",
          component.jid,
          `${component.jid} publishes other contacts than ${domain.jid} in ${differing.map((c) => `${c}-addresses`).join(", ")}.`,
        ),
      );
    }
    if (mine.hasAdministratorsField || domain.serverinfo.hasAdministratorsField) {
      const own = administratorJids(mine.administrators);
      const parent = administratorJids(domain.serverinfo.administrators);
      if (!sameSet(own, parent)) {
        out.push(
          finding(
            "component-administrators-differs",
            component.jid,
            `${component.jid} lists administrators [${own.join(", ")}] where ${domain.jid} lists [${parent.join(", ")}].`,
            { field: "administrators" },
          ),
        );
      }
    }
  }
  return out;
}
