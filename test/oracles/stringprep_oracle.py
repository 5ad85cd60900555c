#!/usr/bin/python3
"""aioxmpp's Nodeprep and Nameprep, for crawler/model/stringprep.ts to be compared with: reads a
JSON list of strings on stdin and writes a JSON list of [nodeprep, nameprep] (null where aioxmpp
raises ValueError)."""
import json
import sys

from aioxmpp.stringprep import nameprep, nodeprep


def prep(f, s):
    try:
        return f(s)
    except ValueError:
        return None


print(json.dumps([[prep(nodeprep, s), prep(nameprep, s)] for s in json.load(sys.stdin)], ensure_ascii=False))
