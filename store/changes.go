package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/leakwatch/leakwatch"
)

// Change tracking for copies of the articles kept elsewhere, such as the
// bleve index that serve feeds from the store while crawls and imports write
// here (migration 004). Each article carries the number of its latest change;
// numbers only grow and are handed out in commit order, so a reader keeps the
// highest number it has seen as a cursor and asks for what came after it.

// ChangeState is where the change log stands: Cursor is the latest change
// number and Articles the number of articles, read in one snapshot, so every
// article counted has a change number at or below Cursor.
type ChangeState struct {
	Cursor   int64
	Articles int
}

// ChangeState returns the latest change number and the article count.
func (s *Store) ChangeState(ctx context.Context) (ChangeState, error) {
	var cs ChangeState
	err := s.read(ctx, func(q querier) error {
		if err := q.QueryRowContext(ctx, "SELECT seq FROM change_counter WHERE id = 1").Scan(&cs.Cursor); err != nil {
			return err
		}
		return q.QueryRowContext(ctx, "SELECT COUNT(*) FROM articles").Scan(&cs.Articles)
	})
	if err != nil {
		return ChangeState{}, fmt.Errorf("store: change state: %w", err)
	}
	return cs, nil
}

// ArticlesChangedSince returns up to limit articles, with their incidents,
// that were stored or changed after cursor, oldest change first, and the
// cursor to pass next time: the change number of the last article returned,
// or cursor itself when nothing changed. An article changed twice comes once,
// at its latest change.
func (s *Store) ArticlesChangedSince(ctx context.Context, cursor int64, limit int) ([]leakwatch.Article, int64, error) {
	arts, seqs, err := s.changed(ctx, "a.change_seq > ? ORDER BY a.change_seq", cursor, limit)
	if err != nil {
		return nil, cursor, fmt.Errorf("store: articles changed since %d: %w", cursor, err)
	}
	if len(seqs) > 0 {
		cursor = seqs[len(seqs)-1]
	}
	return arts, cursor, nil
}

// ArticlesChangedBefore returns up to limit articles, with their incidents,
// whose latest change is numbered below before, newest change first, and the
// value of before for the next, older, page: the lowest change number
// returned, or before itself when there is nothing older. Start at
// ChangeState().Cursor + 1 to walk back from the latest change.
func (s *Store) ArticlesChangedBefore(ctx context.Context, before int64, limit int) ([]leakwatch.Article, int64, error) {
	arts, seqs, err := s.changed(ctx, "a.change_seq < ? ORDER BY a.change_seq DESC", before, limit)
	if err != nil {
		return nil, before, fmt.Errorf("store: articles changed before %d: %w", before, err)
	}
	if len(seqs) > 0 {
		before = seqs[len(seqs)-1]
	}
	return arts, before, nil
}

// changed reads the articles selected by where (with one argument) and
// their incidents in one snapshot, with their change numbers.
func (s *Store) changed(ctx context.Context, where string, arg int64, limit int) ([]leakwatch.Article, []int64, error) {
	if limit <= 0 {
		return nil, nil, fmt.Errorf("limit %d: %w", limit, leakwatch.ErrInvalid)
	}
	var arts []leakwatch.Article
	var seqs []int64
	err := s.read(ctx, func(q querier) error {
		rows, err := q.QueryContext(ctx, "SELECT "+articleCols+", a.change_seq FROM articles a WHERE "+where+" LIMIT ?", arg, limit)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var seq int64
			a, err := scanArticle(withExtra{rows, []any{&seq}})
			if err != nil {
				return err
			}
			arts, seqs = append(arts, a), append(seqs, seq)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		return attachIncidents(ctx, q, arts)
	})
	if err != nil {
		return nil, nil, err
	}
	return arts, seqs, nil
}

// withExtra scans a row into scanArticle's columns followed by extra ones.
type withExtra struct {
	rows  *sql.Rows
	extra []any
}

func (w withExtra) Scan(dest ...any) error { return w.rows.Scan(append(dest, w.extra...)...) }
