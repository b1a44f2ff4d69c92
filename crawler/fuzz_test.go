package crawler

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func addTestdata(f *testing.F, names ...string) {
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join("testdata", n))
		if err == nil {
			f.Add(b)
		}
	}
	if m, _ := filepath.Glob(filepath.Join(sharedFeeds, "feeds", "*.xml")); len(m) > 0 {
		for _, p := range m[:min(4, len(m))] {
			if b, err := os.ReadFile(p); err == nil {
				f.Add(b)
			}
		}
	}
}

func FuzzParseFeed(f *testing.F) {
	addTestdata(f, "feed_rss10.rdf", "feed_atom.xml")
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1.1","title":"t","items":[{"id":"1","url":"/a","title":"見出し"}]}`))
	f.Add([]byte(`<?xml version="1.0" encoding="Shift_JIS"?><rss version="2.0"><channel><item><link>x</link></item></channel></rss>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		feed, err := ParseFeed(body, "", "https://example.jp/feed", "")
		if err != nil {
			return
		}
		for _, it := range feed.Items {
			if !strings.HasPrefix(it.URL, "http") || !utf8.ValidString(it.Title) || !utf8.ValidString(it.Summary) {
				t.Fatalf("bad item %+v", it)
			}
		}
	})
}

func FuzzDecodeToUTF8(f *testing.F) {
	addTestdata(f, "page_article.html", "page_hospital.html")
	f.Add([]byte("\x82\xa0\x82\xa2"))
	f.Add([]byte("\x1b$B$\"\x1b(B"))
	f.Fuzz(func(t *testing.T, body []byte) {
		d := DecodeToUTF8(body, "text/html; charset=shift_jis", "")
		if !utf8.Valid(d.Text) {
			t.Fatalf("invalid UTF-8 out of %s", d.Charset)
		}
		d = DecodeToUTF8(body, "", "")
		if !utf8.Valid(d.Text) {
			t.Fatalf("invalid UTF-8 out of %s", d.Charset)
		}
	})
}

func FuzzExtractPage(f *testing.F) {
	addTestdata(f, "page_article.html", "page_hospital.html")
	f.Add([]byte(`<html><head><script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2025-01-01","headline":"x"}</script></head><body><time datetime="bad">令和元年5月1日</time></body></html>`))
	f.Fuzz(func(t *testing.T, body []byte) {
		p, err := ExtractPage(body, "", "https://example.jp/a", "")
		if err != nil {
			return
		}
		if !utf8.ValidString(p.Text) || !utf8.ValidString(p.Title) {
			t.Fatal("invalid UTF-8 in the extracted page")
		}
		if _, err := ExtractPage(body, "", "", "article p"); err != nil && !strings.Contains(err.Error(), "no content") {
			t.Fatal(err)
		}
	})
}
