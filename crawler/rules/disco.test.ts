import { ruleCases, GOOD, GOOD_FIELDS } from "../../test/helpers/rule-cases.ts";
import { serverinfoForm } from "../../test/helpers/fixtures.ts";
import type { RuleIdOf } from "./rule.ts";
import type { DISCO_RULES } from "./disco.ts";

const FEATURE = `<feature var="http://jabber.org/protocol/disco#info"/>`;
const FORM = serverinfoForm(GOOD_FIELDS);

ruleCases<RuleIdOf<typeof DISCO_RULES>>("disco", {
  "disco-no-identity": {
    trips: FEATURE + FORM,
    finding: { severity: "error", subject: "example.org", message: "The answer lists no <identity/>." },
    nearMiss: `<identity category="server"/>` + FEATURE + FORM,
  },
  "disco-identity-incomplete": {
    trips: `<identity category="server"/>` + FEATURE + FORM,
    finding: { severity: "error", subject: "example.org", message: "An identity has no type." },
    nearMiss: `<identity category="server" type="im"/>` + FEATURE + FORM,
  },
  "disco-identity-conflict": {
    trips: `<identity category="server" type="im"/><identity category="server" type="im"/>` + FEATURE + FORM,
    finding: { severity: "error", subject: "example.org", message: "The identity server/im appears more than once." },
    nearMiss: `<identity category="server" type="im" xml:lang="en"/><identity category="server" type="im" xml:lang="de"/>` + FEATURE + FORM,
  },
  "disco-no-server-identity": {
    trips: `<identity category="component" type="generic"/>` + FEATURE + FORM,
    finding: { severity: "info", subject: "example.org", message: "The bare domain's identities (component/generic) include no 'server' category." },
    nearMiss: `<identity category="component" type="generic"/><identity category="server" type="im"/>` + FEATURE + FORM,
  },
  "disco-no-discoinfo-feature": {
    trips: `<identity category="server" type="im"/>` + FORM,
    finding: { severity: "warning", subject: "example.org", message: "The feature http://jabber.org/protocol/disco#info is not listed." },
    nearMiss: `<identity category="server" type="im"/><feature var="urn:xmpp:ping"/>` + FEATURE + FORM,
  },
  "disco-duplicate-feature": {
    trips: GOOD + FEATURE,
    finding: {
      severity: "warning",
      subject: "example.org",
      message: 'The feature "http://jabber.org/protocol/disco#info" is listed more than once.',
      value: "http://jabber.org/protocol/disco#info",
    },
    nearMiss: GOOD + `<feature var="urn:xmpp:ping"/>`,
  },
});
