#!/usr/bin/env python3
"""Validate heldout5/labels.jsonl against the .txt files and the SCHEMA.md vocabularies."""
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


files = sorted(f for f in os.listdir(HERE) if f.endswith(".txt"))
if len(files) != 40:
    err("expected 40 articles, found %d" % len(files))
for f in files:
    if not re.fullmatch(r"\d{3}-[a-z0-9-]+\.txt", f):
        err("bad file name " + f)

ids = set()
seen_files = set()
n_inc = 0
with open(os.path.join(HERE, "labels.jsonl"), encoding="utf-8") as fh:
    for ln, line in enumerate(fh, 1):
        try:
            d = json.loads(line)
        except ValueError as e:
            err("line %d: %s" % (ln, e))
            continue
        if set(d) != TOP:
            err("line %d: keys %s" % (ln, sorted(d)))
        i = d.get("id", "")
        if i in ids:
            err("duplicate id " + i)
        ids.add(i)
        m = re.fullmatch(r"h5-(\d{3}-[a-z0-9-]+)", i)
        if not m:
            err("bad id " + i)
            continue
        fn = m.group(1) + ".txt"
        seen_files.add(fn)
        path = os.path.join(HERE, fn)
        if not os.path.exists(path):
            err(i + ": no file " + fn)
            continue
        with open(path, encoding="utf-8", newline="") as tf:
            text = tf.read()
        if d["text"] != text:
            err(i + ": text differs from file")
        lines = text.split("\n")
        if d["title"] != lines[0] or len(lines) < 3 or lines[1] != "":
            err(i + ": title line / blank line")
        if d["url"] is not None:
            err(i + ": url must be null")
        if not isinstance(d["notes"], str) or not d["notes"]:
            err(i + ": notes missing")
        lab = d["label"]
        if set(lab) != {"is_incident", "incidents"}:
            err(i + ": label keys")
        if lab["is_incident"] != bool(lab["incidents"]):
            err(i + ": is_incident inconsistent with incidents")
        for k, x in enumerate(lab["incidents"]):
            n_inc += 1
            w = "%s[%d]" % (i, k)
            if set(x) != INC:
                err(w + ": keys %s" % sorted(x))
                continue
            if not isinstance(x["org"], str) or not x["org"]:
                err(w + ": org")
            elif x["org"] not in text:
                err(w + ": org %r not in text" % x["org"])
            for a in x["org_aliases"]:
                if a not in text:
                    err(w + ": alias %r not in text" % a)
            for a in x["org_ok"]:
                if a not in text:
                    err(w + ": org_ok %r not in text" % a)
            if not x["causes"] or any(c not in CAUSES for c in x["causes"]) \
                    or len(set(x["causes"])) != len(x["causes"]):
                err(w + ": causes %s" % x["causes"])
            if x["actor"] not in ACTORS:
                err(w + ": actor %s" % x["actor"])
            r = x["records"]
            if r is not None and (not isinstance(r, int) or isinstance(r, bool) or r <= 0):
                err(w + ": records %r" % r)
            if x["records_qualifier"] not in QUALS:
                err(w + ": qualifier %r" % x["records_qualifier"])
            if (r is None) != (x["records_qualifier"] is None):
                err(w + ": records/qualifier nullness differ")
            if any(not isinstance(v, int) or v == r for v in x["records_ok"]):
                err(w + ": records_ok %s" % x["records_ok"])
            if any(t not in DATA for t in x["data_types"]) or len(set(x["data_types"])) != len(x["data_types"]):
                err(w + ": data_types %s" % x["data_types"])

for f in files:
    if f not in seen_files:
        err("file without label: " + f)

if errors:
    print("\n".join(errors))
    sys.exit(1)
n_neg = 0
with open(os.path.join(HERE, "labels.jsonl"), encoding="utf-8") as fh:
    for line in fh:
        n_neg += not json.loads(line)["label"]["is_incident"]
print("ok: %d articles, %d incidents, %d negatives" % (len(ids), n_inc, n_neg))
