#!/usr/bin/env python3
"""Builds labels.jsonl from articles/*.txt and the labels below.

Each article file is: first line the title, a blank line, then the body. The
gold lines follow ../../../shared/eval/SCHEMA.md so the file can be scored with
shared/eval/score.py. Run it after editing an article or a label:

    python3 nlp/testdata/mklabels.py          # rewrite labels.jsonl
    python3 nlp/testdata/mklabels.py --check  # exit 1 when labels.jsonl is stale
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CAUSES = {"unauthorized_access", "ransomware", "malware", "phishing_fraud", "vulnerability",
          "insider", "misconfiguration", "misoperation", "loss_theft", "other"}
ACTORS = {"external", "internal", "partner", "unknown"}
DATA = {"name", "address", "phone", "email", "birthdate", "credit_card", "bank_account",
        "passport", "my_number", "credentials", "health", "location", "vehicle",
        "support_ticket", "other"}
QUALS = {"exact", "approx", "upper_bound", "lower_bound", None}


def inc(org, causes, actor, records, qual, data, aliases=(), ok=(), rok=()):
    return {"org": org, "org_aliases": list(aliases), "org_ok": list(ok), "causes": list(causes),
            "actor": actor, "records": records, "records_ok": list(rok),
            "records_qualifier": qual if records is not None else None, "data_types": list(data)}


EXT, INT, PART, UNK = "external", "internal", "partner", "unknown"
NEG = None  # not an incident

# id (the file name's number) -> (incidents or NEG, notes)
LABELS = {
    "001": ([inc("ミナト運輸", ["ransomware", "unauthorized_access"], EXT, 34512, "upper_bound",
                 ["name", "address", "phone", "other"], rok=[35720])],
            "Announcement signed 株式会社ミナト運輸 (当社). 最大34,512件 customers; 1,208名分 staff are a second group (sum 35,720 also defensible). Card data negated. 0120-558-021, 〒455-0032 and dates are not counts."),
    "002": ([inc("北斗リビング", ["unauthorized_access"], EXT, 48213, "exact",
                 ["credit_card", "name", "address", "email"], aliases=["リネンと暮らし"], rok=[48000])],
            "計48,213件 is the total, 21,904件 the card subset. 約140件 is card misuse, not the leak. The headline rounds to 4万8千件."),
    "003": ([inc("東和精機", ["phishing_fraud"], EXT, None, None, [])],
            "Business e-mail fraud: 2,150千米ドル and 約3億1500万円 are money. Intrusion and data leak negated."),
    "004": ([inc("ひかり住宅販売", ["insider"], INT, 12000, "approx", ["name", "address", "phone"])],
            "当社 resolved from the signature. Bank data and My Number negated."),
    "005": ([inc("湖南ガス", ["insider"], PART, 173000, "exact", ["name", "address", "phone", "other"],
                 ok=["テレコムアシスト"])],
            "Former temp worker at the call-centre contractor: partner. 延べ17万3000人分 is a total, exact. (34) is an age."),
    "006": ([inc("青葉教育", ["misconfiguration"], PART, 12000, "approx", ["name", "email", "other"],
                 aliases=["アオバゼミ"])],
            "約1.2万件, decimal with 万. The contractor set the storage public: partner. Exfiltration not confirmed, still a possible leak. 90日 is a duration."),
    "007": ([inc("北浦市教育委員会", ["misoperation"], INT, 412, "exact", ["email"], aliases=["北浦市"])],
            "TO instead of BCC. 令和8年 dates, 午後4時10分 and the phone number are not counts. Names negated."),
    "008": ([inc("みなみ台総合病院", ["loss_theft"], INT, 1038, "exact", ["name", "health"], aliases=["清和会"])],
            "当院 resolved from the signature (医療法人社団清和会). 病名 is health data; address and phone negated."),
    "009": ([inc("中央保険サービス", ["loss_theft"], EXT, 3000, "approx",
                 ["name", "address", "phone", "birthdate", "vehicle", "other"])],
            "約三千件: kanji numeral. Theft from a car by an outsider: actor external. 約40分間 is a duration."),
    "010": ([inc("丸正フーズ", ["malware"], EXT, 5600, "lower_bound", ["email", "name"])],
            "少なくとも5,600件: lower bound. PC 1台 is not a count of records."),
    "011": ([inc("東海理工大学", ["vulnerability", "unauthorized_access"], EXT, 10000, "lower_bound",
                 ["name", "email", "credentials", "other"])],
            "1万人超: lower bound. Version numbers 9.1.18/9.1.19 and CVE-2026-41877 are not counts. Grades and health data negated."),
    "012": ([inc("デイリーポイント", ["unauthorized_access"], EXT, 2317, "exact",
                 ["name", "address", "phone", "birthdate", "other"], aliases=["まいにちポイント"], rok=[418])],
            "List attack: 2,317 accounts logged into, 418 of them robbed. 約38万回 are login attempts, 約620万円 money. Leak from the company's own system negated, accounts still exposed."),
    "013": ([inc("しらかば観光", ["unauthorized_access", "phishing_fraud"], EXT, 86, "exact",
                 ["name", "phone", "email", "credit_card"], aliases=["しらかば荘"], rok=[7])],
            "Credentials stolen via a link, then the booking console was used to phish guests: 計86名 reached, 7名 entered card data. 24時間 is a duration."),
    "014": ([inc("サンライズ電機", ["other"], UNK, None, None, ["name", "email", "phone"])],
            "Data offered on the dark web, route unknown: cause other, actor unknown. 数万人分 and 数千件 are vague: no count. Unauthorized access negated."),
    "015": ([inc("カネヨシ工業", ["ransomware"], EXT, 2400, "approx", ["name", "address", "bank_account", "my_number"])],
            "約80万ドル（約1億2千万円） is the ransom, money. 約2,400人分 is the leak."),
    "016": ([inc("ノースフィールド", ["unauthorized_access"], EXT, 51000, "exact", ["name", "email", "other"],
                 aliases=["ミルカ"])],
            "約850万人 are all members (held, not affected); 5万1千人 (約0.6％) affected. Account numbers and passwords negated."),
    "017": ([inc("桜ヶ丘市", ["misconfiguration"], INT, 96, "exact", ["name", "address", "phone", "birthdate"],
                 rok=[81])],
            "96件（81名分）: records 96, persons 81. A city's own form set to public by its staff."),
    "018": ([inc("やまびこ文化財団", ["misoperation"], INT, 186, "exact", ["name", "phone", "email"])],
            "Wrong file uploaded (誤掲載). 計186名分; 33回 are page views, 約26時間 a duration."),
    "019": ([inc("ふじみ信用金庫", ["insider"], INT, 4700, "approx", ["name", "address", "phone", "birthdate"])],
            "およそ4,700人分: approx. Account numbers and PINs negated."),
    "020": ([inc("みどり建設健康保険組合", ["misoperation"], PART, 2061, "exact", ["name", "health", "other"],
                 ok=["東光プリント"])],
            "当組合 resolved from the signature; enclosing done wrongly at the printing contractor: partner."),
    "021": ([inc("北陸みらい銀行", ["loss_theft"], INT, 28000, "approx", ["name", "address", "bank_account"])],
            "所在不明, probably disposed of by mistake (誤廃棄). 3支店 is not a count."),
    "022": ([inc("タビワモビリティ", ["vulnerability"], EXT, 384000, "approx", ["name", "phone", "location", "vehicle"],
                 aliases=["タビワ"])],
            "API authorisation flaw exploited. 約38万4000人分. Version 4.12.0 is not a count."),
    "023": ([inc("沿岸海洋研究所", ["malware"], EXT, 1700, "approx", ["name", "email"])],
            "Targeted mail installing PlugX: malware. パソコン4台 is not a count of records. Research server intrusion negated."),
    "024": ([inc("メディカルサプライ東日本", ["ransomware"], EXT, 70000, "upper_bound", ["name", "phone", "other"]),
             inc("クモシステムズ", ["unauthorized_access"], EXT, 50000, "approx", ["support_ticket", "other"]),
             inc("ひまわりツーリスト", ["misoperation"], INT, 248, "exact", ["name", "birthdate", "passport"]),
             inc("Westline Communications", ["unauthorized_access", "malware"], EXT, 120000000, "approx", ["other"],
                 aliases=["Westline"])],
            "Round-up with 【】 sections. The SMS item is an advisory with no victim. 312社 are companies, 19名 the recipients, not the leak. 最大で約7万件: upper bound. 約1億2千万件."),
    "025": ([inc("日邦化学工業", ["phishing_fraud"], EXT, None, None, []),
             inc("川西町", ["insider"], INT, 23, "exact", ["name", "address", "my_number"]),
             inc("グリーンフィールド", ["unauthorized_access"], EXT, 120000, "approx", ["credit_card"]),
             inc("西都大学", ["phishing_fraud", "unauthorized_access"], EXT, 1900, "approx", ["email", "credentials"])],
            "Bulleted round-up. 1,870千米ドル is money. The router item is a vulnerability notice with no victim. 約2万通 are spam mails sent, not records; version 2.0.4 not a count."),
    "026": ([inc("東雲モータース", ["loss_theft"], INT, 850, "approx", ["name", "vehicle", "other"]),
             inc("キャリアブリッジ", ["insider"], INT, None, None, ["name", "address", "phone", "other"]),
             inc("あさひ台中央病院", ["ransomware"], EXT, None, None, []),
             inc("港南市", ["misoperation"], PART, 452, "exact", ["name", "address"])],
            "Numbered round-up. 十数人分 is vague: no count. The hospital negates a leak of patient data: no count. 452世帯."),
    "027": ([inc("一保園", ["unauthorized_access"], EXT, 80000, "approx", ["credit_card"]),
             inc("こもれびアパレル", ["vulnerability", "unauthorized_access"], EXT, 65000, "exact",
                 ["credit_card", "name", "address"]),
             inc("三栄ステーショナリー", ["malware", "unauthorized_access"], EXT, 5000, "exact", ["credit_card"])],
            "Three cases in one report; 計15万件 sums the three and is no incident's count."),
    "028": (NEG, "Advisory on phishing with no case. Phone number is not a count."),
    "029": (NEG, "Vulnerability notice; exploitation negated, no victim. CVSS 9.8 and versions are not counts."),
    "030": (NEG, "Product news. 月額500円, 300人以下, 10台, 3,000社 are not leak counts."),
    "031": (NEG, "How-to column mentioning causes without a case."),
    "032": (NEG, "Opinion on breach reporting statistics; no organisation's case."),
    "033": (NEG, "Seminar report; 約200人 are attendees."),
    "034": (NEG, "Arrest with no named victim organisation; 約1,300人分 of IDs held by the suspect, 約56万円 money."),
    "035": (NEG, "Survey: 1,036人 respondents, 12.4％; no named case."),
    "036": (NEG, "Company denies a reported leak: unauthorized access negated, data not theirs."),
    "037": (NEG, "Warning about mails impersonating the company; a leak from its systems is negated."),
    "038": (NEG, "Phishing drill at a city; 約2,300人 staff, percentages."),
    "039": (NEG, "Government checklist revision; 42/58項目 are not counts."),
}


def read_article(path):
    with open(path, encoding="utf-8") as f:
        raw = f.read()
    title, sep, body = raw.partition("\n\n")
    if not sep or "\n" in title.strip():
        raise SystemExit(f"{path}: want a title line, a blank line, then the body")
    return title.strip(), body.strip("\n") + "\n"


def check_label(aid, incidents):
    for i in incidents or []:
        bad = [c for c in i["causes"] if c not in CAUSES] + [d for d in i["data_types"] if d not in DATA]
        if bad or i["actor"] not in ACTORS or i["records_qualifier"] not in QUALS or not i["causes"]:
            raise SystemExit(f"{aid}: bad label {i}")


def build():
    adir = os.path.join(HERE, "articles")
    files = sorted(f for f in os.listdir(adir) if f.endswith(".txt"))
    seen, lines = set(), []
    for name in files:
        aid = name[:3]
        if aid not in LABELS:
            raise SystemExit(f"{name}: no label")
        seen.add(aid)
        incidents, notes = LABELS[aid]
        check_label(aid, incidents)
        title, text = read_article(os.path.join(adir, name))
        rec = {"id": "fx-" + name[:-4], "url": None, "source": name, "title": title, "text": text,
               "label": {"is_incident": incidents is not None, "incidents": incidents or []},
               "notes": notes}
        lines.append(json.dumps(rec, ensure_ascii=False))
    missing = set(LABELS) - seen
    if missing:
        raise SystemExit(f"labels without articles: {sorted(missing)}")
    return "\n".join(lines) + "\n"


def main():
    out = os.path.join(HERE, "labels.jsonl")
    want = build()
    if "--check" in sys.argv[1:]:
        have = open(out, encoding="utf-8").read() if os.path.exists(out) else ""
        if have != want:
            print("labels.jsonl is stale: run python3 nlp/testdata/mklabels.py", file=sys.stderr)
            return 1
        return 0
    with open(out, "w", encoding="utf-8") as f:
        f.write(want)
    return 0


if __name__ == "__main__":
    sys.exit(main())
