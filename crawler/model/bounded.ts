// Reading hostile input within bounds. A Limits object records every bound that was hit,
// so that the rules can report it as a finding instead of the crawl failing.
import { BOUNDS, type Bounds } from "../politeness.ts";

/** The first `max` characters (code points, never half of one) of `text`, the last one an ellipsis when cut. */
export function cutChars(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

export class Limits {
  readonly exceeded: string[] = [];
  constructor(readonly bounds: Bounds = BOUNDS) {}

  /** Keeps the first `max` items, noting what was dropped. */
  take<T>(items: T[], max: number, what: string): T[] {
    if (items.length <= max) return items;
    this.exceeded.push(`${items.length} ${what}, only the first ${max} read`);
    return items.slice(0, max);
  }

  /** Cuts an over-long string, noting it. */
  text(value: string, max: number, what: string): string {
    if (value.length <= max) return value;
    this.exceeded.push(`a ${what} of ${value.length} characters, cut to ${max}`);
    return value.slice(0, max);
  }

  attr(value: string | undefined, what: string): string | undefined {
    return value === undefined ? undefined : this.text(value, this.bounds.maxAttributeChars, what);
  }
}
