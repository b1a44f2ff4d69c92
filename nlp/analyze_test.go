package nlp

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/leakwatch/leakwatch"
)

// Short articles in the styles of real reports, each testing one rule.
func TestAnalyzeCases(t *testing.T) {
	type want struct {
		org     string
		cause   leakwatch.Cause
		actor   leakwatch.Actor
		records int64 // 0: no count
		qual    leakwatch.Qualifier
	}
	tests := []struct {
		name, title, text string
		want              []want
	}{
		{
			name:  "announcement with 当社 and a signature",
			title: "不正アクセスによるお客様情報流出のお知らせ",
			text: "2026年11月2日\n株式会社さくら精機\n\nこのたび、当社のウェブサーバーが第三者による不正アクセスを受け、お客様の氏名とメールアドレス約4,500件が流出した可能性があることが判明いたしました。\n\n" +
				"当社は直ちにサーバーを停止し、外部の専門機関とともに調査を進めております。\n",
			want: []want{{"さくら精機", leakwatch.CauseUnauthorizedAccess, leakwatch.ActorExternal, 4500, leakwatch.QualApprox}},
		},
		{
			name:  "news report with subject and total over subset",
			title: "家電通販サイトに不正アクセス、カード情報流出か",
			text: "家電通販サイトを運営するあおい電機は11月5日、同サイトが不正アクセスを受け、顧客の個人情報15,230件(うちクレジットカード情報9,870件)が流出した可能性があると発表した。\n" +
				"決済画面が改ざんされていたという。\n",
			want: []want{{"あおい電機", leakwatch.CauseUnauthorizedAccess, leakwatch.ActorExternal, 15230, leakwatch.QualExact}},
		},
		{
			name:  "ransomware is primary over the intrusion that carried it",
			title: "物流会社がランサムウェア被害、取引先情報が流出の恐れ",
			text:  "物流大手のみなみ通運は10月30日、社内サーバーがランサムウェアに感染し、データが暗号化される被害を受けたと発表した。VPN機器を経由した不正アクセスが起点とみられる。取引先の担当者情報最大2万件が流出した恐れがある。\n",
			want:  []want{{"みなみ通運", leakwatch.CauseRansomware, leakwatch.ActorExternal, 20000, leakwatch.QualUpperBound}},
		},
		{
			name:  "partner insider",
			title: "委託先の元社員が顧客情報を持ち出し",
			text:  "ひばり生命は11月1日、コールセンター業務の委託先の元社員が、顧客約3万人分の情報を不正に持ち出していたと発表した。元社員は名簿業者に売却していた。\n",
			want:  []want{{"ひばり生命", leakwatch.CauseInsider, leakwatch.ActorPartner, 30000, leakwatch.QualApprox}},
		},
		{
			name:  "mis-sent e-mail with BCC",
			title: "メール誤送信のお詫び",
			text:  "市立図書館は、講座の案内メールを送信する際、BCCではなくTO欄に受信者のアドレスを入力したため、参加者128人のメールアドレスが互いに閲覧できる状態になったと発表した。\n",
			want:  []want{{"市立図書館", leakwatch.CauseMisoperation, leakwatch.ActorInternal, 128, leakwatch.QualExact}},
		},
		{
			name:  "loss with a vague amount gives no count",
			title: "USBメモリ紛失について",
			text:  "こだま学園は、教員が生徒数千人分の成績データを保存したUSBメモリを紛失したと発表した。\n",
			want:  []want{{"こだま学園", leakwatch.CauseLossTheft, leakwatch.ActorInternal, 0, ""}},
		},
		{
			name:  "held versus affected",
			title: "会員情報流出の可能性",
			text:  "ゲーム配信のルミナスプレイは11月8日、会員1200万人の情報を管理するデータベースに不正アクセスがあったと発表した。このうち約12万人分の氏名とメールアドレスが流出した可能性がある。\n",
			want:  []want{{"ルミナスプレイ", leakwatch.CauseUnauthorizedAccess, leakwatch.ActorExternal, 120000, leakwatch.QualApprox}},
		},
		{
			name:  "money is not a count",
			title: "海外子会社で送金詐欺被害",
			text:  "精密部品のかもめ工業は、海外子会社が取引先を装った虚偽の指示に従い、約3億円を送金する被害に遭ったと発表した。ビジネスメール詐欺とみられる。\n",
			want:  []want{{"かもめ工業", leakwatch.CausePhishingFraud, leakwatch.ActorExternal, 0, ""}},
		},
		{
			name:  "denial is not an incident",
			title: "一部報道について",
			text:  "株式会社ほたる食品\n\n一部報道で当社の顧客情報が流出したとする記事が掲載されましたが、調査の結果、当社システムへの不正アクセスの事実は確認されておりません。クレジットカード情報は当社では保有しておりません。\n",
			want:  nil,
		},
		{
			name:  "advisory is not an incident",
			title: "ランサムウェア対策の基本 バックアップの重要性",
			text:  "ランサムウェアに感染すると、ファイルが暗号化され業務が止まる恐れがあります。定期的なバックアップを取り、VPN機器の更新を怠らないようにしましょう。\n",
			want:  nil,
		},
		{
			name:  "a corrected figure replaces the earlier one",
			title: "会員情報の誤表示に関するお詫び(最終報)",
			text:  "株式会社みずほし電子\n\n第1報では対象を「約5,000件」とお知らせしておりましたが、ログの精査の結果、他の会員様の情報が誤って表示された対象は4,812件であることが確定いたしました。\n",
			want:  []want{{"みずほし電子", leakwatch.CauseMisoperation, leakwatch.ActorInternal, 4812, leakwatch.QualExact}},
		},
		{
			name:  "an encrypted disk is protection, not ransomware",
			title: "営業用ノートパソコンの盗難について",
			text:  "当社社員の車からノートパソコンが盗まれ、取引先の担当者約500名の氏名と電話番号が保存されておりました。当該パソコンはハードディスク全体が暗号化されており、起動にはパスワードが必要です。\n\n株式会社しらとり商会\n",
			want:  []want{{"しらとり商会", leakwatch.CauseLossTheft, leakwatch.ActorExternal, 500, leakwatch.QualApprox}},
		},
		{
			name:  "a court ruling on an old case is not a new incident",
			title: "2019年の顧客情報流出めぐる訴訟、地裁がもみじ通販に賠償命令",
			text:  "2019年に起きた顧客情報流出をめぐり、利用者らが損害賠償を求めた訴訟で、地裁はもみじ通販に1人あたり3,000円の支払いを命じた。同社は不正アクセスを受け、約4万件の情報が流出していた。\n",
			want:  nil,
		},
		{
			name:  "illness is not malware",
			title: "社員の感染拡大で一部店舗を休業",
			text:  "こばと商事は11月3日、従業員12名が新型コロナウイルスに感染したと発表した。ウイルス感染の拡大を防ぐため、店舗を消毒し、一部の店舗を休業する。\n",
			want:  nil,
		},
		{
			name:  "a round-up as a table, one case per row",
			title: "今週の事故一覧",
			text:  "日付|組織|概要\n11/4|株式会社あけぼの運輸|配送管理サーバーがランサムウェアに感染。取引先情報約2,100件が流出のおそれ\n11/6|いずみ市教育委員会|教員が児童の名簿を保存したUSBメモリを紛失。児童84人分\n",
			want: []want{
				{"あけぼの運輸", leakwatch.CauseRansomware, leakwatch.ActorExternal, 2100, leakwatch.QualApprox},
				{"いずみ市教育委員会", leakwatch.CauseLossTheft, leakwatch.ActorInternal, 84, leakwatch.QualExact},
			},
		},
		{
			name:  "round-up with bullets",
			title: "今週のセキュリティニュース",
			text: "今週報じられた主な事案を紹介します。\n\n" +
				"・さつき病院で患者情報を記録したノートパソコンが盗難\nさつき病院は、職員の車から患者約800人分の情報を保存したパソコンが盗まれたと発表した。\n\n" +
				"・あさひ証券に不正ログイン、顧客口座で不正取引\nあさひ証券は、リスト型攻撃による不正ログインで顧客52人の口座が不正に操作されたと公表した。\n",
			want: []want{
				{"さつき病院", leakwatch.CauseLossTheft, leakwatch.ActorExternal, 800, leakwatch.QualApprox}, // stolen: the thief is external
				{"あさひ証券", leakwatch.CauseUnauthorizedAccess, leakwatch.ActorExternal, 52, leakwatch.QualExact},
			},
		},
		{
			name:  "kanji-numbered sections, the count under the section on the data",
			title: "元職員による顧客情報の持ち出しについて",
			text: "令和八年一月九日\n\nこのたび、当金庫の元職員が在職中に顧客情報を無断で持ち出していたことが判明いたしました。深くお詫び申し上げます。\n\n" +
				"一、事案の概要\n当金庫東町支店の元職員が、業務用端末の画面を私用のスマートフォンで撮影しておりました。\n\n" +
				"二、持ち出された情報\nお客様千二百五名分の氏名、住所、電話番号\n\n" +
				"三、お問い合わせ\nなぎさ信用金庫 コンプライアンス室\n",
			want: []want{{"なぎさ信用金庫", leakwatch.CauseInsider, leakwatch.ActorInternal, 1205, leakwatch.QualExact}},
		},
		{
			name:  "list items under a data section, with their stated total",
			title: "当社サーバへのランサムウェア攻撃について(第2報)",
			text: "当社の一部サーバがランサムウェアによる攻撃を受けた件について、調査結果をお知らせいたします。ご迷惑をおかけし深くお詫び申し上げます。\n\n" +
				"3. 流出した可能性のある情報\n当該サーバに保存されていた以下の情報が外部に送信された可能性があります。\n" +
				"・お取引先様の担当者情報:約1万2千件\n・採用応募者の情報:約3千件\n合計で最大約1万5千件となります。\n\n" +
				"2026年3月2日\n株式会社かもめ製菓\n",
			want: []want{{"かもめ製菓", leakwatch.CauseRansomware, leakwatch.ActorExternal, 15000, leakwatch.QualUpperBound}},
		},
		{
			name:  "mails an account sent are not the count",
			title: "教員のメールアカウントへの不正アクセスについて",
			text: "本学教員のメールアカウントが不正に利用され、約2,500件の迷惑メールが外部に送信されました。ご迷惑をおかけし、お詫び申し上げます。\n\n" +
				"■流出した可能性のある情報\nメールボックスに保存されていた学生203名分の氏名と成績\n\n" +
				"2026年2月1日\nみさき工科大学\n",
			want: []want{{"みさき工科大学", leakwatch.CauseUnauthorizedAccess, leakwatch.ActorExternal, 203, leakwatch.QualExact}},
		},
		{
			name:  "round-up of paragraphs whose topics are the organisations",
			title: "今週のセキュリティ:学習塾に不正アクセス、町のシステムがランサムで停止",
			text: "今週報じられた主なニュースを紹介する。\n\n" +
				"学習塾を運営するひかりゼミは、会員サイトが不正アクセスを受け、生徒約9,000人分の情報が流出した可能性があると発表した。\n\n" +
				"北山町では、住民情報システムのサーバがランサムウェアに感染し、証明書の発行が2日間停止した。流出は確認されていないという。\n",
			want: []want{
				{"ひかりゼミ", leakwatch.CauseUnauthorizedAccess, leakwatch.ActorExternal, 9000, leakwatch.QualApprox},
				{"北山町", leakwatch.CauseRansomware, leakwatch.ActorExternal, 0, ""},
			},
		},
		{
			name:  "a hiragana name before a suffix, in a police report",
			title: "元社員を逮捕、顧客データ持ち出しの疑い",
			text:  "勤務していた不動産会社の顧客データを不正に持ち出したとして、県警は2月3日、元社員の男を逮捕した。逮捕容疑は、賃貸仲介のこもれび不動産(松本市)の顧客管理システムから顧客情報約4,100件を私物のUSBメモリに複製した疑い。\n",
			want:  []want{{"こもれび不動産", leakwatch.CauseInsider, leakwatch.ActorInternal, 4100, leakwatch.QualApprox}},
		},
		{
			name:  "a list of cases told in one line each",
			title: "今週の情報漏えい事故まとめ",
			text: "今週公表された事故を一覧で紹介します。\n\n■ 公表された事故\n\n" +
				"・3日 あかね野市、メール誤送信(86件)\n" +
				"・4日 ほしぞら運送、委託先サーバーへの不正アクセス(約5,400件)\n" +
				"・6日 市立みずき小学校、名簿を紛失(児童31人分)\n\n" +
				"■ 編集部から\n人為的なミスと外部からの攻撃が半々でした。\n",
			want: []want{
				{"あかね野市", leakwatch.CauseMisoperation, leakwatch.ActorInternal, 86, leakwatch.QualExact},
				{"ほしぞら運送", leakwatch.CauseUnauthorizedAccess, leakwatch.ActorPartner, 5400, leakwatch.QualApprox},
				{"市立みずき小学校", leakwatch.CauseLossTheft, leakwatch.ActorInternal, 31, leakwatch.QualExact},
			},
		},
		{
			name:  "a phishing mail that took the password is where the login began",
			title: "職員のメールアカウントに不正ログイン",
			text: "本学職員のメールアカウントが第三者に不正にログインされ、保存されていたメールが閲覧された可能性があります。ご迷惑をおかけし、お詫び申し上げます。\n\n" +
				"■経緯\n職員がフィッシングメールに記載されたリンクから偽のログイン画面にアクセスし、IDとパスワードを入力しました。\n\n" +
				"■閲覧された可能性のある情報\n学生312名分の氏名とメールアドレス\n\n2026年1月9日\nみなみ野大学\n",
			want: []want{{"みなみ野大学", leakwatch.CausePhishingFraud, leakwatch.ActorExternal, 312, leakwatch.QualExact}},
		},
	}
	an := testAnalyzer(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := an.Analyze(tt.title, tt.text)
			if res.IsIncident != (len(tt.want) > 0) {
				t.Fatalf("is_incident = %v, want %v: %+v", res.IsIncident, len(tt.want) > 0, res.Incidents)
			}
			if len(res.Incidents) != len(tt.want) {
				t.Fatalf("got %d incidents, want %d: %+v", len(res.Incidents), len(tt.want), res.Incidents)
			}
			for i, w := range tt.want {
				g := res.Incidents[i]
				if !sameOrg(g.Org, w.org) {
					t.Errorf("[%d] org = %q, want %q", i, g.Org, w.org)
				}
				if g.PrimaryCause() != w.cause {
					t.Errorf("[%d] causes = %v, want %s first", i, g.Causes, w.cause)
				}
				if g.Actor != w.actor {
					t.Errorf("[%d] actor = %s, want %s", i, g.Actor, w.actor)
				}
				var got int64
				if g.Records != nil {
					got = *g.Records
				}
				if got != w.records || g.Records != nil && g.RecordsQualifier != w.qual {
					t.Errorf("[%d] records = %d %s, want %d %s", i, got, g.RecordsQualifier, w.records, w.qual)
				}
				checkEvidence(t, tt.text, g)
			}
		})
	}
}

// checkEvidence verifies that every evidence span points at its sentence.
func checkEvidence(t *testing.T, text string, inc leakwatch.Incident) {
	t.Helper()
	runes := []rune(text)
	for _, ev := range inc.Evidence {
		if ev.InTitle {
			continue
		}
		if ev.Span.Start < 0 || ev.Span.End > len(runes) || ev.Span.Start > ev.Span.End {
			t.Errorf("evidence %s span %v out of range %d", ev.Field, ev.Span, len(runes))
			continue
		}
		got := strings.TrimSpace(string(runes[ev.Span.Start:ev.Span.End]))
		if Normalize(got).Norm != Normalize(ev.Text).Norm {
			t.Errorf("evidence %s span text %q, want %q", ev.Field, got, ev.Text)
		}
	}
}

func TestAnalyzeBadInput(t *testing.T) {
	an := testAnalyzer(t)
	for name, text := range map[string]string{
		"empty":        "",
		"spaces":       "   \n\n\t",
		"invalid utf8": "不正アクセス\xff\xfe約12万件が流出",
		"numbers only": strings.Repeat("1234567890", 1000),
		"huge":         strings.Repeat("当社サーバーへの不正アクセスにより約1万件の情報が流出しました。\n", 30000),
	} {
		t.Run(name, func(t *testing.T) {
			res := an.Analyze("title", text)
			for _, inc := range res.Incidents {
				if !utf8.ValidString(inc.Org) {
					t.Errorf("org not UTF-8: %q", inc.Org)
				}
			}
		})
	}
}

// TestAnalyzeIsDeterministic reads every fixture several times: a rule that
// ranges over a map to break a tie gives different answers from run to run.
func TestAnalyzeIsDeterministic(t *testing.T) {
	an := testAnalyzer(t)
	paths, _ := filepath.Glob("testdata/articles/*.txt")
	more, _ := filepath.Glob("testdata/heldout*/*.txt")
	paths = append(paths, more...)
	if len(paths) < 30 {
		t.Fatalf("found %d fixtures", len(paths))
	}
	repeats := 4
	if testing.Short() {
		repeats = 2
	}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		title, _, _ := strings.Cut(string(b), "\n")
		first, _ := json.Marshal(an.Analyze(title, string(b)))
		for i := 1; i < repeats; i++ {
			again, _ := json.Marshal(an.Analyze(title, string(b)))
			if string(again) != string(first) {
				t.Errorf("%s: run %d differs from run 1:\n%s\n%s", p, i+1, first, again)
				break
			}
		}
	}
}
