package crawler

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch"
	"golang.org/x/text/encoding/japanese"
)

// newsSite serves an RSS 1.0 feed whose two pages are in Shift_JIS (declared
// by <meta charset>) and EUC-JP (declared by no one), and an Atom feed whose
// pages are UTF-8 and one missing.
func newsSite(t *testing.T) *site {
	s := newSite(t)
	s.serve("/robots.txt", "text/plain", []byte("User-agent: *\nDisallow: /members/\n"))
	s.mux.HandleFunc("/feed.rdf", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == `"rdf-1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", `"rdf-1"`)
		w.Header().Set("Content-Type", "application/rdf+xml")
		_, _ = w.Write([]byte(fixture(t, "feed_rss10.rdf", s.URL, "")))
	})
	s.serve("/news/2025/0301.html", "text/html", encodeTo(t, fixture(t, "page_article.html", s.URL, "Shift_JIS"), japanese.ShiftJIS))
	s.serve("/news/2025/0302.html", "text/html", encodeTo(t, strings.Replace(fixture(t, "page_hospital.html", s.URL, ""), `<meta http-equiv="Content-Type" content="text/html; charset=">`, "", 1), japanese.EUCJP))
	s.serve("/atom.xml", "application/atom+xml", []byte(fixture(t, "feed_atom.xml", s.URL, "")))
	s.serve("/blog/entry/2025/03/05/misdelivery", "text/html; charset=utf-8", []byte(fixture(t, "page_article.html", s.URL, "utf-8")))
	return s
}

func TestCrawlFeedsAndPages(t *testing.T) {
	s := newsSite(t)
	st := newMemStore()
	c := New(testOptions())
	srcs := []leakwatch.Source{
		{ID: "rdf", Feeds: []string{s.URL + "/feed.rdf"}, Enabled: true},
		{ID: "atom", Feeds: []string{s.URL + "/atom.xml"}, Enabled: true},
		{ID: "off", Feeds: []string{s.URL + "/never.xml"}, Enabled: false},
	}
	sum := c.Crawl(context.Background(), srcs, st.hooks())
	if sum.OK != 2 || sum.Failed != 0 || sum.New != 4 {
		t.Fatalf("summary: %+v", sum)
	}
	if s.count("/never.xml") != 0 {
		t.Error("a disabled source was fetched")
	}
	sjis := st.arts[s.URL+"/news/2025/0301.html"]
	if !strings.Contains(sjis.Text, "ペイメントアプリケーションが改ざん") || strings.Contains(sjis.Text, "アクセスランキング") {
		t.Errorf("Shift_JIS page text: %q", sjis.Text)
	}
	if !strings.Contains(sjis.RawType, "text/html") || len(sjis.Raw) == 0 || sjis.ExtractNote != "" {
		t.Errorf("raw %d bytes of %q, note %q", len(sjis.Raw), sjis.RawType, sjis.ExtractNote)
	}
	if want := time.Date(2025, 3, 1, 10, 30, 0, 0, leakwatch.JST); !sjis.Published.Equal(want) {
		t.Errorf("published %v, want %v", sjis.Published, want)
	}
	// The ?utm_source=rss link is stored without its tracking parameter.
	euc, ok := st.arts[s.URL+"/news/2025/0302.html"]
	if !ok || !strings.Contains(euc.Text, "電子カルテシステムが利用できない") || strings.Contains(euc.Text, "ニュース一覧") {
		t.Errorf("EUC-JP page (unlabelled): ok=%v %q", ok, euc.Text)
	}
	if !strings.Contains(euc.RawType, "charset=euc-jp") {
		t.Errorf("raw type %q does not record the detected charset", euc.RawType)
	}
	atom := st.arts[s.URL+"/blog/entry/2025/03/05/misdelivery"]
	if atom.Title != "メール誤送信で取引先アドレス312件が流出" || !strings.Contains(atom.Text, "みなと商会") {
		t.Errorf("atom entry: %q %q", atom.Title, atom.Text)
	}
	// The second Atom entry's page is missing (404): the summary is kept.
	miss := st.arts[s.URL+"/blog/entry/2025/03/04/usb"]
	if !strings.Contains(miss.Text, "USBメモリを紛失") || !strings.Contains(miss.ExtractNote, "summary kept") {
		t.Errorf("missing page: text %q note %q", miss.Text, miss.ExtractNote)
	}
	fs := st.state("rdf", s.URL+"/feed.rdf")
	if fs.ETag != `"rdf-1"` || fs.Failures != 0 || fs.LastSuccess.IsZero() || !fs.NextAttempt.IsZero() {
		t.Errorf("feed state: %+v", fs)
	}

	// Second pass: the RSS feed answers 304, the Atom feed's items are
	// already stored, so no page is fetched again.
	pages := s.count("/news/2025/0301.html") + s.count("/blog/entry/2025/03/05/misdelivery")
	sum = c.Crawl(context.Background(), srcs, st.hooks())
	if sum.New != 0 || sum.OK != 2 || sum.Sources[0].NotModified != 1 {
		t.Errorf("second pass: %+v", sum)
	}
	if got := s.count("/news/2025/0301.html") + s.count("/blog/entry/2025/03/05/misdelivery"); got != pages {
		t.Errorf("pages fetched again: %d → %d", pages, got)
	}
	if st.emits != 4 {
		t.Errorf("%d articles emitted, want 4", st.emits)
	}
}

func TestCrawlSameItemInTwoFeeds(t *testing.T) {
	s := newsSite(t)
	s.serve("/feed2.rdf", "application/rdf+xml", []byte(fixture(t, "feed_rss10.rdf", s.URL, "")))
	st := newMemStore()
	o := testOptions()
	o.Concurrency = 2
	sum := New(o).Crawl(context.Background(), []leakwatch.Source{
		{ID: "a", Feeds: []string{s.URL + "/feed.rdf"}, Enabled: true},
		{ID: "b", Feeds: []string{s.URL + "/feed2.rdf"}, Enabled: true},
	}, st.hooks())
	if sum.New != 2 || st.emits != 2 || len(st.arts) != 2 {
		t.Errorf("new %d, emitted %d, stored %d; want 2 each", sum.New, st.emits, len(st.arts))
	}
	if n := s.count("/news/2025/0301.html"); n != 1 {
		t.Errorf("shared page fetched %d times", n)
	}
}

func TestCrawlBadSourceFailsAloneAndBacksOff(t *testing.T) {
	s := newsSite(t)
	s.serve("/broken.xml", "application/xml", []byte(`<?xml version="1.0"?><html><body><p>メンテナンス中です</p></body></html>`))
	s.serve("/garbage.xml", "application/xml", []byte("\x00\x01 not xml at all {"))
	s.mux.HandleFunc("/down.xml", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "down", 502) })
	st := newMemStore()
	now := time.Date(2025, 3, 10, 3, 0, 0, 0, leakwatch.JST)
	o := testOptions()
	o.Retries = -1
	o.Now = func() time.Time { return now }
	c := New(o)
	srcs := []leakwatch.Source{
		{ID: "ok", Feeds: []string{s.URL + "/feed.rdf"}, Enabled: true},
		{ID: "broken", Feeds: []string{s.URL + "/broken.xml", s.URL + "/garbage.xml"}, Enabled: true},
		{ID: "down", Feeds: []string{s.URL + "/down.xml"}, Enabled: true},
	}
	sum := c.Crawl(context.Background(), srcs, st.hooks())
	if sum.OK != 1 || sum.Failed != 2 || sum.New != 2 {
		t.Fatalf("summary %+v", sum)
	}
	if len(sum.Sources[1].Errors) != 2 {
		t.Errorf("broken source errors: %v", sum.Sources[1].Errors)
	}
	down := st.state("down", s.URL+"/down.xml")
	if down.Failures != 1 || !down.NextAttempt.Equal(now.Add(time.Hour)) || !strings.Contains(down.LastError, "502") {
		t.Errorf("down state: %+v", down)
	}
	// Not due yet: skipped, not fetched.
	before := s.count("/down.xml")
	sum = c.Crawl(context.Background(), srcs[2:], st.hooks())
	if s.count("/down.xml") != before || sum.NotDue != 1 {
		t.Errorf("not-due feed fetched or not counted: %+v", sum)
	}
	// Due again after the backoff; each failure doubles it, capped at a week.
	for i := 2; i <= 12; i++ {
		now = st.state("down", s.URL+"/down.xml").NextAttempt
		c.Crawl(context.Background(), srcs[2:], st.hooks())
		d := st.state("down", s.URL+"/down.xml")
		want := min(time.Hour<<(i-1), 7*24*time.Hour)
		if d.Failures != i || d.NextAttempt.Sub(now) != want {
			t.Fatalf("failure %d: next attempt in %v, want %v", i, d.NextAttempt.Sub(now), want)
		}
	}
	// Recovery resets the count.
	s.serve("/down2.xml", "application/rdf+xml", []byte(fixture(t, "feed_rss10.rdf", s.URL, "")))
	srcs[2].Feeds = []string{s.URL + "/down2.xml"}
	st.states["down "+s.URL+"/down2.xml"] = leakwatch.CrawlState{Failures: 5, NextAttempt: now.Add(-time.Minute)}
	c.Crawl(context.Background(), srcs[2:], st.hooks())
	if d := st.state("down", s.URL+"/down2.xml"); d.Failures != 0 || d.LastError != "" {
		t.Errorf("after recovery: %+v", d)
	}
}

func TestCrawlRobotsDisallowedPageKeepsSummary(t *testing.T) {
	s := newSite(t)
	s.serve("/robots.txt", "text/plain", []byte("User-agent: *\nDisallow: /news/\n"))
	s.serve("/feed.rdf", "application/rdf+xml", []byte(fixture(t, "feed_rss10.rdf", s.URL, "")))
	s.serve("/news/2025/0301.html", "text/html", []byte(fixture(t, "page_article.html", s.URL, "utf-8")))
	st := newMemStore()
	sum := New(testOptions()).Crawl(context.Background(), []leakwatch.Source{{ID: "r", Feeds: []string{s.URL + "/feed.rdf"}, Enabled: true}}, st.hooks())
	if sum.New != 2 || s.count("/news/2025/0301.html") != 0 {
		t.Fatalf("new %d, disallowed page fetched %d times", sum.New, s.count("/news/2025/0301.html"))
	}
	a := st.arts[s.URL+"/news/2025/0301.html"]
	if !strings.Contains(a.ExtractNote, "robots.txt") || !strings.Contains(a.Text, "約1万2000件") {
		t.Errorf("article: note %q text %q", a.ExtractNote, a.Text)
	}
}

func TestCrawlEmitFailureDoesNotAdvanceState(t *testing.T) {
	s := newsSite(t)
	st := newMemStore()
	st.failOn = s.URL + "/news/2025/0302.html"
	c := New(testOptions())
	src := []leakwatch.Source{{ID: "rdf", Feeds: []string{s.URL + "/feed.rdf"}, Enabled: true}}
	sum := c.Crawl(context.Background(), src, st.hooks())
	if sum.Failed != 1 || st.state("rdf", s.URL+"/feed.rdf").ETag != "" {
		t.Fatalf("store failure: %+v, state %+v", sum, st.state("rdf", s.URL+"/feed.rdf"))
	}
	// The next run (store healthy, no backoff pending) gets the missing item
	// and does not refetch the stored one.
	st.failOn = ""
	st.states["rdf "+s.URL+"/feed.rdf"] = leakwatch.CrawlState{}
	sum = c.Crawl(context.Background(), src, st.hooks())
	if sum.New != 1 || len(st.arts) != 2 || s.count("/news/2025/0301.html") != 1 {
		t.Errorf("rerun: %+v, %d stored, page 1 fetched %d times", sum, len(st.arts), s.count("/news/2025/0301.html"))
	}
}

func TestCrawlCancelled(t *testing.T) {
	s := newsSite(t)
	s.mux.HandleFunc("/slow.rdf", func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	st := newMemStore()
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(100 * time.Millisecond); cancel() }()
	start := time.Now()
	sum := New(testOptions()).Crawl(ctx, []leakwatch.Source{{ID: "slow", Feeds: []string{s.URL + "/slow.rdf"}, Enabled: true}}, st.hooks())
	if time.Since(start) > 3*time.Second || sum.Failed != 1 {
		t.Errorf("cancel took %v, summary %+v", time.Since(start), sum)
	}
	if got := st.state("slow", s.URL+"/slow.rdf"); got.Failures != 0 {
		t.Errorf("a cancelled feed was recorded as failed: %+v", got)
	}
}

func TestNextAttemptAfter(t *testing.T) {
	now := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for f, want := range map[int]time.Duration{0: -1, 1: time.Hour, 2: 2 * time.Hour, 5: 16 * time.Hour, 8: 128 * time.Hour, 9: 168 * time.Hour, 100: 168 * time.Hour} {
		got := NextAttemptAfter(now, f)
		if want < 0 {
			if !got.IsZero() {
				t.Errorf("%d failures: %v, want zero", f, got)
			}
			continue
		}
		if got.Sub(now) != want {
			t.Errorf("%d failures: %v, want %v", f, got.Sub(now), want)
		}
	}
}
