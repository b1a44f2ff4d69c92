package crawler

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch"
	"golang.org/x/text/encoding"
)

// testOptions are fast, loopback-allowing options for httptest servers.
func testOptions() Options {
	return Options{
		AllowPrivate: true, PerHostRate: 1000, Concurrency: 4,
		ConnectTimeout: 2 * time.Second, HeaderTimeout: 2 * time.Second, Timeout: 5 * time.Second,
		MaxBodyBytes: 1 << 20, Retries: 2, RetryBase: 10 * time.Millisecond,
		Logger: slog.New(slog.DiscardHandler),
	}
}

func fixture(t testing.TB, name, base, charset string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return strings.NewReplacer("{{BASE}}", base, "{{CHARSET}}", charset).Replace(string(b))
}

func encodeTo(t testing.TB, s string, enc encoding.Encoding) []byte {
	t.Helper()
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	return b
}

// memStore is an in-memory stand-in for the store behind Hooks.
type memStore struct {
	mu     sync.Mutex
	states map[string]leakwatch.CrawlState
	arts   map[string]leakwatch.Article
	emits  int
	failOn string // Emit fails for this URL
}

func newMemStore() *memStore {
	return &memStore{states: map[string]leakwatch.CrawlState{}, arts: map[string]leakwatch.Article{}}
}

func (m *memStore) hooks() Hooks {
	return Hooks{
		State: func(_ context.Context, src, feed string) (leakwatch.CrawlState, error) {
			m.mu.Lock()
			defer m.mu.Unlock()
			return m.states[src+" "+feed], nil
		},
		SaveState: func(_ context.Context, st leakwatch.CrawlState) error {
			m.mu.Lock()
			defer m.mu.Unlock()
			m.states[st.SourceID+" "+st.FeedURL] = st
			return nil
		},
		Seen: func(_ context.Context, u string) (bool, error) {
			m.mu.Lock()
			defer m.mu.Unlock()
			_, ok := m.arts[u]
			return ok, nil
		},
		Emit: func(_ context.Context, a leakwatch.Article) error {
			m.mu.Lock()
			defer m.mu.Unlock()
			if m.failOn != "" && a.URL == m.failOn {
				return errFake
			}
			m.emits++
			m.arts[a.URL] = a
			return nil
		},
	}
}

func (m *memStore) state(src, feed string) leakwatch.CrawlState {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.states[src+" "+feed]
}

type fakeErr struct{}

func (fakeErr) Error() string { return "fake store failure" }

var errFake = fakeErr{}

// site is an httptest server with a mux and per-path hit counters.
type site struct {
	*httptest.Server
	mux  *http.ServeMux
	mu   sync.Mutex
	hits map[string]int
	ua   atomic.Value
}

func newSite(t testing.TB) *site {
	s := &site{mux: http.NewServeMux(), hits: map[string]int{}}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.mu.Unlock()
		s.ua.Store(r.Header.Get("User-Agent"))
		s.mux.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *site) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

func (s *site) serve(path, contentType string, body []byte) {
	s.mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		_, _ = w.Write(body)
	})
}
