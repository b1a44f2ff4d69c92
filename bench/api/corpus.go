package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/leakwatch/leakwatch"
)

// The generated corpus: Japanese breach news and security articles built
// from phrase tables, seeded so every run indexes the same articles. About
// 70% report an incident; the rest are advisories and commentary.

var (
	orgPrefixes = []string{"みなと", "さくら", "あおば", "ひかり", "北斗", "東邦", "西海", "中央", "大和", "富士", "若葉", "青葉", "朝日", "昭和", "平成", "明星", "桜井", "高砂", "白鷺", "光洋"}
	orgKinds    = []string{"商事", "電機", "病院", "大学", "銀行", "信用金庫", "市役所", "町役場", "教育委員会", "運輸", "ホールディングス", "製薬", "証券", "保険", "不動産", "クリニック", "学園", "生協", "観光", "出版"}
	sources     = []string{"securitynext", "scannetsecurity", "piyolog", "itmedia", "atmarkit", "internetwatch", "zdnet", "jpcert"}
	causes      = []struct {
		cause  leakwatch.Cause
		actor  leakwatch.Actor
		phrase string
	}{
		{leakwatch.CauseUnauthorizedAccess, leakwatch.ActorExternal, "第三者による不正アクセスを受け"},
		{leakwatch.CauseRansomware, leakwatch.ActorExternal, "サーバーがランサムウェアに感染し、ファイルが暗号化され"},
		{leakwatch.CauseMalware, leakwatch.ActorExternal, "従業員の端末がマルウェア「Emotet」に感染し"},
		{leakwatch.CausePhishingFraud, leakwatch.ActorExternal, "従業員がフィッシングメールに記載されたURLからIDとパスワードを入力し"},
		{leakwatch.CauseVulnerability, leakwatch.ActorExternal, "VPN機器の脆弱性を突かれて社内ネットワークに侵入され"},
		{leakwatch.CauseInsider, leakwatch.ActorInternal, "元従業員が顧客情報を不正に持ち出し"},
		{leakwatch.CauseMisconfiguration, leakwatch.ActorInternal, "クラウドストレージの公開設定に誤りがあり"},
		{leakwatch.CauseMisoperation, leakwatch.ActorInternal, "メールの宛先をBCCではなくTOに入力して送信し"},
		{leakwatch.CauseLossTheft, leakwatch.ActorInternal, "職員が個人情報を保存したUSBメモリを紛失し"},
		{leakwatch.CauseInsider, leakwatch.ActorPartner, "委託先の従業員が業務データを持ち出し"},
	}
	dataPhrases = []struct {
		d      leakwatch.DataType
		phrase string
	}{
		{leakwatch.DataName, "氏名"}, {leakwatch.DataAddress, "住所"}, {leakwatch.DataPhone, "電話番号"},
		{leakwatch.DataEmail, "メールアドレス"}, {leakwatch.DataBirthdate, "生年月日"},
		{leakwatch.DataCreditCard, "クレジットカード番号"}, {leakwatch.DataBankAccount, "口座番号"},
		{leakwatch.DataMyNumber, "マイナンバー"}, {leakwatch.DataHealth, "診療情報"}, {leakwatch.DataCredentials, "ログインIDとパスワード"},
	}
	filler = []string{
		"同社は外部の専門機関と連携して調査を進めており、影響範囲の特定を急いでいる。",
		"現時点で情報の不正利用は確認されていないという。",
		"個人情報保護委員会と所轄の警察署に報告したとしている。",
		"対象となる顧客には順次メールで連絡し、不審な連絡に注意するよう呼びかけている。",
		"再発防止策として、アクセス権限の見直しと従業員教育を徹底するとしている。",
		"問い合わせ窓口を設置し、平日の午前9時から午後6時まで対応する。",
		"システムは一時停止され、復旧の見通しは立っていない。",
		"同社はウェブサイト上で経緯と今後の対応を公表した。",
		"ログの解析により、攻撃者が数週間にわたり侵入していた可能性が判明した。",
		"多要素認証の導入を前倒しで進める方針だ。",
	}
	advisories = []string{
		"情報処理推進機構（IPA）は、複数の製品に深刻な脆弱性が見つかったとして、利用者に最新版へのアップデートを呼びかけた。",
		"JPCERT/CCは、VPN機器を狙った攻撃が国内で増加しているとして注意喚起を行った。",
		"警察庁のまとめによると、ランサムウェアによる被害の報告件数は前年同期を上回った。",
		"宅配業者や銀行を装ったフィッシングメールが増えており、記載されたリンクを開かないよう注意が必要だ。",
		"総務省は、自治体向けのセキュリティ対策ガイドラインを改定した。",
		"セキュリティベンダーの調査では、中小企業の半数以上がバックアップの復元手順を検証していなかった。",
	}
)

// queryWords are what the load test searches for, one to three at a time.
var queryWords = []string{"不正アクセス", "ランサムウェア", "病院", "個人情報", "クレジットカード", "委託先", "持ち出し", "フィッシング",
	"USBメモリ", "紛失", "誤送信", "脆弱性", "大学", "銀行", "マイナンバー", "暗号化", "漏えい", "メールアドレス", "VPN", "市役所",
	"みなと", "さくら", "流出", "パスワード", "クラウド"}

func kanjiCount(n int64) string {
	switch {
	case n >= 10000 && n%10000 == 0:
		return fmt.Sprintf("%d万", n/10000)
	case n >= 10000:
		return fmt.Sprintf("%d万%d", n/10000, n%10000)
	}
	return fmt.Sprint(n)
}

// generate returns article i of the corpus; the same i gives the same article.
func generate(i int) leakwatch.Article {
	r := rand.New(rand.NewPCG(uint64(i), 0x1eac))
	start := time.Date(2019, 1, 1, 9, 0, 0, 0, leakwatch.JST)
	pub := start.Add(time.Duration(r.Int64N(int64(7 * 365 * 24 * time.Hour))))
	a := leakwatch.Article{
		URL:       fmt.Sprintf("https://news.example.jp/bench/%d", i),
		SourceID:  sources[r.IntN(len(sources))],
		Published: pub,
		Fetched:   pub.Add(time.Hour),
	}
	var b strings.Builder
	if r.IntN(10) < 3 {
		adv := advisories[r.IntN(len(advisories))]
		a.Title = strings.TrimSuffix(strings.SplitN(adv, "、", 2)[0], "。") + "（" + fmt.Sprint(i) + "）"
		for j := 0; j < 8+r.IntN(6); j++ {
			b.WriteString(advisories[r.IntN(len(advisories))])
			b.WriteString(filler[r.IntN(len(filler))])
			if j%3 == 2 {
				b.WriteString("\n")
			}
		}
		a.Text = b.String()
		return a
	}
	org := orgPrefixes[r.IntN(len(orgPrefixes))] + orgKinds[r.IntN(len(orgKinds))]
	c := causes[r.IntN(len(causes))]
	var recs *int64
	recText := ""
	if r.IntN(5) > 0 {
		n := int64(1 + r.ExpFloat64()*20000)
		if r.IntN(3) == 0 {
			n = (n/1000 + 1) * 1000
		}
		recs = &n
		recText = "約" + kanjiCount(n) + "件"
	}
	nd := 1 + r.IntN(4)
	var dts []leakwatch.DataType
	var dnames []string
	for _, k := range r.Perm(len(dataPhrases))[:nd] {
		dts = append(dts, dataPhrases[k].d)
		dnames = append(dnames, dataPhrases[k].phrase)
	}
	headline := fmt.Sprintf("%sで%s", org, map[bool]string{true: "個人情報" + recText + "が流出の可能性", false: "個人情報漏えいの可能性"}[recs != nil])
	a.Title = headline
	lead := fmt.Sprintf("%sは%d月%d日、%s、%sなど%sが外部に漏えいした可能性があると発表した。",
		org, pub.Month(), pub.Day(), c.phrase, strings.Join(dnames, "、"), map[bool]string{true: recText + "の個人情報", false: "個人情報"}[recs != nil])
	b.WriteString(lead)
	b.WriteString("\n")
	for j := 0; j < 10+r.IntN(8); j++ {
		b.WriteString(filler[r.IntN(len(filler))])
		if j%4 == 3 {
			b.WriteString("\n")
		}
	}
	a.Text = b.String()
	a.IsIncident = true
	in := leakwatch.Incident{Org: org, Causes: []leakwatch.Cause{c.cause}, Actor: c.actor, Records: recs, RecordsText: recText,
		DataTypes: dts, Summary: lead,
		Evidence: []leakwatch.Evidence{{Field: "cause", Value: string(c.cause), Text: lead,
			Span: leakwatch.Span{Start: 0, End: len([]rune(lead))}}}}
	if recs != nil {
		in.RecordsQualifier = leakwatch.QualApprox
	}
	a.Incidents = []leakwatch.Incident{in}
	return a
}
