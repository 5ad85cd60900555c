// A domain's conformance level (contract: LevelSchema): the one judgement the CLI's exit code,
// the list, the badge and the overview share.
import type { DomainReport } from "../contract.ts";

export const LEVELS = ["clean", "warnings", "errors", "unreachable"] as const;
export type Level = (typeof LEVELS)[number];

export const LEVEL_LABEL: Record<Level, string> = {
  clean: "no findings above info",
  warnings: "warnings only",
  errors: "errors",
  unreachable: "unreachable",
};

export function levelOf(report: DomainReport): Level {
  if (report.outcome !== "ok") return "unreachable";
  if (report.findings.some((f) => f.severity === "error")) return "errors";
  if (report.findings.some((f) => f.severity === "warning")) return "warnings";
  return "clean";
}

/** authbot can recognise the operators: a valid xmpp: address among abuse, admin and security of the first form. */
export function isAuthbotReady(report: DomainReport): boolean {
  return report.outcome === "ok" && report.serverinfo.forms > 0 && !report.findings.some((f) => f.rule === "contacts-no-xmpp-operator" && f.subject === report.domain);
}

export function publishesAdministrators(report: DomainReport): boolean {
  return report.administrators.some((a) => a.trim() !== "");
}
