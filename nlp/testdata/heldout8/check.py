#!/usr/bin/env python3
"""Validate heldout8/labels.jsonl against the .txt files and the SCHEMA.md vocabularies."""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CAUSES = {"unauthorized_access", "ransomware", "malware", "phishing_fraud", "vulnerability",
          "insider", "misconfiguration", "misoperation", "loss_theft", "other"}
ACTORS = {"external", "internal", "partner", "unknown"}
QUALS = {"exact", "approx", "upper_bound", "lower_bound", None}
DATA = {"name", "address", "phone", "email", "birthdate", "credit_card", "bank_account",
        "passport", "my_number", "credentials", "health", "location", "vehicle",
        "support_ticket", "other"}
INC_KEYS = {"org", "org_aliases", "org_ok", "causes", "actor", "records", "records_ok",
            "records_qualifier", "data_types"}


def main():
    errs = []
    ids = set()
    seen_files = set()
    n = 0
    with open(os.path.join(HERE, "labels.jsonl"), encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for ln, line in enumerate(lines, 1):
        def err(msg):
            errs.append("line %d: %s" % (ln, msg))
        try:
            d = json.loads(line)
        except ValueError as e:
            err("bad json: %s" % e)
            continue
        n += 1
        if set(d) != {"id", "url", "title", "text", "label", "notes"}:
            err("keys %s" % sorted(d))
        i = d.get("id", "")
        if i in ids:
            err("duplicate id %s" % i)
        ids.add(i)
        if not i.startswith("h8-"):
            err("id prefix")
        stem = i[3:]
        path = os.path.join(HERE, stem + ".txt")
        if not os.path.exists(path):
            err("no file for %s" % i)
        else:
            seen_files.add(stem)
            with open(path, encoding="utf-8", newline="") as tf:
                t = tf.read()
            if t != d["text"]:
                err("text differs from file")
            if t.split("\n", 1)[0] != d["title"]:
                err("title is not the first line")
            if not t.split("\n")[1] == "":
                err("second line not blank")
        if d["url"] is not None:
            err("url not null")
        if not isinstance(d.get("notes"), str) or not d["notes"]:
            err("notes missing")
        lab = d["label"]
        incs = lab.get("incidents")
        if set(lab) != {"is_incident", "incidents"} or not isinstance(incs, list):
            err("label keys")
            continue
        if lab["is_incident"] != bool(incs):
            err("is_incident disagrees with incidents")
        for k, x in enumerate(incs):
            p = "incident %d: " % k
            if set(x) != INC_KEYS:
                err(p + "keys %s" % sorted(x))
                continue
            if not isinstance(x["org"], str) or not x["org"]:
                err(p + "org")
            elif x["org"] not in d["text"]:
                err(p + "org %r not in text" % x["org"])
            for a in x["org_aliases"]:
                if a not in d["text"]:
                    err(p + "alias %r not in text" % a)
            for a in x["org_ok"]:
                if not isinstance(a, str):
                    err(p + "org_ok type")
            if not x["causes"] or any(c not in CAUSES for c in x["causes"]) \
                    or len(set(x["causes"])) != len(x["causes"]):
                err(p + "causes %s" % x["causes"])
            if x["actor"] not in ACTORS:
                err(p + "actor %s" % x["actor"])
            r = x["records"]
            if r is not None and (not isinstance(r, int) or isinstance(r, bool) or r <= 0):
                err(p + "records %r" % r)
            if any(not isinstance(v, int) or v <= 0 for v in x["records_ok"]):
                err(p + "records_ok")
            if x["records_qualifier"] not in QUALS:
                err(p + "qualifier %r" % x["records_qualifier"])
            if (r is None) != (x["records_qualifier"] is None):
                err(p + "qualifier must be null exactly when records is null")
            if any(t not in DATA for t in x["data_types"]) \
                    or len(set(x["data_types"])) != len(x["data_types"]):
                err(p + "data_types %s" % x["data_types"])
    files = {f[:-4] for f in os.listdir(HERE) if f.endswith(".txt")}
    if files - seen_files:
        errs.append("files without labels: %s" % sorted(files - seen_files))
    for e in errs:
        print(e)
    pos = sum(1 for l in lines if json.loads(l)["label"]["is_incident"])
    print("%d articles (%d incident, %d not), %d errors" % (n, pos, n - pos, len(errs)))
    sys.exit(1 if errs else 0)


if __name__ == "__main__":
    main()
