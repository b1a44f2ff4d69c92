package api

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/leakwatch/leakwatch"
)

func TestSearchPage(t *testing.T) {
	e := newEnv(t, nil)
	r := e.get(t, "/?q="+url.QueryEscape("情報")+"&cause=ransomware")
	if r.status != 200 || r.header.Get("Content-Type") != "text/html; charset=utf-8" {
		t.Fatalf("status %d %q", r.status, r.header.Get("Content-Type"))
	}
	page := string(r.body)
	for _, want := range []string{
		`<html lang="ja">`,
		`name="viewport"`,
		`value="情報"`, // the search box keeps the words
		`<strong id="total">1</strong> 件の記事`,
		`href="/articles/1?cause=ransomware&amp;q=%E6%83%85%E5%A0%B1"`, // the article link carries the search
		`<mark>情報</mark>`,
		`<span class="badge cause cause-ransomware">ランサムウェア</span>`,
		`<span class="badge records">約3万2000人</span>`,
		`value="ransomware" checked> ランサムウェア <span class="count">1</span>`,
		`原因: ランサムウェア ×`, // the active filter as a removable chip
		`href="https://news.example.jp/2025/11/04/naniwa-hospital"`,
		`Security NEXT`,
		`2025年11月`,
		`/api/incidents?cause=ransomware&amp;format=csv&amp;q=`,
		`<option value="" selected>`, // no order chosen: the default follows the words
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
}

func TestSearchPageKeepsChosenOrder(t *testing.T) {
	e := newEnv(t, nil)
	page := string(e.get(t, "/?q="+url.QueryEscape("情報")+"&sort=records").body)
	if !strings.Contains(page, `<option value="records" selected>`) || strings.Contains(page, `<option value="" selected>`) {
		t.Error("the chosen order is not selected")
	}
}

func TestSearchPageUnknownCountAndEscaping(t *testing.T) {
	e := newEnv(t, nil)
	page := string(e.get(t, "/?q="+url.QueryEscape("誤送信")).body)
	if !strings.Contains(page, `<span class="badge records unknown">件数非公表・不明</span>`) {
		t.Error("an unknown count is not shown as unknown")
	}
	if strings.Contains(page, "<script>alert") || strings.Contains(page, "<script>を含む") {
		t.Error("markup from an article reached the page unescaped")
	}
	if !strings.Contains(page, "&lt;script&gt;") {
		t.Error("the escaped title is missing")
	}
}

func TestSearchPageFacetLinksAndPaging(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.MaxSearchSize = 100 })
	page := string(e.get(t, "/?size=2").body)
	if !strings.Contains(page, `href="/?page=2&amp;size=2" rel="next"`) {
		t.Errorf("no next link keeping size:\n%s", page)
	}
	// The month facet links set the whole month.
	if !strings.Contains(page, `href="/?from=2025-11-01&amp;size=2&amp;to=2025-11-30"`) {
		t.Error("no month link for November")
	}
	// Without record buckets from the index, thresholds are offered.
	if !strings.Contains(page, `href="/?min_records=10000&amp;size=2">10,000件以上</a>`) {
		t.Error("no record threshold links")
	}
	page = string(e.get(t, "/?size=2&page=2").body)
	if !strings.Contains(page, `href="/?page=1&amp;size=2" rel="prev"`) {
		t.Error("no previous link")
	}
}

func TestSearchPageBadInput(t *testing.T) {
	e := newEnv(t, nil)
	for target, param := range map[string]string{
		"/?cause=hacking":               "cause",
		"/?from=2025-99-01":             "from",
		"/?q=" + url.QueryEscape(`"病院`): "q",
		"/?size=1000":                   "size",
		"/articles/abc":                 "id",
	} {
		r := e.get(t, target)
		if r.status != http.StatusBadRequest || !strings.Contains(string(r.body), `<code class="param">`+param+`</code>`) {
			t.Errorf("%s: %d\n%s", target, r.status, r.body)
		}
	}
	// The page tolerates parameters a browser or a link may add.
	if r := e.get(t, "/?utm_source=mail"); r.status != 200 {
		t.Errorf("extra parameter: %d", r.status)
	}
	if r := e.get(t, "/articles/999"); r.status != 404 || !strings.Contains(string(r.body), "見つかりません") {
		t.Errorf("missing article page: %d", r.status)
	}
}

func TestArticlePage(t *testing.T) {
	e := newEnv(t, nil)
	r := e.get(t, "/articles/1?q="+url.QueryEscape("病院")+"&cause=ransomware")
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	page := string(r.body)
	for _, want := range []string{
		`<a href="/?cause=ransomware&amp;q=%E7%97%85%E9%99%A2">← 検索結果に戻る</a>`,
		`<h1>なにわ中央病院でランサムウェア被害、患者約3万2000人分の情報流出か</h1>`,
		`<mark class="ev ev-cause" id="ev-1-1" title="原因: ランサムウェア">電子カルテシステムがランサムウェアに感染し</mark>`,
		`<mark class="ev ev-records" id="ev-1-2" title="件数: 32000">患者約3万2000人分</mark>`,
		`<mark class="ev ev-data_types" id="ev-1-3" title="漏えい情報: 氏名・生年月日・要配慮個人情報">氏名や生年月日、診療情報</mark>`,
		`<a href="#ev-1-1">`,
		`漏えいした情報: 氏名、生年月日、要配慮個人情報`,
		`主体: 外部`,
		`元記事を開く`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("article page lacks %q", want)
		}
	}
	page = string(e.get(t, "/articles/5").body)
	if !strings.Contains(page, "事案を読み取っていません") || !strings.Contains(page, `<a href="/">← 検索結果に戻る</a>`) {
		t.Error("article without incidents")
	}
}

func TestStaticAssets(t *testing.T) {
	e := newEnv(t, nil)
	for path, ctype := range map[string]string{"/static/style.css": "text/css", "/static/app.js": "javascript"} {
		r := e.get(t, path)
		if r.status != 200 || !strings.Contains(r.header.Get("Content-Type"), ctype) {
			t.Errorf("%s: %d %q", path, r.status, r.header.Get("Content-Type"))
		}
	}
	if r := e.get(t, "/static/nothing.css"); r.status != 404 {
		t.Errorf("missing asset: %d", r.status)
	}
}

func TestSegmentText(t *testing.T) {
	text := "個人情報が流出した。約1万件。"
	mk := func(field, value string, s, e int) anchoredEvidence {
		return anchoredEvidence{Evidence: leakwatch.Evidence{Field: field, Value: value, Span: leakwatch.Span{Start: s, End: e}}, Anchor: field}
	}
	tests := []struct {
		name string
		evs  []anchoredEvidence
		want []segment
	}{
		{"none", nil, []segment{{Text: text}}},
		{"one", []anchoredEvidence{mk("records", "10000", 10, 14)}, []segment{
			{Text: "個人情報が流出した。"}, {Text: "約1万件", Fields: []string{"records"}, Notes: []string{"件数: 10000"}, Anchor: "records"}, {Text: "。"}}},
		{"overlap", []anchoredEvidence{mk("cause", "other", 0, 6), mk("data_types", "name", 2, 4)}, []segment{
			{Text: "個人", Fields: []string{"cause"}, Notes: []string{"原因: その他・不明"}, Anchor: "cause"},
			{Text: "情報", Fields: []string{"cause", "data_types"}, Notes: []string{"原因: その他・不明", "漏えい情報: 氏名"}, Anchor: "data_types"},
			{Text: "が流", Fields: []string{"cause"}, Notes: []string{"原因: その他・不明"}},
			{Text: "出した。約1万件。"}}},
		{"quote differs from the text: ignored", []anchoredEvidence{withText(mk("records", "5", 10, 14), "約5件")}, []segment{{Text: text}}},
		{"quote equal after width folding", []anchoredEvidence{withText(mk("records", "10000", 10, 14), "約１万件")}, []segment{
			{Text: "個人情報が流出した。"}, {Text: "約1万件", Fields: []string{"records"}, Notes: []string{"件数: 10000"}, Anchor: "records"}, {Text: "。"}}},
		{"out of range and backwards ignored", []anchoredEvidence{mk("cause", "x", 10, 99), mk("cause", "y", 5, 2), mk("cause", "z", -1, 3)}, []segment{{Text: text}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := segmentText(text, tt.evs); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
	if got := segmentText("", nil); len(got) != 0 {
		t.Errorf("empty text: %+v", got)
	}
}

func withText(e anchoredEvidence, s string) anchoredEvidence { e.Text = s; return e }

// TestArticlePageHeadlineEvidence: evidence read from the headline has no
// place in the text, so it is listed without a link.
func TestArticlePageHeadlineEvidence(t *testing.T) {
	arts := fixtureArticles()
	arts[2].Incidents[0].Evidence = append(arts[2].Incidents[0].Evidence,
		leakwatch.Evidence{Field: "records", Value: "412", Text: "北海市の小学校でUSBメモリ紛失、児童412人分の成績"})
	e := newEnv(t, nil)
	e.store.articles = arts
	page := string(e.get(t, "/articles/3").body)
	if !strings.Contains(page, `件数</span> 412 <small>(見出し・本文外)</small>`) || strings.Contains(page, `href="#ev-1-2"`) {
		t.Errorf("headline evidence:\n%s", page)
	}
	if !strings.Contains(page, `<a href="#ev-1-1">`) {
		t.Error("text evidence lost its link")
	}
}

func TestSanitizeSnippet(t *testing.T) {
	tests := []struct{ in, want string }{
		{"個人<mark>情報</mark>が", "個人<mark>情報</mark>が"},
		{"&lt;b&gt; &amp; &#34; &#x27;", "&lt;b&gt; &amp; &#34; &#x27;"},
		{"<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{`<mark onclick="x">a</mark>`, `&lt;mark onclick=&#34;x&#34;&gt;a`},
		{"AT&T &bogus; &#zz;", "AT&amp;T &amp;bogus; &amp;#zz;"},
		{"<mark>開いたまま", "<mark>開いたまま</mark>"},
		{"閉じるだけ</mark>の", "閉じるだけの"},
		{"<mark><mark>二重</mark></mark>", "<mark>二重</mark>"},
		{"bad \xff byte", "bad \uFFFD byte"},
	}
	for _, tt := range tests {
		if got := sanitizeSnippet(tt.in); got != tt.want {
			t.Errorf("sanitizeSnippet(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzSanitizeSnippet: whatever the index returns, the output has no tag
// but <mark>, and the marks are balanced.
func FuzzSanitizeSnippet(f *testing.F) {
	for _, s := range []string{"a<mark>b</mark>", "<script>", "&amp;&#x41;", "<mark>", "</mark></mark>", "<<mark>>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := sanitizeSnippet(s)
		rest := strings.ReplaceAll(strings.ReplaceAll(out, "<mark>", ""), "</mark>", "")
		if strings.ContainsAny(rest, "<>\"") {
			t.Fatalf("sanitizeSnippet(%q) = %q keeps markup", s, out)
		}
		if strings.Count(out, "<mark>") != strings.Count(out, "</mark>") {
			t.Fatalf("unbalanced marks in %q", out)
		}
	})
}

// FuzzSearchParams: no query string a client sends makes the API answer 5xx
// or panic.
func FuzzSearchParams(f *testing.F) {
	for _, s := range []string{"q=病院", "cause=ransomware&size=5", "from=2025-01-01&to=2024-01-01", "page=99999999999", "min_records=-1",
		"q=%22", "size=&page=", "source=a,b,,c", "sort=records&data=name,email", "org=%00"} {
		f.Add(s)
	}
	e := newEnv(f, nil)
	f.Fuzz(func(t *testing.T, raw string) {
		for _, path := range []string{"/api/search", "/api/incidents", "/api/stats", "/"} {
			req, err := http.NewRequest(http.MethodGet, "http://leakwatch.test"+path, nil)
			if err != nil {
				t.Fatal(err)
			}
			req.URL.RawQuery = raw
			rec := newRecorder()
			e.srv.ServeHTTP(rec, req)
			if rec.Code >= 500 {
				t.Fatalf("%s?%s: %d %s", path, raw, rec.Code, rec.Body)
			}
		}
	})
}

func newRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }
