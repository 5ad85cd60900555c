import { describe, expect, it } from "vitest";
import xml from "@xmpp/xml";
import type { Element } from "@xmpp/xml";
import { answerFromXml, type IqAnswer } from "../model/answer.ts";
import { NS_DISCO_INFO } from "../model/disco.ts";
import { ConnectionLostError, type IqRequester } from "../xmpp/session.ts";
import { probeDomain } from "./probe.ts";
import { discoInfo, fixture } from "../../test/helpers/fixtures.ts";

const OPTIONS = { iqTimeoutMs: 1000, budgetMs: 5000, maxComponents: 20 };

/** Answers each question from `answerFor`; stands in for the XMPP session (the probe's only I/O). */
function requester(answerFor: (to: string, payload: Element) => IqAnswer | Error): IqRequester {
  return {
    request: async (to, payload) => {
      const answer = answerFor(to, payload);
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
}

/** An answer whose stanza throws on every read: stands for a bug of ours that some answer reveals. */
function explodingAnswer(raw: string): IqAnswer {
  const stanza = new Proxy(xml("iq", { type: "result" }), {
    get(target, key) {
      if (key === "attrs") return target.attrs;
      throw new TypeError(`cannot read ${String(key)}`);
    },
  });
  return { kind: "stanza", stanza, raw };
}

describe("probeDomain", () => {
  it("turns an exception while reading the answers into an internal-error report, keeping the evidence", async () => {
    const raw = discoInfo("boom.test", "<identity category='server' type='im'/>");
    const session = requester((_to, payload) => (payload.attrs.xmlns === NS_DISCO_INFO ? explodingAnswer(raw) : { kind: "timeout" }));
    const result = await probeDomain(session, "boom.test", OPTIONS);
    expect(result.report).toMatchObject({ domain: "boom.test", outcome: "internal-error", findings: [] });
    expect(result.report.error?.text).toBe("TypeError: cannot read getChild");
    expect(result.failure).toBeInstanceOf(TypeError);
    expect(result.evidence.find((e) => e.kind === "disco-info")?.raw).toBe(raw);
  });

  it("lets only a lost connection to our own server reject, so that the crawl redoes the probe", async () => {
    const session = requester(() => new ConnectionLostError("the connection to our own server dropped"));
    await expect(probeDomain(session, "good.test", OPTIONS)).rejects.toBeInstanceOf(ConnectionLostError);
  });

  it("judges an ordinary answer", async () => {
    const info = fixture("prosody-0.12.3/disco-info.good.test.xml");
    const session = requester((_to, payload) => (payload.attrs.xmlns === NS_DISCO_INFO ? answerFromXml(info) : { kind: "timeout" }));
    const result = await probeDomain(session, "good.test", OPTIONS);
    expect(result.report.outcome).toBe("ok");
    expect(result.failure).toBeUndefined();
  });
});
