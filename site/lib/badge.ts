// The badge of a domain: a small SVG, readable at a glance, with a title for screen readers.
// Colours give white text a contrast of at least 4.5:1.
import { escapeXml } from "./escape.ts";
import { LEVEL_LABEL, type Level } from "../../crawler/rules/verdict.ts";

const COLOUR: Record<Level, string> = { clean: "#1a7f37", warnings: "#8a5a00", errors: "#b42318", unreachable: "#57606a" };
const VALUE: Record<Level, string> = { clean: "conformant", warnings: "warnings", errors: "errors", unreachable: "unreachable" };
const LABEL = "serverinfo";
// Verdana 11px averages about 6.5 px a character: enough for a layout that never clips.
const width = (text: string) => Math.round(text.length * 6.5) + 12;

export function badgeSvg(domain: string, level: Level | "unknown"): string {
  const value = level === "unknown" ? "not probed" : VALUE[level];
  const colour = level === "unknown" ? COLOUR.unreachable : COLOUR[level];
  const title = `${domain}: serverinfo ${level === "unknown" ? "not probed yet" : LEVEL_LABEL[level]}`;
  const left = width(LABEL);
  const right = width(value);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${left + right}" height="20" role="img" aria-label="${escapeXml(title)}">
<title>${escapeXml(title)}</title>
<rect width="${left}" height="20" fill="#24292f"/>
<rect x="${left}" width="${right}" height="20" fill="${colour}"/>
<g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11" text-anchor="middle">
<text x="${left / 2}" y="14">${LABEL}</text>
<text x="${left + right / 2}" y="14">${escapeXml(value)}</text>
</g>
</svg>
`;
}
