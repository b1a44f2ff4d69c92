package main

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"net"
	"path/filepath"
	"time"

	"github.com/leakwatch/leakwatch"
	"github.com/leakwatch/leakwatch/api"
	"github.com/leakwatch/leakwatch/crawler"
	"github.com/leakwatch/leakwatch/digest"
	"github.com/leakwatch/leakwatch/index"
	"github.com/leakwatch/leakwatch/store"
)

func init() {
	register(command{name: "serve", short: "serve the search API and the web page", run: runServe})
}

func runServe(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "serve", "[--data-dir DIR] [--addr 127.0.0.1:8080] [--refresh 1m]")
	dataDir := dataDirFlag(fs, env)
	addr := addrFlag(fs, env)
	baseURL := fs.String("base-url", env.Getenv("LEAKWATCH_BASE_URL"), "absolute URL the server is reached at, for links in the Atom digest (env LEAKWATCH_BASE_URL; default http://ADDR)")
	refresh := fs.Duration("refresh", time.Minute, "how often to index the articles crawl, import and reanalyze stored or changed meanwhile (0: never; they cannot write to the index while serve holds it)")
	if err := parseFlagsNoArgs(fs, args); err != nil {
		return err
	}
	if *refresh < 0 {
		return usageErrorf("--refresh %s: want 0 (never) or a positive interval", *refresh)
	}

	st, err := openStore(ctx, *dataDir)
	if err != nil {
		return err
	}
	defer st.Close()
	tok, err := tokenizer()
	if err != nil {
		return err
	}
	ix, err := index.Open(indexPath(*dataDir), tok)
	if err != nil {
		return err
	}
	defer ix.Close()
	if *refresh > 0 {
		// While serve holds the index, the commands that store articles
		// cannot write to it; serve indexes what they stored instead. The
		// feeder stops with ctx, and serve waits for it before closing the
		// index (deferred above, so it runs after this).
		f := &indexFeeder{st: st, ix: ix, log: env.Logger}
		fctx, stop := context.WithCancel(ctx)
		done := make(chan struct{})
		go func() { defer close(done); f.run(fctx, *refresh) }()
		defer func() { stop(); <-done }()
	} else if n, err := st.CountArticles(ctx); err != nil {
		return err
	} else if err := ix.Check(ctx, n); err != nil {
		// A stale index still answers; say so rather than refuse to serve.
		env.Logger.Warn("serve: the index differs from the store; run `leakwatch reindex`", "err", err)
	}

	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	url := "http://" + ln.Addr().String() + "/"
	if *baseURL == "" {
		*baseURL = url
	}
	srv, err := api.New(api.Options{
		Searcher:    ix,
		Reader:      st,
		Digest:      digest.New(st, digest.WithClock(env.Now), digest.WithBaseURL(*baseURL)),
		SourceNames: sourceNames(),
		IndexStats: func(ctx context.Context) (api.IndexStats, error) {
			n, err := ix.Count()
			if err != nil {
				return api.IndexStats{}, err
			}
			size, err := dirSize(ix.Dir())
			return api.IndexStats{Docs: n, Bytes: size}, err
		},
		IndexPing: func(ctx context.Context) error { _, err := ix.Count(); return err },
		Logger:    env.Logger,
	})
	if err != nil {
		ln.Close()
		return err
	}
	fmt.Fprintf(env.Stdout, "leakwatch: serving %s (Ctrl-C to stop)\n", url)
	if err := srv.Serve(ctx, ln); err != nil {
		return err
	}
	env.Logger.Info("serve: stopped")
	return nil
}

// sourceNames maps the default sources' ids to their names for the page;
// sources added by hand show their ids.
func sourceNames() map[string]string {
	srcs, err := crawler.DefaultSources()
	if err != nil {
		return nil
	}
	m := make(map[string]string, len(srcs))
	for _, s := range srcs {
		m[s.ID] = s.Name
	}
	return m
}

// dirSize is the size of the files under dir, following dir itself when it
// is the symlink a rebuild swaps.
func dirSize(dir string) (int64, error) {
	root, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return 0, fmt.Errorf("index size: %w", err)
	}
	var total int64
	err = filepath.WalkDir(root, func(_ string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			fi, err := d.Info()
			if err != nil {
				return err
			}
			total += fi.Size()
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("index size: %w", err)
	}
	return total, nil
}

// feedBatch is how many articles the feeder reads and indexes at a time.
const feedBatch = 200

// feedStore is what the feeder reads of the store.
type feedStore interface {
	ChangeState(ctx context.Context) (store.ChangeState, error)
	ArticlesChangedSince(ctx context.Context, cursor int64, limit int) ([]leakwatch.Article, int64, error)
	ArticlesChangedBefore(ctx context.Context, before int64, limit int) ([]leakwatch.Article, int64, error)
}

// feedIndex is what the feeder writes to.
type feedIndex interface {
	Index(ctx context.Context, arts []leakwatch.Article) error
	Count() (uint64, error)
}

// indexFeeder keeps serve's index fed from the store, as DESIGN.md has each
// API node do. It remembers the store's change cursor (in memory: on start
// it compares counts instead) and indexes every article stored or changed
// after it.
type indexFeeder struct {
	st     feedStore
	ix     feedIndex
	log    *slog.Logger
	cursor int64
}

// run catches up once, then refreshes every interval until ctx ends. A
// failed round is logged and retried at the next tick from the same cursor.
func (f *indexFeeder) run(ctx context.Context, every time.Duration) {
	for {
		err := f.catchUp(ctx)
		if err == nil {
			break
		}
		if ctx.Err() != nil {
			return
		}
		f.log.Error("serve: index catch-up failed; retrying", "err", err, "in", every)
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		if n, err := f.refresh(ctx); err != nil {
			if ctx.Err() != nil {
				return
			}
			f.log.Error("serve: index refresh failed; retrying at the next tick", "err", err, "indexed", n)
		} else if n > 0 {
			f.log.Info("serve: indexed new and changed articles from the store", "articles", n)
		}
	}
}

// catchUp sets the cursor to the store's latest change and, when the index
// holds fewer articles than the store (they were stored while another
// process held the index, or with --no-index), indexes the most recently
// changed articles, newest first, until the counts agree. The cursor is read
// first, so whatever changes meanwhile is left to refresh.
func (f *indexFeeder) catchUp(ctx context.Context) error {
	cs, err := f.st.ChangeState(ctx)
	if err != nil {
		return err
	}
	n, err := f.ix.Count()
	if err != nil {
		return err
	}
	f.cursor = cs.Cursor
	want := uint64(cs.Articles)
	if n > want {
		f.log.Warn("serve: the index holds more articles than the store; run `leakwatch reindex`", "indexed", n, "stored", want)
		return nil
	}
	// The missing articles are most likely the latest changes, so the first
	// batch is just as many and later ones grow from there.
	indexed, size := 0, int(min(want-n, feedBatch))
	for before := cs.Cursor + 1; n < want; size = min(2*size, feedBatch) {
		arts, next, err := f.st.ArticlesChangedBefore(ctx, before, size)
		if err != nil {
			return err
		}
		if len(arts) == 0 {
			break
		}
		if err := f.ix.Index(ctx, arts); err != nil {
			return err
		}
		indexed += len(arts)
		before = next
		if n, err = f.ix.Count(); err != nil {
			return err
		}
	}
	if indexed > 0 {
		f.log.Info("serve: indexed articles the index was missing", "articles", indexed, "indexed", n, "stored", want)
	}
	if n != want {
		f.log.Warn("serve: the index differs from the store; run `leakwatch reindex`", "indexed", n, "stored", want)
	}
	return nil
}

// refresh indexes the articles stored or changed since the cursor and
// advances it past each batch indexed. It returns how many it indexed.
func (f *indexFeeder) refresh(ctx context.Context) (int, error) {
	total := 0
	for {
		arts, next, err := f.st.ArticlesChangedSince(ctx, f.cursor, feedBatch)
		if err != nil || len(arts) == 0 {
			return total, err
		}
		if err := f.ix.Index(ctx, arts); err != nil {
			return total, err
		}
		f.cursor = next
		total += len(arts)
	}
}
