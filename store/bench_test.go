package store

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/leakwatch/leakwatch"
)

// benchArticle is a typical crawled article: ~1,500 characters of text and a
// ~20 KB raw page.
func benchArticle(i int) leakwatch.Article {
	f := fixtures()[i%5].article
	text := strings.Repeat(f.Text, 8) + fmt.Sprintf("（第%d報）", i)
	return leakwatch.Article{
		URL: fmt.Sprintf("https://news.example.jp/bench/%d", i), SourceID: f.SourceID, Title: f.Title,
		Text: text, Published: f.Published, Fetched: f.Fetched, RawType: "text/html",
		Raw: []byte("<html><body><nav>" + strings.Repeat("<a href=\"/c\">カテゴリ</a>", 300) + "</nav><article>" + text + "</article></body></html>"),
	}
}

// BenchmarkUpsertArticle measures inserting new articles (the crawl's common
// case) and re-upserting known ones (a rerun after a kill); "insert-noraw" is
// the baseline without a raw page, so the cost of archiving shows as a ratio.
func BenchmarkUpsertArticle(b *testing.B) {
	for _, mode := range []string{"insert-noraw", "insert", "update"} {
		b.Run(mode, func(b *testing.B) {
			s, _ := openTemp(b)
			ctx := context.Background()
			const pool = 500
			arts := make([]leakwatch.Article, pool)
			for i := range arts {
				arts[i] = benchArticle(i)
				if mode == "insert-noraw" {
					arts[i].Raw = nil
				}
				if mode == "update" {
					if _, err := s.UpsertArticle(ctx, &arts[i]); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				a := arts[i%pool]
				if mode != "update" {
					a.URL = fmt.Sprintf("%s/%d", a.URL, i)
				}
				if _, err := s.UpsertArticle(ctx, &a); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "articles/s")
		})
	}
}

// BenchmarkReports measures the API's incident list over 10,000 analysed
// articles: one page, unfiltered and with filters.
func BenchmarkReports(b *testing.B) {
	s, _ := openTemp(b)
	ctx := context.Background()
	fs := fixtures()
	for i := range 10000 {
		f := fs[i%5]
		a := f.article
		a.URL = fmt.Sprintf("%s/%d", a.URL, i)
		a.Text = fmt.Sprintf("%s（%d）", a.Text, i)
		a.Raw = nil
		a.Published = a.Published.AddDate(0, 0, -(i % 700))
		if _, err := s.UpsertArticle(ctx, &a); err != nil {
			b.Fatal(err)
		}
		if err := s.SaveAnalysis(ctx, a.ID, f.analysis); err != nil {
			b.Fatal(err)
		}
	}
	queries := map[string]leakwatch.Query{
		"all":      {Size: 20},
		"cause":    {Size: 20, Causes: []leakwatch.Cause{leakwatch.CauseUnauthorizedAccess}},
		"org":      {Size: 20, Org: "さくら"},
		"month":    {Size: 20, From: jst(2024, 12, 1, 0, 0), To: jst(2024, 12, 31, 0, 0)},
		"combined": {Size: 20, Actors: []leakwatch.Actor{leakwatch.ActorExternal}, DataTypes: []leakwatch.DataType{leakwatch.DataEmail}, MinRecords: ptr(1000), Page: 3},
	}
	for name, q := range queries {
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, _, err := s.Reports(ctx, q); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	b.Run("stats-year", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			if _, err := s.Stats(ctx, jst(2024, 6, 1, 0, 0), jst(2025, 5, 31, 0, 0)); err != nil {
				b.Fatal(err)
			}
		}
	})
}
