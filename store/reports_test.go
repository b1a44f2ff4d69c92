package store

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch"
)

// Short names for the fixture incidents, newest first.
const (
	abc    = "株式会社ＡＢＣトラベル"
	towa   = "東和ファイナンス株式会社"
	sakura = "有限会社さくら珈琲本舗"
	kita   = "北浜市教育委員会"
	minato = "株式会社ミナト電算"
)

func orgsOf(reps []leakwatch.Report) []string {
	var out []string
	for _, r := range reps {
		out = append(out, r.Incident.Org)
	}
	return out
}

func TestReportsFilters(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	loadFixtures(t, s)
	day := func(m time.Month, d int) time.Time { return time.Date(2025, m, d, 0, 0, 0, 0, leakwatch.JST) }
	tests := []struct {
		name    string
		q       leakwatch.Query
		want    []string
		wantErr error
	}{
		{"all, newest first", leakwatch.Query{}, []string{abc, towa, sakura, kita, minato}, nil},
		{"cause primary", leakwatch.Query{Causes: []leakwatch.Cause{leakwatch.CauseRansomware}}, []string{minato}, nil},
		{"cause secondary counts too", leakwatch.Query{Causes: []leakwatch.Cause{leakwatch.CauseVulnerability}}, []string{sakura}, nil},
		{"causes any of", leakwatch.Query{Causes: []leakwatch.Cause{leakwatch.CauseUnauthorizedAccess, leakwatch.CauseLossTheft}},
			[]string{sakura, kita, minato}, nil},
		{"cause none", leakwatch.Query{Causes: []leakwatch.Cause{leakwatch.CauseMalware}}, nil, nil},
		{"cause invalid", leakwatch.Query{Causes: []leakwatch.Cause{"hacking"}}, nil, leakwatch.ErrInvalid},
		{"actor", leakwatch.Query{Actors: []leakwatch.Actor{leakwatch.ActorInternal}}, []string{abc, kita}, nil},
		{"actors any of", leakwatch.Query{Actors: []leakwatch.Actor{leakwatch.ActorPartner, leakwatch.ActorExternal}},
			[]string{towa, sakura, minato}, nil},
		{"actor invalid", leakwatch.Query{Actors: []leakwatch.Actor{"robot"}}, nil, leakwatch.ErrInvalid},
		{"data type", leakwatch.Query{DataTypes: []leakwatch.DataType{leakwatch.DataEmail}}, []string{abc, sakura}, nil},
		{"data types any of", leakwatch.Query{DataTypes: []leakwatch.DataType{leakwatch.DataHealth, leakwatch.DataCreditCard}},
			[]string{sakura, kita}, nil},
		{"data type invalid", leakwatch.Query{DataTypes: []leakwatch.DataType{"dna"}}, nil, leakwatch.ErrInvalid},
		{"org substring", leakwatch.Query{Org: "ミナト"}, []string{minato}, nil},
		{"org by alias", leakwatch.Query{Org: "さくら珈琲"}, []string{sakura}, nil},
		{"org width and case folded", leakwatch.Query{Org: "abc"}, []string{abc}, nil},
		{"org common part", leakwatch.Query{Org: "株式会社"}, []string{abc, towa, minato}, nil},
		{"org wildcard is literal", leakwatch.Query{Org: "%"}, nil, nil},
		{"source", leakwatch.Query{Sources: []string{"securitynext"}}, []string{towa, minato}, nil},
		{"sources any of", leakwatch.Query{Sources: []string{"piyolog", "itmedia"}}, []string{abc, kita}, nil},
		{"from day inclusive", leakwatch.Query{From: day(4, 15)}, []string{abc, towa, sakura}, nil},
		{"to day inclusive", leakwatch.Query{To: day(4, 2)}, []string{kita, minato}, nil},
		// 2025-03-31 23:30 JST is 14:30 UTC; the day is Japan's.
		{"day in Japan time", leakwatch.Query{From: day(3, 31), To: day(3, 31)}, []string{minato}, nil},
		{"day given in UTC is read in JST", leakwatch.Query{From: time.Date(2025, 4, 1, 0, 0, 0, 0, time.UTC)},
			[]string{abc, towa, sakura, kita}, nil},
		{"range", leakwatch.Query{From: day(4, 1), To: day(5, 20)}, []string{towa, sakura, kita}, nil},
		{"min records", leakwatch.Query{MinRecords: ptr(3456)}, []string{sakura, minato}, nil},
		{"max records", leakwatch.Query{MaxRecords: ptr(312)}, []string{abc, kita}, nil},
		{"min and max; unknown counts excluded", leakwatch.Query{MinRecords: ptr(0), MaxRecords: ptr(5000)},
			[]string{abc, sakura, kita}, nil},
		{"filters combine", leakwatch.Query{Actors: []leakwatch.Actor{leakwatch.ActorExternal}, DataTypes: []leakwatch.DataType{leakwatch.DataPhone}},
			[]string{minato}, nil},
		{"text is ignored", leakwatch.Query{Text: "存在しない語"}, []string{abc, towa, sakura, kita, minato}, nil},
		{"sort by records", leakwatch.Query{Sort: leakwatch.SortRecords}, []string{minato, sakura, kita, abc, towa}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reps, total, err := s.Reports(ctx, tt.q)
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("err %v, want %v", err, tt.wantErr)
			}
			if got := orgsOf(reps); !slices.Equal(got, tt.want) || total != len(tt.want) {
				t.Errorf("got %v (total %d), want %v", got, total, tt.want)
			}
		})
	}
}

func TestReportsCarryArticleAndIncident(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	arts := loadFixtures(t, s)
	reps, _, err := s.Reports(ctx, leakwatch.Query{Org: "ミナト"})
	if err != nil || len(reps) != 1 {
		t.Fatalf("%v %v", reps, err)
	}
	r, a := reps[0], arts[0]
	if r.ArticleID != a.ID || r.URL != a.URL || r.Title != a.Title || r.SourceID != a.SourceID || !r.Published.Equal(a.Published) {
		t.Errorf("article info: %+v", r)
	}
	in := r.Incident
	if len(in.Causes) != 2 || in.Causes[0] != leakwatch.CauseRansomware || len(in.DataTypes) != 3 ||
		in.Records == nil || *in.Records != 12000 || len(in.Evidence) != 1 || in.RecordsText != "約1万2000件" {
		t.Errorf("incident: %+v", in)
	}
}

func TestReportsPagination(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	loadFixtures(t, s)
	all := []string{abc, towa, sakura, kita, minato}
	tests := []struct {
		page, size int
		want       []string
		wantErr    bool
	}{
		{0, 0, all, false},
		{1, 0, all, false},
		{0, 2, all[:2], false},
		{1, 2, all[:2], false},
		{2, 2, all[2:4], false},
		{3, 2, all[4:], false},
		{4, 2, nil, false},
		{1, 10, all, false},
		{-1, 2, nil, true},
		{1, -2, nil, true},
	}
	for _, tt := range tests {
		reps, total, err := s.Reports(ctx, leakwatch.Query{Page: tt.page, Size: tt.size})
		if (err != nil) != tt.wantErr {
			t.Errorf("page %d size %d: err %v", tt.page, tt.size, err)
			continue
		}
		if err != nil {
			continue
		}
		if got := orgsOf(reps); !slices.Equal(got, tt.want) || total != len(all) {
			t.Errorf("page %d size %d: %v total %d, want %v total %d", tt.page, tt.size, got, total, tt.want, len(all))
		}
	}
}

func TestStats(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	loadFixtures(t, s)
	day := func(m time.Month, d int) time.Time { return time.Date(2025, m, d, 0, 0, 0, 0, leakwatch.JST) }
	row := func(k string, n int, r int64) leakwatch.StatRow {
		return leakwatch.StatRow{Key: k, Incidents: n, Records: r}
	}
	tests := []struct {
		name             string
		from, to         time.Time
		articles, incs   int
		records          int64
		uncounted        int
		byCause, byActor []leakwatch.StatRow
		byMonth          []leakwatch.StatRow
	}{
		{
			name: "everything", articles: 6, incs: 5, records: 12000 + 312 + 3456 + 85, uncounted: 1,
			byCause: []leakwatch.StatRow{row("insider", 1, 0), row("loss_theft", 1, 312), row("misoperation", 1, 85),
				row("ransomware", 1, 12000), row("unauthorized_access", 1, 3456)},
			byActor: []leakwatch.StatRow{row("external", 2, 15456), row("internal", 2, 397), row("partner", 1, 0)},
			byMonth: []leakwatch.StatRow{row("2025-03", 1, 12000), row("2025-04", 2, 3768), row("2025-05", 2, 85)},
		},
		{
			name: "April only", from: day(4, 1), to: day(4, 30), articles: 2, incs: 2, records: 3768,
			byCause: []leakwatch.StatRow{row("loss_theft", 1, 312), row("unauthorized_access", 1, 3456)},
			byActor: []leakwatch.StatRow{row("external", 1, 3456), row("internal", 1, 312)},
			byMonth: []leakwatch.StatRow{row("2025-04", 2, 3768)},
		},
		{
			name: "May: the uncounted case is not a zero", from: day(5, 1), to: day(5, 31), articles: 2, incs: 2, records: 85, uncounted: 1,
			byCause: []leakwatch.StatRow{row("insider", 1, 0), row("misoperation", 1, 85)},
			byActor: []leakwatch.StatRow{row("internal", 1, 85), row("partner", 1, 0)},
			byMonth: []leakwatch.StatRow{row("2025-05", 2, 85)},
		},
		{
			name: "March 31 JST, though UTC says so too late", from: day(3, 31), to: day(3, 31), articles: 1, incs: 1, records: 12000,
			byCause: []leakwatch.StatRow{row("ransomware", 1, 12000)},
			byActor: []leakwatch.StatRow{row("external", 1, 12000)},
			byMonth: []leakwatch.StatRow{row("2025-03", 1, 12000)},
		},
		{
			name: "January: an article but no incident", from: day(1, 1), to: day(1, 31), articles: 1,
			byCause: []leakwatch.StatRow{}, byActor: []leakwatch.StatRow{}, byMonth: []leakwatch.StatRow{},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st, err := s.Stats(ctx, tt.from, tt.to)
			if err != nil {
				t.Fatal(err)
			}
			if st.Articles != tt.articles || st.Incidents != tt.incs || st.Records != tt.records || st.Uncounted != tt.uncounted {
				t.Errorf("totals: articles %d incidents %d records %d uncounted %d; want %d %d %d %d",
					st.Articles, st.Incidents, st.Records, st.Uncounted, tt.articles, tt.incs, tt.records, tt.uncounted)
			}
			if !slices.Equal(st.ByCause, tt.byCause) {
				t.Errorf("by cause %v, want %v", st.ByCause, tt.byCause)
			}
			if !slices.Equal(st.ByActor, tt.byActor) {
				t.Errorf("by actor %v, want %v", st.ByActor, tt.byActor)
			}
			if !slices.Equal(st.ByMonth, tt.byMonth) {
				t.Errorf("by month %v, want %v", st.ByMonth, tt.byMonth)
			}
			if !st.From.Equal(tt.from) || !st.To.Equal(tt.to) {
				t.Errorf("period %v–%v", st.From, st.To)
			}
		})
	}
}

// TestDatedFallsBackToFetched: an article whose page gave no date is counted
// on the day it was fetched, not dropped from every dated query.
func TestDatedFallsBackToFetched(t *testing.T) {
	ctx := context.Background()
	s, _ := openTemp(t)
	f := fixtures()[1]
	a := f.article
	a.Published = time.Time{}
	a.Fetched = jst(2025, 6, 3, 4, 0)
	if _, err := s.UpsertArticle(ctx, &a); err != nil {
		t.Fatal(err)
	}
	if err := s.SaveAnalysis(ctx, a.ID, f.analysis); err != nil {
		t.Fatal(err)
	}
	d := time.Date(2025, 6, 3, 0, 0, 0, 0, leakwatch.JST)
	reps, _, err := s.Reports(ctx, leakwatch.Query{From: d, To: d})
	if err != nil || len(reps) != 1 || !reps[0].Published.IsZero() {
		t.Errorf("undated article by fetch day: %+v %v", reps, err)
	}
}
