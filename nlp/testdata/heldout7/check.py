#!/usr/bin/env python3
"""Validate heldout7/labels.jsonl against the .txt files and SCHEMA.md vocabularies."""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CAUSES = {"unauthorized_access", "ransomware", "malware", "phishing_fraud", "vulnerability",
          "insider", "misconfiguration", "misoperation", "loss_theft", "other"}
DATA = {"name", "address", "phone", "email", "birthdate", "credit_card", "bank_account",
        "passport", "my_number", "credentials", "health", "location", "vehicle",
        "support_ticket", "other"}
ACTORS = {"external", "internal", "partner", "unknown"}
QUALS = {"exact", "approx", "upper_bound", "lower_bound", None}
INC_KEYS = {"org", "org_aliases", "org_ok", "causes", "actor", "records", "records_ok",
            "records_qualifier", "data_types"}

errors = []


def err(msg):
    errors.append(msg)


txts = sorted(f for f in os.listdir(HERE) if f.endswith(".txt"))
seen = set()
n_pos = n_neg = n_inc = 0
lines = open(os.path.join(HERE, "labels.jsonl"), encoding="utf-8").read().splitlines()
for i, line in enumerate(lines, 1):
    try:
        d = json.loads(line)
    except ValueError as e:
        err(f"line {i}: bad JSON: {e}")
        continue
    rid = d.get("id")
    if set(d) != {"id", "url", "title", "text", "label", "notes"}:
        err(f"{rid}: keys {sorted(d)}")
    if rid in seen:
        err(f"{rid}: duplicate id")
    seen.add(rid)
    stem = rid[3:] if rid and rid.startswith("h7-") else None
    path = os.path.join(HERE, f"{stem}.txt")
    if not stem or not os.path.exists(path):
        err(f"{rid}: no file {path}")
        continue
    text = open(path, encoding="utf-8").read()
    if d["text"] != text:
        err(f"{rid}: text differs from file")
    if d["title"] != text.split("\n", 1)[0] or text.split("\n")[1] != "":
        err(f"{rid}: title line / blank line")
    if d["url"] is not None:
        err(f"{rid}: url must be null")
    if not (300 <= len(text) <= 4000):
        err(f"{rid}: length {len(text)}")
    lab = d["label"]
    if set(lab) != {"is_incident", "incidents"} or not isinstance(lab["is_incident"], bool):
        err(f"{rid}: label keys")
        continue
    if lab["is_incident"] != bool(lab["incidents"]):
        err(f"{rid}: is_incident inconsistent with incidents")
    n_pos += lab["is_incident"]
    n_neg += not lab["is_incident"]
    for inc in lab["incidents"]:
        n_inc += 1
        if set(inc) != INC_KEYS:
            err(f"{rid}: incident keys {sorted(inc)}")
            continue
        # org and aliases must be spelled as in the article; org_ok may be a reader's variant
        for name in [inc["org"]] + inc["org_aliases"]:
            if not isinstance(name, str) or name not in text:
                err(f"{rid}: org name {name!r} not in text")
        if any(not isinstance(n, str) or not n for n in inc["org_ok"]):
            err(f"{rid}: org_ok {inc['org_ok']}")
        if not inc["causes"] or any(c not in CAUSES for c in inc["causes"]) \
                or len(set(inc["causes"])) != len(inc["causes"]):
            err(f"{rid}: causes {inc['causes']}")
        if inc["actor"] not in ACTORS:
            err(f"{rid}: actor {inc['actor']}")
        if any(t not in DATA for t in inc["data_types"]) or len(set(inc["data_types"])) != len(inc["data_types"]):
            err(f"{rid}: data_types {inc['data_types']}")
        r = inc["records"]
        if r is not None and (not isinstance(r, int) or isinstance(r, bool) or r <= 0):
            err(f"{rid}: records {r!r}")
        if inc["records_qualifier"] not in QUALS:
            err(f"{rid}: qualifier {inc['records_qualifier']}")
        if (r is None) != (inc["records_qualifier"] is None):
            err(f"{rid}: records/qualifier null mismatch")
        if any(not isinstance(x, int) or x == r for x in inc["records_ok"]):
            err(f"{rid}: records_ok {inc['records_ok']}")
    if not d["notes"]:
        err(f"{rid}: empty notes")

if len(lines) != len(txts) or len(seen) != len(txts):
    err(f"{len(lines)} label lines, {len(txts)} txt files")

from collections import Counter
causes, actors = Counter(), Counter()
for line in lines:
    for inc in json.loads(line)["label"]["incidents"]:
        causes.update(inc["causes"])
        actors[inc["actor"]] += 1
print("causes:", dict(causes))
print("actors:", dict(actors))
print(f"{len(lines)} articles: {n_pos} incident articles ({n_inc} incidents), {n_neg} negatives")
if errors:
    print("\n".join(errors))
    sys.exit(1)
print("OK")
