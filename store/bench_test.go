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
// case) and re-upserting known ones (a rerun after a kill).
func BenchmarkUpsertArticle(b *testing.B) {
	for _, mode := range []string{"insert", "update"} {
		b.Run(mode, func(b *testing.B) {
			s, _ := openTemp(b)
			ctx := context.Background()
			const pool = 500
			arts := make([]leakwatch.Article, pool)
			for i := range arts {
				arts[i] = benchArticle(i)
				if mode == "update" {
					if _, err := s.UpsertArticle(ctx, &arts[i]); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				a := arts[i%pool]
				if mode == "insert" {
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
