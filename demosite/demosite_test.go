package demosite

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
	"unicode/utf8"

	"github.com/PuerkitoBio/goquery"
	"github.com/mmcdole/gofeed"
	"github.com/temoto/robotstxt"
	"golang.org/x/text/encoding/japanese"

	"github.com/leakwatch/leakwatch/crawler"
)

func loadDefault(t *testing.T) *Corpus {
	t.Helper()
	c, err := LoadDefault()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func newServer(t *testing.T) (*Corpus, *httptest.Server) {
	t.Helper()
	c := loadDefault(t)
	h, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return c, srv
}

func get(t *testing.T, url string, hdr ...string) (*http.Response, []byte) {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, b
}

// The bundled demo must meet what `leakwatch demo` promises a new user.
func TestDefaultCorpus(t *testing.T) {
	c := loadDefault(t)
	if len(c.Articles) < 40 {
		t.Errorf("%d articles, want at least 40", len(c.Articles))
	}
	weeks := map[[2]int]bool{}
	for _, a := range c.Articles {
		y, w := a.Published.ISOWeek()
		weeks[[2]int{y, w}] = true
	}
	if len(weeks) < 3 {
		t.Errorf("articles span %d ISO weeks, want at least 3", len(weeks))
	}
	feeds, sjis := map[string]bool{}, false
	for _, s := range c.Sites {
		feeds[s.Feed] = true
		sjis = sjis || strings.EqualFold(s.Charset, "Shift_JIS")
	}
	if !feeds[FeedRSS1] || !feeds[FeedAtom] || !sjis {
		t.Errorf("want an RSS 1.0 site, an Atom site and a Shift_JIS site; feeds %v, sjis %v", feeds, sjis)
	}
	if y, w := c.LatestWeek(); y != 2026 || w != 47 {
		t.Errorf("latest week %d-W%02d, want 2026-W47", y, w)
	}
	for i := 1; i < len(c.Articles); i++ {
		if c.Articles[i].Published.Before(c.Articles[i-1].Published) {
			t.Fatalf("articles not oldest first at %d", i)
		}
	}
}

func TestLoadRejectsBadData(t *testing.T) {
	const site = "[[site]]\nid = \"a\"\nname = \"A\"\nfeed = \"atom\"\ncharset = \"Shift_JIS\"\n"
	const entry = "[[article]]\nsite = \"a\"\nslug = \"x\"\npublished = 2026-11-20T10:00:00+09:00\n"
	good := "タイトル\n\n本文です。\n"
	cases := []struct {
		name     string
		manifest string
		files    map[string]string
		want     string
	}{
		{"ok", site + entry, map[string]string{"articles/a/x.txt": good}, ""},
		{"no manifest", "", nil, "manifest.toml"},
		{"unknown key", site + "colour = 1\n" + entry, map[string]string{"articles/a/x.txt": good}, "unknown key"},
		{"unknown site", site + strings.Replace(entry, `"a"`, `"b"`, 1), map[string]string{"articles/a/x.txt": good}, "unknown site"},
		{"bad feed", strings.Replace(site, "atom", "rss2", 1) + entry, map[string]string{"articles/a/x.txt": good}, "feed"},
		{"bad charset", strings.Replace(site, "Shift_JIS", "EBCDIC", 1) + entry, map[string]string{"articles/a/x.txt": good}, "charset"},
		{"missing file", site + entry, map[string]string{}, "x.txt"},
		{"unlisted file", site + entry, map[string]string{"articles/a/x.txt": good, "articles/a/y.txt": good}, "not in manifest"},
		{"no title", site + entry, map[string]string{"articles/a/x.txt": "本文だけ\n"}, "title line"},
		{"empty body", site + entry, map[string]string{"articles/a/x.txt": "タイトル\n\n \n"}, "empty body"},
		{"not utf-8", site + entry, map[string]string{"articles/a/x.txt": "\xff\xfe\n\nbody"}, "not UTF-8"},
		{"not shift_jis", site + entry, map[string]string{"articles/a/x.txt": "タイトル\n\n絵文字😀です。\n"}, "not encodable"},
		{"no date", site + "[[article]]\nsite = \"a\"\nslug = \"x\"\n", map[string]string{"articles/a/x.txt": good}, "no published date"},
		{"twice", site + entry + entry, map[string]string{"articles/a/x.txt": good}, "listed twice"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			if tc.manifest != "" {
				fsys["manifest.toml"] = &fstest.MapFile{Data: []byte(tc.manifest)}
			}
			for p, s := range tc.files {
				fsys[p] = &fstest.MapFile{Data: []byte(s)}
			}
			c, err := Load(fsys)
			if tc.want == "" {
				if err != nil || len(c.Articles) != 1 || c.Articles[0].Title != "タイトル" {
					t.Fatalf("Load = %+v, %v", c, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("err = %v, want one mentioning %q", err, tc.want)
			}
		})
	}
}

// Every feed parses with gofeed, lists all of its site's articles newest
// first, and every item's link serves the article.
func TestFeedsParseAndLinkToEveryArticle(t *testing.T) {
	c, srv := newServer(t)
	served := 0
	for _, s := range c.Sites {
		resp, body := get(t, srv.URL+s.FeedPath())
		if resp.StatusCode != 200 {
			t.Fatalf("%s: status %d", s.FeedPath(), resp.StatusCode)
		}
		if !strings.Contains(resp.Header.Get("Content-Type"), "charset="+s.Charset) {
			t.Errorf("%s: Content-Type %q", s.FeedPath(), resp.Header.Get("Content-Type"))
		}
		f, err := gofeed.NewParser().Parse(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("%s: gofeed: %v", s.FeedPath(), err)
		}
		wantType := map[string]string{FeedRSS1: "rss", FeedAtom: "atom"}[s.Feed]
		if f.FeedType != wantType || f.Title != s.Name {
			t.Errorf("%s: type %q title %q, want %q %q", s.FeedPath(), f.FeedType, f.Title, wantType, s.Name)
		}
		arts := c.SiteArticles(s.ID)
		if len(f.Items) != len(arts) {
			t.Fatalf("%s: %d items, want %d", s.FeedPath(), len(f.Items), len(arts))
		}
		for i, it := range f.Items {
			if it.Title != arts[i].Title || it.Link != srv.URL+arts[i].Path() {
				t.Errorf("%s item %d: %q %q, want %q %q", s.FeedPath(), i, it.Title, it.Link, arts[i].Title, arts[i].Path())
			}
			if it.PublishedParsed == nil || !it.PublishedParsed.Equal(arts[i].Published) {
				t.Errorf("%s item %d: published %v, want %v", s.FeedPath(), i, it.PublishedParsed, arts[i].Published)
			}
			if resp, _ := get(t, it.Link); resp.StatusCode != 200 {
				t.Errorf("%s: status %d", it.Link, resp.StatusCode)
			}
			served++
		}
	}
	if served != len(c.Articles) {
		t.Errorf("feeds link %d articles, corpus has %d", served, len(c.Articles))
	}
}

// Every article page carries its title, date and every paragraph, decoded in
// the page's charset.
func TestArticlePages(t *testing.T) {
	c, srv := newServer(t)
	for _, a := range c.Articles {
		s, _ := c.Site(a.Site)
		resp, body := get(t, srv.URL+a.Path())
		if resp.StatusCode != 200 {
			t.Fatalf("%s: status %d", a.Path(), resp.StatusCode)
		}
		if got := resp.Header.Get("Content-Type"); got != "text/html; charset="+s.Charset {
			t.Errorf("%s: Content-Type %q", a.Path(), got)
		}
		if strings.EqualFold(s.Charset, "Shift_JIS") {
			if utf8.Valid(body) {
				t.Fatalf("%s: body is valid UTF-8, want Shift_JIS bytes", a.Path())
			}
			var err error
			if body, err = japanese.ShiftJIS.NewDecoder().Bytes(body); err != nil {
				t.Fatalf("%s: %v", a.Path(), err)
			}
		}
		doc, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if cs, _ := doc.Find("meta[charset]").Attr("charset"); cs != s.Charset {
			t.Errorf("%s: meta charset %q, want %q", a.Path(), cs, s.Charset)
		}
		if h1 := strings.TrimSpace(doc.Find("h1").First().Text()); h1 != a.Title {
			t.Errorf("%s: h1 %q, want %q", a.Path(), h1, a.Title)
		}
		text := doc.Text()
		for _, p := range a.Paragraphs {
			if !strings.Contains(text, p) {
				t.Errorf("%s: paragraph missing: %q", a.Path(), p)
			}
		}
		if !strings.Contains(text, a.Published.Format("2006")) {
			t.Errorf("%s: no date on the page", a.Path())
		}
	}
}

// The crawler's extractor (what `leakwatch demo` really uses) reads each page's
// title, date and body, Shift_JIS included.
func TestCrawlerExtractsPages(t *testing.T) {
	c, srv := newServer(t)
	for _, a := range c.Articles {
		resp, body := get(t, srv.URL+a.Path())
		p, err := crawler.ExtractPage(body, resp.Header.Get("Content-Type"), srv.URL+a.Path(), "")
		if err != nil {
			t.Fatalf("%s: %v", a.Path(), err)
		}
		// The extractor folds the ideographic space of headlines into a space.
		if strings.Join(strings.Fields(p.Title), " ") != strings.Join(strings.Fields(a.Title), " ") {
			t.Errorf("%s: title %q, want %q", a.Path(), p.Title, a.Title)
		}
		if !p.Published.Equal(a.Published) && p.Published.Format("2006-01-02") != a.Published.Format("2006-01-02") {
			t.Errorf("%s: published %v, want %v", a.Path(), p.Published, a.Published)
		}
		for _, para := range a.Paragraphs {
			if !strings.Contains(p.Text, para) {
				t.Errorf("%s: extracted text lacks %q", a.Path(), para)
				break
			}
		}
		if strings.Contains(p.Text, "新着記事") || strings.Contains(p.Text, "アクセスランキング") || strings.Contains(p.Text, "その他のお知らせ") {
			t.Errorf("%s: sidebar leaked into the text", a.Path())
		}
	}
}

func TestConditionalGET(t *testing.T) {
	c, srv := newServer(t)
	for _, p := range []string{c.Sites[0].FeedPath(), c.Sites[1].FeedPath(), c.Articles[0].Path()} {
		resp, _ := get(t, srv.URL+p)
		etag, lm := resp.Header.Get("ETag"), resp.Header.Get("Last-Modified")
		if etag == "" || lm == "" {
			t.Fatalf("%s: ETag %q Last-Modified %q", p, etag, lm)
		}
		if resp, _ := get(t, srv.URL+p, "If-None-Match", etag); resp.StatusCode != http.StatusNotModified {
			t.Errorf("%s with If-None-Match: status %d", p, resp.StatusCode)
		}
		if resp, _ := get(t, srv.URL+p, "If-Modified-Since", lm); resp.StatusCode != http.StatusNotModified {
			t.Errorf("%s with If-Modified-Since: status %d", p, resp.StatusCode)
		}
		if resp, _ := get(t, srv.URL+p, "If-None-Match", `"other"`); resp.StatusCode != 200 {
			t.Errorf("%s with a stale ETag: status %d", p, resp.StatusCode)
		}
	}
}

func TestRobotsAndNotFound(t *testing.T) {
	c, srv := newServer(t)
	resp, body := get(t, srv.URL+"/robots.txt")
	robots, err := robotstxt.FromStatusAndBytes(resp.StatusCode, body)
	if err != nil {
		t.Fatal(err)
	}
	s := c.Sites[0]
	if !robots.TestAgent(s.FeedPath(), "leakwatch") || !robots.TestAgent(c.Articles[0].Path(), "leakwatch") {
		t.Error("robots.txt blocks feeds or articles")
	}
	if robots.TestAgent("/"+s.ID+"/search?q=x", "leakwatch") {
		t.Error("robots.txt allows the search pages")
	}
	for _, p := range []string{"/nosuch/", "/" + s.ID + "/articles/nosuch.html", "/" + s.ID + "/articles/" + c.SiteArticles(s.ID)[0].Slug,
		"/" + s.ID + "/feed.xml", "/" + s.ID + "/search"} {
		if resp, _ := get(t, srv.URL+p); resp.StatusCode != 404 {
			t.Errorf("%s: status %d, want 404", p, resp.StatusCode)
		}
	}
	for _, p := range []string{"/", "/" + s.ID + "/"} {
		resp, body := get(t, srv.URL+p)
		if resp.StatusCode != 200 || !bytes.Contains(body, []byte(s.FeedPath())) {
			t.Errorf("%s: status %d, feed link present %v", p, resp.StatusCode, bytes.Contains(body, []byte(s.FeedPath())))
		}
	}
}

// The sources file the demo writes is one the crawler accepts.
func TestSourcesTOML(t *testing.T) {
	c := loadDefault(t)
	b, err := c.SourcesTOML("http://127.0.0.1:4321/", 50)
	if err != nil {
		t.Fatal(err)
	}
	srcs, err := crawler.LoadSources(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	if len(srcs) != len(c.Sites) {
		t.Fatalf("%d sources, want %d", len(srcs), len(c.Sites))
	}
	for i, s := range srcs {
		want := "http://127.0.0.1:4321" + c.Sites[i].FeedPath()
		if !s.Enabled || s.Rate != 50 || len(s.Feeds) != 1 || s.Feeds[0] != want || s.ID != "demo-"+c.Sites[i].ID {
			t.Errorf("source %d = %+v, want feed %s", i, s, want)
		}
	}
}

func FuzzParseArticle(f *testing.F) {
	f.Add([]byte("題\n\n本文。\n"))
	f.Add([]byte("\r\n\r\n"))
	f.Add([]byte("a\nb\n\nc"))
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := parseArticle(b)
		if err != nil {
			return
		}
		if a.Title == "" || len(a.Paragraphs) == 0 || strings.Contains(a.Title, "\n") {
			t.Fatalf("accepted %q as %+v", b, a)
		}
	})
}
