// xmpp.js makes a JID of the sender and of the addressee of every stanza it sends and receives
// (its middleware's contexts), and each localpart it sets goes through XEP-0106's escape detection:
// ten replaceAll calls and a search, on our own localpart twice a stanza. A localpart with none of
// the characters XEP-0106 escapes (space " & ' / : < > @ \) needs no escaping, whatever the
// detection would remove first (every escape sequence holds a backslash), so it is set at once;
// any other goes through xmpp.js's own code. Same JIDs, about a tenth of a crawl's JID work.
import { jid } from "@xmpp/client";

/** The characters XEP-0106 escapes in a localpart, the backslash of an escape sequence among them. */
const ESCAPABLE = /[ "&'/:<>@\\]/;

let installed = false;

/** Makes xmpp.js's JID skip its escape detection for a localpart that cannot need escaping (once per process). */
export function skipNeedlessEscapeDetection(): void {
  if (installed) return;
  installed = true;
  const proto = jid.JID.prototype;
  const setLocal = proto.setLocal;
  proto.setLocal = function (local: string, escape?: boolean) {
    if (escape || (local && ESCAPABLE.test(local))) return setLocal.call(this, local, escape);
    this._local = local && local.toLowerCase();
    return this;
  };
}
