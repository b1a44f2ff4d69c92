package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"

	leakwatch "github.com/leakwatch/leakwatch"
	"github.com/leakwatch/leakwatch/nlp"
)

// batchSize is how many articles go to bleve in one batch; scorch analyses
// a batch's documents in parallel and writes one segment per batch.
var batchSize = 500

// ErrOutOfDate reports that the index and the store hold different numbers
// of articles; `leakwatch reindex` rebuilds the index.
var ErrOutOfDate = errors.New("index out of date with the store")

// ErrLocked reports that another process has the index open for writing.
var ErrLocked = errors.New("in use by another process (leakwatch serve or crawl?)")

// lockTimeout is how long Open waits for another process to let go.
var lockTimeout = 3 * time.Second

// Index is an open bleve index of articles. Searches may run concurrently;
// writes (Index, Delete) are serialised: one writer at a time.
type Index struct {
	dir string
	bi  bleve.Index
	an  *Analyzer
	mu  sync.Mutex // the single writer
}

// Open opens the index at dir, creating it when missing. tok is the
// process's tokenizer; it becomes the tokenizer of the ja analyzer (see
// SetTokenizer).
func Open(dir string, tok *nlp.Tokenizer) (*Index, error) {
	if tok == nil {
		return nil, errors.New("index: open: nil tokenizer")
	}
	SetTokenizer(tok)
	an, err := NewAnalyzer(tok)
	if err != nil {
		return nil, err
	}
	// bbolt waits forever for the lock another process holds on the index
	// (leakwatch serve, a crawl); give up after a while with a clear error.
	bi, err := bleve.OpenUsing(dir, map[string]any{"bolt_timeout": lockTimeout.String()})
	if err != nil {
		if strings.Contains(err.Error(), "timeout") {
			return nil, fmt.Errorf("index: open %s: %w", dir, ErrLocked)
		}
		if !missingIndex(dir, err) {
			return nil, fmt.Errorf("index: open %s: %w", dir, err)
		}
		if bi, err = create(dir); err != nil {
			return nil, err
		}
	}
	return &Index{dir: dir, bi: bi, an: an}, nil
}

// missingIndex reports whether dir holds no index yet: it does not exist or
// is an empty directory.
func missingIndex(dir string, err error) bool {
	if errors.Is(err, bleve.ErrorIndexPathDoesNotExist) {
		return true
	}
	ents, rerr := os.ReadDir(dir)
	return rerr == nil && len(ents) == 0
}

// create makes a new empty index at dir. The index lives in a generation
// directory beside dir and dir is a symbolic link to it, so Rebuild can
// later swap in a new generation with one atomic rename.
func create(dir string) (bleve.Index, error) {
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return nil, fmt.Errorf("index: create: %w", err)
	}
	if ents, err := os.ReadDir(dir); err == nil && len(ents) == 0 {
		if err := os.Remove(dir); err != nil {
			return nil, fmt.Errorf("index: create: %w", err)
		}
	}
	gen := generation(dir)
	bi, err := bleve.New(gen, newMapping())
	if err != nil {
		return nil, fmt.Errorf("index: create %s: %w", gen, err)
	}
	if err := os.Symlink(filepath.Base(gen), dir); err != nil {
		bi.Close()
		os.RemoveAll(gen)
		return nil, fmt.Errorf("index: create: %w", err)
	}
	return bi, nil
}

// generation names a new generation directory for the index at dir.
func generation(dir string) string {
	return dir + ".g" + strconv.FormatInt(time.Now().UnixNano(), 36)
}

// Dir is the directory the index was opened at.
func (ix *Index) Dir() string { return ix.dir }

// Index adds or replaces articles, keyed by article ID, in batches.
func (ix *Index) Index(ctx context.Context, arts []leakwatch.Article) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	w := newWriter(ix.bi)
	for _, a := range arts {
		if err := w.add(ctx, a); err != nil {
			w.flush()
			return err
		}
	}
	return w.flush()
}

// Delete removes articles by ID; unknown IDs are ignored.
func (ix *Index) Delete(ctx context.Context, ids ...int64) error {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	b := ix.bi.NewBatch()
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return err
		}
		b.Delete(docID(id))
	}
	if err := ix.bi.Batch(b); err != nil {
		return fmt.Errorf("index: delete: %w", err)
	}
	return nil
}

// Count is the number of articles in the index.
func (ix *Index) Count() (uint64, error) {
	n, err := ix.bi.DocCount()
	if err != nil {
		return 0, fmt.Errorf("index: count: %w", err)
	}
	return n, nil
}

// Check compares the index with the store's article count and returns an
// error wrapping ErrOutOfDate when they differ.
func (ix *Index) Check(ctx context.Context, storeCount int) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	n, err := ix.Count()
	if err != nil {
		return err
	}
	if n != uint64(storeCount) {
		return fmt.Errorf("index: %d articles indexed, %d in the store: %w (run `leakwatch reindex`)", n, storeCount, ErrOutOfDate)
	}
	return nil
}

// Close closes the index.
func (ix *Index) Close() error {
	if err := ix.bi.Close(); err != nil {
		return fmt.Errorf("index: close: %w", err)
	}
	return nil
}

// writer batches articles into a bleve index. Up to inFlight batches are
// written at once: scorch analyses a batch's documents in parallel but then
// builds its segment on the calling goroutine alone, so with one batch at a
// time a core idles while the segment is built. Batches of the same writer
// that share an article wait for each other, so the last version wins.
type writer struct {
	bi   bleve.Index
	b    *bleve.Batch
	ids  map[string]bool // ids in b
	busy []flight        // batches being written
	err  error           // the first failed batch's error
}

type flight struct {
	ids  map[string]bool
	done chan error
}

// inFlight is how many batches a writer has scorch write at once.
const inFlight = 2

func newWriter(bi bleve.Index) *writer {
	return &writer{bi: bi, b: bi.NewBatch(), ids: map[string]bool{}}
}

func (w *writer) add(ctx context.Context, a leakwatch.Article) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if a.ID <= 0 {
		return fmt.Errorf("index: article %q has no id: %w", a.URL, leakwatch.ErrInvalid)
	}
	doc, err := document(a)
	if err != nil {
		return fmt.Errorf("index: article %d: %w", a.ID, err)
	}
	id := docID(a.ID)
	if err := w.b.Index(id, doc); err != nil {
		return fmt.Errorf("index: article %d: %w", a.ID, err)
	}
	w.ids[id] = true
	if w.b.Size() >= batchSize {
		return w.send()
	}
	return nil
}

// send hands the current batch to scorch without waiting for it, after the
// batches it must follow.
func (w *writer) send() error {
	if w.b.Size() == 0 {
		return w.err
	}
	for len(w.busy) >= inFlight || len(w.busy) > 0 && w.overlaps() {
		w.wait1()
	}
	if w.err != nil {
		return w.err
	}
	f := flight{ids: w.ids, done: make(chan error, 1)}
	b := w.b
	go func() { f.done <- w.bi.Batch(b) }()
	w.busy = append(w.busy, f)
	w.b, w.ids = w.bi.NewBatch(), map[string]bool{}
	return nil
}

// overlaps reports whether the current batch holds an article that a batch
// being written holds too.
func (w *writer) overlaps() bool {
	for _, f := range w.busy {
		for id := range w.ids {
			if f.ids[id] {
				return true
			}
		}
	}
	return false
}

// wait1 waits for the oldest batch being written.
func (w *writer) wait1() {
	f := w.busy[0]
	w.busy = w.busy[1:]
	if err := <-f.done; err != nil && w.err == nil {
		w.err = fmt.Errorf("index: write batch: %w", err)
	}
}

// flush writes what is left and waits for every batch. It must be called
// once the writer is done, also after an error, so no goroutine outlives it.
func (w *writer) flush() error {
	err := w.send()
	for len(w.busy) > 0 {
		w.wait1()
	}
	if err != nil {
		return err
	}
	return w.err
}

// Rebuild builds a new index at dir from the articles each yields (it calls
// its argument once per article, e.g. store.EachArticle), in a new
// generation directory, then swaps it in: dir is a symbolic link, replaced
// with one rename, so readers see the old index or the new one, never a
// half-built one. Processes holding the old index open keep reading it until
// they reopen. The old generation is removed. It returns the number of
// articles indexed.
func Rebuild(ctx context.Context, dir string, tok *nlp.Tokenizer, each func(func(leakwatch.Article) error) error) (int, error) {
	if tok == nil {
		return 0, errors.New("index: rebuild: nil tokenizer")
	}
	SetTokenizer(tok)
	if _, err := NewAnalyzer(tok); err != nil {
		return 0, err
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return 0, fmt.Errorf("index: rebuild: %w", err)
	}
	gen := generation(dir)
	bi, err := bleve.New(gen, newMapping())
	if err != nil {
		return 0, fmt.Errorf("index: rebuild: create %s: %w", gen, err)
	}
	fail := func(err error) (int, error) {
		bi.Close()
		os.RemoveAll(gen)
		return 0, err
	}
	w := newWriter(bi)
	if err := each(func(a leakwatch.Article) error { return w.add(ctx, a) }); err != nil {
		w.flush()
		return fail(fmt.Errorf("index: rebuild: %w", err))
	}
	if err := w.flush(); err != nil {
		return fail(err)
	}
	n, err := bi.DocCount()
	if err != nil {
		return fail(fmt.Errorf("index: rebuild: count: %w", err))
	}
	if err := bi.Close(); err != nil {
		os.RemoveAll(gen)
		return 0, fmt.Errorf("index: rebuild: close: %w", err)
	}
	if err := swap(dir, gen); err != nil {
		os.RemoveAll(gen)
		return 0, err
	}
	return int(n), nil
}

// swap points dir at gen and removes the generation it pointed at before.
func swap(dir, gen string) error {
	old, _ := os.Readlink(dir)
	tmp := gen + ".link"
	if err := os.Symlink(filepath.Base(gen), tmp); err != nil {
		return fmt.Errorf("index: swap: %w", err)
	}
	if err := os.Rename(tmp, dir); err != nil {
		// dir is a real directory (an index made by an older version or by
		// hand): move it aside first. Only here is there a moment without
		// an index at dir.
		fi, serr := os.Lstat(dir)
		if serr != nil || !fi.IsDir() {
			os.Remove(tmp)
			return fmt.Errorf("index: swap: %w", err)
		}
		aside := gen + ".old"
		if err := os.Rename(dir, aside); err != nil {
			os.Remove(tmp)
			return fmt.Errorf("index: swap: %w", err)
		}
		if err := os.Rename(tmp, dir); err != nil {
			os.Rename(aside, dir)
			os.Remove(tmp)
			return fmt.Errorf("index: swap: %w", err)
		}
		return os.RemoveAll(aside)
	}
	// Remove the previous generation and any left by an interrupted rebuild.
	parent, base := filepath.Dir(dir), filepath.Base(dir)
	ents, _ := os.ReadDir(parent)
	for _, e := range ents {
		name := e.Name()
		if strings.HasPrefix(name, base+".g") && name != filepath.Base(gen) {
			os.RemoveAll(filepath.Join(parent, name))
		}
	}
	_ = old
	return nil
}
