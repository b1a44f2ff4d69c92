package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch"
)

var update = flag.Bool("update", false, "rewrite golden files")

type env struct {
	srv    *Server
	idx    *fakeIndex
	store  *fakeStore
	digest *fakeDigest
}

func newEnv(t testing.TB, mod func(*Options)) *env {
	t.Helper()
	e := &env{idx: &fakeIndex{articles: fixtureArticles()}, store: &fakeStore{articles: fixtureArticles()}, digest: &fakeDigest{}}
	opts := Options{Searcher: e.idx, Reader: e.store, Digest: e.digest,
		IndexStats:  func(context.Context) (IndexStats, error) { return IndexStats{Docs: 6, Bytes: 123456}, nil },
		SourceNames: map[string]string{"securitynext": "Security NEXT", "piyolog": "piyolog", "scannetsecurity": "ScanNetSecurity"}}
	if mod != nil {
		mod(&opts)
	}
	srv, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	e.srv = srv
	return e
}

type resp struct {
	status int
	header http.Header
	body   []byte
}

func (e *env) do(t testing.TB, method, target string) resp {
	t.Helper()
	req := httptest.NewRequest(method, target, nil)
	rec := httptest.NewRecorder()
	e.srv.ServeHTTP(rec, req)
	return resp{rec.Code, rec.Header(), rec.Body.Bytes()}
}

func (e *env) get(t testing.TB, target string) resp { return e.do(t, http.MethodGet, target) }

func decode[T any](t testing.TB, r resp) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(r.body, &v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
	return v
}

func resultIDs(out searchOut) []int64 {
	var ids []int64
	for _, r := range out.Results {
		ids = append(ids, r.Article.ID)
	}
	return ids
}

func TestSearchJSON(t *testing.T) {
	e := newEnv(t, nil)
	r := e.get(t, "/api/search?q=ランサムウェア")
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("content type %q", ct)
	}
	out := decode[searchOut](t, r)
	if out.Total != 1 || len(out.Results) != 1 || out.Results[0].Article.ID != 1 {
		t.Fatalf("results %+v", out)
	}
	res := out.Results[0]
	if !strings.Contains(res.Snippet, "<mark>ランサムウェア</mark>") {
		t.Errorf("snippet %q lacks the highlight", res.Snippet)
	}
	if len(res.Incidents) != 1 || res.Incidents[0].Org != "なにわ中央病院" || *res.Incidents[0].Records != 32000 {
		t.Errorf("incidents %+v", res.Incidents)
	}
	if res.Incidents[0].Evidence != nil {
		t.Errorf("search results should leave evidence to the article endpoint")
	}
	if out.Sort != "relevance" || out.Page != 1 || out.Size != 20 {
		t.Errorf("sort/page/size %q %d %d", out.Sort, out.Page, out.Size)
	}
	causes := out.Facets["cause"]
	if len(causes) != 1 || causes[0].Value != "ransomware" || causes[0].Label != "ランサムウェア" || causes[0].Count != 1 {
		t.Errorf("cause facet %+v", causes)
	}
	if m := out.Facets["month"]; len(m) != 1 || m[0].Label != "2025年11月" {
		t.Errorf("month facet %+v", m)
	}
	if strings.Contains(string(r.body), `"text"`) {
		t.Errorf("search results carry article text: %s", r.body)
	}
}

func TestSearchEmptyResultIsEmptyList(t *testing.T) {
	e := newEnv(t, nil)
	r := e.get(t, "/api/search?q=存在しない語")
	if r.status != 200 || !strings.Contains(string(r.body), `"results":[]`) {
		t.Fatalf("%d %s", r.status, r.body)
	}
}

// TestSearchFilters checks that each parameter reaches the index as the right
// Query field and that the results follow.
func TestSearchFilters(t *testing.T) {
	tests := []struct {
		name  string
		query string
		check func(q leakwatch.Query) bool
		ids   []int64
	}{
		{"cause", "cause=ransomware", func(q leakwatch.Query) bool { return slices.Equal(q.Causes, []leakwatch.Cause{"ransomware"}) }, []int64{1}},
		{"causes repeated", "cause=ransomware&cause=loss_theft", func(q leakwatch.Query) bool { return len(q.Causes) == 2 }, []int64{1, 3}},
		{"causes comma", "cause=ransomware,LOSS_THEFT", func(q leakwatch.Query) bool { return len(q.Causes) == 2 && q.Causes[1] == "loss_theft" }, []int64{1, 3}},
		{"empty cause means any", "cause=", func(q leakwatch.Query) bool { return q.Causes == nil }, []int64{5, 4, 1, 2, 3, 6}},
		{"actor", "actor=partner", func(q leakwatch.Query) bool { return slices.Equal(q.Actors, []leakwatch.Actor{"partner"}) }, []int64{4}},
		{"data", "data=credit_card", func(q leakwatch.Query) bool { return slices.Equal(q.DataTypes, []leakwatch.DataType{"credit_card"}) }, []int64{2}},
		{"org", "org=テンプ", func(q leakwatch.Query) bool { return q.Org == "テンプ" }, []int64{4}},
		{"source", "source=piyolog", func(q leakwatch.Query) bool { return slices.Equal(q.Sources, []string{"piyolog"}) }, []int64{4, 6}},
		{"from", "from=2025-11-01", func(q leakwatch.Query) bool {
			return q.From.Equal(time.Date(2025, 11, 1, 0, 0, 0, 0, leakwatch.JST))
		}, []int64{5, 4, 1}},
		{"to inclusive", "to=2025-10-20", func(q leakwatch.Query) bool {
			return q.To.Equal(time.Date(2025, 10, 20, 0, 0, 0, 0, leakwatch.JST))
		}, []int64{2, 3, 6}},
		{"min_records", "min_records=30000", func(q leakwatch.Query) bool { return *q.MinRecords == 30000 }, []int64{4, 1}},
		{"max_records", "max_records=20000", func(q leakwatch.Query) bool { return *q.MaxRecords == 20000 }, []int64{2, 3}},
		{"record range", "min_records=400&max_records=40000", func(q leakwatch.Query) bool { return *q.MinRecords == 400 && *q.MaxRecords == 40000 }, []int64{1, 2, 3}},
		{"sort records", "sort=records", func(q leakwatch.Query) bool { return q.Sort == leakwatch.SortRecords }, []int64{4, 1, 2, 3, 5, 6}},
		{"sort date default without q", "", func(q leakwatch.Query) bool { return q.Sort == leakwatch.SortDate }, []int64{5, 4, 1, 2, 3, 6}},
		{"sort relevance default with q", "q=情報", func(q leakwatch.Query) bool { return q.Sort == leakwatch.SortRelevance && q.Text == "情報" }, nil},
		{"page and size", "size=2&page=2", func(q leakwatch.Query) bool { return q.Page == 2 && q.Size == 2 }, []int64{1, 2}},
		{"text and filters", "q=情報&cause=insider", func(q leakwatch.Query) bool { return q.Text == "情報" && len(q.Causes) == 1 }, []int64{4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := newEnv(t, nil)
			r := e.get(t, "/api/search?"+tt.query)
			if r.status != 200 {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			if q := e.idx.lastQuery(); !tt.check(q) {
				t.Errorf("query reached the index as %+v", q)
			}
			if tt.ids != nil {
				if got := resultIDs(decode[searchOut](t, r)); !slices.Equal(got, tt.ids) {
					t.Errorf("ids %v, want %v", got, tt.ids)
				}
			}
		})
	}
}

// TestSearchFillsBareHits: an index that returns only ids still yields full
// results, read from the store.
func TestSearchFillsBareHits(t *testing.T) {
	e := newEnv(t, nil)
	e.idx.bare = true
	out := decode[searchOut](t, e.get(t, "/api/search?q=USBメモリ"))
	if len(out.Results) != 1 || out.Results[0].Article.Title == "" || len(out.Results[0].Incidents) != 1 {
		t.Fatalf("bare hit not filled: %+v", out.Results)
	}
}

// TestBadInput: every bad input is a 400 whose JSON names the parameter.
func TestBadInput(t *testing.T) {
	long := strings.Repeat("漏", 501)
	tests := []struct{ target, param string }{
		{"/api/search?cause=hacking", "cause"},
		{"/api/search?actor=alien", "actor"},
		{"/api/search?data=dna", "data"},
		{"/api/search?from=2025-13-01", "from"},
		{"/api/search?from=20251101", "from"},
		{"/api/search?to=yesterday", "to"},
		{"/api/search?from=2025-11-02&to=2025-11-01", "to"},
		{"/api/search?size=101", "size"},
		{"/api/search?size=0", "size"},
		{"/api/search?size=ten", "size"},
		{"/api/search?page=0", "page"},
		{"/api/search?page=-3", "page"},
		{"/api/search?page=1000&size=100", "page"},
		{"/api/search?min_records=-1", "min_records"},
		{"/api/search?min_records=1e3", "min_records"},
		{"/api/search?max_records=99999999999999999999", "max_records"},
		{"/api/search?min_records=10&max_records=5", "max_records"},
		{"/api/search?sort=popularity", "sort"},
		{"/api/search?q=" + url.QueryEscape(`"ランサムウェア`), "q"},
		{"/api/search?q=" + url.QueryEscape("AND 病院"), "q"},
		{"/api/search?q=" + url.QueryEscape(long), "q"},
		{"/api/search?q=%FF%FE", "q"},
		{"/api/search?q=a&q=b", "q"},
		{"/api/search?causes=ransomware", "causes"},
		{"/api/search?source=" + url.QueryEscape("a b"), "source"},
		{"/api/search?org=" + url.QueryEscape(strings.Repeat("組", 201)), "org"},
		{"/api/articles/abc", "id"},
		{"/api/articles/0", "id"},
		{"/api/articles/-5", "id"},
		{"/api/articles/1.5", "id"},
		{"/api/articles/99999999999999999999", "id"},
		{"/api/articles/1?verbose=1", "verbose"},
		{"/api/incidents?cause=hacking", "cause"},
		{"/api/incidents?format=xlsx", "format"},
		{"/api/incidents?size=10001", "size"},
		{"/api/incidents?from=2025-02-30", "from"},
		{"/api/incidents?sort=date", "sort"},
		{"/api/incidents?q=" + url.QueryEscape(`"病院`), "q"},
		{"/api/stats?from=2025/01/01", "from"},
		{"/api/stats?from=2025-06-01&to=2025-01-01", "to"},
		{"/api/stats?cause=ransomware", "cause"},
		{"/digest/2026-47.html", "week"},
		{"/digest/2026-W60.html", "week"},
		{"/digest/latest.pdf", "week"},
		{"/metrics?x=1", "x"},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			e := newEnv(t, nil)
			r := e.get(t, tt.target)
			if r.status != http.StatusBadRequest {
				t.Fatalf("status %d, want 400: %s", r.status, r.body)
			}
			body := decode[errorBody](t, r)
			if body.Param != tt.param || body.Status != 400 || body.Error == "" {
				t.Errorf("body %+v, want param %q", body, tt.param)
			}
		})
	}
}

func TestArticle(t *testing.T) {
	e := newEnv(t, nil)
	r := e.get(t, "/api/articles/1")
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	a := decode[leakwatch.Article](t, r)
	if a.ID != 1 || a.Text == "" || len(a.Incidents) != 1 {
		t.Fatalf("article %+v", a)
	}
	evs := a.Incidents[0].Evidence
	if len(evs) != 3 {
		t.Fatalf("evidence %+v", evs)
	}
	for _, ev := range evs {
		got := string([]rune(a.Text)[ev.Span.Start:ev.Span.End])
		if got != ev.Text {
			t.Errorf("evidence span %v reads %q, want %q", ev.Span, got, ev.Text)
		}
	}
	// An article without incidents has an empty list, not null.
	r = e.get(t, "/api/articles/5")
	if r.status != 200 || !strings.Contains(string(r.body), `"incidents":[]`) {
		t.Errorf("article 5: %d %s", r.status, r.body)
	}
	r = e.get(t, "/api/articles/999")
	if r.status != 404 || decode[errorBody](t, r).Error != "not found" {
		t.Errorf("missing article: %d %s", r.status, r.body)
	}
}

func TestIncidentsJSON(t *testing.T) {
	e := newEnv(t, nil)
	r := e.get(t, "/api/incidents")
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	out := decode[incidentsOut](t, r)
	if out.Total != 5 || len(out.Incidents) != 5 || out.Size != 100 {
		t.Fatalf("out %+v", out)
	}
	if r.header.Get("X-Total-Count") != "5" {
		t.Errorf("X-Total-Count %q", r.header.Get("X-Total-Count"))
	}
	first := out.Incidents[0]
	if first.ArticleID != 4 || first.Published != "2025-11-10" || first.Org != "テンプワークス" || *first.Records != 80000 || first.RecordsQualifier != "upper_bound" {
		t.Errorf("first row %+v", first)
	}
	if !strings.Contains(string(r.body), `"records":null`) {
		t.Errorf("an unknown count must be null: %s", r.body)
	}

	tests := []struct {
		query string
		ids   []int64
		total int
	}{
		{"cause=ransomware", []int64{1}, 1},
		{"actor=internal", []int64{3, 6}, 2},
		{"data=email", []int64{4, 6}, 2},
		{"org=病院", []int64{1}, 1},
		{"source=securitynext", []int64{1, 3}, 2},
		{"from=2025-10-01&to=2025-10-31", []int64{2}, 1},
		{"min_records=10000&max_records=50000", []int64{1, 2}, 2},
		{"size=2&page=2", []int64{2, 3}, 5},
		{"q=" + url.QueryEscape("情報"), []int64{4, 1, 2}, 3},
		{"q=" + url.QueryEscape("情報") + "&size=1&page=2", []int64{1}, 3},
		{"q=" + url.QueryEscape("メール") + "&actor=internal", []int64{6}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			r := e.get(t, "/api/incidents?"+tt.query)
			if r.status != 200 {
				t.Fatalf("status %d: %s", r.status, r.body)
			}
			out := decode[incidentsOut](t, r)
			var ids []int64
			for _, row := range out.Incidents {
				ids = append(ids, row.ArticleID)
			}
			if !slices.Equal(ids, tt.ids) || out.Total != tt.total {
				t.Errorf("ids %v total %d, want %v %d", ids, out.Total, tt.ids, tt.total)
			}
		})
	}
}

// TestIncidentsCSV compares the export with a golden file (go test -update
// rewrites it) and checks what Excel needs: BOM, CRLF, header row.
func TestIncidentsCSV(t *testing.T) {
	e := newEnv(t, nil)
	r := e.get(t, "/api/incidents?format=csv")
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
		t.Errorf("content type %q", ct)
	}
	if cd := r.header.Get("Content-Disposition"); !strings.Contains(cd, "attachment") {
		t.Errorf("content disposition %q", cd)
	}
	if !bytes.HasPrefix(r.body, []byte("\xef\xbb\xbfarticle_id,published,")) {
		t.Errorf("no BOM and header: %q", r.body[:min(40, len(r.body))])
	}
	if !bytes.Contains(r.body, []byte("\r\n")) {
		t.Error("no CRLF line ends")
	}
	if !bytes.Contains(r.body, []byte(`"'=HYPERLINK(""http://evil"")`)) {
		t.Error("a formula from an article was not defused")
	}
	golden := filepath.Join("testdata", "incidents.golden.csv")
	if *update {
		if err := os.WriteFile(golden, r.body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(r.body, want) {
		t.Errorf("CSV differs from %s (run go test -update to accept):\n%s", golden, r.body)
	}
	// Filters apply to the CSV too.
	r = e.get(t, "/api/incidents?format=csv&cause=loss_theft")
	if lines := strings.Count(string(r.body), "\r\n"); lines != 2 {
		t.Errorf("filtered CSV has %d lines, want header + 1:\n%s", lines, r.body)
	}
}

func TestStats(t *testing.T) {
	e := newEnv(t, nil)
	r := e.get(t, "/api/stats?from=2025-10-01&to=2025-11-30")
	if r.status != 200 {
		t.Fatalf("status %d: %s", r.status, r.body)
	}
	st := decode[statsOut](t, r)
	if st.From != "2025-10-01" || st.To != "2025-11-30" || st.Articles != 3 || st.Incidents != 3 || st.Records != 32000+12480+80000 {
		t.Errorf("stats %+v", st)
	}
	if !e.store.statsFrom.Equal(time.Date(2025, 10, 1, 0, 0, 0, 0, leakwatch.JST)) {
		t.Errorf("from reached the store as %v", e.store.statsFrom)
	}
	var label string
	for _, row := range st.ByCause {
		if row.Key == "ransomware" {
			label = row.Label
		}
	}
	if label != "ランサムウェア" {
		t.Errorf("by_cause %+v", st.ByCause)
	}
	if len(st.ByMonth) != 2 || st.ByMonth[0].Label != "2025年10月" {
		t.Errorf("by_month %+v", st.ByMonth)
	}
	// Without dates: everything, with the unknown count kept apart.
	st = decode[statsOut](t, e.get(t, "/api/stats"))
	if st.From != "" || st.To != "" || st.Incidents != 5 || st.Uncounted != 1 || !e.store.statsFrom.IsZero() {
		t.Errorf("open stats %+v", st)
	}
}

func TestStatsCache(t *testing.T) {
	e := newEnv(t, nil)
	now := time.Date(2025, 12, 1, 9, 0, 0, 0, leakwatch.JST)
	e.srv.stats.now = func() time.Time { return now }
	for i := 0; i < 3; i++ {
		if r := e.get(t, "/api/stats?from=2025-10-01"); r.status != 200 {
			t.Fatalf("status %d", r.status)
		}
	}
	if e.store.statsCalls != 1 {
		t.Errorf("store asked %d times for one period, want 1", e.store.statsCalls)
	}
	e.get(t, "/api/stats?from=2025-11-01")
	if e.store.statsCalls != 2 {
		t.Errorf("another period should reach the store (%d calls)", e.store.statsCalls)
	}
	now = now.Add(time.Minute)
	e.get(t, "/api/stats?from=2025-10-01")
	if e.store.statsCalls != 3 {
		t.Errorf("a stale answer was reused (%d calls)", e.store.statsCalls)
	}
	// Errors are not cached.
	e.store.err = errors.New("disk")
	e.get(t, "/api/stats?from=2025-09-01")
	e.store.err = nil
	if r := e.get(t, "/api/stats?from=2025-09-01"); r.status != 200 {
		t.Errorf("after an error: %d", r.status)
	}

	off := newEnv(t, func(o *Options) { o.StatsTTL = -1 })
	off.get(t, "/api/stats")
	off.get(t, "/api/stats")
	if off.store.statsCalls != 2 {
		t.Errorf("StatsTTL<0 still caches (%d calls)", off.store.statsCalls)
	}
}

// TestStatsOneAtATime: while one stats query runs, another waits for it
// rather than taking a second store connection, and gives up at the timeout.
func TestStatsOneAtATime(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.RequestTimeout = 100 * time.Millisecond })
	gate := make(chan struct{})
	e.store.statsGate = gate
	first := make(chan error, 1)
	go func() {
		// The first query is given longer than a request, so it holds the
		// slot past the second request's timeout.
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_, err := e.srv.stats.stats(ctx, time.Time{}, time.Time{}, e.store.Stats)
		first <- err
	}()
	for {
		e.store.mu.Lock()
		n := e.store.statsCalls
		e.store.mu.Unlock()
		if n == 1 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	r := e.get(t, "/api/stats?from=2025-06-01")
	if r.status != 503 {
		t.Errorf("second stats while the slot is taken: %d %s", r.status, r.body)
	}
	if e.store.statsCalls != 1 {
		t.Errorf("the second query reached the store (%d calls)", e.store.statsCalls)
	}
	if r := e.get(t, "/api/articles/1"); r.status != 200 {
		t.Errorf("articles blocked by stats: %d", r.status)
	}
	close(gate)
	if err := <-first; err != nil {
		t.Errorf("first stats: %v", err)
	}
}

// TestStatsOutlivesImpatientClient: a query whose client timed out still
// completes and serves the next request from the cache.
func TestStatsOutlivesImpatientClient(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.RequestTimeout = 50 * time.Millisecond })
	gate := make(chan struct{})
	e.store.statsGate = gate
	if r := e.get(t, "/api/stats?from=2025-01-01"); r.status != 503 {
		t.Fatalf("slow stats: %d", r.status)
	}
	close(gate)
	deadline := time.Now().Add(5 * time.Second)
	for {
		r := e.get(t, "/api/stats?from=2025-01-01")
		if r.status == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("stats never answered: %d %s", r.status, r.body)
		}
		time.Sleep(5 * time.Millisecond)
	}
	e.store.mu.Lock()
	defer e.store.mu.Unlock()
	if e.store.statsCalls != 1 {
		t.Errorf("store asked %d times, want 1", e.store.statsCalls)
	}
}

type panickyStats struct{ *fakeStore }

func (panickyStats) Stats(context.Context, time.Time, time.Time) (leakwatch.Stats, error) {
	panic("stats exploded")
}

func TestStatsPanicIsAnError(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.Reader = panickyStats{&fakeStore{}} })
	if r := e.get(t, "/api/stats"); r.status != 500 {
		t.Errorf("panicking stats: %d %s", r.status, r.body)
	}
}

// TestIncidentListingsAreCapped: with HeavyQueries listings running, another
// waits (and times out) while article reads go on.
func TestIncidentListingsAreCapped(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.HeavyQueries = 1; o.RequestTimeout = 2 * time.Second })
	e.store.reportsIn, e.store.reportsGate = make(chan struct{}, 4), make(chan struct{})
	first := make(chan int, 1)
	go func() { first <- e.get(t, "/api/incidents").status }()
	<-e.store.reportsIn
	short := newEnvShared(t, e, 50*time.Millisecond)
	if r := short.get(t, "/api/incidents?cause=ransomware"); r.status != 503 {
		t.Errorf("second listing: %d %s", r.status, r.body)
	}
	if len(e.store.reportsIn) != 0 {
		t.Error("the second listing reached the store")
	}
	if r := e.get(t, "/api/articles/1"); r.status != 200 {
		t.Errorf("article read blocked: %d", r.status)
	}
	close(e.store.reportsGate)
	if code := <-first; code != 200 {
		t.Errorf("first listing: %d", code)
	}
}

// newEnvShared is a server with its own timeout over e's fakes and e's
// heavy-query slots, as if one server answered with two timeouts.
func newEnvShared(t *testing.T, e *env, timeout time.Duration) *env {
	s2, err := New(Options{Searcher: e.idx, Reader: e.store, RequestTimeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	s2.heavy = e.srv.heavy
	return &env{srv: s2, idx: e.idx, store: e.store}
}

func TestHealth(t *testing.T) {
	e := newEnv(t, nil)
	r := e.get(t, "/healthz")
	if r.status != 200 || decode[healthOut](t, r) != (healthOut{"ok", "ok", "ok"}) {
		t.Errorf("healthy: %d %s", r.status, r.body)
	}
	e.store.pingErr = errors.New("database is locked")
	r = e.get(t, "/healthz")
	if r.status != 503 || decode[healthOut](t, r) != (healthOut{"unavailable", "unreachable", "ok"}) {
		t.Errorf("store down: %d %s", r.status, r.body)
	}
	if strings.Contains(string(r.body), "locked") {
		t.Errorf("internal error leaked: %s", r.body)
	}
	e.store.pingErr = nil
	e.idx.err = errors.New("index closed")
	r = e.get(t, "/healthz")
	if r.status != 503 || decode[healthOut](t, r).Index != "unreachable" {
		t.Errorf("index down: %d %s", r.status, r.body)
	}
	// An explicit index check wins over a search.
	e2 := newEnv(t, func(o *Options) { o.IndexPing = func(context.Context) error { return errors.New("gone") } })
	if r := e2.get(t, "/healthz"); r.status != 503 || e2.idx.calls != 0 {
		t.Errorf("IndexPing not used: %d %s, searches %d", r.status, r.body, e2.idx.calls)
	}
}

func TestMetrics(t *testing.T) {
	e := newEnv(t, nil)
	finished := time.Date(2025, 11, 20, 3, 10, 0, 0, time.UTC)
	e.store.run = &leakwatch.CrawlRun{Started: finished.Add(-90 * time.Second), Finished: finished, SourcesOK: 10, SourcesFailed: 1, NewArticles: 42, Incidents: 7}
	e.get(t, "/api/search?q=病院")
	e.get(t, "/api/search?q=病院")
	e.get(t, "/api/search?cause=nope")
	e.get(t, "/api/articles/1")
	r := e.get(t, "/metrics")
	if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/plain; version=0.0.4") {
		t.Fatalf("status %d %q", r.status, r.header.Get("Content-Type"))
	}
	body := string(r.body)
	for _, want := range []string{
		`leakwatch_http_requests_total{route="GET /api/search",code="200"} 2`,
		`leakwatch_http_requests_total{route="GET /api/search",code="400"} 1`,
		`leakwatch_http_requests_total{route="GET /api/articles/{id}",code="200"} 1`,
		`leakwatch_http_request_duration_seconds_bucket{route="GET /api/search",le="+Inf"} 3`,
		`leakwatch_http_request_duration_seconds_count{route="GET /api/search"} 3`,
		"# TYPE leakwatch_http_request_duration_seconds histogram",
		"leakwatch_index_documents 6",
		"leakwatch_index_size_bytes 123456",
		"leakwatch_last_crawl_timestamp_seconds 1763608200",
		"leakwatch_last_crawl_duration_seconds 90",
		"leakwatch_last_crawl_success 0",
		"leakwatch_last_crawl_sources_failed 1",
		"leakwatch_last_crawl_new_articles 42",
		"leakwatch_metrics_errors 0",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q:\n%s", want, body)
		}
	}
	// Buckets are cumulative and end at the count.
	if !strings.Contains(body, `le="10"} 3`) {
		t.Errorf("last finite bucket should hold all 3 searches:\n%s", body)
	}
	// Never crawled: the timestamp is 0; a failing index stats is counted, not fatal.
	e2 := newEnv(t, func(o *Options) {
		o.IndexStats = func(context.Context) (IndexStats, error) { return IndexStats{}, errors.New("stat failed") }
	})
	body = string(e2.get(t, "/metrics").body)
	if !strings.Contains(body, "leakwatch_last_crawl_timestamp_seconds 0") || !strings.Contains(body, "leakwatch_metrics_errors 1") || strings.Contains(body, "leakwatch_index_documents") {
		t.Errorf("metrics without crawl/index:\n%s", body)
	}
}

func TestPanicRecovery(t *testing.T) {
	e := newEnv(t, nil)
	e.idx.panicMsg = "index exploded"
	r := e.get(t, "/api/search?q=病院")
	if r.status != 500 || decode[errorBody](t, r).Error != "internal error" {
		t.Fatalf("panic: %d %s", r.status, r.body)
	}
	e.idx.panicMsg = ""
	if r := e.get(t, "/api/search?q=病院"); r.status != 200 {
		t.Errorf("after a panic: %d", r.status)
	}
	if body := string(e.get(t, "/metrics").body); !strings.Contains(body, "leakwatch_http_panics_total 1") ||
		!strings.Contains(body, `route="GET /api/search",code="500"} 1`) {
		t.Errorf("panic not counted:\n%s", body)
	}
	// The page recovers too.
	e.idx.panicMsg = "again"
	if r := e.get(t, "/?q=病院"); r.status != 500 {
		t.Errorf("page panic: %d", r.status)
	}
}

func TestRequestTimeout(t *testing.T) {
	e := newEnv(t, func(o *Options) { o.RequestTimeout = 50 * time.Millisecond })
	e.idx.block = true
	r := e.get(t, "/api/search?q=病院")
	if r.status != 503 || !strings.Contains(decode[errorBody](t, r).Error, "too long") {
		t.Fatalf("timeout: %d %s", r.status, r.body)
	}
}

func TestInternalErrorsStayInside(t *testing.T) {
	e := newEnv(t, nil)
	e.store.err = errors.New("sqlite: disk I/O error at /var/secret/path")
	for _, target := range []string{"/api/articles/1", "/api/incidents", "/api/stats"} {
		r := e.get(t, target)
		if r.status != 500 || strings.Contains(string(r.body), "secret") {
			t.Errorf("%s: %d %s", target, r.status, r.body)
		}
	}
}

func TestReadOnly(t *testing.T) {
	e := newEnv(t, nil)
	for _, m := range []string{http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch} {
		for _, target := range []string{"/api/search", "/api/articles/1", "/api/incidents", "/"} {
			r := e.do(t, m, target)
			if r.status != http.StatusMethodNotAllowed {
				t.Errorf("%s %s: %d", m, target, r.status)
			}
		}
	}
	if r := e.get(t, "/api/nothing"); r.status != 404 || decode[errorBody](t, r).Status != 404 {
		t.Errorf("unknown path: %d %s", r.status, r.body)
	}
}

func TestDigest(t *testing.T) {
	e := newEnv(t, nil)
	r := e.get(t, "/digest/latest.atom")
	if r.status != 200 || r.header.Get("Content-Type") != "application/atom+xml; charset=utf-8" || e.digest.week != "latest" || e.digest.fmt != "atom" {
		t.Errorf("atom: %d %q %+v", r.status, r.header.Get("Content-Type"), e.digest)
	}
	r = e.get(t, "/digest/2026-W47.html")
	if r.status != 200 || !strings.Contains(string(r.body), "今週の情報漏えい 2026-W47") || e.digest.week != "2026-W47" {
		t.Errorf("html: %d %s", r.status, r.body)
	}
	e.digest.err = fmt.Errorf("digest: week 2030-W01: %w", leakwatch.ErrNotFound)
	if r := e.get(t, "/digest/2030-W01.html"); r.status != 404 {
		t.Errorf("missing week: %d", r.status)
	}
	e.digest.err = fmt.Errorf("digest: %w", leakwatch.ErrInvalid)
	if r := e.get(t, "/digest/2030-W01.html"); r.status != 400 {
		t.Errorf("invalid week: %d", r.status)
	}
	e2 := newEnv(t, func(o *Options) { o.Digest = nil })
	if r := e2.get(t, "/digest/latest.atom"); r.status != 404 {
		t.Errorf("no digest writer: %d", r.status)
	}
}

// TestOpenAPIDocumentsEveryRoute keeps the OpenAPI file and the router in step.
func TestOpenAPIDocumentsEveryRoute(t *testing.T) {
	e := newEnv(t, nil)
	r := e.get(t, "/api/openapi.yaml")
	if r.status != 200 || !bytes.HasPrefix(r.body, []byte("openapi: 3.")) {
		t.Fatalf("openapi: %d", r.status)
	}
	for _, path := range []string{"/api/search", "/api/articles/{id}", "/api/incidents", "/api/stats", "/healthz", "/metrics", "/digest/{file}"} {
		if !bytes.Contains(r.body, []byte("\n  "+path+":\n")) {
			t.Errorf("openapi.yaml lacks %s", path)
		}
	}
	for _, p := range append(filterParams, "q", "sort", "page", "size", "format") {
		if !bytes.Contains(r.body, []byte("name: "+p)) {
			t.Errorf("openapi.yaml lacks parameter %s", p)
		}
	}
}

// TestServeShutsDownGracefully: cancelling the context stops the server, and
// a request in flight still gets its answer.
func TestServeShutsDownGracefully(t *testing.T) {
	release := make(chan struct{})
	slow := &slowSearcher{started: make(chan struct{}), release: release}
	e := newEnv(t, func(o *Options) { o.Searcher = slow })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.srv.Serve(ctx, ln) }()

	type result struct {
		status int
		err    error
	}
	got := make(chan result, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String() + "/api/search?q=病院")
		if err != nil {
			got <- result{0, err}
			return
		}
		resp.Body.Close()
		got <- result{resp.StatusCode, nil}
	}()
	<-slow.started
	cancel()
	time.Sleep(50 * time.Millisecond) // let Shutdown close the listener
	if _, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second); err == nil {
		t.Error("listener still accepting after cancel")
	}
	close(release)
	if r := <-got; r.err != nil || r.status != 200 {
		t.Errorf("in-flight request: %+v", r)
	}
	if err := <-done; err != nil {
		t.Errorf("Serve: %v", err)
	}
}

type slowSearcher struct {
	started chan struct{}
	release chan struct{}
}

func (s *slowSearcher) Search(ctx context.Context, q leakwatch.Query) (leakwatch.SearchResult, error) {
	if q.Size == 1 && q.Text == "" {
		return leakwatch.SearchResult{}, nil
	}
	close(s.started)
	select {
	case <-s.release:
		return leakwatch.SearchResult{Total: 0}, nil
	case <-ctx.Done():
		return leakwatch.SearchResult{}, ctx.Err()
	}
}

func TestNewNeedsDependencies(t *testing.T) {
	if _, err := New(Options{Reader: &fakeStore{}}); err == nil {
		t.Error("New without a searcher succeeded")
	}
}

func TestEncodeQueryRoundTrip(t *testing.T) {
	raw := "q=病院&cause=ransomware&cause=malware&actor=external&data=name&source=piyolog&org=市&from=2025-01-01&to=2025-12-31&min_records=10&max_records=100&sort=records&page=3"
	v, _ := url.ParseQuery(raw)
	p := queryParse{allowed: []string{"q", "sort", "page", "size"}, defSize: 20, maxSize: 100, maxDepth: 10000}
	q, err := parseQuery(v, p)
	if err != nil {
		t.Fatal(err)
	}
	q2, err := parseQuery(encodeQuery(q, 20), p)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(q, q2) {
		t.Errorf("round trip:\n%+v\n%+v", q, q2)
	}
}
