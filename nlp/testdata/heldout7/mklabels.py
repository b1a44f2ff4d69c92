#!/usr/bin/env python3
"""Build labels.jsonl for heldout7 from the .txt articles in this directory.

Articles were written from scratch for this set; labels below are the gold
annotations (SCHEMA: /work/shared/eval/SCHEMA.md). Run: python3 mklabels.py
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def inc(org, causes, actor, records, qualifier, data, aliases=(), ok=(), rok=()):
    return {"org": org, "org_aliases": list(aliases), "org_ok": list(ok),
            "causes": list(causes), "actor": actor, "records": records,
            "records_ok": list(rok), "records_qualifier": qualifier,
            "data_types": list(data)}


NEG = None  # marker: is_incident false, incidents []

LABELS = {
    "001-apt-research": (NEG, "Vendor research on a foreign APT group; victims are not named (only '7カ国の政府関連機関')."),
    "002-patch-tuesday": (NEG, "Patch summary. Zero-days are 'exploited' but no victim organisation is named; Microsoft/Adobe are vendors, not victims."),
    "003-privacy-law-amend": (NEG, "Law amendment; no case."),
    "004-npa-ransom-stats": (NEG, "Police statistics (238件 etc. are incident counts, not records); no named organisation."),
    "005-edr-launch": (NEG, "Product launch."),
    "006-conference-report": (NEG, "Event report; speakers' experiences are anonymous and no concrete case at a named organisation is reported."),
    "007-password-column": (NEG, "Opinion/how-to column."),
    "008-supplychain-explainer": (NEG, "Explainer. SolarWinds (2020) and an unnamed automaker's supplier (2022) are one-sentence background mentions with no details, so not listed."),
    "009-service-restored": (NEG, "Scheduled maintenance finished; nothing security-related."),
    "010-fake-site-warning": (NEG, "注意喚起 about fake shops impersonating the brand. The brand states its systems and customer data were not breached; no concrete incident at the named organisation, so false under SCHEMA's definition."),
    "011-denial-darkweb": (NEG, "Dark-web claim investigated and denied ('不正アクセスの事実は確認されていない', sample data does not match). No confirmed or possible leak reported, so false. 約180万件 is the seller's claim."),
    "012-survey-budget": (NEG, "Survey results; 812社 is respondents."),
    "013-ciso-interview": (NEG, "Interview; no concrete incident at the bank or elsewhere."),
    "014-court-ruling": ([
        inc("まなびライン", ["insider"], "partner", 29000, "approx", ["name", "address", "phone", "birthdate"],
            ok=["テクノブリッジ"]),
    ], "Judgement call: the news is a 2026 court ruling, but the article reports the 2023 case at a named organisation with cause, actor and count, so it is labelled as an incident. 約120人 are plaintiffs, 3,300円/5万円/500円 are money. Ex-employee of the contractor → insider/partner."),
    "015-police-arrest": (NEG, "Arrest for credential-stuffing fraud; the victim shops are unnamed ('複数の通販サイト') and the list's source is unknown, so no incident at a named organisation. 数千人分 would be vague anyway."),
    "016-seminar-announce": (NEG, "Seminar announcement."),
    "017-ipa-guideline": (NEG, "Guideline publication."),
    "018-vpn-advisory": (NEG, "Vulnerability advisory. Kestrel Networks is the vendor; exploitation is reported but no victim organisation is named."),
    "019-leak-stats-2025": (NEG, "Statistics (175件 incidents, 約2,410万人分 aggregate); no named case."),
    "020-outage-not-attack": (NEG, "Outage caused by hardware failure; the credit union explicitly says it was not an attack and nothing leaked."),

    "021-ransom-parts-maker": ([
        inc("三輪精工", ["ransomware"], "external", 32000, "approx",
            ["name", "phone", "email", "address", "birthdate"]),
    ], "Entry via VPN device, but no vulnerability is stated, so only ransomware."),
    "022-city-bcc-mail": ([
        inc("高森市", ["misoperation"], "internal", 1214, "exact", ["email"]),
    ], "BCC/TO mistake by a city employee."),
    "023-insurance-partner-cloud": ([
        inc("さくら保険サービス", ["misconfiguration"], "partner", 50000, "upper_bound",
            ["name", "address", "phone", "birthdate", "other"], ok=["ジーエスネット"]),
    ], "最大約5万件 → upper_bound (最大 dominates 約). Misconfigured storage at the contractor ジーエスネット → actor partner, contractor in org_ok. 証券番号 → other."),
    "024-emotet-assoc": ([
        inc("日本観光物産協会", ["malware"], "external", 2000, "lower_bound", ["email", "name", "phone"],
            aliases=["一般社団法人日本観光物産協会"]),
    ], "2千件を超える → 2000 lower_bound."),
    "025-exstaff-customer-list": ([
        inc("ハウジング大成", ["insider"], "internal", 4800, "approx", ["name", "address", "phone"], rok=[3100]),
    ], "延べ約4,800件 is the stated count; the article also estimates 約3,100人 (unique people) → records_ok."),
    "026-points-list-attack": ([
        inc("ミライポイント", ["unauthorized_access"], "external", 84516, "exact",
            ["name", "address", "phone", "birthdate"], aliases=["ミライポ"]),
    ], "List-type attack. 8万4,516件 is the total; 212件 is only the subset whose points were exchanged, not an alternative total. 約310万回 are login attempts, 約96万円 is money. ミライポ is the service name used for the organisation in the title."),
    "027-univ-cms-vuln": ([
        inc("北斗工業大学", ["vulnerability", "unauthorized_access"], "external", 2816, "exact",
            ["name", "email", "phone"]),
    ], "Unpatched CMS plugin vulnerability exploited → vulnerability first."),
    "028-darkweb-unknown": ([
        inc("リーフトラベル", ["other"], "unknown", 10000, "approx",
            ["name", "email", "phone", "birthdate"], aliases=["トリップリーフ"]),
    ], "Data confirmed as the company's, route unknown and no intrusion found → cause other, actor unknown."),
    "029-percategory-ransom": ([
        inc("アイエス運輸", ["ransomware"], "external", 18381, "exact",
            ["name", "address", "phone", "email", "birthdate", "bank_account"], rok=[14213]),
    ], "Counts are given only per category (14,213 + 3,356 + 812) with no stated total; records is their sum 18,381 as an analyst would report it; the largest single figure 14,213 is in records_ok."),
    "030-oshirase-ransom-2nd": ([
        inc("アオバ食品工業", ["ransomware", "vulnerability"], "external", 21400, "upper_bound",
            ["name", "address", "phone", "email", "birthdate"], aliases=["株式会社アオバ食品工業"]),
    ], "第2報 announcement; name only in header. Entry by exploiting an unpatched VPN vulnerability, then ransomware: ransomware primary. 最大2万1,400件 → upper_bound. No card data."),
    "031-city-misdelivery": ([
        inc("鶴見沢市", ["misoperation"], "internal", 32, "exact", ["name", "address", "my_number"]),
    ], "本市 release; the city is named only in the contact block. 三十二件 (漢数字) → 32. Two households' notices in one envelope = 誤送付. 税額 left out of data_types."),
    "032-univ-phishing": ([
        inc("東杜大学", ["phishing_fraud", "unauthorized_access"], "external", 4300, "approx",
            ["email", "name"], aliases=["国立大学法人 東杜大学"]),
    ], "本学 release; name only in the signature. Phishing led to account takeover; phishing primary."),
    "033-hospital-partner-loss": ([
        inc("さくらが丘総合病院", ["loss_theft"], "partner", 87, "exact", ["name", "birthdate", "health"],
            ok=["メディラボ北陸", "株式会社メディラボ北陸", "さくらが丘会"]),
    ], "当院 release; documents lost by the contracted lab's courier → actor partner, contractor in org_ok. 病名 → health."),
    "034-ec-card-owabi": ([
        inc("ちゃのは本舗", ["unauthorized_access", "vulnerability"], "external", 4905, "exact",
            ["credit_card", "name", "address", "phone", "email"],
            aliases=["株式会社ちゃのは本舗", "ちゃのはオンラインストア"], rok=[1482, 6387]),
    ], "Standard EC breach notice. Personal info 4,905名 covers all purchasers; card info 1,482名 is a subset of them, so records 4,905; 1,482 (card) and 6,387 (naive sum) in records_ok. Wording '脆弱性をついたことによる第三者の不正アクセス' → unauthorized_access first, vulnerability second."),
    "035-subcontractor-insider": ([
        inc("ほくせいガス", ["insider"], "partner", 7600, "approx", ["name", "address", "phone", "other"],
            aliases=["株式会社ほくせいガス"], ok=["ピーエスサポート", "株式会社ピーエスサポート", "テレコムリンク", "株式会社テレコムリンク"]),
    ], "Ex-employee of the re-contractor (再委託先) photographed screens → insider, actor partner. Bank name only (no account number) → other, not bank_account."),

    "036-weekly-roundup-diamond": ([
        inc("南房総市教育委員会", ["misoperation"], "internal", 238, "exact", ["name", "other"],
            ok=["市立第一中学校", "南房総市立第一中学校"]),
        inc("ひいらぎ証券", ["loss_theft"], "internal", 1900, "approx", ["name", "address", "phone", "other"]),
        inc("東和ロジスティクス", ["ransomware"], "external", None, None, []),
        inc("ビーンズ商会", ["unauthorized_access"], "external", 3402, "exact",
            ["name", "address", "phone", "email"], aliases=["ビーンズマート"]),
    ], "Weekly round-up with four cases. School case: the board of education announced it; the school is in org_ok. 33人 are recipients, 238 the students whose data was attached. Logistics ransomware: leak under investigation, no count. The JPCERT advisory and the SMS phishing wave name no victim and are not incidents."),
    "037-monthly-roundup-brackets": ([
        inc("ひかり観光", ["misconfiguration"], "partner", 11000, "approx",
            ["name", "address", "phone", "birthdate", "passport"], ok=["データアーク"]),
        inc("キャリアブリッジ", ["insider"], "internal", 2000, "lower_bound", ["name", "phone", "email", "other"]),
        inc("丸栄機工", ["phishing_fraud"], "external", None, None, []),
        inc("恵生会", ["malware"], "external", None, None, ["email"], aliases=["医療法人恵生会"]),
    ], "Monthly round-up. 約4,800万円 (BEC) is money, not records. Emotet case: 数百件 is vague → null. パスポート番号の一部 → passport."),
    "038-roundup-triangle": ([
        inc("北浜市", ["misconfiguration"], "internal", 43, "exact", ["name", "address", "phone"]),
        inc("グランヴィラ", ["phishing_fraud", "unauthorized_access"], "external", 6200, "approx", ["email", "name"]),
        inc("西海学院大学", ["misoperation"], "internal", 153, "exact", ["name", "other"]),
    ], "Round-up. Form setting error after the city's own change → misconfiguration/internal. University 誤掲載: 29 downloads is not a record count. The PPC quarterly statistic (5,124件) is not an incident."),
    "039-roundup-numbered": ([
        inc("ルナビューティクリニック", ["other"], "unknown", 300, "approx", ["name", "health", "other"],
            ok=["医療法人ルナ会", "ルナ会"]),
        inc("東野市", ["misoperation"], "partner", 1050, "exact", ["name", "address", "other"], ok=["三光印刷"]),
        inc("ピクセルノート", ["malware", "unauthorized_access"], "external", None, None, ["credentials", "other"]),
    ], "Clinic leak with route unknown → other/unknown; the operator 医療法人ルナ会 is in org_ok. Tax notices mis-sent by the contracted printer → misoperation/partner. Infostealer then intrusion → malware first; no user data, no count."),
    "040-roundup-table": ([
        inc("みどり野町", ["loss_theft"], "internal", 600, "approx", ["name"]),
        inc("カネタ不動産", ["ransomware"], "external", 18000, "upper_bound", []),
        inc("ソラマチ薬局", ["unauthorized_access"], "external", 23110, "exact",
            ["name", "birthdate", "phone", "health"]),
        inc("東邦学園大学", ["misoperation"], "internal", 420, "exact", []),
        inc("フジミ電装", ["misconfiguration"], "internal", None, None, ["other"]),
    ], "Counts only in a table. SQLインジェクション → unauthorized_access. フジミ電装: whose setting it was is not stated; labelled internal (own cloud share), count 不明 → null. 服用中の薬 → health."),
}


def main():
    out = []
    names = sorted(f[:-4] for f in os.listdir(HERE) if f.endswith(".txt"))
    assert set(names) == set(LABELS), (set(names) ^ set(LABELS))
    for stem in names:
        with open(os.path.join(HERE, stem + ".txt"), encoding="utf-8") as fh:
            text = fh.read()
        title = text.split("\n", 1)[0]
        incidents, notes = LABELS[stem]
        if incidents is NEG:
            label = {"is_incident": False, "incidents": []}
        else:
            label = {"is_incident": True, "incidents": incidents}
        out.append({"id": "h7-" + stem, "url": None, "title": title, "text": text,
                    "label": label, "notes": notes})
    with open(os.path.join(HERE, "labels.jsonl"), "w", encoding="utf-8") as fh:
        for rec in out:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print("wrote", len(out), "labels")


if __name__ == "__main__":
    main()
