#!/usr/bin/env python3
"""Validate heldout4/labels.jsonl against the .txt files and the SCHEMA.md vocabularies."""
import glob
import json
import os
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


def main():
    errs = []
    ids = set()
    seen_files = set()
    n_inc = n_true = 0
    with open(os.path.join(HERE, "labels.jsonl"), encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    assert lines[-1] == "", "labels.jsonl must end with a newline"
    for ln, line in enumerate(lines[:-1], 1):
        try:
            d = json.loads(line)
        except ValueError as e:
            errs.append("line %d: bad JSON: %s" % (ln, e))
            continue
        where = "line %d (%s)" % (ln, d.get("id"))
        if set(d) != TOP:
            errs.append("%s: keys %s" % (where, sorted(set(d) ^ TOP)))
        if d["id"] in ids:
            errs.append("%s: duplicate id" % where)
        ids.add(d["id"])
        if not d["id"].startswith("h4-"):
            errs.append("%s: id prefix" % where)
        if d["url"] is not None:
            errs.append("%s: url must be null" % where)
        path = os.path.join(HERE, d["id"][3:] + ".txt")
        if not os.path.exists(path):
            errs.append("%s: no file %s" % (where, path))
        else:
            seen_files.add(os.path.basename(path))
            with open(path, encoding="utf-8", newline="") as fh:
                content = fh.read()
            if content != d["text"]:
                errs.append("%s: text differs from file" % where)
            if d["title"] != content.split("\n", 1)[0]:
                errs.append("%s: title is not the first line" % where)
            if content.split("\n")[1] != "":
                errs.append("%s: second line not blank" % where)
        lab = d["label"]
        if set(lab) != {"is_incident", "incidents"}:
            errs.append("%s: label keys" % where)
        if lab["is_incident"] != bool(lab["incidents"]):
            errs.append("%s: is_incident inconsistent with incidents" % where)
        n_true += lab["is_incident"]
        if not isinstance(d["notes"], str) or not d["notes"]:
            errs.append("%s: notes missing" % where)
        for i, inc in enumerate(lab["incidents"]):
            w = "%s incident %d" % (where, i)
            n_inc += 1
            if set(inc) != INC:
                errs.append("%s: keys %s" % (w, sorted(set(inc) ^ INC)))
                continue
            if not isinstance(inc["org"], str) or not inc["org"]:
                errs.append("%s: org" % w)
            elif inc["org"] not in d["text"]:
                errs.append("%s: org %r not in text" % (w, inc["org"]))
            for k in ("org_aliases", "org_ok"):
                if not isinstance(inc[k], list) or not all(isinstance(x, str) and x for x in inc[k]):
                    errs.append("%s: %s" % (w, k))
            for a in inc["org_aliases"]:
                if a not in d["text"]:
                    errs.append("%s: alias %r not in text" % (w, a))
            if not inc["causes"] or any(c not in CAUSES for c in inc["causes"]) or len(set(inc["causes"])) != len(inc["causes"]):
                errs.append("%s: causes %r" % (w, inc["causes"]))
            if inc["actor"] not in ACTORS:
                errs.append("%s: actor %r" % (w, inc["actor"]))
            r = inc["records"]
            if r is not None and (not isinstance(r, int) or isinstance(r, bool) or r <= 0):
                errs.append("%s: records %r" % (w, r))
            if not all(isinstance(x, int) and not isinstance(x, bool) and x > 0 for x in inc["records_ok"]):
                errs.append("%s: records_ok %r" % (w, inc["records_ok"]))
            if r in inc["records_ok"]:
                errs.append("%s: records repeated in records_ok" % w)
            if inc["records_qualifier"] not in QUALS:
                errs.append("%s: qualifier %r" % (w, inc["records_qualifier"]))
            if r is None and inc["records_qualifier"] is not None:
                errs.append("%s: qualifier without records" % w)
            if any(t not in DATA for t in inc["data_types"]) or len(set(inc["data_types"])) != len(inc["data_types"]):
                errs.append("%s: data_types %r" % (w, inc["data_types"]))
    files = {os.path.basename(f) for f in glob.glob(os.path.join(HERE, "*.txt"))}
    if files != seen_files:
        errs.append("files without labels: %s" % sorted(files - seen_files))
    for e in errs:
        print(e)
    print("%d articles, %d incident articles, %d incidents, %d errors" % (len(ids), n_true, n_inc, len(errs)))
    return 1 if errs else 0


if __name__ == "__main__":
    sys.exit(main())
