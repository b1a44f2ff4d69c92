package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch"
	"github.com/leakwatch/leakwatch/store"
)

// startServe runs `leakwatch serve` on port 0 until the returned stop is
// called, and returns its URL once it listens (so it holds the index).
func startServe(t *testing.T, args ...string) (base string, stop func() int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	var stderr syncBuffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: pw, Stderr: &stderr, Getenv: func(string) string { return "" }}
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...), env)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		cancel()
		t.Fatalf("serve printed no URL: %v (exit %d) %s", err, <-done, stderr.String())
	}
	go io.Copy(io.Discard, pr)
	i := strings.Index(line, "http://127.0.0.1:")
	if i < 0 {
		cancel()
		t.Fatalf("serve printed %q", line)
	}
	stopped := false
	stop = func() int {
		if stopped {
			return 0
		}
		stopped = true
		cancel()
		select {
		case code := <-done:
			return code
		case <-time.After(15 * time.Second):
			t.Fatal("serve did not stop after cancel")
			return -1
		}
	}
	t.Cleanup(func() { stop() })
	return strings.Fields(line[i:])[0], stop
}

// searchResult is the part of /api/search the tests read.
type searchResult struct {
	Total   int `json:"total"`
	Results []struct {
		Article struct {
			ID  int64  `json:"id"`
			URL string `json:"url"`
		} `json:"article"`
		Incidents []leakwatch.Incident `json:"incidents"`
	} `json:"results"`
}

func apiSearch(t *testing.T, base string, params url.Values) searchResult {
	t.Helper()
	resp, err := http.Get(base + "api/search?" + params.Encode())
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("search %v: %d %s", params, resp.StatusCode, body)
	}
	var res searchResult
	if err := json.Unmarshal(body, &res); err != nil {
		t.Fatalf("search %v: %v", params, err)
	}
	return res
}

// hasURL reports whether an article whose URL ends with suffix is among the
// results.
func (r searchResult) hasURL(suffix string) bool {
	for _, h := range r.Results {
		if strings.HasSuffix(h.Article.URL, suffix) {
			return true
		}
	}
	return false
}

// eventually polls cond until it holds or a generous deadline passes; serve
// refreshes every 100 ms in these tests.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not so after 30 s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// TestWritersWhileServeRuns runs import, reanalyze and search while serve
// holds the index: the writers store their work and exit 0 with a warning,
// serve indexes it from the store within its refresh interval, and search
// says to use serve. After a restart, serve indexes what was stored without
// the index while it was down.
func TestWritersWhileServeRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the dictionary and runs serve with writers beside it")
	}
	dir := t.TempDir()
	announcement := filepath.Join("..", "..", "data", "sample", "announcement.txt")
	if code, _, stderr := runMain(t, "import", "--data-dir", dir, announcement); code != 0 {
		t.Fatalf("import before serve: %d %s", code, stderr)
	}
	base, stop := startServe(t, "--data-dir", dir, "--refresh", "100ms")

	// import: stored and analysed, not indexed by import, indexed by serve.
	code, out, stderr := runMain(t, "import", "--data-dir", dir, filepath.Join("testdata", "import", "minato.txt"))
	if code != exitOK || !strings.Contains(out, "1 new articles") {
		t.Fatalf("import while serve runs: exit %d\n%s%s", code, out, stderr)
	}
	if !strings.Contains(stderr, "index in use by another process") || !strings.Contains(stderr, "pick up the new articles") ||
		strings.Count(stderr, "level=WARN") != 1 {
		t.Errorf("import's warning: %s", stderr)
	}
	eventually(t, "imported article searchable through serve", func() bool {
		return apiSearch(t, base, url.Values{"q": {"ミナト電算"}}).hasURL("/minato.txt")
	})

	// reanalyze: take the sample's analysis away behind serve's back, see
	// serve follow, then let reanalyze restore it.
	ctx := context.Background()
	st, err := store.Open(ctx, storePath(dir))
	if err != nil {
		t.Fatal(err)
	}
	abs, _ := filepath.Abs(announcement)
	a, err := st.ArticleByURL(ctx, fileURL(abs))
	if err != nil || len(a.Incidents) == 0 || len(a.Incidents[0].Causes) == 0 {
		t.Fatalf("sample article: %+v, %v", a, err)
	}
	byCause := url.Values{"q": {"みなと"}, "cause": {string(a.Incidents[0].Causes[0])}}
	if res := apiSearch(t, base, byCause); !res.hasURL("/announcement.txt") {
		t.Fatalf("sample not found by its cause before: %+v", res)
	}
	if err := st.SaveAnalysis(ctx, a.ID, leakwatch.Analysis{}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	eventually(t, "serve follows a changed analysis", func() bool {
		return !apiSearch(t, base, byCause).hasURL("/announcement.txt")
	})
	code, out, stderr = runMain(t, "reanalyze", "--data-dir", dir)
	if code != exitOK || !strings.Contains(out, "1 changed") || strings.Contains(out, "run leakwatch reindex") {
		t.Fatalf("reanalyze while serve runs: exit %d\n%s%s", code, out, stderr)
	}
	if !strings.Contains(stderr, "index in use by another process") || !strings.Contains(stderr, "changed articles") {
		t.Errorf("reanalyze's warning: %s", stderr)
	}
	eventually(t, "reanalysis searchable through serve", func() bool {
		res := apiSearch(t, base, byCause)
		return res.hasURL("/announcement.txt") && len(res.Results[0].Incidents) > 0
	})

	// search cannot open the index; it says where to search instead.
	code, _, stderr = runMain(t, "search", "--data-dir", dir, "不正アクセス")
	if code != exitUsage || !strings.Contains(stderr, "while serve runs") || !strings.Contains(stderr, "/api/search") {
		t.Errorf("search while serve runs: exit %d %s", code, stderr)
	}

	if code := stop(); code != 0 {
		t.Fatalf("serve exited %d", code)
	}
	// Stored without the index while serve was down: a restarted serve,
	// whose next refresh is an hour away, indexes it on start.
	if code, out, stderr := runMain(t, "import", "--data-dir", dir, "--no-index", filepath.Join("testdata", "import", "news", "sakura.html")); code != 0 {
		t.Fatalf("import --no-index: %d %s%s", code, out, stderr)
	}
	base, stop = startServe(t, "--data-dir", dir, "--refresh", "1h")
	eventually(t, "article stored while serve was down searchable after restart", func() bool {
		return apiSearch(t, base, url.Values{"q": {"さくら珈琲本舗"}}).hasURL("/sakura.html")
	})
	if code := stop(); code != 0 {
		t.Fatalf("restarted serve exited %d", code)
	}
	// With serve stopped the index is free: search reads it, and finds all.
	code, out, stderr = runMain(t, "search", "--data-dir", dir, "--json", "不正アクセス")
	if code != exitOK || strings.Contains(stderr, "warning") {
		t.Fatalf("search after serve: exit %d %s", code, stderr)
	}
	for _, want := range []string{"/announcement.txt", "/minato.txt", "/sakura.html"} {
		if !strings.Contains(out, want) {
			t.Errorf("search after serve lacks %s", want)
		}
	}
}

// TestCrawlWhileServeRuns is the nightly case: the crawl timer fires while
// serve holds the index. The crawl exits 0 with one warning and serve makes
// the new articles searchable.
func TestCrawlWhileServeRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the dictionary and runs serve beside a crawl")
	}
	site, _ := crawlSite(t, 3, 0)
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	src := writeSources(t, dir, "sources.toml", site.URL+"/feed.xml")
	base, _ := startServe(t, "--data-dir", data, "--refresh", "100ms")
	code, out, stderr := runMain(t, "crawl", "--data-dir", data, "--sources", src, "--allow-private", "--rate", "1000", "--progress", "never")
	if code != exitOK || !strings.Contains(out, "3 new articles") {
		t.Fatalf("crawl while serve runs: exit %d\n%s%s", code, out, stderr)
	}
	if strings.Count(stderr, "index in use by another process") != 1 || !strings.Contains(stderr, "pick up the new articles") {
		t.Errorf("crawl's warning: %s", stderr)
	}
	eventually(t, "crawled articles searchable through serve", func() bool {
		return apiSearch(t, base, url.Values{"q": {"不正アクセス"}}).Total == 3
	})
}

// memIndex records what the feeder indexes; fail makes the next Index fail.
type memIndex struct {
	docs  map[int64]leakwatch.Article
	calls int
	fail  bool
}

func (m *memIndex) Index(_ context.Context, arts []leakwatch.Article) error {
	if m.fail {
		m.fail = false
		return io.ErrUnexpectedEOF
	}
	m.calls++
	for _, a := range arts {
		m.docs[a.ID] = a
	}
	return nil
}

func (m *memIndex) Count() (uint64, error) { return uint64(len(m.docs)), nil }

// TestIndexFeeder drives the feeder over a real store: on start it indexes
// only the missing newest articles, refresh picks up new and re-analysed
// ones, and a failed index write is retried from the same cursor.
func TestIndexFeeder(t *testing.T) {
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(t.TempDir(), "leakwatch.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	add := func(i int) leakwatch.Article {
		a := leakwatch.Article{URL: fmt.Sprintf("https://news.example.jp/%d", i), SourceID: "test",
			Title: fmt.Sprintf("第%d商事に不正アクセス", i), Text: fmt.Sprintf("第%d商事は不正アクセスを受けたと発表した。", i)}
		if _, err := st.UpsertArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	ix := &memIndex{docs: map[int64]leakwatch.Article{}}
	var old []leakwatch.Article
	for i := range 10 {
		old = append(old, add(i))
	}
	for _, a := range old[:8] { // the last two were stored while serve held the index
		ix.docs[a.ID] = a
	}
	f := &indexFeeder{st: st, ix: ix, log: slog.New(slog.NewTextHandler(io.Discard, nil))}
	if err := f.catchUp(ctx); err != nil {
		t.Fatal(err)
	}
	if len(ix.docs) != 10 || ix.calls != 1 {
		t.Fatalf("catch-up: %d indexed in %d calls, want 10 in 1", len(ix.docs), ix.calls)
	}
	if n, err := f.refresh(ctx); err != nil || n != 0 {
		t.Fatalf("refresh with nothing new: %d, %v", n, err)
	}

	fresh := add(10)
	if err := st.SaveAnalysis(ctx, old[0].ID, leakwatch.Analysis{IsIncident: true, Incidents: []leakwatch.Incident{{
		Org: "第0商事", Causes: []leakwatch.Cause{leakwatch.CauseUnauthorizedAccess}, Actor: leakwatch.ActorExternal}}}); err != nil {
		t.Fatal(err)
	}
	ix.fail = true
	if n, err := f.refresh(ctx); err == nil || n != 0 {
		t.Fatalf("refresh with a failing index: %d, %v", n, err)
	}
	if n, err := f.refresh(ctx); err != nil || n != 2 {
		t.Fatalf("refresh after the failure: %d, %v; want the 2 changes", n, err)
	}
	if _, ok := ix.docs[fresh.ID]; !ok || len(ix.docs[old[0].ID].Incidents) != 1 || !ix.docs[old[0].ID].IsIncident {
		t.Errorf("refresh indexed %+v", ix.docs[old[0].ID])
	}
}
