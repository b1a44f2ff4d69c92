package main

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/leakwatch/leakwatch"
)

// The corpus is generated from the word lists below, deterministically: the
// i-th article depends only on the seed and i, so every engine (each in its
// own process) indexes the same text without holding the corpus in memory.

var (
	places = []string{"北海道", "青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県", "茨城県", "栃木県", "群馬県",
		"埼玉県", "千葉県", "東京都", "神奈川県", "新潟県", "富山県", "石川県", "福井県", "山梨県", "長野県", "岐阜県",
		"静岡県", "愛知県", "三重県", "滋賀県", "京都府", "大阪府", "兵庫県", "奈良県", "和歌山県", "鳥取県", "島根県",
		"岡山県", "広島県", "山口県", "徳島県", "香川県", "愛媛県", "高知県", "福岡県", "佐賀県", "長崎県", "熊本県",
		"大分県", "宮崎県", "鹿児島県", "沖縄県", "札幌市", "仙台市", "横浜市", "川崎市", "名古屋市", "京都市", "神戸市", "福岡市"}
	orgStems = []string{"あおば", "さくら", "みなと", "ひかり", "つばさ", "かもめ", "わかば", "ほくと", "なぎさ", "やまと",
		"中央", "東西", "南北", "北部", "西山", "東山", "新星", "大和", "昭和", "平成", "日本", "関東", "関西", "九州",
		"ソースライン", "ネクストリンク", "グリーンフィールド", "ブルーオーシャン", "サンライズ", "テクノブリッジ"}
	orgKinds = []string{"病院", "総合病院", "クリニック", "市役所", "町役場", "教育委員会", "大学", "高校", "商事", "電機",
		"物流", "銀行", "信用金庫", "保険", "証券", "薬局", "ホールディングス", "製作所", "建設", "不動産", "旅行",
		"通販", "ホテル", "鉄道", "電力", "ガス", "システムズ", "ソフトウェア", "出版", "百貨店"}
	dataWords = []string{"氏名", "住所", "電話番号", "メールアドレス", "生年月日", "クレジットカード情報", "口座番号",
		"マイナンバー", "IDとパスワード", "病名", "検査結果", "成績情報", "顧客情報", "会員情報", "取引先情報",
		"従業員情報", "患者情報", "個人情報"}
	causePhrases = map[leakwatch.Cause][]string{
		leakwatch.CauseUnauthorizedAccess: {"不正アクセスを受け", "第三者による不正アクセスがあり", "外部から不正にアクセスされ"},
		leakwatch.CauseRansomware:         {"ランサムウェアに感染し", "ランサムウエアによる攻撃を受け", "身代金要求型のランサムウェア被害に遭い"},
		leakwatch.CauseMalware:            {"マルウェアに感染し", "ウイルスに感染したパソコンから", "Emotetに感染し"},
		leakwatch.CausePhishingFraud:      {"フィッシングメールで認証情報を盗まれ", "偽サイトに誘導され", "なりすましメールを受信し"},
		leakwatch.CauseVulnerability:      {"ウェブサイトの脆弱性を突かれ", "VPN機器の脆弱性を悪用され", "未修正の脆弱性を突かれ"},
		leakwatch.CauseInsider:            {"元社員が顧客情報を持ち出し", "従業員が情報を不正に持ち出し", "委託先の社員がデータを持ち出し"},
		leakwatch.CauseMisconfiguration:   {"サーバーの設定ミスにより", "クラウドの公開設定の誤りで", "アクセス制限の設定不備で"},
		leakwatch.CauseMisoperation:       {"メールを誤送信し", "宛先を誤ってメールを送信し", "書類を誤って別の顧客に送付し"},
		leakwatch.CauseLossTheft:          {"USBメモリを紛失し", "ノートパソコンが盗難に遭い", "書類を紛失し"},
	}
	leakWords = []string{"漏えい", "漏洩", "流出", "外部に流出", "閲覧可能な状態に"}
	// details are sentences about one cause: an article tells two or three
	// of its own cause's, so the words in them (決済画面, 多要素認証, 警察 …)
	// occur in a share of the corpus like in real news, not in every article.
	details = map[leakwatch.Cause][]string{
		leakwatch.CauseUnauthorizedAccess: {"攻撃者はVPN装置の認証情報を使って社内ネットワークに侵入したとみられる。",
			"決済画面が改ざんされ、入力された情報が外部に送信されていた。", "サーバーのログを解析した結果、不審な通信が複数回確認された。",
			"セキュリティ対策の専門家は、多要素認証の導入が有効だと指摘する。", "クレジットカード会社と連携し、不正利用の監視を強化している。"},
		leakwatch.CauseRansomware: {"システムは一時停止しており、復旧の見通しは立っていない。", "バックアップからの復旧作業を進めており、業務への影響は限定的だという。",
			"ファイルが暗号化され、画面には身代金を要求する文書が表示された。", "リモート接続用のVPN機器が侵入口になった可能性がある。",
			"犯行声明がリークサイトに掲載されたことも確認された。"},
		leakwatch.CauseMalware: {"不審なメールの添付ファイルを開いたことが原因とみられる。", "感染した端末をネットワークから切り離し、全端末を調べている。",
			"取引先を装ったメールが大量に送られていることを確認した。", "ウイルス対策ソフトの定義ファイルが古いままだった。"},
		leakwatch.CausePhishingFraud: {"利用者にはパスワードを変更するよう呼びかけている。", "実在の企業を装ったメールで偽のログイン画面に誘導する手口だった。",
			"多要素認証を設定していなかったアカウントが狙われた。", "クレジットカード会社と連携し、不正利用の監視を強化している。"},
		leakwatch.CauseVulnerability: {"修正プログラムを適用していなかったサーバーが狙われた。", "SQLインジェクション攻撃によってデータベースの内容が抜き取られた。",
			"決済画面が改ざんされ、入力された情報が外部に送信されていた。", "ウェブアプリケーションの改修を外部業者に依頼した。"},
		leakwatch.CauseInsider: {"同社は警察に相談するとともに、損害賠償を求めることも検討している。", "持ち出した情報は名簿業者に売却されていたという。",
			"委託先の管理体制についても点検するとしている。", "職員が私物のパソコンで業務データを扱っていたことも判明した。"},
		leakwatch.CauseMisconfiguration: {"クラウドのストレージが誰でも閲覧できる状態になっていた。", "外部の研究者からの指摘で設定の誤りに気付いたという。",
			"サーバーの移行作業の際にアクセス制限が外れたとみられる。", "設定ミスに気付くまで約半年間、外部から閲覧できる状態だった。"},
		leakwatch.CauseMisoperation: {"メールの宛先をBCCではなくTOに入力したことが原因だった。", "誤送信に気付いた職員が上司に報告し、受信者に削除を依頼した。",
			"委託先の担当者が確認を怠ったことも判明した。", "送信前に複数人で確認する手順を設けるとしている。"},
		leakwatch.CauseLossTheft: {"警察に遺失届を提出したが、現在も見つかっていない。", "USBメモリにはパスワードが設定されていなかった。",
			"社員が帰宅途中に飲食店に立ち寄った際、ノートパソコンを入れたかばんを盗まれた。", "紛失に気付いたのは翌朝で、すぐに社内で探したが見つからなかった。"},
	}
	// sometimes are sentences that occur in a minority of articles of
	// every cause, each with its chance in percent.
	sometimes = []struct {
		pct  int
		text string
	}{
		{10, "同社は警察に相談するとともに、個人情報保護委員会に報告した。"},
		{15, "対象となる顧客には個別に連絡し、謝罪するとしている。"},
		{10, "問い合わせ窓口を設置し、不審な電話やメールに注意するよう呼びかけている。"},
		{8, "同様の被害は今年に入って相次いでおり、専門家は対策の徹底を求めている。"},
		{5, "委託先の管理体制についても点検するとしている。"},
		{5, "ランサムウェアによる被害は中小企業にも広がっている。"},
	}
	// generic sentences hold words of any breach report and none of the
	// query words; {n}, {d}, {who} and {what} vary them.
	generic = []string{
		"現時点で情報の不正利用は確認されていないという。", "外部の専門機関に調査を依頼し、詳しい経緯を調べている。",
		"再発防止策として、社員教育とアクセス権限の見直しを進める。", "{who}は記者会見で「ご迷惑をおかけし、深くおわび申し上げます」と述べた。",
		"事案が判明したのは{d}日前で、公表までに時間がかかった理由については説明していない。", "{n}件の{what}について、内容の精査を続けている。",
		"社内に対策本部を設け、{who}が陣頭指揮を執っている。", "調査結果がまとまり次第、改めて公表する方針だ。",
		"関係する取引先にも経緯を説明し、協力を求めている。", "公表が遅れたことについて、{who}は「確認に時間を要した」と話した。",
		"対象者には{d}日以内に書面で通知する予定だという。", "ホームページにおわびの文書を掲載した。",
		"監督官庁にも報告し、指導を受けている。", "{what}の保管方法を改め、管理台帳を整備する。",
		"影響を受けた可能性のある人数は今後変わる可能性がある。", "二次被害を防ぐため、心当たりのない連絡には応じないよう求めている。",
		"情報システム部門の体制を強化し、外部の人材を登用する。", "{who}によると、{n}件のうち一部は既に削除されていたという。",
		"同様の手口による被害が他の組織でも報告されている。", "{d}日間にわたって業務の一部を停止した。",
		"社外の有識者を交えた検証委員会を設置する。", "{who}は「管理の甘さがあった」と認めた。",
		"規程の見直しを含めた再発防止策を{d}日以内にまとめる。", "詳しい原因は分かっておらず、引き続き調べている。",
		"外部からの問い合わせは{n}件を超えた。", "関係者の処分を検討しているという。",
		"{what}を扱う端末を限定し、操作の記録を残す運用に改める。", "利用者への補償の方法についても検討している。",
		"今回の件を受け、全部署で{what}の取り扱いを点検した。", "専門家は、初動の遅れが被害を広げたと指摘している。",
		"{who}は「信頼回復に努める」とのコメントを出した。", "通報を受けてから{d}日後に事実関係を確認した。",
		"{n}人分の記録については影響がないことを確かめた。", "業界団体も会員企業に注意を促す文書を出した。",
		"ログの保存期間が短く、全容の解明には時間がかかる見通しだ。", "対象となるデータの範囲を特定する作業を続けている。",
	}
	who      = []string{"社長", "副社長", "担当役員", "広報担当者", "事務局長", "市長", "情報政策課長", "学長", "総務部長", "理事長"}
	whatData = []string{"顧客データ", "名簿", "申込書", "帳票", "記録", "台帳", "業務データ", "会員データ", "受付票", "問診票"}
	actorFor = map[leakwatch.Cause]leakwatch.Actor{
		leakwatch.CauseInsider: leakwatch.ActorInternal, leakwatch.CauseMisoperation: leakwatch.ActorInternal,
		leakwatch.CauseLossTheft: leakwatch.ActorInternal, leakwatch.CauseMisconfiguration: leakwatch.ActorInternal,
	}
	causeList = []leakwatch.Cause{leakwatch.CauseUnauthorizedAccess, leakwatch.CauseRansomware, leakwatch.CauseMalware,
		leakwatch.CausePhishingFraud, leakwatch.CauseVulnerability, leakwatch.CauseInsider, leakwatch.CauseMisconfiguration,
		leakwatch.CauseMisoperation, leakwatch.CauseLossTheft}
	dataTypeFor = map[string]leakwatch.DataType{"氏名": leakwatch.DataName, "住所": leakwatch.DataAddress,
		"電話番号": leakwatch.DataPhone, "メールアドレス": leakwatch.DataEmail, "生年月日": leakwatch.DataBirthdate,
		"クレジットカード情報": leakwatch.DataCreditCard, "口座番号": leakwatch.DataBankAccount,
		"マイナンバー": leakwatch.DataMyNumber, "IDとパスワード": leakwatch.DataCredentials, "病名": leakwatch.DataHealth,
		"検査結果": leakwatch.DataHealth}
	sources = []string{"secnews", "itwire", "kokuchi", "nikkan", "journal"}
	epoch   = time.Date(2019, 1, 1, 0, 0, 0, 0, leakwatch.JST)
)

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// article generates the i-th article of the corpus.
func article(seed uint64, i int) leakwatch.Article {
	r := rand.New(rand.NewPCG(seed, uint64(i)))
	org := pick(r, places) + pick(r, orgStems) + pick(r, orgKinds)
	if r.IntN(3) == 0 {
		org = pick(r, orgStems) + pick(r, orgKinds)
	}
	cause := pick(r, causeList)
	actor, ok := actorFor[cause]
	if !ok {
		actor = leakwatch.ActorExternal
	}
	if cause == leakwatch.CauseInsider && r.IntN(2) == 0 {
		actor = leakwatch.ActorPartner
	}
	d1, d2 := pick(r, dataWords), pick(r, dataWords)
	n := int64(r.IntN(50000) + 1)
	if r.IntN(10) == 0 {
		n *= 20
	}
	leak := pick(r, leakWords)
	published := epoch.Add(time.Duration(r.IntN(8*365*24)) * time.Hour)
	title := fmt.Sprintf("%sで%s、%s%d件が%sの可能性", org, strings.TrimSuffix(pick(r, causePhrases[cause]), "し"), d1, n, leak)
	var b strings.Builder
	fmt.Fprintf(&b, "%sは%d月%d日、%s、%sや%sなど約%d人分の情報が%sした可能性があると発表した。",
		org, published.Month(), published.Day(), pick(r, causePhrases[cause]), d1, d2, n, leak)
	for _, k := range r.Perm(len(details[cause]))[:2+r.IntN(2)] {
		b.WriteString(details[cause][k])
	}
	for _, s := range sometimes {
		if r.IntN(100) < s.pct {
			b.WriteString(s.text)
		}
	}
	for _, k := range r.Perm(len(generic)) {
		if b.Len() >= 1400 {
			break
		}
		if r.IntN(15) == 0 {
			other := pick(r, causeList)
			fmt.Fprintf(&b, "%sの%sでは、昨年も%sた事案があった。", pick(r, places), pick(r, orgKinds), pick(r, causePhrases[other]))
		}
		b.WriteString(strings.NewReplacer("{n}", fmt.Sprint(1+r.IntN(900)), "{d}", fmt.Sprint(2+r.IntN(40)),
			"{who}", pick(r, who), "{what}", pick(r, whatData)).Replace(generic[k]))
	}
	var dts []leakwatch.DataType
	for _, d := range []string{d1, d2} {
		if dt, ok := dataTypeFor[d]; ok {
			dts = append(dts, dt)
		}
	}
	rec := n
	return leakwatch.Article{
		ID: int64(i + 1), URL: fmt.Sprintf("https://%s.example.jp/a/%d", sources[i%len(sources)], i+1),
		SourceID: sources[i%len(sources)], Title: title, Text: b.String(), Published: published, IsIncident: true,
		Incidents: []leakwatch.Incident{{Org: org, Causes: []leakwatch.Cause{cause}, Actor: actor, Records: &rec,
			RecordsQualifier: leakwatch.QualApprox, DataTypes: dts}},
	}
}

// queryWords are what people type; every one occurs in the corpus.
var queryWords = []string{"ランサムウェア", "病院", "委託先", "持ち出し", "クレジットカード", "個人情報", "漏えい",
	"不正アクセス", "サーバー", "京都", "市役所", "誤送信", "USBメモリ", "紛失", "フィッシング", "脆弱性", "VPN",
	"大学", "マイナンバー", "流出", "教育委員会", "パスワード", "盗難", "設定ミス", "警察", "患者情報", "銀行",
	"多要素認証", "Emotet", "決済画面", "改ざん", "ノートパソコン", "クラウド", "北海道", "薬局"}

// benchQuery is one query of the mix.
type benchQuery struct {
	Words      []string
	Cause      leakwatch.Cause
	From, To   time.Time
	MinRecords *int64
}

// queries builds the query mix: 1–3 words, half of them with filters.
func queries(seed uint64, n int) []benchQuery {
	r := rand.New(rand.NewPCG(seed, 1<<40))
	out := make([]benchQuery, n)
	for i := range out {
		q := benchQuery{}
		for range 1 + r.IntN(3) {
			q.Words = append(q.Words, pick(r, queryWords))
		}
		if i%2 == 1 {
			switch r.IntN(3) {
			case 0:
				q.Cause = pick(r, causeList)
			case 1:
				q.From = epoch.AddDate(r.IntN(6), 0, 0)
				q.To = q.From.AddDate(1, 0, -1)
			case 2:
				m := int64(10000)
				q.MinRecords = &m
				q.Cause = pick(r, causeList)
			}
		}
		out[i] = q
	}
	return out
}
