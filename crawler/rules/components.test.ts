import { ruleCases, GOOD, GOOD_FIELDS, field } from "../../test/helpers/rule-cases.ts";
import { discoInfo, serverinfoForm } from "../../test/helpers/fixtures.ts";
import type { RuleIdOf } from "./rule.ts";
import type { COMPONENTS_RULES } from "./components.ts";

const MUC = "muc.example.org";
const component = (inner: string | "timeout") => ({
  query: GOOD,
  items: [MUC],
  components: [{ jid: MUC, info: inner === "timeout" ? inner : discoInfo(MUC, inner) }],
});
const ROOMS = `<identity category="conference" type="text"/><feature var="http://jabber.org/protocol/disco#info"/>`;

ruleCases<RuleIdOf<typeof COMPONENTS_RULES>>("components", {
  "component-serverinfo-differs": {
    trips: component(ROOMS + serverinfoForm(field("abuse-addresses", ["mailto:rooms@example.org"]) + field("administrators", ["admin@example.org"]))),
    finding: {
      severity: "info",
      subject: "muc.example.org",
      message: "muc.example.org publishes other contacts than example.org in abuse-addresses, admin-addresses.",
    },
    nearMiss: component(ROOMS + serverinfoForm(GOOD_FIELDS)),
  },
  "component-administrators-differs": {
    trips: component(
      ROOMS +
        serverinfoForm(
          field("abuse-addresses", ["xmpp:abuse@example.org", "mailto:abuse@example.org"]) +
            field("admin-addresses", ["xmpp:admin@example.org"]) +
            field("administrators", ["rooms@example.org"]),
        ),
    ),
    finding: {
      severity: "info",
      subject: "muc.example.org",
      message: "muc.example.org lists administrators [rooms@example.org] where example.org lists [admin@example.org].",
      field: "administrators",
    },
    nearMiss: component(ROOMS + serverinfoForm(GOOD_FIELDS)),
  },
  "component-unreachable": {
    trips: component("timeout"),
    finding: {
      severity: "info",
      subject: "muc.example.org",
      message: "muc.example.org is listed in example.org's disco#items but does not answer disco#info (timeout).",
    },
    nearMiss: component(ROOMS),
  },
});
