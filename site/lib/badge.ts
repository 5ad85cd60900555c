// The badge of a domain, drawn by badge-maker (the library behind shields.io, which measures the
// text). Its accessible name names the domain too, for a screen reader meeting the badge elsewhere.
import { makeBadge } from "badge-maker";
import { escapeXml } from "./escape.ts";
import { LEVEL_LABEL, type Level } from "../../crawler/judge/verdict.ts";

// White text on each colour has a contrast of at least 4.5:1.
const COLOUR: Record<Level, string> = { clean: "#1a7f37", warnings: "#8a5a00", errors: "#b42318", unreachable: "#57606a", "not-judged": "#57606a" };
const VALUE: Record<Level, string> = { clean: "conformant", warnings: "warnings", errors: "errors", unreachable: "unreachable", "not-judged": "not judged" };
const LABEL = "serverinfo";

// A badge differs from another of its level only by its name: each level's is drawn once per build.
const drawn = new Map<Level | "unknown", string>();

export function badgeSvg(domain: string, level: Level | "unknown"): string {
  const message = level === "unknown" ? "not probed" : VALUE[level];
  let svg = drawn.get(level);
  if (svg === undefined) {
    svg = makeBadge({ label: LABEL, message, color: level === "unknown" ? COLOUR.unreachable : COLOUR[level], labelColor: "#24292f", style: "flat" });
    drawn.set(level, svg);
  }
  // badge-maker names the badge "label: message" (escaped); ours says whose badge it is.
  const own = escapeXml(`${domain}: serverinfo ${level === "unknown" ? "not probed yet" : LEVEL_LABEL[level]}`);
  const its = escapeXml(`${LABEL}: ${message}`);
  return `${svg.replace(`aria-label="${its}"`, `aria-label="${own}"`).replace(`<title>${its}</title>`, `<title>${own}</title>`)}\n`;
}
