// Command api is the load benchmark of the leakwatch HTTP API: it builds (or
// reuses) a store and an index of generated articles, serves them with the
// real api package on loopback, and drives it with concurrent clients
// sending a mix of requests for a fixed time. It reports throughput,
// latency percentiles and errors, overall and per kind of request.
//
//	go run ./bench/api -articles 100000 -clients 50 -duration 30s
//
// The data directory (-dir) is kept, so a second run skips the build.
// It is a program rather than a Go benchmark so that `go test ./...` never
// runs it.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/leakwatch/leakwatch"
	"github.com/leakwatch/leakwatch/api"
	"github.com/leakwatch/leakwatch/index"
	"github.com/leakwatch/leakwatch/nlp"
	"github.com/leakwatch/leakwatch/store"
)

func main() {
	n := flag.Int("articles", 100000, "articles in the generated corpus")
	clients := flag.Int("clients", 50, "concurrent clients")
	dur := flag.Duration("duration", 30*time.Second, "how long the clients send requests")
	dir := flag.String("dir", filepath.Join(os.TempDir(), "leakwatch-bench-api"), "data directory, kept between runs")
	flag.StringVar(&mix, "mix", "all", "all: searches, articles, incidents, pages and stats; search: only the searches")
	flag.BoolVar(&reindex, "reindex", false, "rebuild the index from the kept store (after the index code changed)")
	buildOnly := flag.Bool("build-only", false, "build the corpus, store and index, then stop")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the load phase to this file")
	flag.Parse()
	profile = *cpuprofile
	if *buildOnly {
		*dur = 0
	}
	if err := run(context.Background(), *n, *clients, *dur, *dir); err != nil {
		fmt.Fprintln(os.Stderr, "bench/api:", err)
		os.Exit(1)
	}
}

var (
	profile, mix string
	reindex      bool
)

func run(ctx context.Context, n, clients int, dur time.Duration, dir string) error {
	dir = filepath.Join(dir, fmt.Sprint(n))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	st, err := store.Open(ctx, filepath.Join(dir, "leakwatch.db"))
	if err != nil {
		return err
	}
	defer st.Close()
	tok, err := nlp.NewTokenizer()
	if err != nil {
		return err
	}
	have, err := st.CountArticles(ctx)
	if err != nil {
		return err
	}
	idxDir := filepath.Join(dir, "index")
	switch {
	case have != n:
		if err := build(ctx, st, tok, n, idxDir); err != nil {
			return err
		}
	case reindex:
		if err := buildIndex(ctx, st, tok, idxDir); err != nil {
			return err
		}
	}
	if dur == 0 {
		return nil
	}
	ix, err := index.Open(idxDir, tok)
	if err != nil {
		return err
	}
	defer ix.Close()
	if docs, err := ix.Count(); err != nil || docs != uint64(n) {
		return fmt.Errorf("index holds %d articles, want %d (%v); remove %s and rerun", docs, n, err, dir)
	}
	// An index built by older index code may answer nothing; measuring it
	// would mean nothing.
	for _, w := range []string{"個人情報", "不正アクセス", "ランサムウェア"} {
		res, err := ix.Search(ctx, leakwatch.Query{Text: w, Page: 1, Size: 1})
		if err != nil || res.Total == 0 {
			return fmt.Errorf("sanity search %q: %d hits, %v; rerun with -reindex", w, res.Total, err)
		}
	}

	srv, err := api.New(api.Options{Searcher: ix, Reader: st, Logger: slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	sctx, stop := context.WithCancel(ctx)
	defer stop()
	served := make(chan error, 1)
	go func() { served <- srv.Serve(sctx, ln) }()
	base := "http://" + ln.Addr().String()

	fmt.Printf("corpus: %d articles, index %s; %d clients for %s on %d CPUs\n", n, humanBytes(dirSize(idxDir)), clients, dur, runtime.NumCPU())
	warm(base)
	fmt.Printf("\n== baseline: the mix's searches called on the index directly, %d goroutines, %s\n", clients, dur/3)
	direct(ix, n, clients, dur/3).print(dur / 3)
	fmt.Printf("\n== API over HTTP on loopback, %d clients, %s\n", clients, dur)
	if profile != "" {
		f, err := os.Create(profile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
	}
	res := load(base, n, clients, dur)
	if profile != "" {
		pprof.StopCPUProfile()
	}
	stop()
	if err := <-served; err != nil {
		return err
	}
	res.print(dur)
	return nil
}

// build fills the store and rebuilds the index from it.
func build(ctx context.Context, st *store.Store, tok *nlp.Tokenizer, n int, idxDir string) error {
	start := time.Now()
	for i := 0; i < n; i++ {
		a := generate(i)
		incidents := a.Incidents
		if _, err := st.UpsertArticle(ctx, &a); err != nil {
			return err
		}
		if err := st.SaveAnalysis(ctx, a.ID, leakwatch.Analysis{IsIncident: a.IsIncident, Incidents: incidents}); err != nil {
			return err
		}
		if i%10000 == 9999 {
			fmt.Fprintf(os.Stderr, "stored %d articles (%.0f/s)\n", i+1, float64(i+1)/time.Since(start).Seconds())
		}
	}
	fmt.Fprintf(os.Stderr, "store built in %s\n", time.Since(start).Round(time.Second))
	return buildIndex(ctx, st, tok, idxDir)
}

func buildIndex(ctx context.Context, st *store.Store, tok *nlp.Tokenizer, idxDir string) error {
	start := time.Now()
	got, err := index.Rebuild(ctx, idxDir, tok, func(fn func(leakwatch.Article) error) error { return st.EachArticle(ctx, fn) })
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "indexed %d articles in %s (%.0f/s)\n", got, time.Since(start).Round(time.Second), float64(got)/time.Since(start).Seconds())
	return nil
}

var causeNames = func() []string {
	var s []string
	for _, c := range leakwatch.Causes() {
		s = append(s, string(c))
	}
	return s
}()

// request picks one request of the mix. Searches also come back as the
// leakwatch.Query the API should make of them, for the direct baseline.
func request(r *rand.Rand, n int) (kind, path string, q *leakwatch.Query) {
	words := func() string {
		k := 1 + r.IntN(3)
		var ws []string
		for _, i := range r.Perm(len(queryWords))[:k] {
			ws = append(ws, queryWords[i])
		}
		return strings.Join(ws, " ")
	}
	day := func() time.Time {
		return time.Date(2019+r.IntN(7), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, leakwatch.JST)
	}
	cause := func() leakwatch.Cause { return leakwatch.Causes()[r.IntN(len(leakwatch.Causes()))] }
	switch p := r.IntN(100); {
	case p < 45:
		w := words()
		return "search text", "/api/search?q=" + url.QueryEscape(w), &leakwatch.Query{Text: w, Sort: leakwatch.SortRelevance, Page: 1, Size: 20}
	case p < 60:
		w, c := words(), cause()
		q := &leakwatch.Query{Text: w, Causes: []leakwatch.Cause{c}, Sort: leakwatch.SortRelevance, Page: 1, Size: 20}
		v := "/api/search?q=" + url.QueryEscape(w) + "&cause=" + string(c)
		if r.IntN(2) == 0 {
			v += "&min_records=1000"
			min := int64(1000)
			q.MinRecords = &min
		}
		return "search text+filters", v, q
	case p < 70:
		from, c := day(), cause()
		return "search filters only", "/api/search?from=" + from.Format("2006-01-02") + "&cause=" + string(c) + "&sort=records",
			&leakwatch.Query{From: from, Causes: []leakwatch.Cause{c}, Sort: leakwatch.SortRecords, Page: 1, Size: 20}
	case p < 80:
		return "article", fmt.Sprintf("/api/articles/%d", 1+r.IntN(n)), nil
	case p < 88:
		return "incidents", "/api/incidents?size=50&cause=" + string(cause()) + "&from=" + day().Format("2006-01-02"), nil
	case p < 95:
		return "page", "/?q=" + url.QueryEscape(words()), nil
	default:
		// Dashboards poll a few periods, not a random one each time.
		periods := []string{"", "from=2025-01-01", "from=2024-01-01&to=2024-12-31", "from=2025-06-01&to=2025-06-30"}
		return "stats", "/api/stats?" + periods[r.IntN(len(periods))], nil
	}
}

// direct runs the searches of the same mix straight on the index, without
// HTTP or the api package: the baseline the API's overhead is measured against.
func direct(ix *index.Index, n, clients int, dur time.Duration) result {
	deadline := time.Now().Add(dur)
	var mu sync.Mutex
	res := result{errs: map[string]int{}}
	var wg sync.WaitGroup
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func(seed uint64) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(seed, 7))
			var local []sample
			for time.Now().Before(deadline) {
				kind, _, q := request(r, n)
				if q == nil {
					continue
				}
				t0 := time.Now()
				_, err := ix.Search(context.Background(), *q)
				local = append(local, sample{kind, time.Since(t0), err == nil})
				if err != nil {
					mu.Lock()
					res.errs[kind+": "+err.Error()]++
					mu.Unlock()
				}
			}
			mu.Lock()
			res.samples = append(res.samples, local...)
			mu.Unlock()
		}(uint64(c) + 1000)
	}
	wg.Wait()
	return res
}

type sample struct {
	kind string
	d    time.Duration
	ok   bool
}

type result struct {
	samples []sample
	errs    map[string]int
}

func warm(base string) {
	for _, w := range queryWords {
		if resp, err := http.Get(base + "/api/search?q=" + url.QueryEscape(w)); err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
		}
	}
}

func load(base string, n, clients int, dur time.Duration) result {
	tr := &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients, DisableCompression: true}
	hc := &http.Client{Transport: tr, Timeout: 30 * time.Second}
	deadline := time.Now().Add(dur)
	var mu sync.Mutex
	res := result{errs: map[string]int{}}
	var wg sync.WaitGroup
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func(seed uint64) {
			defer wg.Done()
			r := rand.New(rand.NewPCG(seed, 7))
			var local []sample
			localErrs := map[string]int{}
			for time.Now().Before(deadline) {
				kind, path, q := request(r, n)
				if mix == "search" && q == nil {
					continue
				}
				t0 := time.Now()
				resp, err := hc.Get(base + path)
				ok := false
				if err == nil {
					_, err = io.Copy(io.Discard, resp.Body)
					resp.Body.Close()
					ok = err == nil && resp.StatusCode == 200
					if !ok {
						localErrs[fmt.Sprintf("%s: status %d", kind, resp.StatusCode)]++
					}
				} else {
					localErrs[kind+": "+err.Error()]++
				}
				local = append(local, sample{kind, time.Since(t0), ok})
			}
			mu.Lock()
			res.samples = append(res.samples, local...)
			for k, v := range localErrs {
				res.errs[k] += v
			}
			mu.Unlock()
		}(uint64(c))
	}
	wg.Wait()
	return res
}

func percentile(ds []time.Duration, p float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	i := int(p * float64(len(ds)-1))
	return ds[i]
}

func (res result) print(dur time.Duration) {
	byKind := map[string][]time.Duration{}
	var all []time.Duration
	errs := 0
	for _, s := range res.samples {
		byKind[s.kind] = append(byKind[s.kind], s.d)
		all = append(all, s.d)
		if !s.ok {
			errs++
		}
	}
	slices.Sort(all)
	fmt.Printf("\n%-22s %8s %9s %9s %9s %9s\n", "request", "count", "p50", "p90", "p99", "max")
	kinds := make([]string, 0, len(byKind))
	for k := range byKind {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	row := func(name string, ds []time.Duration) {
		slices.Sort(ds)
		fmt.Printf("%-22s %8d %9s %9s %9s %9s\n", name, len(ds), ms(percentile(ds, .5)), ms(percentile(ds, .9)), ms(percentile(ds, .99)), ms(ds[len(ds)-1]))
	}
	for _, k := range kinds {
		row(k, byKind[k])
	}
	row("all", all)
	fmt.Printf("\nthroughput: %.0f requests/s; errors: %d of %d\n", float64(len(all))/dur.Seconds(), errs, len(all))
	for k, v := range res.errs {
		fmt.Printf("  %s × %d\n", k, v)
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000) }

func dirSize(dir string) int64 {
	root, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return 0
	}
	var total int64
	filepath.Walk(root, func(_ string, fi os.FileInfo, err error) error {
		if err == nil && fi.Mode().IsRegular() {
			total += fi.Size()
		}
		return nil
	})
	return total
}

func humanBytes(n int64) string { return fmt.Sprintf("%.0f MB", float64(n)/1e6) }
