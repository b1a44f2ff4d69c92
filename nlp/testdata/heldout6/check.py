#!/usr/bin/env python3
"""Validate heldout6/labels.jsonl against the .txt files and the SCHEMA vocabularies."""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CAUSES = {"unauthorized_access", "ransomware", "malware", "phishing_fraud", "vulnerability",
          "insider", "misconfiguration", "misoperation", "loss_theft", "other"}
DATA = {"name", "address", "phone", "email", "birthdate", "credit_card", "bank_account", "passport",
        "my_number", "credentials", "health", "location", "vehicle", "support_ticket", "other"}
ACTORS = {"external", "internal", "partner", "unknown"}
QUALS = {"exact", "approx", "upper_bound", "lower_bound", None}
TOP = {"id", "url", "title", "text", "label", "notes"}
INC = {"org", "org_aliases", "org_ok", "causes", "actor", "records", "records_ok",
       "records_qualifier", "data_types"}

errors = []


def err(msg):
    errors.append(msg)


def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def main():
    ids = set()
    seen_files = set()
    n = n_pos = n_inc = 0
    with open(os.path.join(HERE, "labels.jsonl"), encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for ln, line in enumerate(lines, 1):
        try:
            d = json.loads(line)
        except ValueError as e:
            err("line %d: bad JSON: %s" % (ln, e))
            continue
        n += 1
        where = "line %d (%s)" % (ln, d.get("id"))
        if set(d) != TOP:
            err("%s: keys %s" % (where, sorted(d)))
        i = d.get("id", "")
        if i in ids:
            err("%s: duplicate id" % where)
        ids.add(i)
        m = re.fullmatch(r"h6-(\d{3}-[a-z0-9-]+)", i)
        if not m:
            err("%s: id format" % where)
            continue
        path = os.path.join(HERE, m.group(1) + ".txt")
        seen_files.add(m.group(1) + ".txt")
        if not os.path.exists(path):
            err("%s: no file %s" % (where, path))
            continue
        with open(path, encoding="utf-8", newline="") as f:
            text = f.read()
        if d["text"] != text:
            err("%s: text differs from file" % where)
        title, _, rest = text.partition("\n")
        if d["title"] != title:
            err("%s: title is not the first line" % where)
        if not rest.startswith("\n") or not rest.strip():
            err("%s: second line must be blank and a body must follow" % where)
        if d["url"] is not None:
            err("%s: url must be null" % where)
        if not isinstance(d["notes"], str) or not d["notes"]:
            err("%s: notes missing" % where)
        lab = d["label"]
        if set(lab) != {"is_incident", "incidents"}:
            err("%s: label keys %s" % (where, sorted(lab)))
        incs = lab.get("incidents", [])
        if lab.get("is_incident") is not bool(incs):
            err("%s: is_incident disagrees with incidents" % where)
        n_pos += bool(incs)
        for k, x in enumerate(incs):
            n_inc += 1
            w = "%s inc %d" % (where, k)
            if set(x) != INC:
                err("%s: keys %s" % (w, sorted(x)))
                continue
            if not isinstance(x["org"], str) or not x["org"]:
                err("%s: org" % w)
            elif x["org"] not in text:
                err("%s: org %r not in text" % (w, x["org"]))
            for a in x["org_aliases"]:
                if a not in text:
                    err("%s: alias %r not in text" % (w, a))
            for a in x["org_ok"]:
                if not isinstance(a, str) or not a:
                    err("%s: org_ok entry" % w)
                elif a not in text:
                    print("warning: %s: org_ok %r not in text" % (w, a))
            if not x["causes"] or len(set(x["causes"])) != len(x["causes"]):
                err("%s: causes empty or repeated" % w)
            for c in x["causes"]:
                if c not in CAUSES:
                    err("%s: cause %r" % (w, c))
            if x["actor"] not in ACTORS:
                err("%s: actor %r" % (w, x["actor"]))
            r = x["records"]
            if r is not None and (not is_int(r) or r <= 0):
                err("%s: records %r" % (w, r))
            if x["records_qualifier"] not in QUALS:
                err("%s: qualifier %r" % (w, x["records_qualifier"]))
            if (r is None) != (x["records_qualifier"] is None):
                err("%s: records and qualifier must be null together" % w)
            for v in x["records_ok"]:
                if not is_int(v) or v <= 0 or v == r:
                    err("%s: records_ok %r" % (w, v))
            if len(set(x["data_types"])) != len(x["data_types"]):
                err("%s: repeated data type" % w)
            for t in x["data_types"]:
                if t not in DATA:
                    err("%s: data type %r" % (w, t))
    files = {f for f in os.listdir(HERE) if f.endswith(".txt")}
    for f in sorted(files - seen_files):
        err("file without label: %s" % f)
    for e in errors:
        print("ERROR:", e)
    print("%d articles, %d incidents (%d positive, %d negative), %d errors"
          % (n, n_inc, n_pos, n - n_pos, len(errors)))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
