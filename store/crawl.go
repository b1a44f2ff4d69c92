package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/leakwatch/leakwatch"
)

const crawlStateCols = `source_id, feed_url, etag, last_modified, last_attempt, last_success, failures,
	next_attempt, last_error`

func scanCrawlState(sc interface{ Scan(...any) error }) (leakwatch.CrawlState, error) {
	var st leakwatch.CrawlState
	var att, succ, next sql.NullInt64
	err := sc.Scan(&st.SourceID, &st.FeedURL, &st.ETag, &st.LastModified, &att, &succ, &st.Failures, &next, &st.LastError)
	st.LastAttempt, st.LastSuccess, st.NextAttempt = fromNanos(att), fromNanos(succ), fromNanos(next)
	return st, err
}

// CrawlState returns what is remembered about one feed of a source, or the
// zero CrawlState (with SourceID and FeedURL set) when it was never crawled.
func (s *Store) CrawlState(ctx context.Context, sourceID, feedURL string) (leakwatch.CrawlState, error) {
	st, err := scanCrawlState(s.r.QueryRowContext(ctx, "SELECT "+crawlStateCols+
		" FROM crawl_state WHERE source_id = ? AND feed_url = ?", sourceID, feedURL))
	if errors.Is(err, sql.ErrNoRows) {
		return leakwatch.CrawlState{SourceID: sourceID, FeedURL: feedURL}, nil
	}
	if err != nil {
		return leakwatch.CrawlState{}, fmt.Errorf("store: crawl state of %s %s: %w", sourceID, feedURL, err)
	}
	return st, nil
}

// SaveCrawlState stores st under (st.SourceID, st.FeedURL), replacing what was there.
func (s *Store) SaveCrawlState(ctx context.Context, st leakwatch.CrawlState) error {
	if st.SourceID == "" || st.FeedURL == "" {
		return fmt.Errorf("store: save crawl state: source and feed url are required: %w", leakwatch.ErrInvalid)
	}
	err := s.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO crawl_state (`+crawlStateCols+`) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (source_id, feed_url) DO UPDATE SET etag = excluded.etag,
				last_modified = excluded.last_modified, last_attempt = excluded.last_attempt,
				last_success = excluded.last_success, failures = excluded.failures,
				next_attempt = excluded.next_attempt, last_error = excluded.last_error`,
			st.SourceID, st.FeedURL, st.ETag, st.LastModified, nanos(st.LastAttempt), nanos(st.LastSuccess),
			st.Failures, nanos(st.NextAttempt), st.LastError)
		return err
	})
	if err != nil {
		return fmt.Errorf("store: save crawl state of %s %s: %w", st.SourceID, st.FeedURL, err)
	}
	return nil
}

// CrawlStates returns every feed's crawl state, by source and feed URL.
func (s *Store) CrawlStates(ctx context.Context) ([]leakwatch.CrawlState, error) {
	rows, err := s.r.QueryContext(ctx, "SELECT "+crawlStateCols+" FROM crawl_state ORDER BY source_id, feed_url")
	if err != nil {
		return nil, fmt.Errorf("store: crawl states: %w", err)
	}
	defer rows.Close()
	var out []leakwatch.CrawlState
	for rows.Next() {
		st, err := scanCrawlState(rows)
		if err != nil {
			return nil, fmt.Errorf("store: crawl states: %w", err)
		}
		out = append(out, st)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: crawl states: %w", err)
	}
	return out, nil
}

// SaveRun records a crawl run: a new one (r.ID == 0) is inserted and gets its
// ID, so a crawl can save itself when it starts and again when it finishes.
func (s *Store) SaveRun(ctx context.Context, r *leakwatch.CrawlRun) error {
	errs := r.Errors
	if errs == nil {
		errs = []string{}
	}
	errJSON, err := marshalJSON(errs)
	if err != nil {
		return fmt.Errorf("store: save run: %w", err)
	}
	id := r.ID
	err = s.tx(ctx, func(tx *sql.Tx) error {
		if id == 0 {
			res, err := tx.ExecContext(ctx, `INSERT INTO crawl_runs (started, finished, sources_ok, sources_failed,
				new_articles, incidents, errors) VALUES (?, ?, ?, ?, ?, ?, ?)`,
				nanos(r.Started), nanos(r.Finished), r.SourcesOK, r.SourcesFailed, r.NewArticles, r.Incidents, errJSON)
			if err != nil {
				return err
			}
			id, err = res.LastInsertId()
			return err
		}
		res, err := tx.ExecContext(ctx, `UPDATE crawl_runs SET started = ?, finished = ?, sources_ok = ?,
			sources_failed = ?, new_articles = ?, incidents = ?, errors = ? WHERE id = ?`,
			nanos(r.Started), nanos(r.Finished), r.SourcesOK, r.SourcesFailed, r.NewArticles, r.Incidents, errJSON, id)
		if err != nil {
			return err
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return leakwatch.ErrNotFound
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("store: save run %d: %w", r.ID, err)
	}
	r.ID = id
	return nil
}

// LastRun returns the most recently started crawl run; it wraps
// leakwatch.ErrNotFound when there has been none.
func (s *Store) LastRun(ctx context.Context) (leakwatch.CrawlRun, error) {
	var r leakwatch.CrawlRun
	var started, finished sql.NullInt64
	var errJSON string
	err := s.r.QueryRowContext(ctx, `SELECT id, started, finished, sources_ok, sources_failed, new_articles,
		incidents, errors FROM crawl_runs ORDER BY started DESC NULLS LAST, id DESC LIMIT 1`).
		Scan(&r.ID, &started, &finished, &r.SourcesOK, &r.SourcesFailed, &r.NewArticles, &r.Incidents, &errJSON)
	if errors.Is(err, sql.ErrNoRows) {
		return r, fmt.Errorf("store: last run: %w", leakwatch.ErrNotFound)
	}
	if err != nil {
		return r, fmt.Errorf("store: last run: %w", err)
	}
	r.Started, r.Finished = fromNanos(started), fromNanos(finished)
	if err := json.Unmarshal([]byte(errJSON), &r.Errors); err != nil {
		return r, fmt.Errorf("store: last run: errors: %w", err)
	}
	if len(r.Errors) == 0 {
		r.Errors = nil
	}
	return r, nil
}
