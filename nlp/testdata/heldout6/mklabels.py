#!/usr/bin/env python3
"""Build labels.jsonl for heldout6 from the .txt articles in this directory.

Labels were written by hand from the article texts only (no look at the
classifier's rules).  The text field is the file content, byte for byte.
Run: python3 mklabels.py && python3 check.py
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def inc(org, causes, actor, records, qualifier, data, aliases=(), ok=(), records_ok=()):
    return {
        "org": org,
        "org_aliases": list(aliases),
        "org_ok": list(ok),
        "causes": list(causes),
        "actor": actor,
        "records": records,
        "records_ok": list(records_ok),
        "records_qualifier": qualifier,
        "data_types": list(data),
    }


# file stem -> (incidents, notes).  An empty incident list means is_incident false.
LABELS = {
    # ---- single-incident news -------------------------------------------------
    "001-nimbusvault-japan-users": ([
        inc("ニンバスボールト", ["unauthorized_access"], "external", 1800000, "approx",
            ["name", "email", "credentials"], aliases=["NimbusVault"],
            ok=["ニンバスボールト・ジャパン"], records_ok=[32000]),
    ], "Nikkei-style lead. Credential-stuffing logins (リスト型 in substance) on accounts without MFA. "
       "Total affected worldwide is 約180万件 and the Japanese subset 約3.2万件 (headline); per SCHEMA the total is "
       "records, the Japanese subset is records_ok. 約1200万 is the user base (held, not affected). "
       "Hashed passwords count as credentials."),
    "002-toshin-univ-misdirected-email": ([
        inc("東信大学", ["misoperation"], "internal", 412, "exact", ["name", "other"],
            aliases=["東信大", "国立大学法人東信大学"]),
    ], "宛先を取り違え = misdirected e-mail by a faculty member. Grades and student numbers are 'other'."),
    "003-minato-chuo-hospital-ransom": ([
        inc("みなと中央病院", ["ransomware"], "external", 5000, "approx", ["name", "birthdate", "health"],
            ok=["医療法人社団清和会", "清和会"]),
    ], "Ransomware told without the word: files encrypted/extension changed and 身代金を要求するメッセージ. "
       "およそ5000人 -> approx. The operating medical corporation is org_ok."),
    "004-ja-midoridai-malware": ([
        inc("JAみどり台", ["malware"], "external", 800, "approx", ["name", "email"],
            aliases=["みどり台農業協同組合"]),
    ], "Feature with background on Emotet (background only: the article says the method resembles Emotet). "
       "ウイルスに感染したPC -> malware. 延べ約800人 -> 800 approx. The expert's company is not a victim."),
    "005-hinata-coop-followup": ([
        inc("ひなた生活協同組合", ["unauthorized_access", "vulnerability"], "external", 28610, "upper_bound",
            ["name", "address", "phone", "email", "credit_card"], aliases=["ひなた生協"],
            records_ok=[12345]),
    ], "続報: summary of the first report (no count) then new facts. Lead frames it as 不正アクセス; the route is "
       "脆弱性を突かれ (second cause). 最大2万8,610人分 total, 1万2,345件 card subset in records_ok."),
    "006-meisei-court-ruling": ([
        inc("明成ゼミナール", ["insider"], "partner", 18000, "approx",
            ["name", "address", "phone", "birthdate"], ok=["テクノブリッジ"]),
    ], "Court ruling about a 2023 leak. Judgement call: the article restates a concrete incident at a named org "
       "with cause and count, so is_incident true (consistent with seed-002, an arrest story about an old leak). "
       "Ex-employee of the maintenance contractor -> insider/partner. 142 plaintiffs, 3,300円, 5万円 and 500円 "
       "are not record counts."),
    "007-higashihama-two-years": ([
        inc("東浜医療センター", ["ransomware", "vulnerability"], "external", 113000, "approx",
            ["name", "birthdate", "health"], aliases=["地方独立行政法人東浜医療センター"]),
    ], "Anniversary/lessons piece with no new case. Judgement call: labelled true because the whole article is "
       "about one concrete, named incident with cause and count (as seed-000, a consultant's write-up of an old "
       "case, is labelled true). VPN装置の脆弱性を突いて侵入 -> vulnerability second. 数億円 is money."),
    "008-kessler-cloud-misconfig": ([
        inc("ケスラー・システメ", ["misconfiguration"], "internal", 4000, "upper_bound",
            ["name", "email", "phone", "other"], aliases=["Kessler Systeme", "ケスラー"],
            ok=["ケスラー・ジャパン"], records_ok=[3000]),
    ], "Foreign company (独ケスラー) with a Japanese subsidiary. アクセス権限の設定を誤り -> misconfiguration by the "
       "company itself (actor internal). Range 3,000〜4,000件: judgement call, records = upper end with "
       "upper_bound, lower end in records_ok. 90日 is log retention."),
    "009-asagi-school-usb-theft": ([
        inc("あさぎ市教育委員会", ["loss_theft"], "external", 312, "exact",
            ["name", "address", "phone", "other"], aliases=["市教委"],
            ok=["青葉台小学校", "あさぎ市"]),
    ], "全角 numbers (児童３１２人分). 車上荒らし: theft by an outsider, so actor external (the teacher's rule "
       "breach of 私物のUSBメモリにコピー is the internal side; we label the theft). Evaluations are 'other'. "
       "The board of education announced it; the school is org_ok."),
    "010-kodomo-mirai-npo-phishing": ([
        inc("こども未来ネットワーク", ["phishing_fraud", "unauthorized_access"], "external", 2000, "lower_bound",
            ["email", "name"], aliases=["特定非営利活動法人こども未来ネットワーク"]),
    ], "偽のログイン画面 -> phishing first, then the account takeover (unauthorized_access). 2,000件余り -> "
       "lower_bound."),
    "011-blueline-travel-title-count": ([
        inc("ブルーライン・トラベル・ジャパン", ["insider"], "internal", 9870, "exact",
            ["name", "address", "phone", "email", "passport"], ok=["ブルーライン・トラベル・グループ"]),
    ], "The count (9,870人分) appears only in the title. 元社員 took data while employed -> insider/internal. "
       "The UK parent is org_ok."),
    # ---- announcements --------------------------------------------------------
    "012-ashina-city-furusato-config": ([
        inc("芦名市", ["misconfiguration"], "partner", 12867, "exact",
            ["name", "address", "phone", "other"],
            ok=["エムズ・ロジパートナーズ", "株式会社エムズ・ロジパートナーズ"]),
    ], "記者発表資料 with 本市; the name is only in the 担当 signature. Contractor set the sharing server's 公開範囲 "
       "wrongly -> misconfiguration, actor partner. 漢数字 一万二千八百六十七件 -> 12867. The 二件 accesses "
       "and 内線 numbers are not record counts. Donation amount / gift name -> other."),
    "013-sakuradai-hospital-usb-loss": ([
        inc("さくら台記念病院", ["loss_theft"], "internal", 1204, "exact",
            ["name", "birthdate", "health", "other"], ok=["医療法人碧水会", "碧水会"]),
    ], "当院 announcement, name only in the contact line and signature. 置き忘れ on a train -> loss_theft by own "
       "doctor (internal). The count is given only in the heading ■対象：1,204名. Patient ID -> other."),
    "014-hokuryo-univ-mail-2nd": ([
        inc("北陵大学", ["unauthorized_access"], "external", 2543, "exact",
            ["name", "email", "phone", "other"], aliases=["国立大学法人北陵大学"], records_ok=[2310]),
    ], "第2報 with timeline. Password-guessing attack then 不正ログイン -> unauthorized_access. Counts are per "
       "category only (学生2,310 / 教職員146 / 学外87, disjoint) and no total is stated: records is their sum "
       "2,543, the largest category 2,310 in records_ok. 約3万通 is spam mails sent, not records."),
    "015-takamine-ransom-final": ([
        inc("タカミネ精工", ["ransomware", "unauthorized_access"], "external", 4730, "approx",
            ["name", "email", "phone", "address", "birthdate", "other"], aliases=["株式会社タカミネ精工"]),
    ], "最終報; name only in the contact line/signature. 第三者によるサイバー攻撃 + ランサムウェア; entry via a "
       "leftover ex-employee VPN account used by the attacker (unauthorized_access second; actor external, "
       "nobody says the ex-employee did it). Counts only in a table; the table gives 合計 約4,730件."),
    "016-minase-hs-web-mispost": ([
        inc("鳥取県立みなせ高等学校", ["misoperation"], "internal", 241, "exact",
            ["name", "address", "phone"], ok=["鳥取県教育委員会"]),
    ], "School notice (本校), name only in signature. Wrong file uploaded to the website -> 誤掲載 = misoperation. "
       "全角 ２４１名. 19回 is page views, not records."),
    "017-nordia-japan-contractor-viewing": ([
        inc("ノルディア生命保険ジャパン", ["insider"], "partner", 21000, "upper_bound",
            ["name", "address", "phone", "birthdate", "other"], aliases=["ノルディア生命"],
            ok=["アクシス・コンタクト", "株式会社アクシス・コンタクト", "ノルディア・サービス"]),
    ], "弊社 announcement of a Japanese subsidiary; name in signature and hotline. 再委託先の従業員 viewed and "
       "photographed records -> insider, actor partner. 最大で約2万1,000名 -> upper_bound (最大 wins over 約). "
       "Policy number / contract details -> other."),
    "018-kokusai-sangyo-emotet": ([
        inc("国際産業交流機構", ["malware"], "external", 1900, "approx", ["email", "name", "other"],
            aliases=["独立行政法人国際産業交流機構"]),
    ], "独立行政法人 notice. Emotet infection; the なりすましメール are a consequence, not the cause. Mail bodies -> other."),
    "019-harunire-first-report": ([
        inc("ハルニレ工房", ["other"], "unknown", None, None, ["name", "address", "phone"],
            aliases=["株式会社ハルニレ工房"]),
    ], "第1報: customer data confirmed on a board (a real leak, so true), but the route is unknown and no "
       "unauthorized access was found -> cause other, actor unknown. 数百件規模 is vague -> records null."),
    # ---- round-ups --------------------------------------------------------------
    "020-weekly-roundup-brackets": ([
        inc("みなと福祉会", ["misoperation"], "internal", 183, "exact", ["email"],
            aliases=["社会福祉法人みなと福祉会"]),
        inc("東和ロジテック", ["ransomware"], "external", None, None, ["name", "phone"]),
        inc("はなまる雑貨本舗", ["unauthorized_access"], "external", 2000, "lower_bound",
            ["name", "address", "phone", "other"], aliases=["はなまる"]),
        inc("曙市", ["loss_theft"], "internal", 37, "exact", ["name", "birthdate", "health"],
            ok=["あけぼの保育園", "市立あけぼの保育園"]),
    ], "Weekly round-up with 【】 headings. 東和ロジテック: 数百件 -> null. はなまる: the site name is used in the "
       "heading, the company はなまる in the body; list attack 2千件超 -> lower_bound; purchase history -> other. "
       "曙市: 所在不明 file, possibly 誤廃棄 -> loss_theft; allergies/history -> health."),
    "021-monthly-roundup-diamonds": ([
        inc("ミナト住建", ["insider"], "internal", 3400, "approx", ["name", "address", "phone"]),
        inc("東邦精機工業", ["phishing_fraud"], "external", None, None, []),
        inc("サンライズ学習舎", ["misconfiguration"], "internal", 12000, "exact",
            ["name", "address", "email", "other"]),
        inc("北星ネットワークス", ["vulnerability", "unauthorized_access"], "external", None, None, []),
    ], "Monthly round-up with ◆ headings. 東邦精機工業: business e-mail fraud at its Thai subsidiary; "
       "約1億2000万円 is money -> records null. サンライズ: 1万2,000人分 -> 12000 exact, own employee's sharing "
       "setting. 北星: heading and body frame it as exploitation of an unpatched VPN flaw -> vulnerability "
       "first; count under investigation -> null."),
    "022-municipal-roundup-triangles": ([
        inc("宮野町", ["misoperation"], "internal", 2, "exact", ["name", "address", "other"]),
        inc("南郷市", ["ransomware"], "external", 1500, "approx",
            ["name", "bank_account", "my_number", "other"], ok=["ペイロールワークス"]),
        inc("北浦市", ["unauthorized_access"], "external", 8214, "exact", ["name", "phone", "email"]),
    ], "自治体 round-up with ▼ headings. 南郷市: ransomware at the payroll contractor; the attacker is external "
       "(actor is who did the harm, as SITA in the seeds), the contractor is org_ok. 北浦市: SQL injection is "
       "unauthorized_access per SCHEMA; 8,214件（うちメールアドレス5,902件） -> total 8214. 3件 in the title "
       "is the number of cases."),
    "023-numbered-weekly-foreign": ([
        inc("Cloverleaf", ["unauthorized_access"], "external", 40000, "approx",
            ["name", "email", "support_ticket"], aliases=["米Cloverleaf"],
            ok=["クローバーリーフ・ジャパン", "HelpGrid"]),
        inc("美郷台町", ["phishing_fraud"], "external", None, None, ["name", "address"]),
        inc("あおば眼科クリニック", ["ransomware"], "external", 9600, "approx", ["name", "phone", "health"]),
    ], "「1.」 numbered weekly. Cloverleaf: an outsider took over an account at the support contractor HelpGrid "
       "-> external attacker, contractor and Japanese subsidiary in org_ok. 美郷台町: サポート詐欺 -> "
       "phishing_fraud (SCHEMA lists サポート詐欺); count being checked -> null; 約40分 is time. Clinic: "
       "受診歴 -> health."),
    "024-table-roundup-november": ([
        inc("あさひ野信用金庫", ["loss_theft"], "internal", 600, "approx", ["name", "bank_account", "other"]),
        inc("あおい電力", ["misoperation"], "partner", 1046, "exact", ["name", "address", "other"],
            ok=["東光プリント"]),
        inc("ライトウェーブ", ["malware", "unauthorized_access"], "external", 3211, "exact",
            ["name", "email", "credentials"]),
        inc("ひだまり会", ["other"], "unknown", 250, "approx", ["name", "health"],
            aliases=["社会医療法人ひだまり会"]),
    ], "Table-like lines (公表日｜組織名｜…) plus one paragraph per case. 信金: 紛失, probably 誤廃棄 -> loss_theft. "
       "あおい電力: 委託先の印刷会社 mis-enclosed bills -> misoperation, actor partner. ライトウェーブ: infostealer "
       "then login with stolen cloud credentials. ひだまり会: route unknown (調査中) -> other/unknown; 受診科 -> health."),
    "025-contractor-feature-nikkei": ([
        inc("千歳グラフィックス", ["ransomware"], "external", 350000, "approx", ["name", "address"]),
        inc("ひかりテレコム", ["insider"], "partner", 7800, "approx", ["name", "phone", "other"],
            ok=["ネクストコール"]),
        inc("みやこ共済生活協同組合", ["misconfiguration"], "partner", 10000, "lower_bound",
            ["name", "address", "birthdate", "other"]),
    ], "Nikkei-style feature, one paragraph per case, 関係者によると. 千歳: the printer itself is the attacked "
       "org (約40団体 are its clients, not records); 計約35万件. ひかり: 派遣社員 of the call-centre contractor "
       "-> insider/partner. みやこ共済: maintenance contractor's employee exposed a test server -> partner; "
       "1万人超 -> 10000 lower_bound."),
    # ---- negatives ------------------------------------------------------------
    "026-mitsuba-router-vuln": ([], "Vulnerability advisory for a vendor's product; no breach, no exploitation "
                                    "confirmed. CVSS 9.8 and version numbers are not counts."),
    "027-guardrain-product-launch": ([], "Security vendor's product launch; no concrete case."),
    "028-statistics-175-cases": ([], "Annual statistics (175件, 約2,100万人分) with no named victim organisation."),
    "029-police-phishing-arrest": ([], "Arrest of a phishing gang. Judgement call: victims are unnamed individuals "
                                       "and the impersonated banks are unnamed and not breached, so no concrete "
                                       "incident at a named organisation -> false."),
    "030-seminar-announcement": ([], "Seminar announcement."),
    "031-howto-misdirected-mail": ([], "How-to column on preventing misdirected mail; no concrete case."),
    "032-survey-telework-devices": ([], "Survey results; the surveying company is not a victim."),
    "033-interview-bank-ciso": ([], "Interview; the bank says it has had no leak. Drill described is internal "
                                    "practice, not an incident."),
    "034-yamaneko-sms-warning": ([], "Warning about phishing SMS impersonating a brand. Judgement call: the brand's "
                                     "systems were not breached (stated) and no named organisation suffered an "
                                     "incident; the victims would be random individuals -> false."),
    "035-sakura-denki-denial": ([], "Denial: a claimed dark-web sale, investigated, 不正アクセスの事実は確認されていない "
                                    "and the sample did not match. Judgement call: no confirmed or possible leak at "
                                    "the company -> false. 50万人分 is the criminals' claim."),
    "036-akebono-cyber-insurance": ([], "Cyber insurance product; no case."),
    "037-govt-cloud-guideline": ([], "Government guideline revision; mentions misconfiguration leaks only in general."),
    "038-paylink-outage": ([], "Outage caused by hardware failure; the company states no attack and no leak. "
                               "約800万人 is the user base."),
    "039-prefecture-hospital-drill": ([], "Drill with a simulated ransomware attack; nothing happened."),
    "040-conference-anonymized-cases": ([], "Conference talk with anonymised cases (A社, a medical institution, C社): "
                                            "no named victim -> false. The speaker's firm is not a victim."),
}


def main():
    stems = sorted(f[:-4] for f in os.listdir(HERE) if f.endswith(".txt"))
    missing = set(stems) ^ set(LABELS)
    if missing:
        raise SystemExit("labels and files differ: %s" % sorted(missing))
    out = []
    for stem in stems:
        path = os.path.join(HERE, stem + ".txt")
        with open(path, encoding="utf-8", newline="") as f:
            text = f.read()
        title = text.split("\n", 1)[0]
        incidents, notes = LABELS[stem]
        out.append({
            "id": "h6-" + stem,
            "url": None,
            "title": title,
            "text": text,
            "label": {"is_incident": bool(incidents), "incidents": incidents},
            "notes": notes,
        })
    with open(os.path.join(HERE, "labels.jsonl"), "w", encoding="utf-8", newline="\n") as f:
        for rec in out:
            f.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print("wrote %d labels" % len(out))


if __name__ == "__main__":
    main()
