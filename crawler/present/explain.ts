// The outcome of a probe in plain words, naming whose server produced an error.
// Shared by the CLI report and the site; `show` prepares crawled text for the medium.
import type { DomainReport } from "../contract.ts";

export function explainOutcome(report: Pick<DomainReport, "domain" | "outcome" | "error">, show: (text: string) => string = (t) => t): string {
  const e = report.error;
  const by = e?.by ? ` (reported by ${show(e.by)}${e.by === report.domain ? ", the domain itself" : ", not by the domain"})` : "";
  const text = e?.text ? `: ${show(e.text)}` : "";
  switch (report.outcome) {
    case "ok":
      return "reachable";
    case "remote-server-not-found":
      return `unreachable: our server could not resolve or connect to it${text}${by}`;
    case "remote-server-timeout":
      return `unreachable: our server found it but could not talk to it in time${text}${by}`;
    case "timeout":
      return "unreachable: no answer within our time limit";
    case "error":
      return `unreachable: it answered with an error, ${e?.condition ?? "unknown"}${text}${by}`;
    case "internal-error":
      return `not judged: the observatory failed on its answer (a bug of ours, logged)${text}`;
  }
}
