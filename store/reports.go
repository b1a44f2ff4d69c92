package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/leakwatch/leakwatch"
)

// notDuplicate keeps only incidents of original articles: a copy of an
// earlier article's text would report the same incidents twice. It is also
// the condition of the listing indexes (migration 003), which the planner
// uses only when the query states it.
const notDuplicate = `i.dup_of IS NULL`

// likeEscape escapes LIKE's wildcards; the query uses ESCAPE '\'.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// maskOf is SQL for the bit set of the given vocabulary terms (a constant
// subquery, evaluated once per statement); the bits live in the vocab table.
func maskOf(kind string, n int) string {
	return "(SELECT COALESCE(SUM(1 << bit), 0) FROM vocab WHERE kind = '" + kind + "' AND value IN (" + placeholders(n) + "))"
}

// filter builds the WHERE clause for q's structured filters over incidents i.
// Within one filter any listed value matches; filters combine with AND. Every
// column it reads except org_search is in the listing indexes, so counting
// and paging run on the index alone.
func filter(q leakwatch.Query) (string, []any, error) {
	conds := []string{notDuplicate}
	var args []any
	if len(q.Causes) > 0 {
		for _, c := range q.Causes {
			if !c.Valid() {
				return "", nil, fmt.Errorf("cause %q: %w", c, leakwatch.ErrInvalid)
			}
			args = append(args, string(c))
		}
		conds = append(conds, "i.cause_mask & "+maskOf("cause", len(q.Causes))+" <> 0")
	}
	if len(q.Actors) > 0 {
		for _, ac := range q.Actors {
			if !ac.Valid() {
				return "", nil, fmt.Errorf("actor %q: %w", ac, leakwatch.ErrInvalid)
			}
			args = append(args, string(ac))
		}
		conds = append(conds, "i.actor IN ("+placeholders(len(q.Actors))+")")
	}
	if len(q.DataTypes) > 0 {
		for _, d := range q.DataTypes {
			if !d.Valid() {
				return "", nil, fmt.Errorf("data type %q: %w", d, leakwatch.ErrInvalid)
			}
			args = append(args, string(d))
		}
		conds = append(conds, "i.data_mask & "+maskOf("data_type", len(q.DataTypes))+" <> 0")
	}
	if org := foldOrg(q.Org); org != "" {
		conds = append(conds, `i.org_search LIKE ? ESCAPE '\'`)
		args = append(args, "%"+likeEscape(org)+"%")
	}
	if len(q.Sources) > 0 {
		for _, src := range q.Sources {
			args = append(args, src)
		}
		conds = append(conds, "i.source_id IN ("+placeholders(len(q.Sources))+")")
	}
	lo, hi := dayRange(q.From, q.To)
	if lo.Valid {
		conds = append(conds, "i.dated >= ?")
		args = append(args, lo.Int64)
	}
	if hi.Valid {
		conds = append(conds, "i.dated < ?")
		args = append(args, hi.Int64)
	}
	if q.MinRecords != nil {
		conds = append(conds, "i.records >= ?")
		args = append(args, *q.MinRecords)
	}
	if q.MaxRecords != nil {
		conds = append(conds, "i.records <= ?")
		args = append(args, *q.MaxRecords)
	}
	return strings.Join(conds, " AND "), args, nil
}

// Reports lists incidents with their articles, filtered by q's structured
// filters (q.Text is the index's business and ignored here). The date range is
// on the article's published day in Japan time, inclusive, or its fetch day
// when the page gave no date. Results are newest first (or largest count first
// for leakwatch.SortRecords), paged by q.Page (1-based; 0 means 1) and q.Size
// (0 means all). The int is the total before paging. Unknown causes, actors or
// data types wrap leakwatch.ErrInvalid.
func (s *Store) Reports(ctx context.Context, q leakwatch.Query) ([]leakwatch.Report, int, error) {
	out, total, err := s.reports(ctx, q, nil)
	if err != nil {
		return nil, 0, fmt.Errorf("store: reports: %w", err)
	}
	return out, total, nil
}

// ReportsForArticles is Reports restricted to the incidents of the given
// articles, such as those a full-text search found: the same filters, order
// and paging, and the total of matching incidents among those articles. No
// ids means no reports. Ids of missing articles are ignored.
func (s *Store) ReportsForArticles(ctx context.Context, ids []int64, q leakwatch.Query) ([]leakwatch.Report, int, error) {
	if ids == nil {
		ids = []int64{}
	}
	out, total, err := s.reports(ctx, q, ids)
	if err != nil {
		return nil, 0, fmt.Errorf("store: reports for articles: %w", err)
	}
	return out, total, nil
}

// reports runs Reports, restricted to the articles ids unless ids is nil.
func (s *Store) reports(ctx context.Context, q leakwatch.Query, ids []int64) ([]leakwatch.Report, int, error) {
	where, args, err := filter(q)
	if err != nil {
		return nil, 0, err
	}
	if q.Page < 0 || q.Size < 0 {
		return nil, 0, fmt.Errorf("negative page or size: %w", leakwatch.ErrInvalid)
	}
	if ids != nil {
		if len(ids) == 0 {
			return nil, 0, nil
		}
		// One JSON parameter, however many ids: no variable limit to chunk
		// around, and SQLite builds one lookup table from it.
		list, err := json.Marshal(ids)
		if err != nil {
			return nil, 0, err
		}
		where += " AND i.article_id IN (SELECT value FROM json_each(?))"
		args = append(args, string(list))
	}
	from := " FROM incidents i WHERE " + where
	order := " ORDER BY i.dated DESC, i.article_id DESC, i.seq"
	if q.Sort == leakwatch.SortRecords {
		order = " ORDER BY i.records DESC, i.dated DESC, i.article_id DESC, i.seq"
	}
	page := ""
	pageArgs := args
	if q.Size > 0 {
		p := max(q.Page, 1)
		page = " LIMIT ? OFFSET ?"
		pageArgs = append(slices.Clip(args), q.Size, (p-1)*q.Size)
	}
	var out []leakwatch.Report
	var total int
	err = s.read(ctx, func(tx querier) error {
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*)"+from, args...).Scan(&total); err != nil {
			return err
		}
		if total == 0 || (q.Size > 0 && (max(q.Page, 1)-1)*q.Size >= total) {
			return nil
		}
		// The page is chosen on the listing index alone; only its rows are
		// then read with their articles. (NULLs sort last in DESC order, as
		// SQLite puts them first in ASC.)
		rows, err := tx.QueryContext(ctx, "SELECT "+incidentCols+", a.url, a.source_id, a.title, a.published"+
			" FROM (SELECT i.id"+from+order+page+") p JOIN incidents i ON i.id = p.id JOIN articles a ON a.id = i.article_id"+
			order, pageArgs...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var r leakwatch.Report
			var pub sql.NullInt64
			in, err := scanIncident(rows, &r.URL, &r.SourceID, &r.Title, &pub)
			if err != nil {
				return err
			}
			r.Incident, r.ArticleID, r.Published = in, in.ArticleID, fromNanos(pub)
			out = append(out, r)
		}
		if err := rows.Err(); err != nil {
			return err
		}
		rows.Close()
		ptrs := make([]*leakwatch.Incident, len(out))
		for i := range out {
			ptrs[i] = &out[i].Incident
		}
		return fillVocab(ctx, tx, ptrs)
	})
	if err != nil {
		return nil, 0, err
	}
	return out, total, nil
}

// Stats counts articles and incidents dated between from and to (inclusive
// Japan-time days; zero ends are open), and breaks incidents down by primary
// cause, actor and month. Records sum only known counts; incidents without
// one are counted in Uncounted. Duplicated articles count once. Cause and
// actor rows are ordered by incidents (most first), month rows by month.
//
// One grouped query over the listing index gives every (cause, actor, month)
// cell; the three tables and the totals are folded from those cells here.
func (s *Store) Stats(ctx context.Context, from, to time.Time) (leakwatch.Stats, error) {
	st := leakwatch.Stats{From: from, To: to, ByCause: []leakwatch.StatRow{}, ByActor: []leakwatch.StatRow{}, ByMonth: []leakwatch.StatRow{}}
	where, args, err := filter(leakwatch.Query{From: from, To: to})
	if err != nil {
		return st, fmt.Errorf("store: stats: %w", err)
	}
	artWhere := []string{"dup_of IS NULL"}
	lo, hi := dayRange(from, to)
	if lo.Valid {
		artWhere = append(artWhere, "dated >= ?")
	}
	if hi.Valid {
		artWhere = append(artWhere, "dated < ?")
	}
	type agg struct {
		incidents int
		records   int64
	}
	byCause, byActor, byMonth := map[string]*agg{}, map[string]*agg{}, map[string]*agg{}
	add := func(m map[string]*agg, k string, n int, rec int64) {
		a := m[k]
		if a == nil {
			a = &agg{}
			m[k] = a
		}
		a.incidents += n
		a.records += rec
	}
	err = s.read(ctx, func(tx querier) error {
		// The date arguments are the same, in the same order, for both.
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM articles WHERE "+strings.Join(artWhere, " AND "), args...).Scan(&st.Articles); err != nil {
			return err
		}
		rows, err := tx.QueryContext(ctx, `SELECT i.primary_cause, i.actor, COALESCE(i.month, 'unknown'),
			COUNT(*), COALESCE(SUM(i.records), 0), COUNT(i.records)
			FROM incidents i WHERE `+where+` GROUP BY 1, 2, 3`, args...)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var cause, actor, month string
			var n, counted int
			var rec int64
			if err := rows.Scan(&cause, &actor, &month, &n, &rec, &counted); err != nil {
				return err
			}
			st.Incidents += n
			st.Records += rec
			st.Uncounted += n - counted
			add(byCause, cause, n, rec)
			add(byActor, actor, n, rec)
			add(byMonth, month, n, rec)
		}
		return rows.Err()
	})
	if err != nil {
		return st, fmt.Errorf("store: stats: %w", err)
	}
	table := func(m map[string]*agg) []leakwatch.StatRow {
		rs := make([]leakwatch.StatRow, 0, len(m))
		for k, a := range m {
			rs = append(rs, leakwatch.StatRow{Key: k, Incidents: a.incidents, Records: a.records})
		}
		return rs
	}
	byCount := func(rs []leakwatch.StatRow) []leakwatch.StatRow {
		sort.Slice(rs, func(i, j int) bool {
			if rs[i].Incidents != rs[j].Incidents {
				return rs[i].Incidents > rs[j].Incidents
			}
			return rs[i].Key < rs[j].Key
		})
		return rs
	}
	st.ByCause = byCount(table(byCause))
	st.ByActor = byCount(table(byActor))
	st.ByMonth = table(byMonth)
	sort.Slice(st.ByMonth, func(i, j int) bool { return st.ByMonth[i].Key < st.ByMonth[j].Key })
	return st, nil
}
