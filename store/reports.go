package store

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/leakwatch/leakwatch"
)

// notDuplicate keeps only original articles: a copy of an earlier article's
// text would report the same incidents twice.
const notDuplicate = `a.dup_of IS NULL`

// likeEscape escapes LIKE's wildcards; the query uses ESCAPE '\'.
func likeEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// filter builds the WHERE clause for q's structured filters over incidents i
// joined to articles a. Within one filter any listed value matches; filters
// combine with AND.
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
		conds = append(conds, "EXISTS (SELECT 1 FROM incident_causes c WHERE c.incident_id = i.id AND c.cause IN ("+
			placeholders(len(q.Causes))+"))")
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
		conds = append(conds, "EXISTS (SELECT 1 FROM incident_data_types t WHERE t.incident_id = i.id AND t.data_type IN ("+
			placeholders(len(q.DataTypes))+"))")
	}
	if org := foldOrg(q.Org); org != "" {
		conds = append(conds, `i.org_search LIKE ? ESCAPE '\'`)
		args = append(args, "%"+likeEscape(org)+"%")
	}
	if len(q.Sources) > 0 {
		for _, src := range q.Sources {
			args = append(args, src)
		}
		conds = append(conds, "a.source_id IN ("+placeholders(len(q.Sources))+")")
	}
	lo, hi := dayRange(q.From, q.To)
	if lo.Valid {
		conds = append(conds, "a.dated >= ?")
		args = append(args, lo.Int64)
	}
	if hi.Valid {
		conds = append(conds, "a.dated < ?")
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
	where, args, err := filter(q)
	if err != nil {
		return nil, 0, fmt.Errorf("store: reports: %w", err)
	}
	if q.Page < 0 || q.Size < 0 {
		return nil, 0, fmt.Errorf("store: reports: negative page or size: %w", leakwatch.ErrInvalid)
	}
	from := " FROM incidents i JOIN articles a ON a.id = i.article_id WHERE " + where
	order := " ORDER BY a.dated DESC NULLS LAST, a.id DESC, i.seq"
	if q.Sort == leakwatch.SortRecords {
		order = " ORDER BY i.records DESC NULLS LAST, a.dated DESC NULLS LAST, a.id DESC, i.seq"
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
		rows, err := tx.QueryContext(ctx, "SELECT "+incidentCols+", a.url, a.source_id, a.title, a.published"+from+order+page, pageArgs...)
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
		return nil, 0, fmt.Errorf("store: reports: %w", err)
	}
	return out, total, nil
}

// Stats counts articles and incidents dated between from and to (inclusive
// Japan-time days; zero ends are open), and breaks incidents down by primary
// cause, actor and month. Records sum only known counts; incidents without
// one are counted in Uncounted. Duplicated articles count once. Cause and
// actor rows are ordered by incidents (most first), month rows by month.
func (s *Store) Stats(ctx context.Context, from, to time.Time) (leakwatch.Stats, error) {
	st := leakwatch.Stats{From: from, To: to, ByCause: []leakwatch.StatRow{}, ByActor: []leakwatch.StatRow{}, ByMonth: []leakwatch.StatRow{}}
	where, args, err := filter(leakwatch.Query{From: from, To: to})
	if err != nil {
		return st, fmt.Errorf("store: stats: %w", err)
	}
	base := " FROM incidents i JOIN articles a ON a.id = i.article_id WHERE " + where
	groups := []struct {
		key  string
		rows *[]leakwatch.StatRow
	}{
		{"i.primary_cause", &st.ByCause},
		{"i.actor", &st.ByActor},
		{"COALESCE(strftime('%Y-%m', a.dated / 1000000000, 'unixepoch', '+9 hours'), 'unknown')", &st.ByMonth},
	}
	err = s.read(ctx, func(tx querier) error {
		// With only dates set, the filter names only a, so it serves articles too.
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*) FROM articles a WHERE "+where, args...).Scan(&st.Articles); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, "SELECT COUNT(*), COALESCE(SUM(i.records), 0), COUNT(*) - COUNT(i.records)"+base, args...).
			Scan(&st.Incidents, &st.Records, &st.Uncounted); err != nil {
			return err
		}
		for _, g := range groups {
			rows, err := tx.QueryContext(ctx, "SELECT "+g.key+", COUNT(*), COALESCE(SUM(i.records), 0)"+base+" GROUP BY 1", args...)
			if err != nil {
				return err
			}
			for rows.Next() {
				var r leakwatch.StatRow
				var key sql.NullString
				if err := rows.Scan(&key, &r.Incidents, &r.Records); err != nil {
					rows.Close()
					return err
				}
				r.Key = key.String
				*g.rows = append(*g.rows, r)
			}
			err = rows.Err()
			rows.Close()
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return st, fmt.Errorf("store: stats: %w", err)
	}
	byCount := func(rs []leakwatch.StatRow) {
		sort.SliceStable(rs, func(i, j int) bool {
			if rs[i].Incidents != rs[j].Incidents {
				return rs[i].Incidents > rs[j].Incidents
			}
			return rs[i].Key < rs[j].Key
		})
	}
	byCount(st.ByCause)
	byCount(st.ByActor)
	sort.Slice(st.ByMonth, func(i, j int) bool { return st.ByMonth[i].Key < st.ByMonth[j].Key })
	return st, nil
}
