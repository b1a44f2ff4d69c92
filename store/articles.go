package store

import (
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/leakwatch/leakwatch"
	"golang.org/x/text/unicode/norm"
)

// NormalizeText is the form of an article's text that ContentHash hashes:
// NFKC (so full-width and half-width letters and digits agree) with all white
// space removed, since extractors differ mostly in line breaks and
// indentation, and Japanese does not separate words with spaces.
func NormalizeText(s string) string {
	// NFKC runs again after the spaces go: some characters decompose to a
	// space plus a combining mark (¨ → " ̈"), which then joins the letter
	// before it, and the result must be normal for hashes to be stable.
	s = norm.NFKC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		if !unicode.IsSpace(r) {
			b.WriteRune(r)
		}
	}
	return norm.NFKC.String(b.String())
}

// ContentHash is the hex SHA-256 of NormalizeText(text), or "" when the
// normalised text is empty (empty texts are not duplicates of each other).
func ContentHash(text string) string {
	n := NormalizeText(text)
	if n == "" {
		return ""
	}
	sum := sha256.Sum256([]byte(n))
	return hex.EncodeToString(sum[:])
}

// articleCols are the columns scanArticle reads, in order.
const articleCols = `a.id, a.url, a.source_id, a.title, a.text, a.summary, a.published, a.fetched,
	COALESCE(a.content_hash, ''), a.extract_note, a.is_incident`

func scanArticle(sc interface{ Scan(...any) error }) (leakwatch.Article, error) {
	var a leakwatch.Article
	var pub, fet sql.NullInt64
	if err := sc.Scan(&a.ID, &a.URL, &a.SourceID, &a.Title, &a.Text, &a.Summary, &pub, &fet,
		&a.ContentHash, &a.ExtractNote, &a.IsIncident); err != nil {
		return a, err
	}
	a.Published, a.Fetched = fromNanos(pub), fromNanos(fet)
	return a, nil
}

// UpsertArticle stores a by its canonical URL: a new URL is inserted, a known
// one updated in place. It sets a.ID and a.ContentHash (computed here from
// a.Text, or from a.Summary when the text is empty, so every writer hashes
// alike) and reports whether the article is new. A non-empty a.Raw replaces
// the archived raw page; an empty one keeps what is archived. Incidents are
// not touched: they are written by SaveAnalysis.
func (s *Store) UpsertArticle(ctx context.Context, a *leakwatch.Article) (created bool, err error) {
	if strings.TrimSpace(a.URL) == "" {
		return false, fmt.Errorf("store: upsert article: empty url: %w", leakwatch.ErrInvalid)
	}
	body := a.Text
	if strings.TrimSpace(body) == "" {
		body = a.Summary
	}
	hash := ContentHash(body)
	var raw []byte
	if len(a.Raw) > 0 {
		if raw, err = gzipBytes(a.Raw); err != nil {
			return false, fmt.Errorf("store: upsert article %s: compress raw: %w", a.URL, err)
		}
	}
	dated := a.Published
	if dated.IsZero() {
		dated = a.Fetched
	}
	now := time.Now().UnixNano()
	var id int64
	err = s.tx(ctx, func(tx *sql.Tx) error {
		var oldHash sql.NullString
		err := tx.QueryRowContext(ctx, "SELECT id, content_hash FROM articles WHERE url = ?", a.URL).Scan(&id, &oldHash)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			created = true
			res, err := tx.ExecContext(ctx, `INSERT INTO articles
				(url, source_id, title, text, summary, published, fetched, dated, content_hash, extract_note, created, updated)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, ''), ?, ?, ?)`,
				a.URL, a.SourceID, a.Title, a.Text, a.Summary, nanos(a.Published), nanos(a.Fetched),
				nanos(dated), hash, a.ExtractNote, now, now)
			if err != nil {
				return err
			}
			if id, err = res.LastInsertId(); err != nil {
				return err
			}
		case err != nil:
			return err
		default:
			if _, err := tx.ExecContext(ctx, `UPDATE articles SET source_id = ?, title = ?, text = ?,
				summary = ?, published = ?, fetched = ?, dated = ?, content_hash = NULLIF(?, ''),
				extract_note = ?, updated = ? WHERE id = ?`,
				a.SourceID, a.Title, a.Text, a.Summary, nanos(a.Published), nanos(a.Fetched),
				nanos(dated), hash, a.ExtractNote, now, id); err != nil {
				return err
			}
		}
		// Every article sharing the old or the new hash may change roles
		// (original or copy); recompute them all, which is few rows.
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET dup_of = (SELECT MIN(d.id) FROM articles d
			WHERE d.content_hash = articles.content_hash AND d.id < articles.id)
			WHERE id = ? OR content_hash IN (?, ?)`, id, oldHash, hash); err != nil {
			return fmt.Errorf("mark duplicates: %w", err)
		}
		if raw != nil {
			if _, err := tx.ExecContext(ctx, `INSERT INTO raw_pages (article_id, media_type, encoding, size, data)
				VALUES (?, ?, 'gzip', ?, ?)
				ON CONFLICT (article_id) DO UPDATE SET media_type = excluded.media_type,
					encoding = excluded.encoding, size = excluded.size, data = excluded.data`,
				id, a.RawType, len(a.Raw), raw); err != nil {
				return fmt.Errorf("archive raw: %w", err)
			}
		}
		return nil
	})
	if err != nil {
		return false, fmt.Errorf("store: upsert article %s: %w", a.URL, err)
	}
	a.ID, a.ContentHash = id, hash
	return created, nil
}

// gzipWriters are reused: a new gzip.Writer allocates about 800 KB of
// compressor state, more than the pages it compresses.
var gzipWriters = sync.Pool{New: func() any { return gzip.NewWriter(nil) }}

func gzipBytes(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	buf.Grow(len(b)/4 + 64)
	zw := gzipWriters.Get().(*gzip.Writer)
	defer gzipWriters.Put(zw)
	zw.Reset(&buf)
	if _, err := zw.Write(b); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Raw returns the archived page or feed item of an article, decompressed, and
// its media type. It wraps leakwatch.ErrNotFound when none was archived.
func (s *Store) Raw(ctx context.Context, articleID int64) ([]byte, string, error) {
	var mediaType, encoding string
	var size int64
	var data []byte
	err := s.r.QueryRowContext(ctx, "SELECT media_type, encoding, size, data FROM raw_pages WHERE article_id = ?",
		articleID).Scan(&mediaType, &encoding, &size, &data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, "", fmt.Errorf("store: raw page of article %d: %w", articleID, leakwatch.ErrNotFound)
	}
	if err != nil {
		return nil, "", fmt.Errorf("store: raw page of article %d: %w", articleID, err)
	}
	if encoding != "gzip" {
		return nil, "", fmt.Errorf("store: raw page of article %d: unknown encoding %q", articleID, encoding)
	}
	zr, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, "", fmt.Errorf("store: raw page of article %d: %w", articleID, err)
	}
	out := make([]byte, 0, size)
	buf := bytes.NewBuffer(out)
	// The stored size bounds what is read, so a corrupt blob cannot balloon.
	if _, err := io.Copy(buf, io.LimitReader(zr, size+1)); err != nil {
		return nil, "", fmt.Errorf("store: raw page of article %d: %w", articleID, err)
	}
	if int64(buf.Len()) != size {
		return nil, "", fmt.Errorf("store: raw page of article %d: size %d, want %d", articleID, buf.Len(), size)
	}
	return buf.Bytes(), mediaType, nil
}

// HasArticle reports whether an article with this canonical URL is stored.
func (s *Store) HasArticle(ctx context.Context, url string) (bool, error) {
	var n int
	if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM articles WHERE url = ?", url).Scan(&n); err != nil {
		return false, fmt.Errorf("store: has article %s: %w", url, err)
	}
	return n > 0, nil
}

// Article returns one article with its incidents (and their evidence). It
// wraps leakwatch.ErrNotFound when there is none with that id.
func (s *Store) Article(ctx context.Context, id int64) (leakwatch.Article, error) {
	return s.articleWhere(ctx, "a.id = ?", id, fmt.Sprintf("article %d", id))
}

// ArticleByURL returns the article stored under a canonical URL, like Article.
func (s *Store) ArticleByURL(ctx context.Context, url string) (leakwatch.Article, error) {
	return s.articleWhere(ctx, "a.url = ?", url, "article "+url)
}

// ArticleByHash returns the original (lowest id) article whose text has this
// ContentHash, like Article.
func (s *Store) ArticleByHash(ctx context.Context, hash string) (leakwatch.Article, error) {
	return s.articleWhere(ctx, "a.content_hash = ? ORDER BY a.id LIMIT 1", hash, "article with hash "+hash)
}

func (s *Store) articleWhere(ctx context.Context, where string, arg any, what string) (leakwatch.Article, error) {
	var a leakwatch.Article
	err := s.read(ctx, func(q querier) error {
		var err error
		if a, err = scanArticle(q.QueryRowContext(ctx, "SELECT "+articleCols+" FROM articles a WHERE "+where, arg)); err != nil {
			return err
		}
		byArticle, err := incidentsOf(ctx, q, []int64{a.ID})
		a.Incidents = byArticle[a.ID]
		return err
	})
	if errors.Is(err, sql.ErrNoRows) {
		return leakwatch.Article{}, fmt.Errorf("store: %s: %w", what, leakwatch.ErrNotFound)
	}
	if err != nil {
		return leakwatch.Article{}, fmt.Errorf("store: %s: %w", what, err)
	}
	return a, nil
}

// DuplicateOf returns the id of the original article whose text the given
// article repeats, or 0 when it is itself an original (or has no text). It
// wraps leakwatch.ErrNotFound when the article does not exist.
func (s *Store) DuplicateOf(ctx context.Context, id int64) (int64, error) {
	var orig sql.NullInt64
	err := s.r.QueryRowContext(ctx, `SELECT dup_of FROM articles WHERE id = ?`, id).Scan(&orig)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("store: duplicate of article %d: %w", id, leakwatch.ErrNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("store: duplicate of article %d: %w", id, err)
	}
	return orig.Int64, nil
}

// CountArticles counts every stored article, duplicates included.
func (s *Store) CountArticles(ctx context.Context) (int, error) {
	var n int
	if err := s.r.QueryRowContext(ctx, "SELECT COUNT(*) FROM articles").Scan(&n); err != nil {
		return 0, fmt.Errorf("store: count articles: %w", err)
	}
	return n, nil
}

// eachBatch is how many articles EachArticle reads at a time.
const eachBatch = 200

// EachArticle calls fn for every article with its incidents, in id order,
// stopping at fn's first error (returned as is). It reads in batches and holds
// no read transaction while fn runs, so fn may write to the store (reanalyze
// saves each article's analysis from inside the loop).
func (s *Store) EachArticle(ctx context.Context, fn func(leakwatch.Article) error) error {
	var after int64
	for {
		if err := ctx.Err(); err != nil {
			return fmt.Errorf("store: each article: %w", err)
		}
		batch, err := s.articlesAfter(ctx, after, eachBatch)
		if err != nil {
			return fmt.Errorf("store: each article: %w", err)
		}
		for _, a := range batch {
			if err := fn(a); err != nil {
				return err
			}
		}
		if len(batch) < eachBatch {
			return nil
		}
		after = batch[len(batch)-1].ID
	}
}

func (s *Store) articlesAfter(ctx context.Context, after int64, limit int) ([]leakwatch.Article, error) {
	var out []leakwatch.Article
	err := s.read(ctx, func(q querier) error {
		rows, err := q.QueryContext(ctx, "SELECT "+articleCols+" FROM articles a WHERE a.id > ? ORDER BY a.id LIMIT ?", after, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			a, err := scanArticle(rows)
			if err != nil {
				return err
			}
			out = append(out, a)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		return attachIncidents(ctx, q, out)
	})
	return out, err
}
