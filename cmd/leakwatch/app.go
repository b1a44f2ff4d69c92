package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"sync"

	"github.com/leakwatch/leakwatch"
	"github.com/leakwatch/leakwatch/index"
	"github.com/leakwatch/leakwatch/nlp"
	"github.com/leakwatch/leakwatch/store"
)

// Shared wiring for the commands that touch stored data.

// storePath and indexPath are where a data directory keeps the store and the index.
func storePath(dataDir string) string { return filepath.Join(dataDir, "leakwatch.db") }
func indexPath(dataDir string) string { return filepath.Join(dataDir, "index") }

// openStore opens (creating the data directory and the database if need be)
// the store of a data directory.
func openStore(ctx context.Context, dataDir string) (*store.Store, error) {
	if dataDir == "" {
		return nil, usageErrorf("--data-dir is empty")
	}
	if err := os.MkdirAll(dataDir, 0o755); err != nil {
		return nil, fmt.Errorf("create data directory: %w", err)
	}
	return store.Open(ctx, storePath(dataDir))
}

// writer is what the commands that store articles (crawl, import,
// reanalyze) work with: the analyzer, the store and the index, which is nil
// with --no-index, when there is none yet, or when serve holds it.
type writer struct {
	an          *nlp.Analyzer
	st          *store.Store
	ix          *index.Index
	indexLocked bool
}

// openWriter opens what a storing command needs; withIndex false skips the
// index. what names the articles for the warning when serve holds the index.
func openWriter(ctx context.Context, env *Env, cmd, dataDir string, withIndex bool, what string) (*writer, error) {
	an, err := newAnalyzer()
	if err != nil {
		return nil, err
	}
	st, err := openStore(ctx, dataDir)
	if err != nil {
		return nil, err
	}
	w := &writer{an: an, st: st}
	if withIndex {
		if w.ix, w.indexLocked, err = openWriterIndex(env, cmd, dataDir, what); err != nil {
			st.Close()
			return nil, err
		}
	}
	return w, nil
}

func (w *writer) Close() {
	if w.ix != nil {
		w.ix.Close()
	}
	w.st.Close()
}

// openWriterIndex opens the index for a command that stores articles (crawl,
// import, reanalyze). When another process holds the index, which is
// leakwatch serve when it runs, it logs one warning and returns a nil index
// and locked true: the command stores and analyses as usual, and serve
// indexes what changed from the store within its --refresh interval.
func openWriterIndex(env *Env, cmd, dataDir, what string) (ix *index.Index, locked bool, err error) {
	tok, err := tokenizer()
	if err != nil {
		return nil, false, err
	}
	ix, err = index.Open(indexPath(dataDir), tok)
	if errors.Is(err, index.ErrLocked) {
		env.Logger.Warn(cmd+": index in use by another process, normally leakwatch serve; it will pick up the "+what+
			" from the store (if serve is not running, run leakwatch reindex afterwards)", "index", indexPath(dataDir))
		return nil, true, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("open index (or use --no-index and run reindex later): %w", err)
	}
	return ix, false, nil
}

// indexQueue adds stored articles to the search index in batches, after they
// are stored: the store is the record, and the index can always be rebuilt
// from it. A nil index (--no-index, or held by serve) makes it a no-op.
type indexQueue struct {
	ix      *index.Index
	logger  *slog.Logger
	what    string // for the log: "imported articles"
	pending []leakwatch.Article
	failed  int
}

func (q *indexQueue) add(ctx context.Context, a leakwatch.Article) {
	if q.ix == nil {
		return
	}
	a.Raw = nil
	if q.pending = append(q.pending, a); len(q.pending) >= indexBatch {
		q.flush(ctx)
	}
}

// flush indexes what is pending. It is not cancelled with ctx: articles
// stored before an interrupt are indexed as well; a batch takes well under a
// second.
func (q *indexQueue) flush(ctx context.Context) {
	if q.ix == nil || len(q.pending) == 0 {
		return
	}
	if err := q.ix.Index(context.WithoutCancel(ctx), q.pending); err != nil {
		q.failed += len(q.pending)
		q.logger.Error("index "+q.what, "count", len(q.pending), "err", err)
	}
	q.pending = q.pending[:0]
}

// sharedNLP loads the kagome dictionary once per process (about half a
// second and 150 MiB), however many commands Main runs, as tests do.
var sharedNLP = sync.OnceValues(func() (*nlp.Tokenizer, error) { return nlp.NewTokenizer() })

// tokenizer returns the process's tokenizer.
func tokenizer() (*nlp.Tokenizer, error) { return sharedNLP() }

// newAnalyzer builds the incident analyzer on the process's tokenizer.
func newAnalyzer() (*nlp.Analyzer, error) {
	tok, err := tokenizer()
	if err != nil {
		return nil, err
	}
	return nlp.NewAnalyzer(tok), nil
}

// analyzeText is what an article is analysed on: its text, or the feed
// summary when the page could not be fetched.
func analyzeText(a leakwatch.Article) string {
	if a.Text != "" {
		return a.Text
	}
	return a.Summary
}

// ingestResult says what storing one article did.
type ingestResult struct {
	Created   bool
	Incidents int
}

// ingest is the path every new article takes, crawled or imported: store it
// (by canonical URL, so a rerun updates rather than duplicates), read it with
// nlp, and store its incidents. a.ID, a.IsIncident and a.Incidents are set on
// success. The article is stored before it is analysed, so a crash between
// the two loses nothing: reanalyze (or the next import) completes it.
func ingest(ctx context.Context, st *store.Store, an *nlp.Analyzer, a *leakwatch.Article) (ingestResult, error) {
	created, err := st.UpsertArticle(ctx, a)
	if err != nil {
		return ingestResult{}, err
	}
	res := an.Analyze(a.Title, analyzeText(*a))
	if err := st.SaveAnalysis(ctx, a.ID, res); err != nil {
		return ingestResult{Created: created}, err
	}
	a.IsIncident, a.Incidents = res.IsIncident, res.Incidents
	return ingestResult{Created: created, Incidents: len(res.Incidents)}, nil
}
