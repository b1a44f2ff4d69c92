package nlp

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/leakwatch/leakwatch"
)

// A cue is an expression that signals a fact when read in context. Patterns
// run on normalised text (NFKC: half-width Latin and digits).
type cue struct {
	re     pattern
	weight int
}

func cues(weight int, patterns ...string) []cue {
	out := make([]cue, len(patterns))
	for i, p := range patterns {
		out[i] = cue{re: compile(p), weight: weight}
	}
	return out
}

func join(parts ...[]cue) []cue {
	var out []cue
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// causeCues are the reporting terms for each cause (shared/eval/SCHEMA.md),
// written as grammar: verbs in any inflection, nouns with their usual
// variants. Weight 2 for unambiguous terms, 1 for words that also appear in
// other senses.
var causeCues = map[leakwatch.Cause][]cue{
	leakwatch.CauseUnauthorizedAccess: join(
		cues(2, `不正(な)?(アクセス|ログイン|侵入)`, `不正に(アクセス|ログイン|侵入)`, `なりすまし(て)?ログイン`,
			`(パスワード)?リスト型(攻撃)?`, `ブルートフォース`, `総当たり攻撃`, `SQL ?インジェクション`,
			`(サーバ|システム|ネットワーク)[^。]{0,12}に侵入`, `乗っ取(ら|り|られ|って)`, `(第三者|攻撃者|何者か)が[^。]{0,24}(侵入|ログイン)`,
			`改ざん(され|を受け)`, `VPN(機器)?(経由|を経由)`),
		cues(1, `(侵入|アクセス)(され|を受け|を許)`, `窃取(され|し)`, `サイバー攻撃`, `攻撃を受け`, `ハッキング`)),
	// 暗号化されており (a disk protected by encryption) is not an attack;
	// 暗号化された / 暗号化される被害 is.
	// A leak site supports ransomware but is also where plain thieves publish.
	leakwatch.CauseRansomware: join(cues(1, `リークサイト`), cues(3, `ランサム(ウェア|ウエア)?`, `身代金`, `暗号化され(た|る被害|、)`, `暗号化(の)?被害`, `暗号化を受け`, `(^|[^A-Za-z])(LockBit|BlackCat|Akira|Phobos|Conti|8Base)([^A-Za-z]|$)`,
		`二重恐喝`)),
	leakwatch.CauseMalware: join(
		cues(2, `マルウェア|マルウエア`, `(コンピュータ)?ウ[イィ]ルス(に)?感染`, `Emotet|エモテット|PlugX|plugX|IcedID|QakBot|情報窃取型`,
			`トロイの木馬`, `インフォスティーラー`, `バックドア`),
		cues(1, `(PC|パソコン|端末|サーバー?|システム|機器|ネットワーク|ウ[イィ]ルス|マルウェア|ファイル)[^。]{0,15}感染(し|が|を|させ|した|して)`, `ウ[イィ]ルス([^ァ-ヴー]|$)`, `不審な(ファイル|プログラム)`)),
	leakwatch.CausePhishingFraud: join(
		cues(2, `フィッシング`, `ビジネスメール詐欺`, `(^|[^A-Za-z])BEC([^A-Za-z]|$)`, `なりすまし(メール|SMS)`, `サポート詐欺`, `送金詐欺`, `詐欺(サイト|メール|被害)`,
			`偽(の)?(サイト|メール|ログイン画面|ページ|決済画面|SMS|指示)`, `虚偽の(指示|請求|メール)`, `(を|の代理人を)(騙|かた)る`, `標的型(メール|攻撃メール)`),
		cues(1, `詐欺`, `不正送金`)),
	leakwatch.CauseVulnerability: join(
		// Exploiting a flaw, or leaving a fixed one unpatched, names the cause
		// as plainly as 不正アクセス does.
		cues(3, `脆弱性を(悪用|突|つ)`, `脆弱性が悪用`, `脆弱性[^。]{0,80}悪用さ`, `ゼロデイ`, `未修正の脆弱性`,
			`(修正版|修正プログラム|パッチ|アップデート|更新)[^。]{0,30}(適用|更新|実施)(されて|して)(いなかった|おらず|いない|おりません)`, `(パッチ|修正プログラム)(が|の)?未適用`),
		cues(2, `脆弱性(があり|が存在し)[^。]{0,60}(取得|閲覧|流出|漏え)`, `脆弱性(に対する|への)攻撃`, `セキュリティホール`),
		cues(1, `脆弱性`)),
	leakwatch.CauseInsider: join(
		cues(3, `内部不正`, `元(従業員|社員|職員|派遣社員|委託社員|契約社員|スタッフ|エンジニア)`,
			`持ち出(され|した|して|しており|し、|そうと|す(など|行為|事件|事案))`, `(不正に|無断で|私的に)持ち出`, `不正(に)?取得(し|した|して|していた|しており)`,
			`横領`, `名簿業者`, `営業秘密`, `不正競争防止法`, `(従業員|社員|職員|派遣社員)が[^。]{0,30}(不正|無断|私的)`),
		cues(2, `業務(で|上)(得た|知り得た)[^。]{0,30}(提供|流用|持ち出|売却|漏ら)`, `無断で(提供|流用|売却|譲渡)`, `目的外(の)?(利用|使用|照会|閲覧)`,
			`業務(外|上の必要がない|上必要のない|と関係なく|に関係なく|外の目的で)[^。]{0,40}(照会|閲覧|取得|持ち出)`, `不正な(取得|持ち出し|閲覧)`, `(照会|閲覧)し[^。]{0,30}(第三者|知人|業者|外部)に(提供|伝え|渡)`),
		cues(1, `無断で(複製|コピー|閲覧|持ち帰)`, `私的に(利用|閲覧)`)),
	// Weight 3 names a setting; weight 2 only the exposure it caused, which
	// follows other causes too (誤送信 left addresses visible).
	leakwatch.CauseMisconfiguration: join(
		cues(3, `設定(ミス|不備|の不備|に不備|誤り|を誤|に誤り|の誤り)`, `誤設定`, `公開設定`, `(アクセス)?権限(の)?設定`),
		cues(2, `(閲覧|アクセス|ダウンロード)(可能|できる)(な)?状態`, `公開状態`, `誰でも(閲覧|アクセス)`, `(外部|インターネット上)から(閲覧|アクセス)(可能|でき)`),
		cues(1, `閲覧可能`)),
	leakwatch.CauseMisoperation: cues(3, `誤(送信|送付|配布|掲載|表示|配送|発送|添付|登録|廃棄処分)`, `宛先を誤`, `誤った(宛先|メールアドレス|送付先)`,
		`誤って[^。]{0,20}(送信|送付|掲載|公開|添付|配布|発送|届|封入|同封|交付|含め|記載|印刷)`, `(宛名|宛先|差し込み|封入|封緘|送付先|送信先|番号)を(誤|間違)`, `BCC」?(ではなく|で送るべき|を使用せず)`, `(TO|CC|宛先)」?欄に`, `「TO」に設定`,
		`別の(顧客|利用者|お客様)(宛|に送)`, `(封入|封緘|発送|仕分け|印刷|宛名|送付)(作業)?(の)?(ミス|誤り|間違い)`, `誤封入`, `取り違え`,
		`別の(契約者|会員|患者|利用者|顧客|お客様|住民|保護者|受験者)(に|宛|へ)(届|送|渡)`),
	// 盗まれ is theft of a thing only with the thing before it; data 盗まれ by
	// attackers is another cause.
	leakwatch.CauseLossTheft: cues(3, `紛失`, `置き忘れ`, `置忘れ`, `盗難`, `所在不明`, `車上荒らし`, `置き引き`, `ひったくり`, `空き巣`, `誤廃棄`, `誤って[^。]{0,10}廃棄`,
		`(パソコン|PC|端末|スマホ|スマートフォン|携帯電話|タブレット|USBメモリ|USB|鞄|かばん|カバン|バッグ|車|書類|資料|ノート|ハードディスク|HDD|媒体|機器)[^。]{0,12}盗まれ`),
}

// leakCues say data left the organisation or could have: the event itself.
var leakCues = cues(1, `流出`, `不正に取得され`, `(ダークウェブ|ダークウエブ|闇サイト|掲示板|リークサイト|暴露サイト|フォーラム)[^。]{0,24}(販売|売買|公開|掲載|出品|売られ|売りに出)`, `(他|別)の(お客様|顧客|利用者|会員|ユーザー)[^。]{0,30}(表示|閲覧)`, `(外部|出向元|他社|第三者|業者|名簿業者)(に|へ)[^。]{0,12}(提供|売却|譲渡)`, `(情報|データ|履歴)を?(不正に)?取得(され|でき|可能)`, `漏え?い`, `漏洩`, `漏れ`, `洩れ`, `閲覧(可能|でき|され)`, `不正利用`, `被害`, `窃取`,
	`持ち出`, `出回って`, `(SNS|インターネット上|ネット上|掲示板)[^。]{0,8}(投稿|掲載|拡散|公開)され`, `(私物|私用|個人所有|自宅)[^。]{0,16}(に|へ)(複製|コピー|転送)`, `外部(に|へ)(送信|送付|流出|公開)`, `第三者(に|へ)(提供|送信|渡)`, `公開され`, `誤送信`, `紛失`, `盗難`)

// announceCues mark a report of a concrete case.
var announceCues = compileSet(`発表|公表|明らかに|説明した|としている|と述べ|お知らせ|お詫び|報告|判明|発覚|認め|確認され|確認した|確認しました|確認いたしました|発生し|届け出|謝罪|報じ|書類送検|逮捕`)

// adviceOrAnnounce reads both lists below in one pass over a sentence: bit 1
// for advice, bit 2 for an announcement.
var adviceOrAnnounce = sync.OnceValue(func() *wordSets {
	return newWordSets(adviceCues.(wordSet), announceCues.(wordSet))
})

// adviceCues mark general advice, advisories and columns, whose mentions of
// causes report no case.
var adviceCues = compileSet(`勧めている|勧める|例も多|ケースも多|ことが多い|われたら|されたら|れたら|したら|かもしれません|かもしれない|注意喚起|呼びかけ|推奨|してください|しましょう|べきです|べきだ|べきでしょう|必要があります|ことが重要|ようにして|ようにしま|心がけ|対策を|可能性があります|一般的|一般に|恐れがあります|場合は|場合には|場合に`)

// protectedStateRe follows 暗号化され when it tells how data was kept.
var protectedStateRe = regexp.MustCompile(`^(た|ている|ていた)?(状態|形|うえ|上で|まま|パスワード|データとして)`)

// aspectRe follows a cue with an aspect of the event (its route, cause,
// extent), which a negation after it is about.
var aspectRe = regexp.MustCompile(`^(の|した)?(経路|原因|時期|範囲|規模|件数|詳細|手口|経緯|影響範囲)`)

// negation after a cue, within its clause.
var negationRe = compileSet(`(とする(記事|報道|投稿|書き込み|情報)|との(報道|指摘|投稿|書き込み|噂|うわさ|臆測|憶測|声|懸念|見方)|はなし|被害なし|影響なし|流出なし|一切(ない|なく|ありません|ございません)|ではなく|でなく|ではない|ではありません|はない|はありません|はおりません|ておりません|ていません|ていない|ておらず|ず[、。]|なかった|ありませんでした|ございません|含まれない|含まれません|含まれていない|確認されていない|確認されておりません|事実はない|事実は(確認|認め)られ|否定し)`)

// dataCues map what leaked to the data vocabulary.
var dataCues = map[leakwatch.DataType]pattern{
	leakwatch.DataName:          compileSet(`氏名|名前|姓名|カード名義|名義人|ユーザー名|ユーザ名|会員名`),
	leakwatch.DataAddress:       compileSet(`住所|所在地`),
	leakwatch.DataPhone:         compileSet(`電話番号|携帯番号|連絡先`),
	leakwatch.DataEmail:         compileSet(`メール ?アドレス|電子メールアドレス|Eメール`),
	leakwatch.DataBirthdate:     compileSet(`生年月日|誕生日`),
	leakwatch.DataCreditCard:    compileSet(`クレジット ?カード|カード番号|セキュリティコード|有効期限|クレカ|決済情報`),
	leakwatch.DataBankAccount:   compileSet(`口座番号|銀行口座|口座情報|金融機関口座`),
	leakwatch.DataPassport:      compileSet(`パスポート|旅券`),
	leakwatch.DataMyNumber:      compileSet(`マイナンバー|個人番号`),
	leakwatch.DataCredentials:   compileSet(`パスワード|ログイン ?(ID|情報)|ユーザー ?ID|認証情報|アカウント情報|資格情報|ID(とパスワード|・パスワード|やパスワード)`),
	leakwatch.DataHealth:        compileSet(`病歴|診療|カルテ|病名|健康(診断|情報)|検査結果|要配慮個人情報|処方|既往歴|障害者手帳`),
	leakwatch.DataLocation:      compileSet(`位置情報|GPS`),
	leakwatch.DataVehicle:       compileSet(`車台番号|車載(端末|機)|ナンバープレート|車両番号|登録番号`),
	leakwatch.DataSupportTicket: compileSet(`サポートチケット|問い合わせ(内容|履歴|情報)|問合せ(内容|履歴)|相談内容`),
	// Data the vocabulary has no word for: records of school, purchase,
	// contract, work and household.
	leakwatch.DataOther: compileSet(`成績|購入履歴|注文履歴|注文内容|利用履歴|予約履歴|取引履歴|取引金額|契約内容|契約情報|学籍番号|会員番号|顧客番号|社員番号|診察券番号|保険証券番号|勤務先|職業|性別|年齢|家族構成|世帯構成|所得|課税|年収|履歴書|位置履歴|配送先|購入商品|商品名`),
}

// dataIndex finds the words of every data cue in one pass over a sentence.
type dataIndex struct {
	words  *wordAutomaton
	wordDT []leakwatch.DataType // word index → data type
}

var theDataIndex = sync.OnceValue(func() *dataIndex {
	idx := &dataIndex{}
	var words []string
	for _, dt := range leakwatch.DataTypes() {
		var ws []string
		switch p := dataCues[dt].(type) {
		case literals:
			ws = p
		case wordSet:
			ws = p.a.words
		case nil:
			continue
		default:
			panic(fmt.Sprintf("nlp: data cue for %s is a %T; it must be a word list", dt, p))
		}
		for _, w := range ws {
			if w != "" {
				words = append(words, w)
				idx.wordDT = append(idx.wordDT, dt)
			}
		}
	}
	idx.words = newWordAutomaton(words)
	return idx
})

// find returns, for each data type, its words' leftmost non-overlapping
// matches in s, as FindAllStringIndex of the type's own cue would.
func (idx *dataIndex) find(s string) map[leakwatch.DataType][][]int {
	var out map[leakwatch.DataType][][]int
	for _, m := range idx.words.findAll(s) {
		if out == nil {
			out = map[leakwatch.DataType][][]int{}
		}
		dt := idx.wordDT[m.Word]
		out[dt] = append(out[dt], []int{m.Start, m.End})
	}
	for dt, spans := range out {
		out[dt] = nonOverlapping(spans)
	}
	return out
}

// Actor cues.
var (
	partnerRe  = compileSet(`委託先|業務委託|委託(事業者|業者|会社)|再委託|派遣(社員|スタッフ|元)|協力会社|外注先|運営委託|(管理|運用|保守)を委託|委託(し|する|している)|関連会社|子会社|グループ会社|システム(開発|運用)会社`)
	internalRe = compileSet(`(従業員|社員|職員|教員|教諭|担当者|スタッフ|行員|看護師|医師|元従業員|元社員|元職員)(が|は|の|による|により)`)
	// A cloud service the organisation uses is the partner whose settings exposed data.
	cloudRe    = compileSet(`クラウド(サービス|環境|事業者)|(SaaS|ストレージ)(サービス)?(事業者)?`)
	externalRe = compileSet(`第三者|攻撃者|犯行グループ|ハッカー|外部から|外部の攻撃|何者か|悪意(ある|のある)`)
)

// hasNegationAfter reports whether the clause after a cue denies it:
// 「不正アクセスの事実は確認されておりません」, 「カード情報は含まれておりません」.
// 「可能性を否定できません」 affirms.
func hasNegationAfter(sentence string, cueEnd int) bool {
	tail := sentence[cueEnd:]
	if m := preventionRe.FindStringIndex(tail); m != nil && m[0] <= 3 {
		return true
	}
	// 暗号化された状態で保存: a safeguard, not an attack's work.
	if protectedStateRe.MatchString(tail) {
		return true
	}
	// 情報窃取型マルウェア, 暗号化型: a kind of malware, not an event;
	// 不正アクセス禁止法, 横領(252条): the name of a law, not a case.
	if strings.HasPrefix(tail, "型") || lawRe.MatchString(tail) {
		return true
	}
	// 流出の経路はわかっていない: what is unknown is the route, not the leak.
	if aspectRe.MatchString(tail) {
		return false
	}
	// Stop at the next clause boundary that starts a new statement.
	if k := strings.IndexAny(tail, "。\n"); k >= 0 {
		tail = tail[:k]
	}
	if len(tail) > 150 {
		tail = tail[:150] // about fifty characters: the clause, not the next one
	}
	loc := negationRe.FindStringIndex(tail)
	if loc == nil {
		return false
	}
	if strings.Contains(tail[:loc[1]], "否定でき") || strings.Contains(tail[:loc[1]], "否定され") {
		return false
	}
	// A negation after a comma-separated following clause about something else
	// still often refers back; but a new subject with が/は in between usually does not.
	between := tail[:loc[0]]
	if strings.Count(between, "、") >= 2 {
		return false
	}
	return true
}

// genreRe marks titles of articles that are not reports of a case: warnings,
// product and service news, events and training, guidelines, surveys,
// statements and how-to columns.
var genreRe = compileAlternation(`とは何か|が分析|月例パッチ|パッチを公開|に対処$|閣議決定|改正案|法案|法改正|施行|匿名|刷新|サイバー保険|機能強化|新プラン|中途採用|新卒採用|求人|募集職種|に聞く|調べ$|に注意|アンケート|ステップ|守る|やめる|コツ|Q&A|よくある質問|【[^】]{0,8}(解説|注意|コラム|寄稿|連載|特集|インタビュー|調査|レポート|イベント|セミナー|製品|PR|開催|募集)[^】]{0,8}】|脅威レポート|調査レポート|レポートを(公開|発表)|を要請|要請$|報告を?求め|(エンジニア|人材|社員|職員|参加者|登壇者|スタッフ|会員)(を)?募集|開催案内|開催のお知らせ|^(解説|コラム|寄稿)[:|｜]|が調査$|調査で|調査によると|注意喚起|ご注意|注意を|呼びかけ|提供開始|提供を開始|発売|販売開始|新製品|新サービス|新機能|機能を追加|セミナー|講演|勉強会|イベント|シンポジウム|カンファレンス|訓練|演習|ガイドライン|指針|手引き|チェックリスト|改訂|白書|報告書|実態調査|ランキング|大脅威|脅威ランキング|コラム|入門|とは[?？]?$|方法|見解|防ぐ|防止策|備え|修正版|アップデート|更新を|脆弱性$|複数の脆弱性|予測|動向|トレンド`)

// cueIndex holds every leak and cause cue in one order, with the words of the
// literal ones in a single automaton so a text is read once for all of them.
type cueIndex struct {
	cues    []indexedCue
	words   *wordAutomaton
	wordCue []int // word index → cue index, or -1 for a gate word
	gate    []gateWord
}

type indexedCue struct {
	leak   bool
	cause  leakwatch.Cause
	weight int
	re     pattern // nil when the cue's words are in the automaton
	// gates is the number of word groups a gated regexp needs, each found
	// through the automaton too, so that the text is not searched for them
	// word by word.
	gates int
}

// gateWord says that a word of the automaton satisfies gate group of cue.
type gateWord struct {
	cue, group int
}

var theCueIndex = sync.OnceValue(func() *cueIndex {
	idx := &cueIndex{}
	var words []string
	addCue := func(c cue, leak bool, cause leakwatch.Cause) {
		ic := indexedCue{leak: leak, cause: cause, weight: c.weight}
		if lits, ok := c.re.(literals); ok {
			for _, w := range lits {
				if w != "" {
					words = append(words, w)
					idx.wordCue = append(idx.wordCue, len(idx.cues))
				}
			}
		} else {
			ic.re = c.re
			if g, ok := c.re.(gated); ok && len(g.gates) < 64 {
				ic.gates = len(g.gates)
				for gi, group := range g.gates {
					for _, w := range group {
						words = append(words, w)
						idx.wordCue = append(idx.wordCue, -1)
						idx.gate = append(idx.gate, gateWord{cue: len(idx.cues), group: gi})
					}
				}
			}
		}
		for len(idx.gate) < len(words) {
			idx.gate = append(idx.gate, gateWord{cue: -1})
		}
		idx.cues = append(idx.cues, ic)
	}
	for _, c := range leakCues {
		addCue(c, true, "")
	}
	for _, cause := range leakwatch.Causes() {
		for _, c := range causeCues[cause] {
			addCue(c, false, cause)
		}
	}
	idx.words = newWordAutomaton(words)
	return idx
})

// denialTitleRe marks statements about reports of a leak (一部報道について),
// where the organisation says what did not happen. (Court news about a leak
// is kept: it tells a concrete case at a named organisation, as most readers
// label it.)
var denialTitleRe = compileSet(`否定|事実は確認されていない|事実は確認されておりません|事実はない|事実はありません|一部(の)?報道|報道について|報道に関する|報道を受け|とする報道|についての見解|に関する見解|当社の見解`)

// researchTitleRe marks a title that credits a survey or a study.
var researchTitleRe = regexp.MustCompile(`調べ$|アンケート|実態調査|意識調査|調査レポート|白書|[0-9]+(社|人|名|団体|組織)(を対象と?した|への|に)?(調査|アンケート)|[ァ-ヶー]{2}調査$`)

// statsTitleRe marks statistics over many cases (上半期の漏えい事故89件).
var statsTitleRe = compileSet(`割が|割は|割超|%が|%は|年は|上半期|下半期|年間|年度の|前年比|前年同期|過去最多|過去最悪|統計|件数が`)

// preventionRe after a cue makes it a thing prevented, not a thing that
// happened: 誤送信防止, 情報漏えい対策, 不正アクセスを防ぐ.
var preventionRe = compileSet(`防止|対策|を防|の防止|を未然に|抑止|対応製品|を検知|の検知|を遮断`)

// lawRe after a cue makes it the name of a law or an article of one.
var lawRe = regexp.MustCompile(`^(禁止法|防止法|対策法|対策基本法|法違反|罪|\(\d+条|\(第\d+条)`)

// bioRe marks sentences about illness, where ウイルス and 感染 are not malware.
var bioRe = compileSet(`コロナ|ワクチン|インフルエンザ|感染症|発熱|陽性|症状|ノロ|医療機関を受診|接種`)
