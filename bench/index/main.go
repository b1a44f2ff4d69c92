// Command index-bench measures the leakwatch search index against SQLite
// FTS5 (trigram tokenizer) on one generated corpus of Japanese breach news:
// indexing rate, size on disk, query latency and peak memory. Each engine
// runs in a child process of its own so peak memory is its own. See README.md.
package main

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"syscall"
	"time"
	"unicode/utf8"

	_ "modernc.org/sqlite"

	"github.com/leakwatch/leakwatch"
	"github.com/leakwatch/leakwatch/index"
	"github.com/leakwatch/leakwatch/nlp"
)

// result is what one engine's child process reports.
type result struct {
	Engine       string  `json:"engine"`
	Articles     int     `json:"articles"`
	IndexSeconds float64 `json:"index_seconds"`
	Rate         float64 `json:"articles_per_second"`
	Bytes        int64   `json:"bytes"`
	P50, P90     float64 // milliseconds, all queries
	P99, Max     float64
	P50Plain     float64 `json:"p50_plain"` // queries without filters
	P99Plain     float64 `json:"p99_plain"`
	P50Filtered  float64 `json:"p50_filtered"`
	P99Filtered  float64 `json:"p99_filtered"`
	Hits         uint64  `json:"hits"` // sum of totals over the queries
	// CPU time of the process per query (all threads, GC included): less
	// sensitive to other jobs on the machine than wall-clock latency.
	CPUP50       float64 `json:"cpu_p50"`
	CPUP99       float64 `json:"cpu_p99"`
	SetupSeconds float64 `json:"setup_seconds"`
	// IndexCPU is the CPU time (user+system, all threads) the indexing took:
	// on a shared machine articles per CPU-second varies less than the rate.
	IndexCPU   float64 `json:"index_cpu_seconds"`
	PeakRSSMiB float64 `json:"peak_rss_mib"`
}

func main() {
	n := flag.Int("n", 100_000, "articles in the corpus")
	nq := flag.Int("queries", 200, "queries in the mix (plus 20 warm-up)")
	seed := flag.Uint64("seed", 1, "corpus and query seed")
	dir := flag.String("dir", "", "work directory (default: a new temporary directory, removed afterwards)")
	engines := flag.String("engines", "ja,fts5", "engines to run, in order")
	engine := flag.String("engine", "", "run one engine in this process (used by the parent)")
	reuse := flag.Bool("reuse", false, "with -engine ja and -dir: query an index built by an earlier run instead of building one")
	cpuprofile := flag.String("cpuprofile", "", "write a CPU profile of the engine run to this file (with -engine)")
	flag.Parse()

	if *engine != "" {
		if *cpuprofile != "" {
			f, err := os.Create(*cpuprofile)
			if err != nil {
				fmt.Fprintln(os.Stderr, "index-bench:", err)
				os.Exit(1)
			}
			pprof.StartCPUProfile(f)
			defer pprof.StopCPUProfile()
		}
		reuseIndex = *reuse
		r, err := runEngine(*engine, *dir, *n, *nq, *seed)
		if err != nil {
			fmt.Fprintln(os.Stderr, "index-bench:", err)
			pprof.StopCPUProfile()
			os.Exit(1)
		}
		json.NewEncoder(os.Stdout).Encode(r)
		return
	}

	work := *dir
	if work == "" {
		d, err := os.MkdirTemp("", "leakwatch-index-bench")
		if err != nil {
			fmt.Fprintln(os.Stderr, "index-bench:", err)
			os.Exit(1)
		}
		defer os.RemoveAll(d)
		work = d
	}
	fmt.Printf("corpus: %d articles (seed %d), %d queries; GOMAXPROCS %d, %d CPUs; load before: %s\n",
		*n, *seed, *nq, runtime.GOMAXPROCS(0), runtime.NumCPU(), loadavg())
	var results []result
	for _, e := range strings.Split(*engines, ",") {
		r, err := child(e, work, *n, *nq, *seed)
		if err != nil {
			fmt.Fprintln(os.Stderr, "index-bench:", err)
			os.Exit(1)
		}
		results = append(results, r)
		fmt.Printf("%s done; load: %s\n", e, loadavg())
	}
	report(results)
}

func loadavg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:3], " ")
}

// child runs one engine in a new process and reads its result and peak RSS.
func child(engine, work string, n, nq int, seed uint64) (result, error) {
	exe, err := os.Executable()
	if err != nil {
		return result{}, err
	}
	cmd := exec.Command(exe, "-engine", engine, "-dir", filepath.Join(work, engine), "-n", fmt.Sprint(n), "-queries", fmt.Sprint(nq), "-seed", fmt.Sprint(seed))
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return result{}, fmt.Errorf("%s: %w", engine, err)
	}
	var r result
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		return result{}, fmt.Errorf("%s: %w", engine, err)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		r.PeakRSSMiB = float64(ru.Maxrss) / 1024 // KiB on Linux
	}
	return r, nil
}

func report(rs []result) {
	fmt.Printf("\n| engine | articles/s (wall) | articles per CPU-second | index size | query p50 / p90 / p99 / max (ms) | plain p50 / p99 | filtered p50 / p99 | CPU ms per query p50 / p99 | hits | peak RSS |\n|---|---|---|---|---|---|---|---|---|---|\n")
	for _, r := range rs {
		fmt.Printf("| %s | %.0f (%.1f s) | %.0f | %.0f MB | %.2f / %.2f / %.2f / %.1f | %.2f / %.2f | %.2f / %.2f | %.2f / %.2f | %d | %.0f MiB |\n",
			r.Engine, r.Rate, r.IndexSeconds, float64(r.Articles)/r.IndexCPU, float64(r.Bytes)/1e6, r.P50, r.P90, r.P99, r.Max,
			r.P50Plain, r.P99Plain, r.P50Filtered, r.P99Filtered, r.CPUP50, r.CPUP99, r.Hits, r.PeakRSSMiB)
	}
	if len(rs) < 2 {
		return
	}
	a, b := rs[0], rs[1]
	fmt.Printf("\nratios %s / %s: indexing rate %.2f× (per CPU-second %.2f×), size %.2f×, p50 %.2f×, p99 %.2f×, CPU per query p50 %.2f× p99 %.2f×, peak RSS %.2f×\n",
		a.Engine, b.Engine, a.Rate/b.Rate, b.IndexCPU/a.IndexCPU, float64(a.Bytes)/float64(b.Bytes), a.P50/b.P50, a.P99/b.P99,
		a.CPUP50/b.CPUP50, a.CPUP99/b.CPUP99, a.PeakRSSMiB/b.PeakRSSMiB)
}

func runEngine(engine, dir string, n, nq int, seed uint64) (result, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return result{}, err
	}
	qs := queries(seed, nq+20)
	switch engine {
	case "ja":
		return runJA(dir, n, qs, seed)
	case "fts5":
		return runFTS5(dir, n, qs, seed)
	}
	return result{}, fmt.Errorf("unknown engine %q", engine)
}

// reuseIndex skips building the ja index when one is there (-reuse).
var reuseIndex bool

// batch is how many generated articles are handed to the engine at once.
const batch = 1000

func runJA(dir string, n int, qs []benchQuery, seed uint64) (result, error) {
	ctx := context.Background()
	r := result{Engine: "ja", Articles: n}
	t0 := time.Now()
	tok, err := nlp.NewTokenizer()
	if err != nil {
		return r, err
	}
	path := filepath.Join(dir, "index")
	ix, err := index.Open(path, tok)
	if err != nil {
		return r, err
	}
	r.SetupSeconds = time.Since(t0).Seconds()
	start, cpu0 := time.Now(), cpuSeconds()
	arts := make([]leakwatch.Article, 0, batch)
	if reuseIndex {
		n = 0
	}
	for i := 0; i < n; i++ {
		arts = append(arts, article(seed, i))
		if len(arts) == batch || i == n-1 {
			if err := ix.Index(ctx, arts); err != nil {
				return r, err
			}
			arts = arts[:0]
		}
	}
	// Close waits for scorch to persist what it holds in memory.
	if err := ix.Close(); err != nil {
		return r, err
	}
	r.IndexSeconds = time.Since(start).Seconds()
	r.IndexCPU = cpuSeconds() - cpu0
	r.Rate = float64(n) / r.IndexSeconds
	if r.Bytes, err = du(path); err != nil {
		return r, err
	}
	if ix, err = index.Open(path, tok); err != nil {
		return r, err
	}
	defer ix.Close()
	err = timeQueries(&r, qs, func(q benchQuery) (uint64, error) {
		res, err := ix.Search(ctx, leakwatch.Query{Text: strings.Join(q.Words, " "), Causes: causes(q.Cause),
			From: q.From, To: q.To, MinRecords: q.MinRecords, Size: 10})
		return res.Total, err
	})
	return r, err
}

func causes(c leakwatch.Cause) []leakwatch.Cause {
	if c == "" {
		return nil
	}
	return []leakwatch.Cause{c}
}

func runFTS5(dir string, n int, qs []benchQuery, seed uint64) (result, error) {
	ctx := context.Background()
	r := result{Engine: "fts5", Articles: n}
	path := filepath.Join(dir, "fts.db")
	db, err := sql.Open("sqlite", path+"?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)")
	if err != nil {
		return r, err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, s := range []string{
		`CREATE TABLE meta(id INTEGER PRIMARY KEY, source TEXT, cause TEXT, published INTEGER, records INTEGER)`,
		`CREATE VIRTUAL TABLE docs USING fts5(title, body, tokenize='trigram')`,
	} {
		if _, err := db.ExecContext(ctx, s); err != nil {
			return r, err
		}
	}
	start, cpu0 := time.Now(), cpuSeconds()
	for i := 0; i < n; i += batch {
		tx, err := db.BeginTx(ctx, nil)
		if err != nil {
			return r, err
		}
		for j := i; j < min(i+batch, n); j++ {
			a := article(seed, j)
			in := a.Incidents[0]
			if _, err := tx.ExecContext(ctx, `INSERT INTO meta VALUES(?,?,?,?,?)`, a.ID, a.SourceID, string(in.Causes[0]), a.Published.Unix(), *in.Records); err != nil {
				tx.Rollback()
				return r, err
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO docs(rowid, title, body) VALUES(?,?,?)`, a.ID, a.Title, a.Text); err != nil {
				tx.Rollback()
				return r, err
			}
		}
		if err := tx.Commit(); err != nil {
			return r, err
		}
	}
	if _, err := db.ExecContext(ctx, `PRAGMA wal_checkpoint(TRUNCATE)`); err != nil {
		return r, err
	}
	r.IndexSeconds = time.Since(start).Seconds()
	r.IndexCPU = cpuSeconds() - cpu0
	r.Rate = float64(n) / r.IndexSeconds
	if r.Bytes, err = du(dir); err != nil {
		return r, err
	}
	err = timeQueries(&r, qs, func(q benchQuery) (uint64, error) {
		where, args := ftsWhere(q)
		rows, err := db.QueryContext(ctx, `SELECT docs.rowid FROM docs JOIN meta ON meta.id = docs.rowid WHERE `+where+` ORDER BY rank LIMIT 10`, args...)
		if err != nil {
			return 0, err
		}
		for rows.Next() {
		}
		rows.Close()
		var total uint64
		err = db.QueryRowContext(ctx, `SELECT count(*) FROM docs JOIN meta ON meta.id = docs.rowid WHERE `+where, args...).Scan(&total)
		return total, err
	})
	return r, err
}

// ftsWhere writes q for FTS5: words of three characters or more as quoted
// trigram MATCH terms (all required), shorter ones, which a trigram index
// cannot look up, as LIKE over the candidates.
func ftsWhere(q benchQuery) (string, []any) {
	var match []string
	var conds []string
	var args []any
	for _, w := range q.Words {
		if utf8.RuneCountInString(w) >= 3 {
			match = append(match, `"`+strings.ReplaceAll(w, `"`, `""`)+`"`)
		} else {
			conds = append(conds, `(docs.title LIKE ? OR docs.body LIKE ?)`)
			args = append(args, "%"+w+"%", "%"+w+"%")
		}
	}
	if len(match) > 0 {
		conds = append([]string{`docs MATCH ?`}, conds...)
		args = append([]any{strings.Join(match, " ")}, args...)
	}
	if q.Cause != "" {
		conds = append(conds, `meta.cause = ?`)
		args = append(args, string(q.Cause))
	}
	if !q.From.IsZero() {
		conds = append(conds, `meta.published >= ? AND meta.published < ?`)
		args = append(args, q.From.Unix(), q.To.AddDate(0, 0, 1).Unix())
	}
	if q.MinRecords != nil {
		conds = append(conds, `meta.records >= ?`)
		args = append(args, *q.MinRecords)
	}
	return strings.Join(conds, " AND "), args
}

// timeQueries runs the warm-up queries, then times each of the rest.
func timeQueries(r *result, qs []benchQuery, run func(benchQuery) (uint64, error)) error {
	for _, q := range qs[:20] {
		if _, err := run(q); err != nil {
			return fmt.Errorf("query %v: %w", q.Words, err)
		}
	}
	var all, plain, filtered, cpu []float64
	for _, q := range qs[20:] {
		t, c := time.Now(), cpuSeconds()
		total, err := run(q)
		ms := float64(time.Since(t).Microseconds()) / 1000
		cpu = append(cpu, (cpuSeconds()-c)*1000)
		if err != nil {
			return fmt.Errorf("query %v: %w", q.Words, err)
		}
		r.Hits += total
		all = append(all, ms)
		if q.Cause == "" && q.From.IsZero() && q.MinRecords == nil {
			plain = append(plain, ms)
		} else {
			filtered = append(filtered, ms)
		}
	}
	r.P50, r.P90, r.P99, r.Max = pct(all, 50), pct(all, 90), pct(all, 99), pct(all, 100)
	r.P50Plain, r.P99Plain = pct(plain, 50), pct(plain, 99)
	r.P50Filtered, r.P99Filtered = pct(filtered, 50), pct(filtered, 99)
	r.CPUP50, r.CPUP99 = pct(cpu, 50), pct(cpu, 99)
	return nil
}

// pct is the p-th percentile, nearest rank.
func pct(v []float64, p float64) float64 {
	if len(v) == 0 {
		return 0
	}
	v = slices.Clone(v)
	slices.Sort(v)
	i := int(p/100*float64(len(v))+0.5) - 1
	return v[max(0, min(i, len(v)-1))]
}

// cpuSeconds is the process's CPU time so far.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// du sums the sizes of the files under dir, following a link at dir.
func du(dir string) (int64, error) {
	if real, err := filepath.EvalSymlinks(dir); err == nil {
		dir = real
	}
	var total int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		fi, err := d.Info()
		if err == nil {
			total += fi.Size()
		}
		return err
	})
	return total, err
}
