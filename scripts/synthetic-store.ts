// A synthetic store for the site benchmark and tests: N domains over C crawls, every probe made
// from the answers captured from real servers (test/fixtures/), renamed per domain, with drift
// between crawls so that history has changes. Some domain names are IDNs.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { analyzeProbe, type ProbeAnswers } from "../crawler/probe/analyze.ts";
import { answerFromXml } from "../crawler/model/answer.ts";
import { Store } from "../crawler/store/store.ts";
import type { ProbeResult } from "../crawler/contract.ts";
import { recordProbe } from "../crawler/crawl/record.ts";

const FIXTURES = fileURLToPath(new URL("../test/fixtures/", import.meta.url));
const TEMPLATES = [
  { file: "prosody-0.12.3/disco-info.good.test.xml", from: "good.test", software: ["Prosody", "0.12.3"] },
  { file: "prosody-0.12.3/disco-info.bad.test.xml", from: "bad.test", software: ["Prosody", "0.12.3"] },
  { file: "prosody-0.12.3/disco-info.dup.test.xml", from: "dup.test", software: ["Prosody", "0.12.4"] },
  { file: "prosody-0.12.3/disco-info.fallback.test.xml", from: "fallback.test", software: ["Prosody", "13.0.1"] },
  { file: "prosody-0.12.3/disco-info.plain.test.xml", from: "plain.test", software: ["Prosody", "0.11.9"] },
  { file: "ejabberd-23.01/disco-info.ej.test.xml", from: "ej.test", software: ["ejabberd", "23.01"] },
  { file: "errors/disco-info.dead.test.xml", from: "dead.test", software: undefined },
] as const;

const texts = TEMPLATES.map((t) => readFileSync(`${FIXTURES}${t.file}`, "utf8"));

/** A deterministic pseudo-random number in [0, 1) for (a, b). */
function noise(a: number, b: number): number {
  const x = Math.sin(a * 12.9898 + b * 78.233) * 43758.5453;
  return x - Math.floor(x);
}

export function syntheticDomain(i: number): string {
  if (i % 97 === 5) return `bücher-${i}.example`;
  if (i % 211 === 7) return `münchen-${i}.example`;
  return `d${i}.example`;
}

/** The probe of `domain` made from template `variant` (modulo the templates), as if it were made at `probedAt`. */
export function syntheticProbe(domain: string, variant: number, probedAt: string): ProbeResult {
  const t = variant % TEMPLATES.length;
  const template = TEMPLATES[t]!;
  const raw = texts[t]!.replaceAll(template.from, domain);
  const version = template.software
    ? answerFromXml(
        `<iq type="result" from="${domain}" id="v"><query xmlns="jabber:iq:version"><name>${template.software[0]}</name><version>${template.software[1]}</version></query></iq>`,
      )
    : undefined;
  const answers: ProbeAnswers = { domain, probedAt, durationMs: 5, info: answerFromXml(raw), version, items: undefined, components: [] };
  return { report: analyzeProbe(answers, 20), evidence: [{ jid: domain, kind: "disco-info", raw }] };
}

export function writeSyntheticStore(path: string, options: { domains: number; crawls: number }): void {
  const store = Store.open(path);
  const domains = Array.from({ length: options.domains }, (_, i) => syntheticDomain(i));
  store.domains.add(domains, "synthetic", "2026-01-01T00:00:00.000Z");
  const start = Date.parse("2026-01-01T00:00:00.000Z");
  for (let c = 0; c < options.crawls; c++) {
    const startedAt = new Date(start + c * 86_400_000).toISOString();
    const crawlId = store.crawls.start(domains, { synthetic: true }, { pid: 0, identity: null }, startedAt);
    store.db.transaction(() => {
      domains.forEach((domain, i) => {
        // Most domains keep their template; a few change between crawls.
        const drift = noise(i, c) < 0.05 ? c : 0;
        recordProbe(store, crawlId, syntheticProbe(domain, i + drift, new Date(Date.parse(startedAt) + i).toISOString()));
      });
    })();
    store.crawls.finish(crawlId, new Date(Date.parse(startedAt) + 3_600_000).toISOString());
  }
  store.close();
}
