import { ruleCases, GOOD, GOOD_FIELDS } from "../../test/helpers/rule-cases.ts";
import { serverinfoForm } from "../../test/helpers/fixtures.ts";
import type { RuleIdOf } from "./rule.ts";
import type { DISCO_RULES } from "./disco.ts";

const FEATURE = `<feature var="http://jabber.org/protocol/disco#info"/>`;
const FORM = serverinfoForm(GOOD_FIELDS);

ruleCases<RuleIdOf<typeof DISCO_RULES>>("disco", {
  "disco-no-identity": { trips: FEATURE + FORM, passes: GOOD },
  "disco-identity-incomplete": { trips: `<identity category="server"/>` + FEATURE + FORM, passes: GOOD },
  "disco-identity-conflict": {
    trips: `<identity category="server" type="im"/><identity category="server" type="im"/>` + FEATURE + FORM,
    passes: `<identity category="server" type="im" xml:lang="en"/><identity category="server" type="im" xml:lang="de"/>` + FEATURE + FORM,
  },
  "disco-no-server-identity": { trips: `<identity category="component" type="generic"/>` + FEATURE + FORM, passes: GOOD },
  "disco-no-discoinfo-feature": { trips: `<identity category="server" type="im"/>` + FORM, passes: GOOD },
  "disco-duplicate-feature": { trips: GOOD + FEATURE, passes: GOOD + `<feature var="urn:xmpp:ping"/>` },
});
