// The outcome of a probe in plain words, naming whose server produced an error.
// Shared by the CLI report and the site; `show` prepares crawled text for the medium.
import { isReachable, type DomainReport } from "../contract.ts";
import { describeVantage, vantagesThatFailed } from "../rules/federation.ts";

export function explainOutcome(
  report: Pick<DomainReport, "domain" | "outcome" | "error"> & Partial<Pick<DomainReport, "vantages" | "via">>,
  show: (text: string) => string = (t) => t,
): string {
  const vantages = report.vantages ?? [];
  if (report.via !== undefined) {
    const failed = vantagesThatFailed(report).map(show).join(", ");
    return `reachable from some vantages only: through ${show(report.via)}, not from ${failed}`;
  }
  if (report.outcome === "unconfirmed") {
    const who = vantages.filter((v) => !isReachable(v.outcome)).map((v) => show(describeVantage(v)));
    return `not judged: only our own server failed on it${who.length > 0 ? ` (${who.join("; ")})` : ""}, while our own server was found to be the problem in that crawl, and no working vantage could confirm the failure`;
  }
  const own = explainOwnOutcome(report, show);
  return vantages.length > 1 && !isReachable(report.outcome) ? `${own}; unreachable from ${vantages.length} vantages` : own;
}

/** Each vantage's outcome in a line of its own, with its server's words: the server page and the CLI report list them. */
export function explainVantages(report: Pick<DomainReport, "domain" | "vantages">, show: (text: string) => string = (t) => t): string[] {
  return (report.vantages ?? []).map(
    (v) =>
      `${show(v.vantage)}: ${explainOwnOutcome({ domain: report.domain, outcome: v.outcome, ...(v.error && { error: v.error }) }, show).replace("our server", "its server")}`,
  );
}

function explainOwnOutcome(report: Pick<DomainReport, "domain" | "outcome" | "error">, show: (text: string) => string): string {
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
    case "unconfirmed":
      return `not judged: only our own server failed on it${text}${by}, and no working vantage could confirm the failure`;
  }
}
