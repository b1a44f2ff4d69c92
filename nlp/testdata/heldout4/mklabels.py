#!/usr/bin/env python3
"""Build labels.jsonl for heldout4 from the .txt articles and the gold labels below.

Run from anywhere: python3 nlp/testdata/heldout4/mklabels.py
The "text" field is the whole file content (title line included), byte for byte.
"""
import glob
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def inc(org, causes, actor, records, qual, data, aliases=(), ok=(), rok=()):
    return {
        "org": org,
        "org_aliases": list(aliases),
        "org_ok": list(ok),
        "causes": list(causes),
        "actor": actor,
        "records": records,
        "records_ok": list(rok),
        "records_qualifier": qual,
        "data_types": list(data),
    }


UA, RW, MW, PF = "unauthorized_access", "ransomware", "malware", "phishing_fraud"
VU, IN, MC, MO, LT, OT = "vulnerability", "insider", "misconfiguration", "misoperation", "loss_theft", "other"

# slug -> (incidents, notes); [] incidents means is_incident false
LABELS = {
    "001-mishima-logistics-ransomware": ([
        inc("ミシマ物流サービス", [RW, UA], "external", 32000, "approx",
            ["name", "phone", "email", "address", "other"],
            aliases=["ミシマ物流"], ok=["三嶋精機工業"]),
    ], "Subsidiary is where the ransomware hit; the parent (which announced jointly) is org_ok. "
       "約3万2000件 is the stated total of 約2万5000 + 約7000. 11 servers, 14 拠点, 約680人 employees are not records. "
       "VPN admin account abuse is the entry (unauthorized_access secondary). Background car-parts / food cases name no organisation."),
    "002-kotonoha-chaho-card": ([
        inc("ことのは", [UA, VU], "external", 28417, "exact",
            ["credit_card", "name", "address", "phone", "email", "credentials"],
            aliases=["株式会社ことのは", "ことのは茶舗", "ことのは茶舗オンライン"], rok=[19066]),
    ], "Total 2万8,417件 with card subset 1万9,066件 (subset in records_ok). The company is 株式会社ことのは; the shop name ことのは茶舗 is in the title. "
       "Payment page tampering via a site vulnerability: unauthorized_access primary, vulnerability secondary."),
    "003-veltrix-japan-storage": ([
        inc("ベルトリックス・ジャパン", [MC], "internal", 50000, "upper_bound",
            ["name", "email", "phone", "other"], ok=["Veltrix"]),
    ], "最大約5万件: 最大 wins over 約 -> upper_bound. 約1,200社 customers and 約210万件 of data held elsewhere are not affected. "
       "Storage set up wrongly by the Japanese subsidiary itself -> actor internal; the US parent Veltrix is org_ok."),
    "004-asahino-housing-insider": ([
        inc("あさひ野ハウジング", [IN], "internal", 12345, "exact", ["name", "address", "phone", "other"]),
    ], "Ex-employee exfiltrated before leaving (元社員 -> internal). 約40万人分 is the database size, not the leak."),
    "005-hokuriku-loginext-zeroday": ([
        inc("北陸ロジネクスト", [VU, UA], "external", 2000, "lower_bound", ["name", "address", "phone", "other"]),
    ], "2千件超 -> 2000 lower_bound. Zero-day in a vendor's file-transfer product; the vendor (Sorvane Software) is not a victim. "
       "'100以上の組織' worldwide are unnamed. The three 荷主 are unnamed."),
    "006-shiosai-kankou-emotet": ([
        inc("しおさい市観光協会", [MW], "external", 4800, "exact", ["email", "name", "other"]),
    ], "延べ4,800件 of addresses possibly stolen; 延べ is not a qualifier word -> exact. 約1,200通 are spoofed mails sent, 約310社 members: not records."),
    "007-marukoshi-bec": ([
        inc("丸越トレーディング", [PF], "external", None, None, []),
    ], "Business e-mail compromise: money (約1億2,300万円) is never a record count, no personal data leak -> records null. "
       "The Vietnamese partner's mailbox was probably compromised but it is unnamed."),
    "008-shirasagi-boe-usb": ([
        inc("白鷺市教育委員会", [LT], "internal", 387, "exact", ["name", "health", "other"],
            aliases=["市教委"], ok=["白鷺第二中学校", "市立白鷺第二中学校", "白鷺市"]),
    ], "Teacher lost a private USB stick. Food allergy info -> health. 37 schools is not a record count."),
    "009-midorino-coop-bcc": ([
        inc("みどり野生活協同組合", [MO], "internal", 1024, "exact", ["email"], aliases=["みどり野生協"]),
    ], "TO instead of BCC. 約28万人 members and 約9万人 users are held, not affected."),
    "010-sakuradai-hospital-ransomware": ([
        inc("さくら台総合病院", [RW], "external", None, None, ["name", "birthdate", "address", "health"],
            ok=["医療法人社団清風会", "清風会"]),
    ], "No leak count stated (範囲や件数は分からない) -> null. 312床, 約600人 outpatients/day, 約280人 inpatients are not records. "
       "Entry via maintenance VPN only suspected, so only ransomware listed; actor external."),
    "011-minato-retail-pocketpoint": ([
        inc("ミナトリテール", [UA], "external", 32000, "exact",
            ["name", "birthdate", "address", "phone", "email", "other"], aliases=["ぽけっとポイント"]),
    ], "The count (3.2万件) is in the title only. 約180万回 login attempts, 約410万円 of points, 約3,400店舗 and 約260万人 members are distractors. "
       "Credential stuffing (リスト型攻撃) -> unauthorized_access."),
    "012-nexalune-darkweb": ([
        inc("Nexalune", [OT], "unknown", 8600, "lower_bound", ["name", "email", "phone", "credentials"],
            aliases=["ネクサルーン"], rok=[500000]),
    ], "Leak route not identified (no intrusion or insider evidence) -> other/unknown. 少なくとも8,600件 -> lower_bound. "
       "The seller's unverified claim '50万件以上' is in records_ok. 約1万1,000 stores are customers, not records."),
    "013-column-kanesada-ransomware": ([
        inc("カネサダ食品", [RW, UA], "external", 12000, "approx", ["name", "address", "phone", "other"]),
    ], "Analyst column; only カネサダ食品 is discussed in depth (約1万2千人分). ヤシマ精工 and アオバ運送 get one sentence each about their entry point "
       "and an unnamed hospital is mentioned: passing background, not labelled. 約3億円 is money; 約450人 employees."),
    "014-kitahama-city-contractor": ([
        inc("北浜市", [RW], "partner", 11325, "exact", ["name", "address", "birthdate", "other"],
            ok=["ホクシン情報システム"]),
    ], "Ransomware at the city's contractor; the data is the city's and the article is about the city, so org 北浜市 with the contractor in org_ok, actor partner. "
       "Per-category lines 8,210 + 3,115 with a stated 合計 11,325 (延べ)."),
    "015-yamabuki-portal-2nd": ([
        inc("ヤマブキ製作所", [VU, UA], "external", 5595, "exact",
            ["name", "phone", "email", "credentials", "other"], aliases=["株式会社ヤマブキ製作所"]),
    ], "Company announcement (第2報) with 当社 in the body; the name is in the signature and contact block. SQL injection in the portal -> vulnerability primary. "
       "Stated 合計5,595件 = 4,210件 (取引先) + 1,385人 (従業員). 約1,100社, 約1,400名, 約12万件 of orders/year are not records."),
    "016-shinonome-univ-mail": ([
        inc("東雲学院大学", [UA, PF], "external", 2846, "exact", ["email", "name", "other"]),
    ], "本学 announcement, name only in the signature. The account takeover (不正アクセス, the reported event) is primary and the phishing page that obtained the password secondary. "
       "計2,846件 = 1,902 + 944; 約2万通 spam sent is not a record count."),
    "017-minamino-hospital-loss": ([
        inc("市立みなみ野病院", [LT], "internal", 68, "exact", ["name", "birthdate", "health", "other"]),
    ], "当院 announcement; nurse left papers on a train. 3 sheets is not a count."),
    "018-fujimi-city-misdelivery": ([
        inc("藤見市", [MO], "internal", 42, "exact", ["name", "address", "birthdate", "other"],
            ok=["藤見市市民生活部国保年金課"], rok=[87]),
    ], "漢数字 release: 四十二件（四十二世帯、八十七名分） -> records 42, records_ok [87] (件 vs 名, as in SCHEMA's 96件(88名)). "
       "百九十六通 re-issued notices is not the leak."),
    "019-fukurodo-final-report": ([
        inc("ふくろう堂", [UA, VU], "external", 9403, "upper_bound",
            ["name", "address", "phone", "email", "credentials", "credit_card"],
            aliases=["株式会社ふくろう堂", "ふくろう堂オンラインストア"], rok=[6712]),
    ], "最終報. Table line 対象件数：最大9,403名（うちクレジットカード情報最大6,712件）: total with 最大 -> upper_bound; card subset in records_ok."),
    "020-hikaridai-shinkin-subcontractor": ([
        inc("ひかり台信用金庫", [IN], "partner", 4300, "approx", ["name", "address", "phone", "birthdate", "other"],
            ok=["東和データサービス", "ジェイ・ビズサポート"], rok=[3900]),
    ], "Data taken by an employee of the re-contractor (再委託先) -> insider, actor partner; the 委託先 and 再委託先 are org_ok. "
       "約4,300件 (件) is the record count, 約3,900名 persons in records_ok."),
    "021-kestrel-japan-infostealer": ([
        inc("Kestrel Systems Japan", [MW, UA], "external", 3412, "exact",
            ["name", "phone", "email", "support_ticket", "other"],
            aliases=["Kestrel Systems Japan合同会社"], ok=["Kestrel Systems"], rok=[2600, 1900]),
    ], "Infostealer on an employee's private PC gave the attacker portal session/credentials: malware primary, unauthorized_access secondary; attacker external. "
       "延べ3,412件 tickets is the headline count; 約2,600名 persons and 約1,900社 companies in records_ok."),
    "022-coop-asahina-form": ([
        inc("生活協同組合コープあさひな", [MC], "internal", 1157, "exact",
            ["name", "address", "phone", "email", "birthdate", "health", "other"], aliases=["コープあさひな"]),
    ], "Form setting left on by own staff -> misconfiguration, internal. 延べ214回 page views and 全12回 classes are not records. Allergy info -> health."),
    "023-weekly-oneliners": ([
        inc("ひばり野市", [MO], "internal", 120, "exact", []),
        inc("くるみ歯科クリニック", [RW], "external", None, None, []),
        inc("大和田運輸", [UA], "partner", 8200, "approx", []),
        inc("県立松葉台高校", [LT], "internal", 45, "exact", ["name", "other"], aliases=["松葉台高校"]),
        inc("Lumora Japan", [MC], "internal", 11000, "upper_bound", []),
        inc("ささの葉信用組合", [IN], "internal", 300, "approx", []),
        inc("テクノフロンティア", [UA], "external", 2931, "exact", ["credit_card"]),
        inc("しろがね町", [MO], "internal", None, None, ["other"]),
        inc("医療法人和光会", [MW], "external", None, None, [], aliases=["和光会"]),
    ], "Round-up of 9 one-line cases. 数百件 (しろがね町) is vague -> null. 件数未公表 -> null. 大和田運輸's server was the contractor's -> actor partner. "
       "Actor for the org's own mis-send/loss/config is internal; 元職員 -> internal."),
    "024-monthly-by-cause": ([
        inc("ハルノ電子", [UA], "external", 1600, "approx", ["name", "address", "birthdate", "bank_account"]),
        inc("こもれび書房", [UA], "external", 5120, "exact", ["credit_card"]),
        inc("中部メディカルサプライ", [RW], "external", 10000, "lower_bound", []),
        inc("月見ヶ丘市教育委員会", [MO], "internal", 512, "exact", ["email"]),
        inc("ベイサイド保険サービス", [MO], "internal", 3, "exact", ["name", "address", "birthdate", "health"]),
        inc("日之出ガス", [LT], "partner", 2400, "approx", ["name", "address", "other"]),
        inc("ミツボシ証券", [IN], "partner", 1080, "approx", ["name", "phone", "other"]),
    ], "Round-up grouped by cause heading. 日之出ガス: the handheld was stolen from the contractor's worker (theft by an unknown thief, but the case happened at the partner) -> actor partner. "
       "ミツボシ証券: ex-employee of the call-centre contractor -> insider, partner. 1万件以上 -> lower_bound. Health declaration -> health."),
    "025-biweekly-brackets": ([
        inc("ノースポート化学", [PF], "external", None, None, []),
        inc("あけぼの市", [LT], "partner", 2100, "approx", ["name", "address", "health"]),
        inc("社会福祉法人やまびこ会", [PF], "external", 1300, "upper_bound", ["name", "health", "phone"], aliases=["やまびこ会"]),
        inc("メルモ・ライフスタイル", [UA], "external", 1873, "exact", ["name", "address", "phone", "other"], aliases=["merumo"]),
        inc("学校法人白樺学園", [MC], "internal", 2640, "exact", ["name", "other"], aliases=["白樺学園"]),
    ], "【】 headings. ノースポート化学 lost 約4,700万円 (money, no data) -> null. あけぼの市: USB lost by the re-contractor's employee -> loss_theft, partner. "
       "やまびこ会: サポート詐欺 (fake virus warning, remote control) -> phishing_fraud; 最大約1,300人分 -> upper_bound; 要介護度 -> health."),
    "026-numbered-digest": ([
        inc("タカミ食品", [IN], "internal", 7000, "approx", ["name", "phone", "email", "other"]),
        inc("公益社団法人おおぞら歯科医師会", [MW], "external", None, None, ["email"], aliases=["おおぞら歯科医師会"]),
        inc("ユニオン冷機", [RW, VU], "external", 30000, "lower_bound", ["name", "address", "phone"]),
        inc("藤見税理士法人", [MO], "internal", 2, "exact", ["name", "address", "my_number", "other"]),
    ], "Numbered digest; item 5 is an advisory with no named victim and is not an incident. 3万件超 -> lower_bound. Emotet case gives no count -> null."),
    "027-diamond-table-roundup": ([
        inc("Quillon Pay Japan", [UA], "external", 12345, "exact", ["name", "email", "phone", "other"],
            aliases=["キロン・ペイ・ジャパン"]),
        inc("公立はるかぜ大学", [MC], "internal", 4500, "approx", ["name", "other"]),
        inc("さくらぎ少額短期保険", [MO], "internal", 318, "exact", ["name", "address", "other"]),
        inc("ホテル・ルミエール京橋", [PF, UA], "external", 650, "approx", ["name", "other"]),
    ], "◆ headings with table-like lines (対象件数：…). Quillon: 42 merchants is not the record count. はるかぜ大学: set wrongly by a student of the lab -> internal. "
       "Hotel: staff phished, then booking-site admin login abused to send fraudulent payment messages to guests -> phishing_fraud primary, unauthorized_access secondary; booking site unnamed."),
    "028-yearend-three-cases": ([
        inc("みなもケーブルテレビ", [UA, MC], "external", 92000, "upper_bound", ["name", "address", "phone", "other"]),
        inc("ひので進学会", [OT], "unknown", 1200, "lower_bound", ["name", "phone", "other"]),
        inc("サカエダ建設", [VU, UA], "external", None, None, []),
    ], "One paragraph per case. みなも: intrusion via a maintenance path left open (設定不備 secondary); 最大約9万2千件 -> 92000 upper_bound; 約31万世帯 is the customer base. "
       "ひので: route not identified -> other/unknown, 少なくとも1,200人分 -> lower_bound. サカエダ: unpatched network device, count under investigation -> null. "
       "The opening statistics name no organisation."),
    "029-advisory-vendor-vuln": ([], "Vulnerability advisory naming vendors (Arcwell, ミナセ電工); exploitation attempts reported but no named victim organisation -> not an incident."),
    "030-product-launch-sentrio": ([], "Security vendor product launch; statistics only."),
    "031-stats-175-incidents": ([], "Annual statistics report (175件, 延べ約1,820万人分); no concrete named case."),
    "032-police-arrest-phishing-ring": ([], "Arrest of a phishing / illegal-transfer ring. Victims are individuals and banks are unnamed; no concrete incident at a named organisation -> false."),
    "033-seminar-announcement": ([], "Seminar announcement."),
    "034-howto-password-manager": ([], "How-to column on password reuse; no concrete case."),
    "035-survey-smb-security": ([], "Survey results (percentages); no named victim."),
    "036-interview-ciso": ([], "Interview with a CISO; speaks of other companies' incidents only in general terms, nothing happened to みずほ野ホールディングス."),
    "037-phishing-impersonation-warning": ([], "Brand-impersonation warning: カモメ急便 is impersonated by SMS phishing sent to the public, its systems and data were not breached (explicitly no leak). "
       "Per SCHEMA this is an advisory, not an incident at the organisation -> false. 約3,800件 are inquiries."),
    "038-denial-luminous-works": ([], "Denial: investigation found no unauthorized access; the leaked-data claim looks like recycled data from other services -> false."),
    "039-drill-ransomware-exercise": ([], "Joint exercise with a fictitious scenario (住民情報約5万件が暗号化 is the drill's assumption) -> no real incident."),
    "040-court-ruling-asunaro": ([
        inc("あすなろ教育サービス", [IN], "internal", 28000, "approx", ["name", "address", "phone", "other"],
            aliases=["あすなろアカデミー"]),
    ], "Court ruling about a 2021 leak. Judgement call: the article describes a concrete incident at a named organisation (cause, actor, 約2万8千人分), "
       "and SCHEMA has no recency condition, so it is labelled as an incident. Part-time worker sold data -> insider, internal. "
       "86 plaintiffs, 約1,300万円/約47万円/5,500円 are not records. The older correspondence-education case is unnamed background."),
}


def main():
    out = []
    files = sorted(glob.glob(os.path.join(HERE, "*.txt")))
    slugs = [os.path.basename(f)[:-4] for f in files]
    missing = set(slugs) ^ set(LABELS)
    if missing:
        raise SystemExit("files and labels differ: %s" % sorted(missing))
    for f, slug in zip(files, slugs):
        with open(f, encoding="utf-8", newline="") as fh:
            text = fh.read()
        incidents, notes = LABELS[slug]
        out.append({
            "id": "h4-" + slug,
            "url": None,
            "title": text.split("\n", 1)[0],
            "text": text,
            "label": {"is_incident": bool(incidents), "incidents": incidents},
            "notes": notes,
        })
    with open(os.path.join(HERE, "labels.jsonl"), "w", encoding="utf-8", newline="\n") as fh:
        for rec in out:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print("wrote %d records" % len(out))


if __name__ == "__main__":
    main()
