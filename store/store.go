// Package store keeps leakwatch's records in SQLite (modernc.org/sqlite, pure
// Go): articles keyed by canonical URL with their raw page archived
// gzip-compressed, the incidents read from them, per-feed crawl state and
// crawl runs.
//
// The schema lives in migrations/NNN_name.sql, embedded and applied in order
// on Open; applied versions are recorded in schema_migrations, so reopening a
// database applies only what is new. The database runs in WAL mode with a busy
// timeout and foreign keys on, and every write is one transaction.
//
// Duplicates: each article's ContentHash is the SHA-256 of its normalised text
// (see ContentHash). Articles sharing a hash are the same text under several
// URLs; the one with the lowest id is the original. Reports and Stats count
// only originals, so a syndicated copy does not count a breach twice;
// ArticleByHash and DuplicateOf expose the relation.
//
// Times are stored as Unix nanoseconds and returned in leakwatch.JST.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/leakwatch/leakwatch"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// busyTimeout is how long a write waits for another process (a crawl while
// serve runs) to release the database before failing.
const busyTimeout = 10 * time.Second

// The reader pool: connections, page cache per connection, and how much of
// the file each maps (shared with the OS page cache, so it costs address
// space, not memory).
const (
	readers        = 16
	readerCacheKiB = 16 << 10
	readerMmap     = 1 << 30
)

// Store is an open leakwatch database. It is safe for concurrent use.
type Store struct {
	// w has a single connection, so writes in this process queue in Go rather
	// than fight over SQLite's lock; its transactions begin IMMEDIATE so a
	// transaction never has to upgrade a read lock and fail with SQLITE_BUSY.
	w *sql.DB
	// r serves reads; in WAL mode they run beside the writer.
	r *sql.DB
}

// Open opens or creates the database at path and brings its schema up to date.
// path ":memory:" gives a private in-memory database (one connection, no WAL),
// for tests.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, fmt.Errorf("store: open: empty path: %w", leakwatch.ErrInvalid)
	}
	var s *Store
	if path == ":memory:" {
		db, err := sql.Open("sqlite", ":memory:?_pragma=foreign_keys(1)&_txlock=immediate")
		if err != nil {
			return nil, fmt.Errorf("store: open: %w", err)
		}
		db.SetMaxOpenConns(1)
		db.SetConnMaxLifetime(0)
		db.SetConnMaxIdleTime(0)
		s = &Store{w: db, r: db}
	} else {
		if strings.ContainsAny(path, "?#") {
			return nil, fmt.Errorf("store: open %s: path may not contain '?' or '#': %w", path, leakwatch.ErrInvalid)
		}
		common := fmt.Sprintf("_pragma=busy_timeout(%d)&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)",
			busyTimeout.Milliseconds())
		w, err := sql.Open("sqlite", path+"?"+common+"&_pragma=journal_mode(WAL)&_txlock=immediate")
		if err != nil {
			return nil, fmt.Errorf("store: open %s: %w", path, err)
		}
		w.SetMaxOpenConns(1)
		w.SetConnMaxIdleTime(0)
		w.SetConnMaxLifetime(0)
		r, err := sql.Open("sqlite", path+"?"+common+fmt.Sprintf("&_pragma=query_only(1)&_pragma=cache_size(-%d)&_pragma=mmap_size(%d)",
			readerCacheKiB, readerMmap))
		if err != nil {
			w.Close()
			return nil, fmt.Errorf("store: open %s: %w", path, err)
		}
		// Reads are short index walks, so a few connections per core keep
		// the CPUs busy while others wait on the page cache; each has its
		// own cache (readerCacheKiB) on top of the shared memory map.
		r.SetMaxOpenConns(readers)
		r.SetMaxIdleConns(readers)
		s = &Store{w: w, r: r}
	}
	// The writer connects first, so the file exists in WAL mode and is
	// migrated before any reader (which is query_only) looks at it.
	if err := s.migrate(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	return s, nil
}

// Close closes the database.
func (s *Store) Close() error {
	var errs []error
	if s.r != s.w {
		errs = append(errs, s.r.Close())
	}
	errs = append(errs, s.w.Close())
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("store: close: %w", err)
	}
	return nil
}

// Ping checks that the database answers, for health checks.
func (s *Store) Ping(ctx context.Context) error {
	var one int
	if err := s.r.QueryRowContext(ctx, "SELECT 1").Scan(&one); err != nil {
		return fmt.Errorf("store: ping: %w", err)
	}
	return nil
}

type migration struct {
	version int
	name    string
	sql     string
}

// migrations reads the embedded migration files, ordered by version.
func migrations() ([]migration, error) {
	files, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	var ms []migration
	seen := map[int]string{}
	for _, f := range files {
		base := strings.TrimSuffix(path.Base(f), ".sql")
		num, name, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration file %s: name must be NNN_name.sql", f)
		}
		if other, dup := seen[v]; dup {
			return nil, fmt.Errorf("migrations %s and %s share version %d", other, f, v)
		}
		seen[v] = f
		body, err := migrationFS.ReadFile(f)
		if err != nil {
			return nil, err
		}
		ms = append(ms, migration{version: v, name: name, sql: string(body)})
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].version < ms[j].version })
	return ms, nil
}

// migrate applies the migrations the database has not seen, each in its own
// transaction together with its record, so a crash leaves the schema at a
// version boundary.
func (s *Store) migrate(ctx context.Context) error {
	ms, err := migrations()
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	if _, err := s.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied INTEGER NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	latest := 0
	if len(ms) > 0 {
		latest = ms[len(ms)-1].version
	}
	for _, m := range ms {
		err := s.tx(ctx, func(tx *sql.Tx) error {
			// Checked inside the (immediate) transaction: another process
			// opening the same file at the same time may have applied it.
			var have int
			if err := tx.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&have); err != nil {
				return err
			}
			if have > latest {
				return fmt.Errorf("database schema version %d is newer than this leakwatch knows (%d)", have, latest)
			}
			var n int
			if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM schema_migrations WHERE version = ?", m.version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			if _, err := tx.ExecContext(ctx, m.sql); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, applied) VALUES (?, ?, ?)",
				m.version, m.name, time.Now().UnixNano())
			return err
		})
		if err != nil {
			return fmt.Errorf("migrate %03d_%s: %w", m.version, m.name, err)
		}
	}
	return nil
}

// SchemaVersion is the highest migration applied to the database.
func (s *Store) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	if err := s.r.QueryRowContext(ctx, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations").Scan(&v); err != nil {
		return 0, fmt.Errorf("store: schema version: %w", err)
	}
	return v, nil
}

// tx runs fn in a write transaction, committing when it returns nil and
// rolling back otherwise, so a failure leaves nothing half-written.
func (s *Store) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// querier is what reads need: the reader pool or a read transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// read runs fn in one read transaction, so reads that take several queries
// (an article, then its incidents, then their causes) see one snapshot even
// while SaveAnalysis replaces incidents beside them.
func (s *Store) read(ctx context.Context, fn func(querier) error) error {
	tx, err := s.r.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // read-only; nothing to undo
	return fn(tx)
}

// nanos stores a time; the zero time is NULL.
func nanos(t time.Time) sql.NullInt64 {
	if t.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: t.UnixNano(), Valid: true}
}

// fromNanos reads a stored time back in Japan time.
func fromNanos(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return time.Unix(0, n.Int64).In(leakwatch.JST)
}

// dayRange turns inclusive Japan-time days into a half-open range of Unix
// nanoseconds; zero ends are open.
func dayRange(from, to time.Time) (lo, hi sql.NullInt64) {
	if !from.IsZero() {
		f := from.In(leakwatch.JST)
		lo = nanos(time.Date(f.Year(), f.Month(), f.Day(), 0, 0, 0, 0, leakwatch.JST))
	}
	if !to.IsZero() {
		t := to.In(leakwatch.JST)
		hi = nanos(time.Date(t.Year(), t.Month(), t.Day()+1, 0, 0, 0, 0, leakwatch.JST))
	}
	return lo, hi
}
