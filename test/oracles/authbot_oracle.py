#!/usr/bin/python3
"""An oracle for what the XSF operators channel's authbot grants, built on the very libraries it
uses: Debian's python3-aioxmpp (its XSO parser for disco#info, its forms, its JID with stringprep)
and Python's urllib.parse. Our own code, applying authbot's steps 3 to 7 (issue 18):

3. the first data form of the disco#info answer whose FORM_TYPE (aioxmpp's get_form_type) is
   http://jabber.org/network/serverinfo;
4. of it, every non-empty value of abuse-, admin- and security-addresses;
5. urllib.parse.urlparse: the scheme must be xmpp, the JID is the path (a ValueError skips it);
6. aioxmpp.JID.fromstr(path) (a ValueError skips it);
7. a joiner is let in when their bare JID equals one of them.

Reads one JSON object a line on stdin: {"id", "xml" (a disco#info <query/>), "domains" (the forms
of the answering domain's name), "joiners" (JIDs to decide)}. Writes one a line: {"id", "parsed",
"granted" (the bare JIDs of those domains it lets in, sorted), "joiners" ({jid: granted})}.
"""
import io
import json
import sys
import urllib.parse

import aioxmpp
import aioxmpp.disco.xso
import aioxmpp.xml

SERVERINFO = "http://jabber.org/network/serverinfo"
FIELDS = ("abuse-addresses", "admin-addresses", "security-addresses")


def listed_jids(query):
    form = next((ext for ext in query.exts if ext.get_form_type() == SERVERINFO), None)
    if form is None:
        return []
    jids = []
    for field in form.fields:
        if field.var not in FIELDS:
            continue
        for value in field.values:
            if not value:
                continue
            try:
                url = urllib.parse.urlparse(value)
            except ValueError:
                continue
            if url.scheme != "xmpp":
                continue
            try:
                jids.append(aioxmpp.JID.fromstr(url.path))
            except ValueError:
                continue
    return jids


def parse_jid(s):
    try:
        return aioxmpp.JID.fromstr(s)
    except ValueError:
        return None


def decide(case):
    try:
        query = aioxmpp.xml.read_single_xso(io.BytesIO(case["xml"].encode("utf-8")), aioxmpp.disco.xso.InfoQuery)
    except Exception as exc:  # aioxmpp refuses the answer: authbot then grants nobody
        return {"id": case["id"], "parsed": False, "error": f"{type(exc).__name__}: {exc}", "granted": [], "joiners": {}}
    jids = listed_jids(query)
    domains = {d.domain for d in map(parse_jid, case.get("domains", [])) if d is not None}
    granted = sorted({str(j) for j in jids if j.is_bare and j.domain in domains})
    joiners = {}
    for joiner in case.get("joiners", []):
        jid = parse_jid(joiner)
        # authbot asks the joiner's own domain: the answer given stands for it only when it is one of `domains`.
        joiners[joiner] = jid is not None and jid.domain in domains and jid.bare() in jids
    return {"id": case["id"], "parsed": True, "granted": granted, "joiners": joiners}


def main():
    for line in sys.stdin:
        if line.strip():
            sys.stdout.write(json.dumps(decide(json.loads(line)), ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
