#!/usr/bin/env python3
"""Build labels.jsonl for heldout8 from the .txt files and the gold labels below.

The text field is the whole file content, read byte-exact, so it always matches the .txt.
Run from anywhere: python3 nlp/testdata/heldout8/mklabels.py
"""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def inc(org, causes, actor, records, qual, data, aliases=(), ok=(), rec_ok=()):
    return {"org": org, "org_aliases": list(aliases), "org_ok": list(ok),
            "causes": list(causes), "actor": actor,
            "records": records, "records_ok": list(rec_ok),
            "records_qualifier": qual, "data_types": list(data)}


# (incidents, notes) per file stem; [] incidents means is_incident false.
GOLD = {
    "001-shiritsu-byoin-usb": ([
        inc("東浦市立病院", ["loss_theft"], "internal", 1287, "exact",
            ["name", "birthdate", "health"]),
    ], "Regional-paper style, passive lead (…ことが、同病院への取材で分かった). USB 所在不明 = loss_theft by own staff."),
    "002-iryo-journal-ransom": ([
        inc("さくら台総合病院", ["ransomware", "vulnerability"], "external", 43000, "upper_bound",
            ["name", "birthdate", "address", "phone", "health"],
            ok=["医療法人清和会", "清和会"], rec_ok=[43540]),
    ], "Hospital trade journal. 最大約4万3,000人 → upper_bound (最大 wins over 約). Staff 約540人 are 'このほか', so 43540 is an acceptable alternative. Entry was via an unpatched VPN vulnerability. The legal entity 清和会 announced it, so it is org_ok. 約1億8,000万円 is money."),
    "003-kenkyoi-gosoushin": ([
        inc("北宮県教育委員会", ["misoperation"], "internal", 412, "exact", ["email"],
            ok=["県立北宮東高等学校", "県立青葉台高等学校", "県立川浜商業高等学校"]),
    ], "官公庁 press release; the count is only in the 別紙 table (合計412件 = 148+96+168). TO instead of BCC. One case across three schools; the schools are org_ok."),
    "004-vendor-blog-weekly": ([
        inc("ハイランドギア", ["unauthorized_access"], "external", 2000, "lower_bound",
            ["credit_card", "name"], aliases=["株式会社ハイランドギア"], ok=["ソラノシタ"]),
        inc("新川市", ["misoperation"], "internal", 17, "exact",
            ["name", "address", "health", "other"]),
        inc("東和プレス工業", ["ransomware"], "external", None, None, []),
        inc("アーバンリンク住販", ["insider"], "internal", 3100, "approx",
            ["name", "address", "phone", "other"], aliases=["株式会社アーバンリンク住販"]),
    ], "Security vendor's weekly blog round-up, four cases. 2千件超 → 2000 lower_bound. 新川市 misdelivered 介護保険 notices (要介護度 = health, 被保険者番号 = other). 東和プレス: no count, leak still under investigation. アーバンリンク: ex-employee took the list → insider/internal."),
    "005-kaisha-oshirase-terse": ([
        inc("ミナト精工", ["unauthorized_access"], "external", None, None, ["name", "email"],
            aliases=["有限会社ミナト精工"]),
    ], "Five-line お知らせ; the name is only in the signature (弊社 in the body). 数百件 is vague → records null."),
    "006-startup-notice": ([
        inc("Lumora Labs", ["misconfiguration"], "internal", 12345, "exact",
            ["name", "email", "other"], aliases=["Lumora Labs株式会社"], ok=["Lumora"]),
    ], "English-named startup, bilingual headings. Public bucket left by own dev member → misconfiguration/internal. 1万2,345人分 → 12345. Learning history and profile images are 'other'."),
    "007-global-breach-translated": ([
        inc("Vantrel Systems", ["unauthorized_access", "vulnerability"], "external", 89000000, "approx",
            ["name", "email", "phone", "credentials"], aliases=["Vantrel"],
            ok=["ヴァントレル・ジャパン"], rec_ok=[310000]),
    ], "Translated global breach. Headline total 約8,900万件 is the record count; the Japanese subset 約31万人 is in records_ok. Zero-day in an auth library exploited to break in: unauthorized_access primary, vulnerability second. Hashed passwords → credentials."),
    "008-emotet-quote-first": ([
        inc("丸菱物産", ["malware"], "external", 3800, "exact", ["email", "other"]),
    ], "Quote-first lead. Emotet infection; 延べ3,800件 has no 約/以上 so qualifier exact. Mail subjects/bodies → other."),
    "009-count-first-ec": ([
        inc("木洩日", ["unauthorized_access", "vulnerability"], "external", 32000, "approx",
            ["credit_card", "name", "address", "phone", "email"],
            aliases=["株式会社木洩日"], ok=["コモレビ堂", "コモレビ堂オンラインストア"]),
    ], "Count before the organisation. Operator company is the org; the shop name is org_ok. Plugin vulnerability exploited → unauthorized_access + vulnerability."),
    "010-topic-first-itaku": ([
        inc("西原市", ["insider"], "partner", 8416, "exact",
            ["name", "address", "birthdate", "phone", "bank_account"],
            ok=["ミライ事務サービス", "ケイ・ワークス", "株式会社ケイ・ワークス", "株式会社ミライ事務サービス"]),
    ], "Topic-first (…をめぐっては). Employee of the 再委託先 took data → insider, actor partner. 8,416件（うち口座情報2,103件）: total is the count, the subset is not an alternative."),
    "011-daigaku-dai2ho": ([
        inc("青嶺大学", ["phishing_fraud", "unauthorized_access"], "external", 50000, "upper_bound",
            ["name", "email", "credentials", "other"], ok=["青嶺学園", "学校法人青嶺学園"]),
    ], "University 第2報 with 経緯 timeline; 本学 in body. Phishing for staff passwords led to mailbox access: phishing_fraud primary. 最大約5万件 → upper_bound. 約2万通 of spam and 約900名 targeted are not leaked records."),
    "012-byoin-owabi-kanji": ([
        inc("みどりが丘病院", ["loss_theft"], "internal", 624, "exact",
            ["name", "address", "birthdate", "health"], ok=["緑風会", "社会医療法人 緑風会"]),
    ], "Old-style お詫び with 漢数字: 六百二十四名分 → 624. Laptop stolen from a staff member's car: loss_theft, actor internal (own staff lost it; thief unknown)."),
    "013-jichitai-gokeisai": ([
        inc("東山市", ["misoperation"], "internal", 2140, "exact",
            ["name", "address", "phone", "other"], rec_ok=[1876]),
    ], "本市 notice, name only at the end. Hidden sheet in a published Excel → 誤掲載 (misoperation). Count only in the table: 2,140件 total (実人数1,876人 in records_ok). 41 downloads is not a record count."),
    "014-ryoko-settei-miss": ([
        inc("はるかぜツーリスト", ["misconfiguration"], "partner", 97000, "approx",
            ["name", "address", "phone", "email", "birthdate", "passport"],
            ok=["ネクストブリッジ", "株式会社ネクストブリッジ"]),
    ], "Contractor misconfigured the DB → misconfiguration, actor partner; contractor in org_ok."),
    "015-butsuryu-ransom": ([
        inc("丸栄ロジテック", ["ransomware"], "external", None, None, []),
    ], "Ransomware with leak unknown; no count. The 通販大手 shipper is unnamed and only affected operationally."),
    "016-bec-shokuhin": ([
        inc("ヤマブキ食品", ["phishing_fraud"], "external", None, None, []),
    ], "BEC at an (unnamed) Thai subsidiary; 約1億2,000万円 is money, not records."),
    "017-monthly-roundup-brackets": ([
        inc("若葉市教育委員会", ["loss_theft"], "internal", 38, "exact",
            ["name", "birthdate", "address", "other"], ok=["若葉市立第三中学校", "市立第三中学校", "若葉市"]),
        inc("ライフガード保険サービス", ["misoperation"], "internal", 1500, "approx",
            ["name", "address", "phone", "other"], aliases=["株式会社ライフガード保険サービス"]),
        inc("ソルテック", ["misconfiguration"], "internal", 26000, "upper_bound",
            ["name", "other"], aliases=["株式会社ソルテック"], ok=["タイムポケット"]),
        inc("スタッフプラス", ["insider"], "internal", 40000, "approx",
            ["name", "birthdate", "address", "phone", "email", "other"], aliases=["株式会社スタッフプラス"]),
        inc("みなと川信用金庫", ["ransomware"], "partner", 15218, "exact", ["name", "address"],
            ok=["大和プリントサービス", "株式会社大和プリントサービス"]),
        inc("かささぎ証券", ["phishing_fraud", "unauthorized_access"], "external", 212, "exact",
            ["credentials"]),
    ], "Monthly round-up with 【】 headings and a summary table. 指導要録 lost, probably 誤廃棄 → loss_theft. ソルテック's setting bug → misconfiguration (own). Ex-employee arrested → insider/internal. 信金 case happened at the print contractor → ransomware/partner, contractor in org_ok. かささぎ証券: customers phished, 212口座 traded; no leak from the firm itself but a concrete fraud incident at a named org."),
    "018-roundup-diamond": ([
        inc("アトリエ北斗", ["malware"], "external", 600, "approx",
            ["name", "address", "phone", "other"], aliases=["株式会社アトリエ北斗"]),
        inc("グリーンヒルズ開発", ["other"], "unknown", 18000, "approx",
            ["name", "phone", "email", "birthdate"], aliases=["株式会社グリーンヒルズ開発"]),
        inc("こどもの森ネットワーク", ["misoperation"], "internal", None, None, ["name", "address"],
            aliases=["NPO法人こどもの森ネットワーク"]),
    ], "◆ round-up. Golf data found on a forum, route unknown and no intrusion found → other/unknown. NPO label misprint: 数十人 vague → null."),
    "019-roundup-numbered": ([
        inc("サンリットホテルズ", ["unauthorized_access"], "external", 1402, "exact",
            ["name", "address", "phone", "other"]),
        inc("オトノモリ", ["unauthorized_access", "vulnerability"], "external", 2950, "upper_bound",
            ["name", "address", "phone", "email"], aliases=["有限会社オトノモリ"], ok=["音の森ミュージック"]),
        inc("しおさい銀行", ["loss_theft"], "internal", 11000, "approx",
            ["name", "bank_account", "other"]),
    ], "Numbered round-up. Item 4 is a vulnerability advisory (カナデ電子 router), no incident. Bank 誤廃棄 → loss_theft; 延べ約1万1千件 → 11000 approx. 37 point-misuse cases are a subset of the 1,402 accounts."),
    "020-hanketsu-kyu-jian": ([
        inc("まなびネクスト", ["unauthorized_access", "vulnerability"], "external", 350000, "approx",
            ["name", "address", "phone", "email", "other"], aliases=["株式会社まなびネクスト"]),
    ], "Court ruling on a 2022 leak. Judgement call: labelled as an incident because the article restates the concrete case at a named org with cause, count and data. 23 plaintiffs and money amounts are not records."),
    "021-apt-research": ([], "Vendor threat research on a foreign APT group; victims are not named (十数組織 unnamed)."),
    "022-patch-tuesday": ([], "Patch Tuesday summary; zero-days exploited but no victim organisation."),
    "023-kojin-joho-hou-kaisei": ([], "Law amendment news; the 2万件 of reports is a statistic."),
    "024-keisatsucho-toukei": ([], "警察庁 statistics; no named victim."),
    "025-product-launch-edr": ([], "Product launch."),
    "026-event-report": ([], "Conference report; speakers' companies mention training and anecdotes, no concrete incident."),
    "027-opinion-column": ([], "Opinion column about apology letters; no case."),
    "028-infostealer-explainer": ([], "Explainer of infostealers; past overseas cases are mentioned in passing without names."),
    "029-maintenance-restored": ([], "Planned maintenance finished; explicitly not unauthorized access."),
    "030-fake-site-chuui": ([], "Judgement call: impersonation of a brand via fake sites/SMS with no breach or fraud at the brand itself (no access to its systems, no customer data leaked) → not an incident at a named organisation."),
    "031-jvn-advisory": ([], "Vulnerability advisory naming vendors (アオバデータ, センリ光学); no exploitation, no victim."),
    "032-tsr-toukei": ([], "Annual statistics (175件, 約2,410万人分); no concrete case."),
    "033-arrest-phishing-fraud": ([], "Judgement call: arrest for card fraud with phishing-obtained data; victims are individuals and the impersonated brands are unnamed; no concrete incident at a named organisation."),
    "034-seminar": ([], "Seminar announcement."),
    "035-survey": ([], "Survey results; 27.9% experienced incidents is a statistic."),
    "036-ciso-interview": ([], "Interview; no incident at ヒバリ精機 is reported."),
    "037-denial": ([], "Judgement call: a denial. The claimed 約50万件 sale is unconfirmed and the company found no unauthorized access and a non-matching sample → not an incident."),
    "038-soumusho-guideline": ([], "官公庁 press release with 別紙 about a guideline revision; 52件 are public comments."),
    "039-bank-phishing-chuui": ([], "Bank's own 注意喚起 about phishing impersonating it; explicitly no leak from its systems, no concrete victim case."),
    "040-10dai-kyoui": ([], "IPA 10大脅威 ranking; no case."),
}


def main():
    stems = sorted(f[:-4] for f in os.listdir(HERE) if f.endswith(".txt"))
    missing = set(stems) ^ set(GOLD)
    if missing:
        sys.exit("files and labels differ: %s" % sorted(missing))
    out = []
    for stem in stems:
        with open(os.path.join(HERE, stem + ".txt"), encoding="utf-8", newline="") as f:
            text = f.read()
        incidents, notes = GOLD[stem]
        out.append({"id": "h8-" + stem, "url": None, "title": text.split("\n", 1)[0],
                    "text": text,
                    "label": {"is_incident": bool(incidents), "incidents": incidents},
                    "notes": notes})
    with open(os.path.join(HERE, "labels.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for d in out:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")
    print("wrote %d articles, %d incidents" % (len(out), sum(len(d["label"]["incidents"]) for d in out)))


if __name__ == "__main__":
    main()
