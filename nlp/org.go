package nlp

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// corporateForms are legal-form words written before or after a name.
var corporateForms = []string{"株式会社", "有限会社", "合同会社", "合資会社", "一般社団法人", "一般財団法人",
	"公益社団法人", "公益財団法人", "国立研究開発法人", "独立行政法人", "国立大学法人", "公立大学法人",
	"地方独立行政法人", "学校法人", "医療法人社団", "医療法人財団", "社会医療法人", "医療法人", "社会福祉法人", "特定非営利活動法人", "NPO法人", "(株)", "(有)", "㈱"}

// orgSuffixes end names of organisations that kagome does not know as one word.
var orgSuffixes = []string{"ホールディングス", "グループ", "大学", "病院", "医院", "クリニック", "銀行", "信用金庫", "信金", "証券", "生命", "保険",
	"機構", "協会", "財団", "組合", "連合会", "センター", "研究所", "学園", "高校", "高等学校", "中学校", "小学校", "学校",
	"市役所", "役所", "役場", "県庁", "区役所", "市", "区", "町", "村", "県", "府", "都", "省", "庁",
	"工業", "商事", "製作所", "電機", "電気", "電力", "ガス", "鉄道", "航空", "空輸", "交通", "物流", "運輸", "新聞社", "放送",
	"自動車", "製薬", "薬品", "化学", "食品", "建設", "不動産", "百貨店", "ストア", "システムズ", "システム", "テクノロジーズ",
	"ソリューションズ", "ジャパン", "日本法人", "会社", "社", "事務所", "委員会", "公社", "公庫", "機関",
	"本舗", "堂", "屋", "園", "商店", "商会", "精機", "製菓", "産業", "興業", "通商", "共済会", "協同組合", "物産", "貿易", "住販"}

// tradeSuffixes end the names of companies by their trade; a katakana word
// before one (グリーンリーフ本舗, ミナト運輸) makes a name, while before 会社 or
// システム (セキュリティ会社) it makes a common noun.
var tradeSuffixes = []string{"本舗", "堂", "屋", "園", "商店", "商会", "精機", "製菓", "産業", "興業", "通商", "工業", "商事",
	"製作所", "電機", "物流", "運輸", "食品", "建設", "不動産", "製薬", "薬品", "化学", "交通", "鉄道", "物産", "貿易", "住販", "開発"}

func hasTradeSuffix(name string) bool {
	for _, s := range tradeSuffixes {
		if strings.HasSuffix(name, s) {
			return true
		}
	}
	return false
}

// notVictims are organisations that report, investigate or regulate cases
// and are named in nearly every article without being what it happened to.
var notVictims = compileAlternation(`^((東証|東京証券取引所|名証|福証|札証|JASDAQ|ジャスダック|マザーズ).*|(警視庁|警察庁|.{0,4}(県警|府警|道警)|.{1,6}警察署?).*|.+(新聞|新聞社|日報|新報|通信社|タイムズ|ジャーナル|ニュース|放送局)|本市|本町|本村|本県|当社|弊社|同社|本社|貴社|各社|他社|自社|御社|会社|企業|警察|警視庁|.{0,4}(県警|府警|道警)|.*警察署|個人情報保護委員会|総務省|金融庁|経済産業省|経産省|国交省|国土交通省|厚生労働省|厚労省|文部科学省|文科省|内閣府|内閣サイバーセキュリティセンター|NISC|警察庁|消費者庁|JPCERT.*|(令和|平成|昭和).*|.*(地裁|高裁|最高裁|裁判所|簡裁|家裁|地検|高検|検察庁|支部)|IPA|情報処理推進機構|JVN|日本経済新聞|日経|読売.*|朝日新聞|毎日新聞|産経.*|NHK|共同通信|時事通信|ZDNet.*|ZDNET.*|ITmedia.*|Security NEXT|セキュリティ会社|専門機関|外部機関|第三者|攻撃者|犯行グループ|容疑者|同機構|同大学|同病院|同市|同行|同協会|本学|当院|当行|当法人|本法人|当機構|当協会|当市|当館|その他|ホームページ|ウェブサイト|サイト|システム|サーバ|サーバー|クラウド|メール|データ|情報|お客様|顧客|利用者|会員|ユーザー|社員|従業員|職員|委託先|子会社|親会社|関連会社|取引先|政府|国|海外|国内|日本|米国|中国|韓国|ロシア|北朝鮮|世界|Microsoft|マイクロソフト|Google|グーグル|Apple|アップル|Amazon)$`)

// orgCandidate is a name that may be the organisation a case happened to.
type orgCandidate struct {
	name  string
	score int
	first int // byte offset of first mention, for ties
}

// tokenOrgs finds organisation names in s with the tokenizer: runs of nouns
// that contain a proper noun of an organisation, or end in an organisation
// suffix, or follow or precede a legal form.
func (a *Analyzer) tokenOrgs(s string) []orgSpan {
	toks := a.tok.nameTokens(s)
	var out []orgSpan
	i := 0
	for i < len(toks) {
		// A generic katakana word starts a name when another katakana word
		// follows (スタッフ+リンク), not on its own (スタッフ).
		katakanaCompound := i+1 < len(toks) && isNameRun(toks[i].Surface) && isNameRun(toks[i+1].Surface) && nounLike(toks[i+1]) && !genericNoun[toks[i+1].Surface]
		if !nounLike(toks[i]) || leadingNonName(toks[i]) && !katakanaCompound {
			i++
			continue
		}
		j := i
		hasProper := false
		hasOrgTag := false
		for j < len(toks) && nounLike(toks[j]) {
			if len(toks[j].POS) > 1 && toks[j].POS[1] == "固有名詞" {
				hasProper = true
				if len(toks[j].POS) > 2 && toks[j].POS[2] == "組織" {
					hasOrgTag = true
				}
			}
			if !toks[j].Known && isNameRun(toks[j].Surface) {
				hasProper = true
			}
			j++
		}
		// A run of katakana or Latin words (トレンド+マイクロ, ソース+ネクスト) is a
		// name more often than not once generic words are set aside.
		if !hasProper && j-i >= 1 {
			run := s[toks[i].Start:toks[j-1].End]
			if isNameRun(strings.ReplaceAll(run, "・", "")) && utf8.RuneCountInString(run) >= 4 && !genericNoun[run] {
				allGeneric := true
				for k := i; k < j; k++ {
					if !genericNoun[toks[k].Surface] {
						allGeneric = false
					}
				}
				hasProper = !allGeneric && (j-i >= 2 || !toks[i].Known)
			}
		}
		if j == i+1 && toks[i].POS[2] == "人名" {
			// 田村 alone: a person; 大和田商工会議所 keeps the surname it starts with.
			hasProper = false
		}
		// Trim trailing tokens that are not part of a name (情報, 流出 …).
		for j > i && trailingNonName(toks[j-1]) && !(j-1 > i && isOrgSuffixWord(toks[j-1].Surface)) {
			j--
		}
		// メルマガ配信システム, 顧客管理システム: a kind of system, named for what it does.
		if j-2 >= i && systemWord[toks[j-1].Surface] && toks[j-2].POS[1] == "サ変接続" {
			j = i
		}
		if j > i {
			name := s[toks[i].Start:toks[j-1].End]
			form := false
			for _, f := range corporateForms {
				if strings.HasPrefix(name, f) || strings.HasSuffix(name, f) {
					form = true
				}
			}
			if !form && toks[i].Start >= 2 {
				before := s[:toks[i].Start]
				for _, f := range corporateForms {
					if strings.HasSuffix(before, f) {
						form = true
					}
				}
			}
			suffix := hasOrgSuffix(name)
			if suffix && !hasProper && !form && !hasStrongSuffix(name) && !isHiragana(toks[i].Surface) &&
				!(isNameRun(toks[i].Surface) && hasTradeSuffix(name)) {
				// 自動車保険, 中央保険: a common word that happens to end like a
				// company. A word in hiragana before the suffix (せせらぎ不動産,
				// ひまわり運輸) is a name: common compounds are written in kanji.
				suffix = false
			}
			if (hasOrgTag || form || suffix || hasProper) && validOrgName(name) {
				strength := 1
				if hasOrgTag || form {
					strength = 3
				} else if suffix {
					strength = 2
				}
				start := hiraganaLead(s, toks[i].Start)
				if start < toks[i].Start && strength >= 2 {
					name = s[start:toks[j-1].End]
				} else {
					start = toks[i].Start
				}
				out = append(out, orgSpan{name: cleanOrgName(name), start: start, end: toks[j-1].End, strength: strength})
			}
		}
		if j <= i {
			j = i + 1
		}
		i = j
	}
	return out
}

type orgSpan struct {
	name       string
	start, end int
	strength   int // 3 legal form or org tag, 2 org suffix, 1 proper noun
}

// hiraganaLead moves start left over the kana the tokenizer cut off a name
// (み|らい海浜銀行): up to four hiragana that follow a boundary or a particle.
func hiraganaLead(s string, start int) int {
	// 明らかになった米SolarWinds: kana that end a verb do not begin a name.
	if r, _ := utf8.DecodeLastRuneInString(s[:start]); strings.ContainsRune("ただるいてしっ", r) {
		return start
	}
	i := start
	for n := 0; n < 4 && i > 0; n++ {
		r, size := utf8.DecodeLastRuneInString(s[:i])
		if r < 'ぁ' || r > 'ん' || strings.ContainsRune("のはがをにでともへやか", r) {
			break
		}
		i -= size
	}
	if i == start {
		return start
	}
	if i > 0 {
		p, _ := utf8.DecodeLastRuneInString(s[:i])
		if !strings.ContainsRune(" \n、。「」『』()・のはがをにでともへや", p) {
			return start
		}
	}
	return i
}

func nounLike(t nameToken) bool {
	if t.POS[0] == "" || strings.ContainsAny(t.Surface, "|:;@!?()[]{}<>\"'/*+=#$%^~`,、。「」『』（）【】〔〕") {
		return false
	}
	switch t.POS[0] {
	case "名詞":
		switch t.POS[1] {
		case "数", "非自立", "代名詞", "副詞可能":
			return false
		}
		return true
	case "記号":
		// Names keep their middle dots, ampersands and Latin letters.
		return t.Surface == "・" || t.Surface == "&" || t.Surface == "＆" || isLatinRun(t.Surface)
	case "接頭詞":
		return false
	}
	return !t.Known && isNameRun(t.Surface)
}

// leadingNonName are nouns that do not start a name.
func leadingNonName(t nameToken) bool {
	if t.Surface == "・" || t.Surface == "&" {
		return true
	}
	if len(t.POS) > 1 && (t.POS[1] == "接尾" || t.POS[1] == "サ変接続" && t.Known && !isLatinRun(t.Surface)) {
		return true
	}
	return genericNoun[t.Surface]
}

// trailingNonName are nouns that end a noun run without being part of a name.
func trailingNonName(t nameToken) bool {
	if t.Surface == "・" || t.Surface == "&" {
		return true
	}
	if len(t.POS) > 1 && t.POS[1] == "サ変接続" && t.Known && eventNoun[t.Surface] {
		return true
	}
	return genericNoun[t.Surface] && !keepsAtEnd[t.Surface]
}

// systemWord ends the name of a system or service rather than a company
// when a verbal noun comes before it.
var systemWord = map[string]bool{"システム": true, "サービス": true, "サイト": true, "アプリ": true, "サーバー": true, "サーバ": true, "ツール": true}

// keepsAtEnd are generic words that end company names (中央保険サービス, 北斗システム).
var keepsAtEnd = map[string]bool{"サービス": true, "システム": true, "ソフト": true, "グループ": true, "ストア": true, "ショップ": true, "データ": true, "ネットワーク": true}

// eventNoun are verbal nouns that tell what happened to a name (北斗リビング流出,
// 市発表) rather than being part of it, as 教育 is in 青葉教育.
var eventNoun = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`流出 漏えい 漏洩 発表 公表 攻撃 感染 侵入 被害 調査 対応 発生 判明 送信 紛失 盗難 公開 設定 委託 運営 管理 提供
		販売 利用 登録 確認 報告 謝罪 説明 停止 再開 改ざん 悪用 窃取 取得 保存 保管 閲覧 アクセス ログイン 誤送信 誤送付 送付 掲載 指摘 通知 連絡 依頼
		請求 送金 詐欺 逮捕 送検 起訴 処分 廃棄 発見 検知 遮断 復旧 導入 実施 開始 終了 延期 変更 更新 修正 追加 削除 受信 参加 出席 開催 不正 ミス`) {
		eventNoun[w] = true
	}
}

var genericNoun = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`情報 個人 個人情報 顧客 顧客情報 データ 件 人 名 事案 問題 事件 事故 被害 可能 性 可能性 システム サーバ サーバー
		サイト ウェブサイト ホームページ 一部 全部 今回 同 当 弊 本 前回 昨年 今年 今月 先月 年 月 日 週 時 分 お客様 お客さま 会員 利用 利用者 ユーザー
		件数 人数 メール アドレス メールアドレス 番号 氏名 住所 電話 電話番号 クレジットカード カード パスワード ID 原因 経緯 概要 対応 対策 影響 範囲 調査 結果
		不正 アクセス 不正アクセス ランサムウェア ウイルス マルウェア 攻撃 サイバー 外部 内部 社内 社外 関係 関係者 皆様 皆さま 以下 以上 詳細 ほか 他 等 など
		ニュース 記事 報道 発表 公表 お知らせ お詫び 第 報 続報 セキュリティ 担当 担当者 従業員 社員 職員 元 委託 委託先 業務 環境 クラウド 設定 ミス 海外 国内
		第三者 専門 機関 トピックス 一覧 まとめ 今後 現在 当時 最大 約 計 合計 うち 中 上 下 前 後 間 内 外 誤送信 誤 紛失 盗難 漏えい 漏洩 流出 子会社 親会社 グループ会社
		関連会社 取引先 ネットワーク セキュリティソフト サービス クラウドサービス アプリ ソフト ソフトウェア プログラム ファイル フォルダ
		サポート テクニカル テクニカルサポート チケット ログイン アカウント ドメイン インターネット オンライン ショップ オンラインショップ ストア
		フィッシング フィッシングメール ランサム ワクチン ウェブ web Web WEB ページ URL HP ブログ ツイッター SNS スマホ スマートフォン
		プライバシー ポリシー プライバシーポリシー コンサル コンサルティング リスク インシデント トラブル サイバー攻撃 マネジメント コンプライアンス
		ガイドライン ルール データベース バックアップ ストレージ デバイス メモリ USBメモリ ノート ノートパソコン タブレット アップデート パッチ
		ニュースリリース プレスリリース リリース チーム メンバー スタッフ ユーザ レポート ランキング キャンペーン ポイント カード情報 クレジット
		エンジニア プログラマ ハッカー グループ テロ パスポート マイナンバー ナンバー コード セキュリティコード チェック システム障害 メールアドレス
		アクセス権 アクセス権限 トップ ページトップ お問い合わせ 問い合わせ 番号 VPN PC USB SQL AI IT OS CPU API SNS NAS DB IoT EC CMS DX IP DNS HTTP HTTPS SSL TLS Wi-Fi WiFi LAN SE CEO CTO CISO CSIRT SOC EDR ZIP PDF QR
		サプライチェーン サプライチェーン攻撃 サイバーセキュリティ セキュリティベンダー ベンダー ソリューション プラットフォーム
		BCC CC TO FAX SMS MFA OTP PDF CSV BEC EDR XDR UTM WAF IDS IPS ダークウェブ ダークウエブ ダークネット 闇サイト 掲示板 SNS認証 SMS認証
		業界団体 団体 調査 使い回し ネットバンキング ワンタイムパスワード パスキー 生体認証 多要素認証 二要素認証 ゼロトラスト
		逮捕容疑 容疑 容疑者 調べ 捜査関係者 専門家 関係者 担当者 同社 同行 同院 同市 同大 同大学 同機構 広報 広報担当者 研究者 開発元 運営会社 運営元 事務局
		LINEで送る Pocket Tweet tweet Share シェア いいね
		端末 パソコン PC USB メモリ 書類 資料 名簿 リスト 事業 事業者 企業 会社 法人 団体 組織 機構 大学 病院 銀行 市 県 町 村 区 社
		当該 対象 対象者 該当 本件 同日 同月 同年 先方 相手方 各位 皆様 役場 役所
		ケーブルテレビ テレビ ラジオ 学習塾 通販サイト ECサイト ネットショップ オンラインショップ アプリ
		師走 年末 年始 年末年始 年度末 年度 上半期 下半期 今年 昨年 本年 例年 今月 先月 今週 先週 年明け
		偽サイト 偽メール 不在 不在通知 原因別 業種別 手口別 内訳 割合
		地方銀行 地銀 都市銀行 ネット銀行 大手銀行 自治体 地方自治体 大学病院 総合病院 市立病院 県立病院 私立大学 国立大学 大手企業 中小企業 上場企業 証券会社 保険会社
		NPO NGO SaaS PaaS IaaS 課徴金 報告書 報告 資料 裁判長 裁判官 原告 原告側 被告 被告側 弁護士 弁護団 クラウドストレージ オンラインストレージ ポータル ポータルサイト 窓口 オフライン オンライン クラウド バックアップ 場合 際 結果 方法 理由 目的 一方 今回 今後 以前 以後 全体 一部 多く 背景 状況 現状 実態 傾向 対応 手口 被害者 利用者 顧客 会員 従業員 社員 職員`) {
		genericNoun[w] = true
	}
}

// strongSuffixes end names of institutions even when every word before is common (海洋研究開発機構).
var strongSuffixes = []string{"大学", "病院", "医院", "クリニック", "銀行", "信用金庫", "信金", "証券", "機構", "協会", "財団", "組合",
	"連合会", "センター", "研究所", "学園", "高校", "高等学校", "中学校", "小学校", "学校", "役所", "役場", "県庁", "委員会", "公社", "公庫",
	"ホールディングス", "新聞社"}

func hasStrongSuffix(name string) bool {
	for _, s := range strongSuffixes {
		if strings.HasSuffix(name, s) && utf8.RuneCountInString(name) > utf8.RuneCountInString(s)+1 {
			return true
		}
	}
	return false
}

func isOrgSuffixWord(w string) bool {
	for _, s := range orgSuffixes {
		if w == s {
			return true
		}
	}
	return false
}

func hasOrgSuffix(name string) bool {
	for _, s := range orgSuffixes {
		if strings.HasSuffix(name, s) && utf8.RuneCountInString(name) > utf8.RuneCountInString(s) {
			return true
		}
	}
	return false
}

func isLatinRun(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '.' || r == '&') {
			return false
		}
	}
	return true
}

// isNameRun reports katakana or Latin runs, which are names more often than not.
func isHiragana(s string) bool {
	for _, r := range s {
		if r < 'ぁ' || r > 'ん' {
			return false
		}
	}
	return s != ""
}

func isNameRun(s string) bool {
	if isLatinRun(s) {
		r, _ := utf8.DecodeRuneInString(s)
		return unicode.IsUpper(r)
	}
	for _, r := range s {
		if !unicode.In(r, unicode.Katakana) && r != 'ー' {
			return false
		}
	}
	return s != ""
}

func validOrgName(name string) bool {
	n := utf8.RuneCountInString(name)
	if n < 2 || n > 30 {
		return false
	}
	c := cleanOrgName(name)
	if utf8.RuneCountInString(c) < 2 && !isLatinRun(c) || c == "" {
		return false
	}
	if isNameRun(c) && !isLatinRun(c) && utf8.RuneCountInString(c) < 3 {
		return false
	}
	if strings.HasSuffix(c, "アプリ") || strings.HasSuffix(c, "サイト") {
		// フリマアプリ, 通販サイト: a kind of service, not who runs it.
		return false
	}
	if strings.HasPrefix(c, "偽") || len(c) >= 2 && c[0] >= 'A' && c[0] <= 'Z' && c[1] == '.' {
		// 偽サイト, Q.定期的: a fake, or the question of a Q&A.
		return false
	}
	if r, _ := utf8.DecodeRuneInString(c); r >= 'a' && r <= 'z' {
		// Names in Latin letters are capitalised; "by" and "from" are not names.
		return false
	}
	if notVictims.MatchString(c) || genericNoun[c] || strings.Contains(c, "対策") {
		// フィッシング対策協議会, 情報セキュリティ対策推進室: those who warn.
		return false
	}
	for _, suf := range []string{"向け", "等", "ら", "たち", "各社", "大手", "最大手", "類似", "関連", "省庁", "業界", "企業", "認証", "機能", "対策", "攻撃", "番号", "画面", "被害", "事件", "事案", "対策課", "捜査", "容疑者"} {
		if strings.HasSuffix(c, suf) {
			return false
		}
	}
	// A name has letters, and not only digits: 2025, -- and ・・ are not names.
	hasLetter := false
	for _, r := range c {
		if unicode.IsLetter(r) {
			hasLetter = true
		}
	}
	return hasLetter
}

// cleanOrgName strips legal forms and honorific 社 so that 株式会社みなと商事,
// みなと商事株式会社 and (株)みなと商事 are one organisation.
func cleanOrgName(name string) string {
	name = strings.TrimSpace(name)
	for changed := true; changed; {
		changed = false
		for _, f := range corporateForms {
			if strings.HasPrefix(name, f) {
				name, changed = strings.TrimSpace(name[len(f):]), true
			}
			if strings.HasSuffix(name, f) {
				name, changed = strings.TrimSpace(name[:len(name)-len(f)]), true
			}
		}
	}
	name = strings.Trim(name, "・ 、,「」『』")
	// 米Cloverleaf, 独ハイネ: the country is not part of the name.
	for _, c := range []string{"米", "英", "独", "仏", "豪", "加", "蘭", "伊", "韓", "中", "台"} {
		if rest, ok := strings.CutPrefix(name, c); ok && rest != "" {
			if r, _ := utf8.DecodeRuneInString(rest); r < 0x80 && unicode.IsLetter(r) || unicode.Is(unicode.Katakana, r) {
				name = rest
			}
			break
		}
	}
	// ヤマブキ製作所 不正アクセス対応窓口: the name, then the desk that signs.
	if k := strings.Index(name, " "); k > 0 && deptRe.MatchString(name[k+1:]) {
		name = strings.TrimSpace(name[:k])
	}
	// 碧水会 さくら台記念病院: the body that runs it, then the hospital or school
	// the case is told of.
	if k := strings.LastIndex(name, " "); k > 0 && hasStrongSuffix(name[k+1:]) && !hasStrongSuffix(name[:k]) {
		name = strings.TrimSpace(name[k+1:])
	}
	// Salesforce社, トレンドマイクロ社: 社 as a courtesy, not part of the name.
	if strings.HasSuffix(name, "社") && utf8.RuneCountInString(name) > 3 {
		base := strings.TrimSuffix(name, "社")
		if r, _ := utf8.DecodeLastRuneInString(base); unicode.In(r, unicode.Katakana) || r < 0x80 || r == 'ー' {
			name = base
		}
	}
	return name
}

// deptRe is a department, desk or team after an organisation's name.
var deptRe = regexp.MustCompile(`(窓口|課|部|室|係|局|センター|事務局|担当|チーム|グループ|本部|相談室)$`)

// sameOrg reports whether two names refer to one organisation: equal after
// cleaning, or one contained in the other (ドコモ, NTTドコモ).
func sameOrg(a, b string) bool {
	a, b = cleanOrgName(a), cleanOrgName(b)
	if a == "" || b == "" {
		return false
	}
	if a == b {
		return true
	}
	if utf8.RuneCountInString(a) >= 2 && strings.Contains(b, a) || utf8.RuneCountInString(b) >= 2 && strings.Contains(a, b) {
		return true
	}
	return false
}

func endsInKanji(s string) bool {
	r, _ := utf8.DecodeLastRuneInString(s)
	return unicode.Is(unicode.Han, r)
}

// Legal forms read by pattern, since the dictionary splits names written in
// hiragana (株式会社みらい薬局, 株式会社木の家工務店) into particles and verbs.
var (
	formAlt = `株式会社|有限会社|合同会社|合資会社|一般社団法人|一般財団法人|公益社団法人|公益財団法人|国立研究開発法人|地方独立行政法人|独立行政法人|国立大学法人|公立大学法人|学校法人|医療法人社団|医療法人財団|社会医療法人|医療法人|社会福祉法人|特定非営利活動法人|NPO法人|\(株\)|\(有\)|㈱`
	// hasLegalForm finds the legal forms as words; compile would read (株)
	// as a group and find every 株.
	hasLegalForm   = wordSet{newWordAutomaton(strings.Split(strings.NewReplacer(`\(`, "(", `\)`, ")").Replace(formAlt), "|"))}
	signatureLine  = regexp.MustCompile(`^(?:` + formAlt + `) ?(\S.{0,28})$`)
	signatureAfter = regexp.MustCompile(`^(\S.{0,28}?)(?:` + formAlt + `)$`)
)

// legalFormOrgs finds names written with a legal form, and whole signature
// lines (株式会社木の家工務店 alone on a line) as announcements end.
func legalFormOrgs(s string) []orgSpan {
	var out []orgSpan
	add := func(start, end int) {
		name := cleanOrgName(s[start:end])
		if validOrgName(name) {
			out = append(out, orgSpan{name: name, start: start, end: end, strength: 3})
		}
	}
	for _, ln := range splitLines(s) {
		line := s[ln[0]:ln[1]]
		trimmed := strings.TrimSpace(line)
		off := ln[0] + strings.Index(line, trimmed)
		if n := utf8.RuneCountInString(trimmed); n >= 3 && n <= 20 && hasStrongSuffix(trimmed) && !strings.ContainsAny(trimmed, "。、 ・「」()") && nameShapedLine(trimmed) {
			// あおぞら信用組合 alone on a line: a signature or a caption.
			add(off, off+len(trimmed))
			continue
		}
		if !hasLegalForm.MatchString(line) {
			continue
		}
		if m := signatureLine.FindStringSubmatchIndex(trimmed); m != nil && !strings.ContainsAny(trimmed, "。、") {
			add(off+m[2], off+m[3])
			continue
		}
		if m := signatureAfter.FindStringSubmatchIndex(trimmed); m != nil && !strings.ContainsAny(trimmed, "。、") {
			add(off+m[2], off+m[3])
			continue
		}
		// Walk from each legal form over the characters a name may hold:
		// forwards for 株式会社X, backwards for X株式会社. (Regexps with a lazy
		// prefix tried every position of every line and cost more than this.)
		for _, f := range hasLegalForm.FindAllStringIndex(line, -1) {
			st := f[1]
			if strings.HasPrefix(line[st:], " ") {
				st++
			}
			if e := scanName(line, st, 1, nameStopAfterForm); e-st > 0 && utf8.RuneCountInString(line[st:e]) >= 2 {
				add(ln[0]+st, ln[0]+e)
			}
		}
		for _, f := range hasLegalForm.FindAllStringIndex(line, -1) {
			b := scanName(line, f[0], -1, nameStopBeforeForm)
			if utf8.RuneCountInString(line[b:f[0]]) < 2 {
				continue
			}
			m := []int{0, 0, b, f[0]}
			start := m[2]
			// 旅行会社のゆうゆうトラベル株式会社: a description ends at の, but
			// くすのき製薬 keeps its own の.
			if k := strings.LastIndex(line[m[2]:m[3]], "の"); k > 0 && !endsInHiragana(line[m[2]:m[2]+k]) {
				start = m[2] + k + len("の")
			}
			// 専門商社・ヤマセ通商: a kanji description before a middle dot.
			if k := strings.LastIndex(line[start:m[3]], "・"); k > 0 && endsInKanji(line[start:start+k]) {
				start += k + len("・")
			}
			// 紹介したヒノデ電機株式会社: the clause before the name ends at its verb.
			for _, verb := range []string{"した", "する", "される", "された", "している"} {
				if k := strings.LastIndex(line[start:m[3]], verb); k >= 0 {
					start += k + len(verb)
				}
			}
			// 事業を営む社会福祉法人X: a verb (kanji and its kana ending) before a
			// legal form that comes first in the name, not a name of its own.
			if w := line[start:m[3]]; endsInHiragana(w) && !isHiragana(w) {
				continue
			}
			add(ln[0]+start, ln[0]+m[3])
		}
	}
	return out
}

// nameShapedLine rejects lines that are phrases rather than names.
func nameShapedLine(s string) bool {
	for _, bad := range []string{"の", "に", "を", "が", "は", "で", "と", "から", "より"} {
		if strings.Contains(s, bad) {
			return false
		}
	}
	return true
}

// Characters that end a name next to its legal form.
const (
	nameStopAfterForm  = " \t、。,「」『』()【】■□●◆:;|/はがもをにでとの"
	nameStopBeforeForm = " \t、。,「」『』()【】■□●◆:;|/はがをにでともへやか"
	// hardNameStops end a name even inside a word in kana.
	hardNameStops = " \t、。,「」『』()【】■□●◆:;|/"
)

// scanName walks from byte i of s forwards (dir 1) or backwards (dir -1) over
// at most 24 characters not in stop, and returns where it stopped.
func scanName(s string, i, dir int, stop string) int {
	from := i
	for n := 0; n < 24; n++ {
		if dir > 0 {
			if i >= len(s) {
				return i
			}
			r, size := utf8.DecodeRuneInString(s[i:])
			// 社会福祉法人みなと福祉会, 株式会社はなまる: a name in hiragana keeps
			// the kana that elsewhere would be particles.
			kanaName := r >= 'ぁ' && r <= 'ん' && isHiragana(s[from:i]+string(r)) && utf8.RuneCountInString(s[from:i]) < 4
			if strings.ContainsRune(stop, r) && !(kanaName && !strings.ContainsRune(hardNameStops, r)) {
				return i
			}
			i += size
		} else {
			if i <= 0 {
				return i
			}
			r, size := utf8.DecodeLastRuneInString(s[:i])
			if strings.ContainsRune(stop, r) {
				return i
			}
			i -= size
		}
	}
	return i
}

// preferLegalForms drops names the tokenizer cut out of a name written with
// its legal form (らい薬局 inside 株式会社みらい薬局).
func preferLegalForms(tok, legal []orgSpan) []orgSpan {
	out := legal
	for _, t := range tok {
		inside := false
		for _, l := range legal {
			if t.start >= l.start-len("株式会社") && t.end <= l.end+len("株式会社") && (t.start > l.start || t.end < l.end || t.name != l.name) && strings.Contains(l.name, strings.TrimSpace(t.name)) {
				inside = true
				break
			}
			if t.start < l.end && l.start < t.end {
				inside = true
				break
			}
		}
		if !inside {
			out = append(out, t)
		}
	}
	return out
}
