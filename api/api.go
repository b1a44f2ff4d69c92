// Package api serves leakwatch over HTTP: a read-only JSON API (search,
// articles, incidents as JSON or CSV, stats, health, metrics) and a web page
// for analysts, rendered on the server from embedded templates.
//
// It declares the small interfaces it consumes; cmd/leakwatch wires the store,
// the index and the digest writer into them. Only this package maps errors to
// HTTP statuses, in statusOf.
package api

import (
	"context"
	"embed"
	"io"
	"log/slog"
	"net/http"
	"time"

	"github.com/leakwatch/leakwatch"
)

// Searcher runs full-text searches; the index satisfies it. Errors for query
// syntax the index cannot parse wrap leakwatch.ErrBadQuery.
type Searcher interface {
	Search(ctx context.Context, q leakwatch.Query) (leakwatch.SearchResult, error)
}

// Reader reads articles, incidents, stats and crawl runs; the store satisfies it.
type Reader interface {
	// Article returns one article with its incidents; wraps leakwatch.ErrNotFound.
	Article(ctx context.Context, id int64) (leakwatch.Article, error)
	// Reports lists incidents with article info filtered by q (Text ignored),
	// newest first, paged by q.Page/q.Size; the int is the total.
	Reports(ctx context.Context, q leakwatch.Query) ([]leakwatch.Report, int, error)
	Stats(ctx context.Context, from, to time.Time) (leakwatch.Stats, error)
	// LastRun returns the latest crawl run; wraps leakwatch.ErrNotFound when none.
	LastRun(ctx context.Context) (leakwatch.CrawlRun, error)
	Ping(ctx context.Context) error
}

// DigestWriter renders a weekly digest; the digest package satisfies it.
// week is an ISO week ("2026-W47") or "latest"; format is "html" or "atom".
type DigestWriter interface {
	WriteDigest(ctx context.Context, w io.Writer, week string, format string) error
}

// IndexStats describes the index for /metrics.
type IndexStats struct {
	Docs  uint64 // documents in the index
	Bytes int64  // size on disk
}

// Options configure a Server. Searcher and Reader are required.
type Options struct {
	Searcher Searcher
	Reader   Reader
	// Digest is optional; without it /digest/… answers 404.
	Digest DigestWriter
	// IndexStats is optional; it feeds the index gauges of /metrics.
	IndexStats func(ctx context.Context) (IndexStats, error)
	// IndexPing is optional; /healthz uses it to check the index, and a one-hit
	// search when it is nil.
	IndexPing func(ctx context.Context) error
	// SourceNames maps source ids to the names the page shows; optional.
	SourceNames map[string]string
	Logger      *slog.Logger
	// RequestTimeout bounds each request's work (default 10 s).
	RequestTimeout time.Duration
	// MaxSearchSize caps size on /api/search (default 100); MaxRows caps size
	// on /api/incidents and how deep any page may reach (default 10,000).
	MaxSearchSize int
	MaxRows       int
	// HeavyQueries is how many incident listings may query the store at
	// once (default 2). Listings scan many rows; capping them, and stats at
	// one, leaves store connections free for the cheap article reads.
	HeavyQueries int
	// StatsTTL is how long a /api/stats answer is reused (default 1 minute;
	// negative: never).
	StatsTTL time.Duration
}

// Server is the HTTP handler for the API and the web page.
type Server struct {
	opts    Options
	log     *slog.Logger
	mux     *http.ServeMux
	metrics *metrics
	pages   *pages
	stats   *statsCache
	heavy   chan struct{}
}

//go:embed openapi.yaml
var openapiYAML []byte

//go:embed web
var webFS embed.FS

// New builds a Server from opts.
func New(opts Options) (*Server, error) {
	if opts.Searcher == nil || opts.Reader == nil {
		return nil, errorf("api: new: a searcher and a reader are required")
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.RequestTimeout <= 0 {
		opts.RequestTimeout = 10 * time.Second
	}
	if opts.MaxSearchSize <= 0 {
		opts.MaxSearchSize = 100
	}
	if opts.MaxRows <= 0 {
		opts.MaxRows = 10000
	}
	if opts.HeavyQueries <= 0 {
		opts.HeavyQueries = 2
	}
	if opts.StatsTTL == 0 {
		opts.StatsTTL = time.Minute
	}
	pg, err := newPages()
	if err != nil {
		return nil, err
	}
	s := &Server{opts: opts, log: opts.Logger, mux: http.NewServeMux(), metrics: newMetrics(), pages: pg, stats: newStatsCache(opts.StatsTTL, 6*opts.RequestTimeout), heavy: make(chan struct{}, opts.HeavyQueries)}
	s.routes()
	return s, nil
}

func (s *Server) routes() {
	s.handle("GET /api/search", s.handleSearch)
	s.handle("GET /api/articles/{id}", s.handleArticle)
	s.handle("GET /api/incidents", s.handleIncidents)
	s.handle("GET /api/stats", s.handleStats)
	s.handle("GET /api/openapi.yaml", s.handleOpenAPI)
	s.handle("GET /healthz", s.handleHealth)
	s.handle("GET /metrics", s.handleMetrics)
	s.handle("GET /digest/{file}", s.handleDigest)
	s.handle("GET /{$}", s.handleSearchPage)
	s.handle("GET /articles/{id}", s.handleArticlePage)
	s.handle("GET /static/", s.handleStatic)
	// Everything else: a JSON 404 for the API, counted under one route label.
	s.handle("/", s.handleNotFound)
}

// ServeHTTP implements http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mux.ServeHTTP(w, r)
}

// handle registers h under pattern with the middleware every route gets:
// metrics by route, panic recovery and a request timeout.
func (s *Server) handle(pattern string, h func(http.ResponseWriter, *http.Request) error) {
	route := pattern
	s.mux.Handle(pattern, s.instrument(route, s.recoverer(s.timeout(s.errorHandler(h)))))
}
