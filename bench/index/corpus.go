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
	fillers   = []string{
		"同社は警察に相談するとともに、個人情報保護委員会に報告した。",
		"現時点で情報の不正利用は確認されていないという。",
		"外部の専門機関に調査を依頼し、詳しい経緯を調べている。",
		"対象となる顧客には個別に連絡し、謝罪するとしている。",
		"再発防止策として、社員教育とアクセス権限の見直しを進める。",
		"システムは一時停止しており、復旧の見通しは立っていない。",
		"問い合わせ窓口を設置し、不審な電話やメールに注意するよう呼びかけている。",
		"バックアップからの復旧作業を進めており、業務への影響は限定的だという。",
		"委託先の管理体制についても点検するとしている。",
		"同様の被害は今年に入って相次いでおり、専門家は対策の徹底を求めている。",
		"攻撃者はVPN装置の認証情報を使って社内ネットワークに侵入したとみられる。",
		"サーバーのログを解析した結果、不審な通信が複数回確認された。",
		"クレジットカード会社と連携し、不正利用の監視を強化している。",
		"職員が私物のパソコンで業務データを扱っていたことも判明した。",
		"決済画面が改ざんされ、入力された情報が外部に送信されていた。",
		"セキュリティ対策の専門家は、多要素認証の導入が有効だと指摘する。",
	}
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
	for b.Len() < 1400 {
		switch r.IntN(4) {
		case 0:
			other := pick(r, causeList)
			fmt.Fprintf(&b, "%sの%sでは、昨年も%sた事案があった。", pick(r, places), pick(r, orgKinds), pick(r, causePhrases[other]))
		default:
			b.WriteString(pick(r, fillers))
		}
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
