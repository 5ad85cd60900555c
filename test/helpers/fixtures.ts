// Builds probe answers from the captured XML of real servers (test/fixtures/).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { answerFromXml, type IqAnswer } from "../../crawler/model/answer.ts";
import type { ProbeAnswers } from "../../crawler/probe/analyze.ts";
import { emptyContacts, type DomainReport } from "../../crawler/contract.ts";

const root = fileURLToPath(new URL("../fixtures/", import.meta.url));

export function fixture(path: string): string {
  return readFileSync(`${root}${path}`, "utf8");
}

export function answer(raw: string): IqAnswer {
  return answerFromXml(raw);
}

export function answers(
  domain: string,
  parts: { info: string; items?: string; version?: string; components?: Array<{ jid: string; info: string | "timeout" }> },
): ProbeAnswers {
  return {
    domain,
    probedAt: "2026-11-21T00:00:00.000Z",
    durationMs: 5,
    info: answer(parts.info),
    version: parts.version ? answer(parts.version) : undefined,
    items: parts.items ? answer(parts.items) : undefined,
    components: (parts.components ?? []).map((c) => ({ jid: c.jid, name: undefined, info: c.info === "timeout" ? { kind: "timeout" } : answer(c.info) })),
  };
}

/** A disco#info result for `from`, with the given inner XML of <query/> (and anything after it). */
export function discoInfo(from: string, query: string, after = ""): string {
  return `<iq type="result" from="${from}" id="t1" to="crawler@home.test/x"><query xmlns="http://jabber.org/protocol/disco#info">${query}</query>${after}</iq>`;
}

export const SERVER_IDENTITY = `<identity category="server" type="im" name="Test"/><feature var="http://jabber.org/protocol/disco#info"/>`;

export function serverinfoForm(fields: string, attrs = `type="result"`): string {
  return `<x xmlns="jabber:x:data" ${attrs}><field var="FORM_TYPE" type="hidden"><value>http://jabber.org/network/serverinfo</value></field>${fields}</x>`;
}

/** A reachable domain's report with one serverinfo form and nothing else, but what `over` sets. */
export function reportWith(over: Partial<DomainReport>): DomainReport {
  return {
    domain: "example.org",
    probedAt: "2026-01-01T00:00:00Z",
    durationMs: 1,
    outcome: "ok",
    identities: [],
    features: [],
    serverinfo: { forms: 1 },
    contacts: emptyContacts(),
    administrators: [],
    components: [],
    checks: [],
    findings: [],
    ...over,
  };
}
