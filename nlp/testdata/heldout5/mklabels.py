#!/usr/bin/env python3
"""Build labels.jsonl for heldout5 from the .txt articles in this directory.

The text field is the exact file content, so re-run this after editing an article:
    python3 mklabels.py && python3 check.py
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def inc(org, causes, actor, records, qual, data, aliases=(), ok=(), rok=()):
    return {"org": org, "org_aliases": list(aliases), "org_ok": list(ok),
            "causes": list(causes), "actor": actor,
            "records": records, "records_ok": list(rok), "records_qualifier": qual,
            "data_types": list(data)}


NEG = []  # no incidents

LABELS = {
    "001-kitahama-logi-ransom": ([
        inc("北浜ロジテック", ["ransomware"], "external", 32000, "approx",
            ["name", "phone", "email", "address", "birthdate"]),
    ], "Wire-style report with page furniture. 約2万4000件+約8000件 is the breakdown of the stated total 約3万2000件. "
       "The 関連記事 headlines (はなまる雑貨店, 地方銀行の委託先, VPN) are other stories, not incidents of this article."),

    "002-ec-card-leak-vuln": ([
        inc("ミモザ製菓", ["unauthorized_access", "vulnerability"], "external", 12345, "exact",
            ["credit_card", "name", "address", "phone", "email"], ok=["パティスリー・ミモザ オンライン"]),
    ], "Headline cause is 不正アクセス; the exploited ECパッケージ脆弱性 is the secondary cause. "
       "The site name is in org_ok. Related headlines (家電量販, リスト型攻撃 約3000件) are not incidents here."),

    "003-bank-fake-sms-warning": (NEG,
        "注意喚起 by a bank about SMS impersonating it. No intrusion at the bank, no concrete victim or count: "
        "an advisory, so not an incident under SCHEMA's definition."),

    "004-hospital-usb-loss": ([
        inc("みどりが丘中央病院", ["loss_theft"], "internal", 412, "exact",
            ["name", "birthdate", "health"], ok=["医療法人社団 青葉会", "青葉会"]),
    ], "Hospital お詫び; name only in the signature (当院 in the body). The nurse took the USB stick out (院外に持ち出し) "
       "to work on training material, then lost it: cause is loss, not insider theft. 病名・手術日 → health."),

    "005-weekly-roundup-0613": ([
        inc("アオバスタッフ", ["misoperation"], "internal", 863, "exact", ["email"]),
        inc("福岡県立みずほ台高校", ["loss_theft"], "internal", 38, "exact", ["name", "other"],
            ok=["福岡県教育委員会"]),
        inc("三和精工", ["ransomware"], "external", None, None, []),
        inc("ハピネスポイント", ["unauthorized_access"], "external", 4571, "exact", ["name", "email", "other"],
            ok=["ハピポ"]),
    ], "Weekly round-up with 【】 headings, four cases. 三和精工: exfiltration under investigation, no count. "
       "ハピポ: リスト型攻撃 → unauthorized_access; 約120万円 is money, not records. 成績/保有ポイント → other."),

    "006-univ-phishing-mailbox": ([
        inc("東和学院大学", ["phishing_fraud", "unauthorized_access"], "external", 50000, "upper_bound",
            ["name", "email", "other"], aliases=["東和学院大"]),
    ], "「最大約5万件」 carries both 最大 and 約; labelled upper_bound (最大 is the operative bound). "
       "約1万8000通 is spam sent, not records. Phishing is the root cause, the mailbox login the consequence."),

    "007-vuln-advisory-nas": (NEG,
        "Vulnerability advisory naming a vendor (イヅミ電機), no exploitation observed. The 関連記事 list names "
        "leaks at other companies (北浜ロジテック etc.), which are sidebar headlines, not this article's cases."),

    "008-city-tax-notice-missend": ([
        inc("さくら台市", ["misoperation"], "partner", 52, "exact",
            ["name", "address", "my_number", "other"], ok=["東邦データプリント", "株式会社東邦データプリント"], rok=[38]),
    ], "自治体 release, 本市 in the body and the name only in the contact line. Enclosure error at the contractor "
       "(株式会社東邦データプリント) → actor partner. 52 people's notices were mis-sent; 38 is the number of "
       "事業所 that received them (records_ok)."),

    "009-bcc-missend-nobe": ([
        inc("信州高原観光連盟", ["misoperation"], "internal", 1208, "exact", ["email"],
            aliases=["一般社団法人信州高原観光連盟"], rok=[1150]),
    ], "延べ1,208人 is the headline count; 1,150 after removing duplicates is defensible (records_ok). "
       "延べ is not a qualifier word → exact."),

    "010-product-pr-scenario": (NEG,
        "Security vendor press release. The 「ある製造業の企業では…約2万件の顧客情報が外部に送信」 passage is a "
        "hypothetical scenario (〜といった被害が想定されます) with no named victim."),

    "011-recruit-cloud-exposed": ([
        inc("キャリアブリッジ", ["misconfiguration"], "internal", 2000, "lower_bound",
            ["name", "address", "phone", "email", "birthdate", "other"]),
    ], "「2千件超」 → 2000, lower_bound. Own employee set the sharing scope → internal. "
       "The あわせて読みたい headlines are other stories."),

    "012-monthly-roundup-july": ([
        inc("ハウスリンク東日本", ["misconfiguration"], "partner", 6700, "approx",
            ["name", "phone", "email", "other"], ok=["デジタルフォレスト"]),
        inc("便利堂ホールディングス", ["insider"], "internal", 40000, "approx",
            ["name", "address", "phone"], ok=["くらしの便利堂"]),
        inc("関東精密機器健康保険組合", ["unauthorized_access"], "partner", 3019, "exact",
            ["name", "birthdate", "phone", "health"], ok=["ヘルスゲート"]),
        inc("丸高トレーディング", ["phishing_fraud"], "external", None, None, []),
        inc("はまなす銀行", ["vulnerability"], "external", 1136, "exact", ["name", "email", "phone"]),
    ], "Monthly round-up, ◆ headings, five cases. Health insurer's case happened at its contractor ヘルスゲート → "
       "actor partner (attacker external, but the compromised system was the contractor's; this set labels "
       "cases that happen at a contractor as partner). 丸高: 約3,400万円 is money → records null. はまなす銀行: ゼロデイ → vulnerability."),

    "013-leak-stats-2025": (NEG,
        "Statistics report (175件, 約1,624万人分, per-cause counts). No named organisation's incident."),

    "014-union-meibo-kanji": ([
        inc("瀬戸内水産加工業協同組合", ["misoperation"], "internal", 2300, "approx",
            ["name", "address", "phone", "other"]),
    ], "Old-style release with 漢数字: 約二千三百名 → 2300 approx. 百十二件 is the page-view count, not records. "
       "Posting to the wrong page = 誤掲載 → misoperation."),

    "015-followup-vpn-14302": ([
        inc("丸栄工業", ["vulnerability", "unauthorized_access"], "external", 14302, "exact",
            ["name", "email", "phone", "address", "birthdate", "bank_account"], rok=[20000]),
    ], "Follow-up: earlier 約2万件, now 1万4,302件 (9,880+4,422). The new figure is the count; 20000 in records_ok. "
       "Title and body put the VPN vulnerability first, intrusion second. The related headline with 約2万件 is the "
       "earlier report of the same case."),

    "016-police-arrest-fraud": (NEG,
        "Police arrest for SMS phishing/bank fraud against ~40 individuals. The impersonated 宅配業者 and the banks "
        "are not named and no organisation was breached: no concrete incident at a named organisation."),

    "017-game-infostealer": ([
        inc("ピクセルノヴァ", ["malware", "unauthorized_access"], "external", 9400, "approx",
            ["credentials", "support_ticket", "email"]),
    ], "Infostealer on an employee's home PC stole admin credentials, then login to the ticket tool. "
       "約9400件 of inquiries possibly viewed."),

    "018-form-misconfig-table": ([
        inc("ミナミ住設", ["misconfiguration"], "partner", 4622, "exact",
            ["name", "address", "phone", "email", "support_ticket"],
            aliases=["株式会社ミナミ住設"], ok=["アークウェブ", "株式会社アークウェブ"], rok=[3204]),
    ], "Counts only in a table, two disjoint forms (3,204 + 1,418) and no stated total: labelled the sum 4,622 "
       "(an analyst would add two different forms' submissions); 3,204 (largest single row) in records_ok. "
       "Setting error made by the web contractor → partner. お問い合わせ内容 → support_ticket."),

    "019-bec-subsidiary-money": ([
        inc("東陽化成", ["phishing_fraud"], "external", None, None, [],
            ok=["TOYO KASEI SINGAPORE PTE. LTD."]),
    ], "Business e-mail fraud: 約1億8000万円 / 約120万米ドル is money, never a record count. No personal data leaked."),

    "020-seminar-ransom": (NEG,
        "Seminar announcement; the hospital case is an unnamed example."),

    "021-roundup-triangle": ([
        inc("やまびこ運輸", ["loss_theft"], "internal", None, None, ["name", "address", "phone"]),
        inc("明星ゼミナール", ["misoperation"], "internal", 1, "exact", ["name", "other"]),
        inc("トラベルフォレスト", ["other"], "unknown", None, None, ["name", "email", "phone"]),
    ], "▼ round-up. 「数百件分」 and 「数千件規模」 are vague → records null. "
       "Travel company: route and cause unknown → other / unknown. Wrong attachment of one pupil's report → 1."),

    "022-factory-ransom-outage": ([
        inc("信濃フーズ", ["ransomware"], "external", None, None, []),
    ], "Incident without a leaked count: 3工場, 約72時間, 取引先約1,200社, 従業員約850人/約200人 are not records. "
       "No exfiltration confirmed."),

    "023-callcenter-haken-insider": ([
        inc("ひかり電力販売", ["insider"], "partner", 11000, "approx",
            ["name", "address", "phone", "other"],
            aliases=["ひかり電力販売株式会社"], ok=["コールリンクス", "株式会社コールリンクス"]),
    ], "Company お詫び (当社). A temp worker at the call-centre contractor photographed screens → insider, actor partner. "
       "約1万1千件 → 11000 approx. 供給地点特定番号/契約プラン → other."),

    "024-howto-password": (NEG,
        "How-to column; 「大手のサービスでも数万件規模の不正ログイン」 is unnamed background."),

    "025-wire-cyberattack-activelife": ([
        inc("アクティブライフ", ["unauthorized_access"], "external", 83000, "approx",
            ["name", "address", "birthdate", "phone", "bank_account"]),
    ], "Short wire report; cause given only as 「サイバー攻撃」 on a server. Labelled unauthorized_access following "
       "JNSA/TSR practice (ウイルス感染・不正アクセス); 'other' (cause not specified) would also be defensible. "
       "口座振替に関する情報 → bank_account."),

    "026-survey-supplychain": (NEG,
        "Survey results (percentages), no named victim. Related headlines are other stories."),

    "027-ex-employee-arrest": ([
        inc("あさひ保険サービス", ["insider"], "internal", 1900, "approx", ["name", "address", "phone", "other"]),
    ], "Police arrest of an ex-employee who took customer data to his new employer. The victim organisation is "
       "the agency he left. 保険の契約内容 → other."),

    "028-numbered-roundup": ([
        inc("みなと川市", ["ransomware"], "partner", 26000, "approx", ["name", "birthdate", "address", "health"],
            ok=["メディカルサポート九州", "九州ヘルスケアサービス"]),
        inc("北陸理科大学", ["misoperation"], "internal", 214, "exact", ["name", "other"]),
        inc("緑川建設", ["malware"], "external", 5100, "upper_bound", ["email", "name", "other"]),
    ], "「1.」-numbered monthly round-up. City case happened at the 再委託先 → actor partner, contractor and "
       "sub-contractor in org_ok. 検診の受診歴 → health. 約3時間 is duration, not records."),

    "029-univ-ransom-final": ([
        inc("常盤台国際大学", ["ransomware", "unauthorized_access"], "external", 21468, "exact",
            ["name", "address", "phone", "email", "health", "other"],
            ok=["学校法人常盤台学園", "常盤台学園"], rok=[25000]),
    ], "University 最終報 (本学). Total stated: 2万1,468名 (18,902 + 2,566). 第2報's 約2万5,000名 in records_ok. "
       "Entry via VPN with stolen credentials → unauthorized_access secondary. 学籍番号 → other."),

    "030-interview-ciso": (NEG,
        "Interview; 年間数万件 attack mails, 約60社, 約800社, 20人 are not incidents. 「大きな被害には至っていません」."),

    "031-wire-unauth-greenleaf": ([
        inc("グリーンリーフ本舗", ["unauthorized_access"], "external", 7436, "exact", ["credit_card"]),
    ], "Two-sentence wire report; total 7,436件 with the card subset 2,110件 → records is the total. "
       "Cause only 「不正アクセス」."),

    "032-town-phishing-mail": ([
        inc("ひばり町", ["phishing_fraud", "unauthorized_access"], "external", 640, "upper_bound",
            ["name", "address", "phone"], aliases=["ひばり町役場"]),
    ], "自治体 release (本町), name only in the contact line. 「最大で延べ640人分」 → 640 upper_bound. "
       "約3,000通 is spam sent, not records."),

    "033-court-ruling-old-leak": ([
        inc("まなびの森", ["insider"], "partner", 4800000, "approx", ["name", "address", "phone", "birthdate"],
            ok=["トライデータシステム"]),
    ], "Judgement call: a court ruling about a 2021 leak. The article describes a concrete leak at a named "
       "organisation (who, how, how many, what), so it is labelled as an incident. Ex-employee of the maintenance "
       "contractor → insider/partner. 約2,100人 (plaintiffs) and 3,300円 are not records."),

    "034-table-roundup": ([
        inc("みやこ信用組合", ["loss_theft"], "internal", 1500, "approx", ["name", "bank_account"]),
        inc("ルミナス化粧品", ["unauthorized_access"], "external", 52118, "exact",
            ["name", "address", "credit_card"]),
        inc("あおば台市民病院", ["ransomware"], "external", None, None, []),
        inc("シグマ物産", ["misoperation"], "internal", 412, "exact", ["email"]),
        inc("やすらぎ共済会", ["other"], "unknown", 3000, "approx", ["name", "phone"]),
    ], "Table-like round-up, one row per case. Hospital: 調査中 → null; 「患者情報の一部」 is unspecific, no data "
       "type labelled. やすらぎ共済会: cause 不明 → other, actor unknown."),

    "035-tabletop-exercise": (NEG,
        "Tabletop exercise with a fictional hospital (架空の「県立さくら医療センター」) and an assumed 約12万人分 leak."),

    "036-emotet-apology": ([
        inc("丸の内オフィスサプライ", ["malware"], "external", None, None, ["email", "name", "other"],
            aliases=["株式会社丸の内オフィスサプライ"]),
    ], "Emotet お詫び (弊社), name in the signature. Infected via an attachment in a mail posing as a customer — "
       "SCHEMA lists 標的型メールで感染 under malware, so phishing_fraud is not added. No count stated."),

    "037-recipe-site-fields": ([
        inc("ハーベストメディア", ["unauthorized_access"], "external", 58210, "exact",
            ["email", "credentials", "name", "birthdate", "other"], ok=["まいにちキッチン"]),
    ], "Per-field counts in a bullet list for the same members; the largest (5万8,210件, all members affected) is "
       "the count — summing overlapping fields would be wrong. 約31万人 is members held, not affected. "
       "SQLインジェクション → unauthorized_access."),

    "038-job-advert-csirt": (NEG,
        "Job advert for incident responders; 年間200件以上 is the team's track record, no case."),

    "039-blog-roundup": ([
        inc("ミルアイ", ["unauthorized_access"], "external", 2600, "approx", ["name", "phone", "other"]),
        inc("ひだまり会", ["loss_theft"], "external", 87, "exact", ["name", "address", "phone", "health"],
            aliases=["社会福祉法人ひだまり会"]),
        inc("カーステーション大和", ["misconfiguration"], "partner", 18000, "approx", ["name", "vehicle"],
            ok=["クラウドモーターズ"]),
    ], "Blog round-up, one paragraph per case. ひだまり会: bag stolen from a car by a third party → loss_theft, "
       "actor external (theft; losses by own staff are labelled internal in this set). 要介護度 → health. "
       "Car dealer: DB setting error at the contractor クラウドモーターズ → partner."),

    "040-darkweb-claim-denial": (NEG,
        "Denial: a hacker claims 約50万件, the company says 「不正アクセスの事実は確認されていない」 and the sample "
        "seems to match an older third-party leak. No confirmed or possible leak at the named company → not an "
        "incident. The 関連記事 headlines are other stories."),
}


def main():
    files = sorted(f for f in os.listdir(HERE) if f.endswith(".txt"))
    out = []
    for f in files:
        slug = f[:-4]
        if slug not in LABELS:
            raise SystemExit("no label for " + f)
        with open(os.path.join(HERE, f), encoding="utf-8", newline="") as fh:
            text = fh.read()
        title = text.split("\n", 1)[0]
        incidents, notes = LABELS[slug]
        out.append({
            "id": "h5-" + slug, "url": None, "title": title, "text": text,
            "label": {"is_incident": bool(incidents), "incidents": incidents},
            "notes": notes,
        })
    missing = set(LABELS) - {f[:-4] for f in files}
    if missing:
        raise SystemExit("labels without file: %s" % sorted(missing))
    with open(os.path.join(HERE, "labels.jsonl"), "w", encoding="utf-8", newline="\n") as fh:
        for rec in out:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print("wrote %d records" % len(out))


if __name__ == "__main__":
    main()
