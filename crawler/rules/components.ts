// Components found through disco#items, compared with their domain (XEP-0030 §4, §6.2).
import { CONTACT_CATEGORIES, isReachable, type Finding, type Outcome, type StanzaError } from "../contract.ts";
import { type EntityContext } from "./finding.ts";
import { defineRules } from "./rule.ts";
import { SPEC } from "./specs.ts";
import { administratorJids } from "../operators/operators.ts";
import { addressField, ADMINISTRATORS_FIELD } from "../model/serverinfo.ts";

export const COMPONENTS_RULES = defineRules("components", [
  {
    id: "component-serverinfo-differs",
    severity: "info",
    scope: "entity",
    title: "A component publishes other contact addresses than its domain",
    why: "People who reach a room or upload service read the contacts of that component. When they differ from the domain's, some readers get stale or empty contacts.",
    spec: [SPEC.xep0157Should],
    fix: {
      generic: "Publish the same contacts on the component, or none.",
      "prosody-0.12":
        "A Component does not inherit its VirtualHost's contact_info: it publishes a form of its own, empty but for admin-addresses taken from its admins. Set contact_info on the Component too, the same table as the host's.",
      "prosody-13":
        "A Component does not inherit its VirtualHost's contact_info on Prosody 13 either: it publishes admin-addresses from its admins, and nothing else. Set contact_info (or server_info) on the Component as well as on the host.",
      ejabberd: "List the component's module in the modules: of each mod_disco: server_info entry (or use modules: all).",
    },
  },
  {
    id: "component-administrators-differs",
    severity: "info",
    scope: "entity",
    title: "A component lists other administrators than its domain",
    why: "MUC and PubSub services treat the listed administrators as owners; a different list on a component changes who moderates its rooms and nodes.",
    spec: [SPEC.protoOwners],
    fix: { generic: "List the same administrators on the component, or check that the difference is intended." },
  },
  {
    id: "component-unreachable",
    severity: "info",
    scope: "entity",
    configurable: false,
    title: "A listed component does not answer",
    why: "The domain lists this item in disco#items, but it does not answer disco#info: clients that try to use it fail.",
    spec: [SPEC.xep0030Identity],
    fix: { generic: "Remove the item from disco#items, or bring the component up (and give it DNS records if it is reached over s2s)." },
  },
]);

const finding = COMPONENTS_RULES.finding;

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
    if (!isReachable(component.outcome) || !component.context) {
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
          `${component.jid} publishes other contacts than ${domain.jid} in ${differing.map(addressField).join(", ")}.`,
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
            { field: ADMINISTRATORS_FIELD },
          ),
        );
      }
    }
  }
  return out;
}
