package store

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch"
)

func ptr(v int64) *int64 { return &v }

func jst(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, leakwatch.JST)
}

// fixture is an article with the analysis nlp would give it.
type fixture struct {
	article  leakwatch.Article
	analysis leakwatch.Analysis
}

// fixtures are short news items written for these tests, in the style of
// Japanese security news; the organisations are invented.
func fixtures() []fixture {
	return []fixture{
		{
			article: leakwatch.Article{
				URL:      "https://news.example.jp/2025/03/31/minato-densan",
				SourceID: "securitynext",
				Title:    "ソフト開発のミナト電算にランサムウェア攻撃、顧客情報約1万2000件が流出の可能性",
				Text: "ソフトウェア開発の株式会社ミナト電算は3月31日、同社サーバがランサムウェアに感染し、" +
					"顧客の氏名や住所、電話番号など約1万2000件が外部に流出した可能性があると発表した。" +
					"VPN機器の脆弱性を突いた不正アクセスが起点とみられ、警察に相談しているという。",
				Published: jst(2025, 3, 31, 23, 30), // 14:30 UTC: still March 31 in Japan
				Fetched:   jst(2025, 4, 1, 2, 0),
				Raw:       []byte("<html><head><title>ミナト電算</title></head><body><p>本文</p></body></html>"),
				RawType:   "text/html",
			},
			analysis: leakwatch.Analysis{IsIncident: true, Incidents: []leakwatch.Incident{{
				Org:    "株式会社ミナト電算",
				Causes: []leakwatch.Cause{leakwatch.CauseRansomware, leakwatch.CauseUnauthorizedAccess},
				Actor:  leakwatch.ActorExternal, Records: ptr(12000), RecordsQualifier: leakwatch.QualApprox,
				RecordsText: "約1万2000件",
				DataTypes:   []leakwatch.DataType{leakwatch.DataName, leakwatch.DataAddress, leakwatch.DataPhone},
				Summary:     "サーバがランサムウェアに感染し顧客情報が流出した可能性",
				Evidence: []leakwatch.Evidence{{Field: "cause", Value: "ransomware",
					Text: "同社サーバがランサムウェアに感染し", Span: leakwatch.Span{Start: 30, End: 47}, Cue: "ランサムウェア"}},
			}}},
		},
		{
			article: leakwatch.Article{
				URL:      "https://itmedia.example.jp/news/2504/02/kitahama.html",
				SourceID: "itmedia",
				Title:    "北浜市教委、児童312人分の個人情報入りUSBメモリを紛失",
				Text: "北浜市教育委員会は4月2日、市立小学校の教諭が児童312人分の氏名や生年月日、" +
					"健康診断の結果を保存したUSBメモリを紛失したと発表した。現時点で不正利用は確認されていない。",
				Published: jst(2025, 4, 2, 10, 0),
			},
			analysis: leakwatch.Analysis{IsIncident: true, Incidents: []leakwatch.Incident{{
				Org: "北浜市教育委員会", Causes: []leakwatch.Cause{leakwatch.CauseLossTheft}, Actor: leakwatch.ActorInternal,
				Records: ptr(312), RecordsQualifier: leakwatch.QualExact, RecordsText: "312人分",
				DataTypes: []leakwatch.DataType{leakwatch.DataName, leakwatch.DataBirthdate, leakwatch.DataHealth},
			}}},
		},
		{
			article: leakwatch.Article{
				URL:      "https://scan.example.jp/article/2025/04/15/sakura",
				SourceID: "scannetsecurity",
				Title:    "さくら珈琲本舗の通販サイトに不正アクセス、カード情報3,456件が漏えい",
				Text: "有限会社さくら珈琲本舗は、同社が運営する通販サイトが不正アクセスを受け、" +
					"決済画面が改ざんされた結果、クレジットカード情報3,456件とメールアドレスが漏えいしたと公表した。",
				Published: jst(2025, 4, 15, 9, 0),
			},
			analysis: leakwatch.Analysis{IsIncident: true, Incidents: []leakwatch.Incident{{
				Org: "有限会社さくら珈琲本舗", OrgAliases: []string{"さくら珈琲"},
				Causes: []leakwatch.Cause{leakwatch.CauseUnauthorizedAccess, leakwatch.CauseVulnerability},
				Actor:  leakwatch.ActorExternal, Records: ptr(3456), RecordsQualifier: leakwatch.QualExact,
				DataTypes: []leakwatch.DataType{leakwatch.DataCreditCard, leakwatch.DataName, leakwatch.DataEmail},
			}}},
		},
		{
			article: leakwatch.Article{
				URL:      "https://news.example.jp/2025/05/20/towa",
				SourceID: "securitynext",
				Title:    "東和ファイナンス、委託先元社員が顧客情報を持ち出し",
				Text: "東和ファイナンス株式会社は5月20日、業務委託先の元社員が顧客の氏名と電話番号を不正に持ち出していたと発表した。" +
					"対象となる件数は調査中としている。",
				Published: jst(2025, 5, 20, 15, 0),
			},
			analysis: leakwatch.Analysis{IsIncident: true, Incidents: []leakwatch.Incident{{
				Org: "東和ファイナンス株式会社", Causes: []leakwatch.Cause{leakwatch.CauseInsider}, Actor: leakwatch.ActorPartner,
				DataTypes: []leakwatch.DataType{leakwatch.DataName, leakwatch.DataPhone},
			}}},
		},
		{
			article: leakwatch.Article{
				URL:      "https://piyolog.example.jp/entry/2025/05/21/abc",
				SourceID: "piyolog",
				Title:    "ＡＢＣトラベル、メール誤送信で顧客85人のアドレスが流出",
				Text: "株式会社ＡＢＣトラベルは、ツアー参加者への案内メールを送る際にBCCではなくTOに入力したため、" +
					"顧客85人のメールアドレスが他の受信者から見える状態になったと明らかにした。",
				Published: jst(2025, 5, 21, 18, 45),
			},
			analysis: leakwatch.Analysis{IsIncident: true, Incidents: []leakwatch.Incident{{
				Org: "株式会社ＡＢＣトラベル", Causes: []leakwatch.Cause{leakwatch.CauseMisoperation}, Actor: leakwatch.ActorInternal,
				Records: ptr(85), RecordsQualifier: leakwatch.QualExact,
				DataTypes: []leakwatch.DataType{leakwatch.DataEmail},
			}}},
		},
		{
			article: leakwatch.Article{
				URL:       "https://ipa.example.jp/security/10threats2025.html",
				SourceID:  "ipa",
				Title:     "IPA、「情報セキュリティ10大脅威 2025」を公表",
				Text:      "情報処理推進機構は、2024年に社会的影響が大きかったセキュリティ上の脅威を選出した「情報セキュリティ10大脅威 2025」を公表した。",
				Published: jst(2025, 1, 30, 14, 0),
			},
			analysis: leakwatch.Analysis{IsIncident: false},
		},
	}
}

func openTemp(t testing.TB) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "leakwatch.db")
	s, err := Open(context.Background(), path)
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

// loadFixtures stores every fixture with its analysis and returns the
// articles with their IDs set, in fixture order.
func loadFixtures(t testing.TB, s *Store) []leakwatch.Article {
	t.Helper()
	ctx := context.Background()
	var out []leakwatch.Article
	for _, f := range fixtures() {
		a := f.article
		if _, err := s.UpsertArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveAnalysis(ctx, a.ID, f.analysis); err != nil {
			t.Fatal(err)
		}
		out = append(out, a)
	}
	return out
}
