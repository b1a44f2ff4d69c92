package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch"
)

// naiveRow is an incident as the filters see it, worked out from the base
// tables (Article, DuplicateOf) rather than the copies kept on incidents.
type naiveRow struct {
	in     leakwatch.Incident
	art    leakwatch.Article
	dated  time.Time
	seq    int
	isCopy bool
}

// naiveRows reads every incident of the store through Article, which reads
// incidents, causes and data types from their own tables.
func naiveRows(t *testing.T, s *Store, n int) []naiveRow {
	t.Helper()
	ctx := context.Background()
	var rows []naiveRow
	for id := int64(1); id <= int64(n); id++ {
		a, err := s.Article(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		d, err := s.DuplicateOf(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		dated := a.Published
		if dated.IsZero() {
			dated = a.Fetched
		}
		for k, in := range a.Incidents {
			rows = append(rows, naiveRow{in: in, art: a, dated: dated, seq: k, isCopy: d != 0})
		}
	}
	return rows
}

// matches is leakwatch.Query's meaning, written out plainly.
func (r naiveRow) matches(q leakwatch.Query) bool {
	if r.isCopy {
		return false
	}
	anyOf := func(have, want []string) bool {
		if len(want) == 0 {
			return true
		}
		for _, w := range want {
			if slices.Contains(have, w) {
				return true
			}
		}
		return false
	}
	strs := func(v any) []string {
		var out []string
		switch v := v.(type) {
		case []leakwatch.Cause:
			for _, x := range v {
				out = append(out, string(x))
			}
		case []leakwatch.DataType:
			for _, x := range v {
				out = append(out, string(x))
			}
		case []leakwatch.Actor:
			for _, x := range v {
				out = append(out, string(x))
			}
		}
		return out
	}
	if !anyOf(strs(r.in.Causes), strs(q.Causes)) || !anyOf(strs(r.in.DataTypes), strs(q.DataTypes)) ||
		!anyOf([]string{string(r.in.Actor)}, strs(q.Actors)) || !anyOf([]string{r.art.SourceID}, q.Sources) {
		return false
	}
	if q.Org != "" {
		found := strings.Contains(foldOrg(r.in.Org), foldOrg(q.Org))
		for _, al := range r.in.OrgAliases {
			found = found || strings.Contains(foldOrg(al), foldOrg(q.Org))
		}
		if !found {
			return false
		}
	}
	day := func(t time.Time) string { return t.In(leakwatch.JST).Format("2006-01-02") }
	if !q.From.IsZero() && (r.dated.IsZero() || day(r.dated) < day(q.From)) {
		return false
	}
	if !q.To.IsZero() && (r.dated.IsZero() || day(r.dated) > day(q.To)) {
		return false
	}
	if q.MinRecords != nil && (r.in.Records == nil || *r.in.Records < *q.MinRecords) {
		return false
	}
	if q.MaxRecords != nil && (r.in.Records == nil || *r.in.Records > *q.MaxRecords) {
		return false
	}
	return true
}

// naiveReports filters, orders and pages rows as Reports should, returning
// incident ids and the total.
func naiveReports(rows []naiveRow, q leakwatch.Query, only map[int64]bool) ([]int64, int) {
	var kept []naiveRow
	for _, r := range rows {
		if r.matches(q) && (only == nil || only[r.art.ID]) {
			kept = append(kept, r)
		}
	}
	byDate := func(a, b naiveRow) int {
		if c := b.dated.Compare(a.dated); c != 0 {
			return c
		}
		if a.art.ID != b.art.ID {
			return int(b.art.ID - a.art.ID)
		}
		return a.seq - b.seq
	}
	slices.SortFunc(kept, func(a, b naiveRow) int {
		if q.Sort == leakwatch.SortRecords {
			ra, rb := int64(-1), int64(-1)
			if a.in.Records != nil {
				ra = *a.in.Records
			}
			if b.in.Records != nil {
				rb = *b.in.Records
			}
			if ra != rb {
				if ra > rb {
					return -1
				}
				return 1
			}
		}
		return byDate(a, b)
	})
	var ids []int64
	for _, r := range kept {
		ids = append(ids, r.in.ID)
	}
	if q.Size > 0 {
		lo := min((max(q.Page, 1)-1)*q.Size, len(ids))
		ids = ids[lo:min(lo+q.Size, len(ids))]
	}
	return ids, len(kept)
}

// randomQuery draws filters over the vocabularies and the generated data.
func randomQuery(r *rand.Rand) leakwatch.Query {
	var q leakwatch.Query
	if r.IntN(2) == 0 {
		for range 1 + r.IntN(2) {
			q.Causes = append(q.Causes, leakwatch.Causes()[r.IntN(len(leakwatch.Causes()))])
		}
	}
	if r.IntN(3) == 0 {
		q.Actors = []leakwatch.Actor{leakwatch.Actors()[r.IntN(len(leakwatch.Actors()))]}
	}
	if r.IntN(3) == 0 {
		q.DataTypes = []leakwatch.DataType{leakwatch.DataTypes()[r.IntN(len(leakwatch.DataTypes()))]}
	}
	if r.IntN(4) == 0 {
		q.Sources = []string{"piyolog", "itmedia", "jpcert"}[:1+r.IntN(3)]
	}
	if r.IntN(5) == 0 {
		q.Org = []string{"さくら", "大学", "ひかり銀行1"}[r.IntN(3)]
	}
	if r.IntN(2) == 0 {
		q.From = time.Date(2019+r.IntN(7), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, leakwatch.JST)
	}
	if r.IntN(3) == 0 {
		q.To = time.Date(2021+r.IntN(5), time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, leakwatch.JST)
	}
	if r.IntN(4) == 0 {
		q.MinRecords = ptr(r.Int64N(50000))
	}
	if r.IntN(6) == 0 {
		q.MaxRecords = ptr(r.Int64N(100000))
	}
	if r.IntN(3) == 0 {
		q.Sort = leakwatch.SortRecords
	}
	q.Size = []int{0, 5, 20}[r.IntN(3)]
	q.Page = r.IntN(4)
	return q
}

// buildChurned stores n generated articles, then changes some of them the
// way crawls and re-imports do: new dates and sources, a copy of another
// article's text, an original whose text changes so its copy becomes the
// original, a re-analysis with other causes. The incident copies the filters
// read must follow every one of these.
func buildChurned(t *testing.T, s *Store, n int) {
	t.Helper()
	ctx := context.Background()
	arts := make([]leakwatch.Article, n)
	for i := range n {
		a, an := largeArticle(i)
		if i%37 == 5 {
			a.Published = time.Time{} // dated by its fetch time
		}
		if _, err := s.UpsertArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
		if err := s.SaveAnalysis(ctx, a.ID, an); err != nil {
			t.Fatal(err)
		}
		arts[i] = a
	}
	for i := 0; i < n; i += 11 {
		a := arts[i]
		a.Published = a.Published.AddDate(-1, 2, 3)
		a.SourceID = "jpcert"
		if _, err := s.UpsertArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
	}
	for i := 3; i+1 < n; i += 17 {
		// Article i+1 becomes a copy of article i…
		cp := arts[i+1]
		cp.Text = arts[i].Text
		if _, err := s.UpsertArticle(ctx, &cp); err != nil {
			t.Fatal(err)
		}
		// …and every third time article i's text changes, which makes the
		// copy an original again.
		if i%3 == 0 {
			orig := arts[i]
			orig.Text += "（訂正あり）"
			if _, err := s.UpsertArticle(ctx, &orig); err != nil {
				t.Fatal(err)
			}
		}
	}
	for i := 7; i < n; i += 23 {
		_, an := largeArticle(i + 1000)
		if err := s.SaveAnalysis(ctx, arts[i].ID, an); err != nil {
			t.Fatal(err)
		}
	}
}

// TestReportsMatchNaiveFilter checks Reports and ReportsForArticles, which
// read the copies and bit sets kept on incidents, against the filters'
// meaning worked out from the base tables, over random queries on a store
// that has been updated in every way that moves those copies.
func TestReportsMatchNaiveFilter(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	const n = 300
	buildChurned(t, s, n)
	rows := naiveRows(t, s, n)
	copies := 0
	for _, r := range rows {
		if r.isCopy {
			copies++
		}
	}
	if copies == 0 {
		t.Fatal("no incidents of copies: the test would not check the duplicate filter")
	}
	r := rand.New(rand.NewPCG(1, 2))
	for k := range 300 {
		q := randomQuery(r)
		var only map[int64]bool
		var ids []int64
		forArticles := k%3 == 0
		if forArticles {
			only = map[int64]bool{}
			for range 1 + r.IntN(120) {
				id := 1 + r.Int64N(n+20) // some beyond the store
				only[id] = true
				ids = append(ids, id)
			}
		}
		want, wantTotal := naiveReports(rows, q, only)
		var reps []leakwatch.Report
		var total int
		var err error
		if forArticles {
			reps, total, err = s.ReportsForArticles(ctx, ids, q)
		} else {
			reps, total, err = s.Reports(ctx, q)
		}
		if err != nil {
			t.Fatalf("query %d %+v: %v", k, q, err)
		}
		var got []int64
		for _, rep := range reps {
			got = append(got, rep.Incident.ID)
		}
		if total != wantTotal || !slices.Equal(got, want) {
			t.Fatalf("query %d %+v (for articles: %v):\ngot  total %d %v\nwant total %d %v", k, q, forArticles, total, got, wantTotal, want)
		}
	}
}

// TestStatsMatchNaive checks Stats against sums over the base tables.
func TestStatsMatchNaive(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	const n = 200
	buildChurned(t, s, n)
	rows := naiveRows(t, s, n)
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, leakwatch.JST) }
	for _, p := range [][2]time.Time{{}, {day(2022, 3, 15), {}}, {{}, day(2021, 7, 31)}, {day(2020, 2, 1), day(2024, 11, 20)}, {day(2023, 5, 1), day(2023, 5, 31)}} {
		q := leakwatch.Query{From: p[0], To: p[1]}
		want := leakwatch.Stats{}
		cause, actor, month := map[string]leakwatch.StatRow{}, map[string]leakwatch.StatRow{}, map[string]leakwatch.StatRow{}
		add := func(m map[string]leakwatch.StatRow, k string, rec int64) {
			row := m[k]
			row.Key, row.Incidents, row.Records = k, row.Incidents+1, row.Records+rec
			m[k] = row
		}
		for _, r := range rows {
			if !r.matches(q) {
				continue
			}
			want.Incidents++
			var rec int64
			if r.in.Records != nil {
				rec = *r.in.Records
			} else {
				want.Uncounted++
			}
			want.Records += rec
			add(cause, string(r.in.PrimaryCause()), rec)
			add(actor, string(r.in.Actor), rec)
			add(month, r.dated.In(leakwatch.JST).Format("2006-01"), rec)
		}
		got, err := s.Stats(ctx, p[0], p[1])
		if err != nil {
			t.Fatal(err)
		}
		if got.Incidents != want.Incidents || got.Records != want.Records || got.Uncounted != want.Uncounted {
			t.Errorf("%v: incidents %d records %d uncounted %d; want %d %d %d", p, got.Incidents, got.Records, got.Uncounted,
				want.Incidents, want.Records, want.Uncounted)
		}
		for name, c := range map[string]struct {
			got  []leakwatch.StatRow
			want map[string]leakwatch.StatRow
		}{"cause": {got.ByCause, cause}, "actor": {got.ByActor, actor}, "month": {got.ByMonth, month}} {
			if len(c.got) != len(c.want) {
				t.Errorf("%v: %d %s rows, want %d", p, len(c.got), name, len(c.want))
			}
			for _, row := range c.got {
				if c.want[row.Key] != row {
					t.Errorf("%v: %s row %+v, want %+v", p, name, row, c.want[row.Key])
				}
			}
		}
	}
}

// TestReportsForArticlesEmpty: no articles found means no reports, not all.
func TestReportsForArticlesEmpty(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	loadFixtures(t, s)
	for _, ids := range [][]int64{nil, {}} {
		reps, total, err := s.ReportsForArticles(ctx, ids, leakwatch.Query{})
		if err != nil || total != 0 || len(reps) != 0 {
			t.Errorf("ReportsForArticles(%v) = %d reports, total %d, %v; want none", ids, len(reps), total, err)
		}
	}
	if _, _, err := s.ReportsForArticles(ctx, []int64{1}, leakwatch.Query{Causes: []leakwatch.Cause{"typo"}}); err == nil {
		t.Error("unknown cause accepted")
	}
}

// TestMigrationFromVersion2 brings a database with incidents written by the
// version 2 schema up to date and checks that the listing copies were filled
// in: filters on causes, data types, dates and sources find its incident.
func TestMigrationFromVersion2(t *testing.T) {
	ctx := context.Background()
	path := t.TempDir() + "/v2.db"
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := migrations()
	if err != nil {
		t.Fatal(err)
	}
	pub := jst(2024, 6, 30, 23, 0) // June 30 in Japan, June 30 14:00 UTC
	for _, q := range []string{
		ms[0].sql, ms[1].sql,
		"CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied INTEGER NOT NULL)",
		"INSERT INTO schema_migrations VALUES (1, 'init', 0), (2, 'duplicate_of', 0)",
		fmt.Sprintf(`INSERT INTO articles (id, url, source_id, text, published, dated, created, updated)
			VALUES (1, 'https://a.example.jp/1', 'piyolog', '本文', %d, %d, 0, 0)`, pub.UnixNano(), pub.UnixNano()),
		`INSERT INTO incidents (id, article_id, seq, org, primary_cause, actor, records)
			VALUES (1, 1, 0, '南町役場', 'misoperation', 'internal', 40)`,
		"INSERT INTO incident_causes VALUES (1, 0, 'misoperation'), (1, 1, 'insider')",
		"INSERT INTO incident_data_types VALUES (1, 0, 'email'), (1, 1, 'name')",
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	db.Close()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	june := jst(2024, 6, 30, 0, 0)
	for _, q := range []leakwatch.Query{
		{Causes: []leakwatch.Cause{leakwatch.CauseInsider}},
		{DataTypes: []leakwatch.DataType{leakwatch.DataName}},
		{From: june, To: june, Sources: []string{"piyolog"}},
	} {
		if reps, total, err := s.Reports(ctx, q); err != nil || total != 1 || len(reps) != 1 {
			t.Errorf("Reports(%+v) = %d, %d, %v; want the migrated incident", q, len(reps), total, err)
		}
	}
	for _, q := range []leakwatch.Query{
		{Causes: []leakwatch.Cause{leakwatch.CauseRansomware}},
		{DataTypes: []leakwatch.DataType{leakwatch.DataPhone}},
		{From: june.AddDate(0, 0, 1)},
	} {
		if _, total, err := s.Reports(ctx, q); err != nil || total != 0 {
			t.Errorf("Reports(%+v) total = %d, %v; want 0", q, total, err)
		}
	}
	st, err := s.Stats(ctx, time.Time{}, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if len(st.ByMonth) != 1 || st.ByMonth[0] != (leakwatch.StatRow{Key: "2024-06", Incidents: 1, Records: 40}) {
		t.Errorf("by month after migration = %+v", st.ByMonth)
	}
}
