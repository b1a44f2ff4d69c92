package main

import (
	"context"
	"fmt"
	"io/fs"
	"net"
	"path/filepath"
	"strings"

	"github.com/leakwatch/leakwatch/api"
	"github.com/leakwatch/leakwatch/crawler"
	"github.com/leakwatch/leakwatch/digest"
	"github.com/leakwatch/leakwatch/index"
)

func init() {
	register(command{name: "serve", short: "serve the search API and the web page", run: runServe})
}

func runServe(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "serve", "[--data-dir DIR] [--addr 127.0.0.1:8080]")
	dataDir := dataDirFlag(fs, env)
	addr := addrFlag(fs, env)
	baseURL := fs.String("base-url", env.Getenv("LEAKWATCH_BASE_URL"), "absolute URL the server is reached at, for links in the Atom digest (env LEAKWATCH_BASE_URL; default http://ADDR)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageErrorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
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
	// A stale index still answers; say so rather than refuse to serve.
	if n, err := st.CountArticles(ctx); err != nil {
		return err
	} else if err := ix.Check(ctx, n); err != nil {
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
