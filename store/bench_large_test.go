package store

import (
	"context"
	"flag"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch"
)

// benchArticles sizes the large benchmarks' store; the API's load goal is set
// at 100,000 articles.
var benchArticles = flag.Int("store.articles", 30000, "articles in the store of BenchmarkLarge")

// largeArticle generates article i of a store that looks like years of
// crawling: 70% report one incident (some two), the rest are advisories;
// causes, actors, data types, counts, sources and dates vary, seeded by i.
func largeArticle(i int) (leakwatch.Article, leakwatch.Analysis) {
	r := rand.New(rand.NewPCG(uint64(i), 11))
	sources := []string{"securitynext", "scannetsecurity", "piyolog", "itmedia", "atmarkit", "internetwatch", "zdnet", "jpcert"}
	orgs := []string{"みなと商事", "さくら病院", "あおば大学", "ひかり銀行", "北斗運輸", "東邦製薬", "西海市役所", "中央信用金庫", "大和証券", "富士観光"}
	pub := time.Date(2019, 1, 1, 9, 0, 0, 0, leakwatch.JST).Add(time.Duration(r.Int64N(int64(7 * 365 * 24 * time.Hour))))
	org := fmt.Sprintf("%s%d", orgs[r.IntN(len(orgs))], i%97)
	text := strings.Repeat("同社は外部の専門機関と連携して調査を進めており、影響範囲の特定を急いでいる。", 20) + fmt.Sprintf("（%d）", i)
	a := leakwatch.Article{
		URL: fmt.Sprintf("https://news.example.jp/large/%d", i), SourceID: sources[r.IntN(len(sources))],
		Title: org + "で個人情報流出の可能性", Text: text, Published: pub, Fetched: pub.Add(time.Hour),
	}
	if r.IntN(10) >= 7 {
		return a, leakwatch.Analysis{}
	}
	an := leakwatch.Analysis{IsIncident: true}
	for k := range 1 + r.IntN(10)/9 {
		causes := leakwatch.Causes()
		in := leakwatch.Incident{
			Org:     fmt.Sprintf("%s%d", org, k),
			Causes:  []leakwatch.Cause{causes[r.IntN(len(causes))]},
			Actor:   leakwatch.Actors()[r.IntN(len(leakwatch.Actors()))],
			Summary: "サーバーへの不正アクセスにより顧客情報が流出した可能性",
			Evidence: []leakwatch.Evidence{{Field: "cause", Value: "unauthorized_access",
				Text: "第三者による不正アクセスを受け", Span: leakwatch.Span{Start: 10, End: 25}, Cue: "不正アクセス"}},
		}
		if r.IntN(3) == 0 {
			in.Causes = append(in.Causes, causes[r.IntN(len(causes))])
		}
		for _, d := range leakwatch.DataTypes() {
			if r.IntN(4) == 0 {
				in.DataTypes = append(in.DataTypes, d)
			}
		}
		if r.IntN(5) > 0 {
			in.Records = ptr(1 + r.Int64N(100000))
			in.RecordsText = fmt.Sprintf("%d件", *in.Records)
			in.RecordsQualifier = leakwatch.QualExact
		}
		an.Incidents = append(an.Incidents, in)
	}
	return a, an
}

// BenchmarkLarge measures the reads the API makes, on a store of
// -store.articles generated articles built once: pages of incidents with the
// filters the API offers, stats over the periods dashboards ask for, and one
// article.
func BenchmarkLarge(b *testing.B) {
	ctx := context.Background()
	s, _ := openTemp(b)
	start := time.Now()
	for i := range *benchArticles {
		a, an := largeArticle(i)
		if _, err := s.UpsertArticle(ctx, &a); err != nil {
			b.Fatal(err)
		}
		if err := s.SaveAnalysis(ctx, a.ID, an); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("built %d articles in %s", *benchArticles, time.Since(start).Round(time.Millisecond))
	day := func(y int, m time.Month, d int) time.Time { return jst(y, m, d, 0, 0) }
	reports := []struct {
		name string
		q    leakwatch.Query
	}{
		{"reports/all", leakwatch.Query{Size: 50}},
		// What the load benchmark sends to /api/incidents.
		{"reports/cause+from", leakwatch.Query{Size: 50, Causes: []leakwatch.Cause{leakwatch.CauseRansomware}, From: day(2021, 3, 4)}},
		{"reports/month", leakwatch.Query{Size: 50, From: day(2024, 12, 1), To: day(2024, 12, 31)}},
		{"reports/records-sort", leakwatch.Query{Size: 50, Sort: leakwatch.SortRecords}},
		{"reports/combined", leakwatch.Query{Size: 50, Page: 3, Actors: []leakwatch.Actor{leakwatch.ActorExternal},
			DataTypes: []leakwatch.DataType{leakwatch.DataEmail}, Sources: []string{"piyolog", "itmedia"}, MinRecords: ptr(1000)}},
		{"reports/org", leakwatch.Query{Size: 50, Org: "さくら病院"}},
		{"reports/deep-page", leakwatch.Query{Size: 50, Page: 200}},
	}
	for _, r := range reports {
		b.Run(r.name, func(b *testing.B) {
			for b.Loop() {
				if _, _, err := s.Reports(ctx, r.q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	periods := []struct {
		name     string
		from, to time.Time
	}{
		{"stats/all", time.Time{}, time.Time{}},
		{"stats/year", day(2024, 1, 1), day(2024, 12, 31)},
		{"stats/month", day(2025, 6, 1), day(2025, 6, 30)},
	}
	for _, p := range periods {
		b.Run(p.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := s.Stats(ctx, p.from, p.to); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("article", func(b *testing.B) {
		i := int64(0)
		for b.Loop() {
			i = i%int64(*benchArticles) + 1
			if _, err := s.Article(ctx, i); err != nil {
				b.Fatal(err)
			}
		}
	})
}
