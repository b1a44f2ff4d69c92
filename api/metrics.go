package api

import (
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/leakwatch/leakwatch"
)

// latencyBuckets are the histogram's upper bounds in seconds, finer where the
// 100 ms goal sits.
var latencyBuckets = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10}

type routeStatus struct {
	route  string
	status int
}

type histogram struct {
	counts []uint64 // per bucket, not cumulative; the last is +Inf
	sum    float64
	n      uint64
}

// metrics holds the request counters and latency histograms; small enough
// that a mutex is cheaper than a dependency.
type metrics struct {
	mu       sync.Mutex
	requests map[routeStatus]uint64
	latency  map[string]*histogram
	panics   uint64
}

func newMetrics() *metrics {
	return &metrics{requests: map[routeStatus]uint64{}, latency: map[string]*histogram{}}
}

func (m *metrics) observe(route string, status int, d time.Duration) {
	sec := d.Seconds()
	m.mu.Lock()
	defer m.mu.Unlock()
	m.requests[routeStatus{route, status}]++
	h := m.latency[route]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(latencyBuckets)+1)}
		m.latency[route] = h
	}
	i := sort.SearchFloat64s(latencyBuckets, sec) // first bound ≥ sec
	h.counts[i]++
	h.sum += sec
	h.n++
}

func (m *metrics) panic() {
	m.mu.Lock()
	m.panics++
	m.mu.Unlock()
}

// write prints the request metrics in the Prometheus text format 0.0.4.
func (m *metrics) write(w io.Writer) {
	m.mu.Lock()
	defer m.mu.Unlock()
	keys := make([]routeStatus, 0, len(m.requests))
	for k := range m.requests {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].route != keys[j].route {
			return keys[i].route < keys[j].route
		}
		return keys[i].status < keys[j].status
	})
	fmt.Fprintln(w, "# HELP leakwatch_http_requests_total HTTP requests by route and status.")
	fmt.Fprintln(w, "# TYPE leakwatch_http_requests_total counter")
	for _, k := range keys {
		fmt.Fprintf(w, "leakwatch_http_requests_total{route=%s,code=\"%d\"} %d\n", quoteLabel(k.route), k.status, m.requests[k])
	}
	routes := make([]string, 0, len(m.latency))
	for r := range m.latency {
		routes = append(routes, r)
	}
	sort.Strings(routes)
	fmt.Fprintln(w, "# HELP leakwatch_http_request_duration_seconds Time to answer HTTP requests, by route.")
	fmt.Fprintln(w, "# TYPE leakwatch_http_request_duration_seconds histogram")
	for _, r := range routes {
		h := m.latency[r]
		var cum uint64
		for i, le := range latencyBuckets {
			cum += h.counts[i]
			fmt.Fprintf(w, "leakwatch_http_request_duration_seconds_bucket{route=%s,le=\"%s\"} %d\n", quoteLabel(r), formatFloat(le), cum)
		}
		cum += h.counts[len(latencyBuckets)]
		fmt.Fprintf(w, "leakwatch_http_request_duration_seconds_bucket{route=%s,le=\"+Inf\"} %d\n", quoteLabel(r), cum)
		fmt.Fprintf(w, "leakwatch_http_request_duration_seconds_sum{route=%s} %s\n", quoteLabel(r), formatFloat(h.sum))
		fmt.Fprintf(w, "leakwatch_http_request_duration_seconds_count{route=%s} %d\n", quoteLabel(r), h.n)
	}
	fmt.Fprintln(w, "# HELP leakwatch_http_panics_total Handler panics recovered.")
	fmt.Fprintln(w, "# TYPE leakwatch_http_panics_total counter")
	fmt.Fprintf(w, "leakwatch_http_panics_total %d\n", m.panics)
}

func quoteLabel(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}

func formatFloat(f float64) string {
	if math.IsInf(f, 1) {
		return "+Inf"
	}
	return strconv.FormatFloat(f, 'f', -1, 64)
}

func gauge(w io.Writer, name, help string, v float64) {
	fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s gauge\n%s %s\n", name, help, name, name, formatFloat(v))
}

// handleMetrics serves /metrics: request metrics, then the index and the last
// crawl, read fresh on each scrape. A part that cannot be read is left out
// and counted in leakwatch_metrics_errors rather than failing the scrape.
func (s *Server) handleMetrics(w http.ResponseWriter, r *http.Request) error {
	if len(r.URL.Query()) > 0 {
		if err := checkKnown(r.URL.Query(), nil); err != nil {
			return err
		}
	}
	var b strings.Builder
	s.metrics.write(&b)
	errs := 0
	if s.opts.IndexStats != nil {
		st, err := s.opts.IndexStats(r.Context())
		if err != nil {
			errs++
			s.log.WarnContext(r.Context(), "api: metrics: index stats", "err", err)
		} else {
			gauge(&b, "leakwatch_index_documents", "Documents in the search index.", float64(st.Docs))
			gauge(&b, "leakwatch_index_size_bytes", "Size of the search index on disk.", float64(st.Bytes))
		}
	}
	run, err := s.opts.Reader.LastRun(r.Context())
	switch {
	case errors.Is(err, leakwatch.ErrNotFound):
		gauge(&b, "leakwatch_last_crawl_timestamp_seconds", "When the last crawl finished (Unix time; 0 = never).", 0)
	case err != nil:
		errs++
		s.log.WarnContext(r.Context(), "api: metrics: last run", "err", err)
	default:
		gauge(&b, "leakwatch_last_crawl_timestamp_seconds", "When the last crawl finished (Unix time; 0 = never).", float64(run.Finished.Unix()))
		gauge(&b, "leakwatch_last_crawl_duration_seconds", "How long the last crawl took.", run.Finished.Sub(run.Started).Seconds())
		ok := 0.0
		if run.SourcesFailed == 0 {
			ok = 1
		}
		gauge(&b, "leakwatch_last_crawl_success", "1 when every source of the last crawl succeeded.", ok)
		gauge(&b, "leakwatch_last_crawl_sources_ok", "Sources crawled without error in the last crawl.", float64(run.SourcesOK))
		gauge(&b, "leakwatch_last_crawl_sources_failed", "Sources that failed in the last crawl.", float64(run.SourcesFailed))
		gauge(&b, "leakwatch_last_crawl_new_articles", "New articles stored by the last crawl.", float64(run.NewArticles))
		gauge(&b, "leakwatch_last_crawl_incidents", "Incidents found by the last crawl.", float64(run.Incidents))
	}
	gauge(&b, "leakwatch_metrics_errors", "Parts of this scrape that could not be read.", float64(errs))
	if err := r.Context().Err(); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	_, err = io.WriteString(w, b.String())
	return err
}
