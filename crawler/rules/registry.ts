// The fields registered for the serverinfo FORM_TYPE, with their registered types.
import { CONTACT_CATEGORIES } from "../contract.ts";
import { addressField, ADMINISTRATORS_FIELD } from "../model/serverinfo.ts";

export const ADDRESS_FIELDS: readonly string[] = CONTACT_CATEGORIES.map(addressField);

export const REGISTERED_FIELDS: ReadonlyMap<string, string> = new Map([
  ...ADDRESS_FIELDS.map((f) => [f, "list-multi"] as const),
  ["serverinfo-pubsub-node", "text-single"], // XEP-0485
  [ADMINISTRATORS_FIELD, "list-multi"], // the proto-XEP "XMPP Service Administrators"
]);

/** Clark notation, {namespace}name: how third parties namespace their own fields (XEP-0068 §3.4). */
export function isClarkNotation(name: string): boolean {
  return /^\{[^{}]+\}.+$/.test(name);
}

/** Optimal string alignment distance (Levenshtein with transpositions), bounded for speed. */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 4;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 0; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

function canonical(name: string): string {
  return name
    .toLowerCase()
    .replace(/[\s_.]+/g, "-")
    .replace(/adress/g, "address")
    .replace(/-?(addresses|address|addr)$/, "-addresses");
}

/** The registered field a name was probably meant to be, or undefined when it is no near miss. */
export function intendedField(name: string): string | undefined {
  if (REGISTERED_FIELDS.has(name) || isClarkNotation(name)) return undefined;
  const normalized = canonical(name);
  let best: { field: string; distance: number } | undefined;
  for (const field of REGISTERED_FIELDS.keys()) {
    if (canonical(field) === normalized) return field;
    const distance = editDistance(name.toLowerCase(), field);
    if (distance <= 2 && (!best || distance < best.distance)) best = { field, distance };
  }
  return best?.field;
}
