package main

import (
	"context"
	"fmt"
	"time"

	"github.com/leakwatch/leakwatch"
	"github.com/leakwatch/leakwatch/index"
)

func init() {
	register(command{name: "reindex", short: "rebuild the search index from the store", run: runReindex})
}

func runReindex(ctx context.Context, env *Env, args []string) error {
	fs := newFlagSet(env, "reindex", "[--data-dir DIR]")
	dataDir := dataDirFlag(fs, env)
	if err := parseFlagsNoArgs(fs, args); err != nil {
		return err
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
	stored, err := st.CountArticles(ctx)
	if err != nil {
		return err
	}
	t0 := time.Now()
	n, err := index.Rebuild(ctx, indexPath(*dataDir), tok, func(fn func(leakwatch.Article) error) error {
		return st.EachArticle(ctx, fn)
	})
	if err != nil {
		return fmt.Errorf("reindex: %w (the previous index is unchanged)", err)
	}
	took := time.Since(t0)
	rate := 0.0
	if took > 0 {
		rate = float64(n) / took.Seconds()
	}
	fmt.Fprintf(env.Stdout, "indexed %d articles (store: %d) into %s in %s (%.0f articles/s)\n",
		n, stored, indexPath(*dataDir), took.Round(time.Millisecond), rate)
	if n != stored {
		// Articles came or went while the index was built (a crawl running).
		return &partialError{msg: fmt.Sprintf("the store changed during the rebuild: %d articles indexed, %d stored now; run reindex again", n, stored)}
	}
	return nil
}
