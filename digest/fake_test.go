package digest

import (
	"context"
	"encoding/json"
	"os"
	"sort"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch"
)

// fakeReports is an in-memory Reports with the store's contract: filters on
// the published day in Japan time, both ends inclusive; newest first; Size 0
// returns everything.
type fakeReports struct {
	reports []leakwatch.Report
	queries []leakwatch.Query
	err     error
}

func (f *fakeReports) Reports(ctx context.Context, q leakwatch.Query) ([]leakwatch.Report, int, error) {
	f.queries = append(f.queries, q)
	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}
	if f.err != nil {
		return nil, 0, f.err
	}
	dayOf := func(t time.Time) string { return t.In(leakwatch.JST).Format("2006-01-02") }
	var out []leakwatch.Report
	for _, r := range f.reports {
		d := dayOf(r.Published)
		if !q.From.IsZero() && d < dayOf(q.From) {
			continue
		}
		if !q.To.IsZero() && d > dayOf(q.To) {
			continue
		}
		out = append(out, r)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Published.After(out[j].Published) })
	total := len(out)
	if q.Size > 0 {
		page := max(q.Page, 1)
		lo := min((page-1)*q.Size, total)
		out = out[lo:min(lo+q.Size, total)]
	}
	return out, total, nil
}

func loadFixture(t testing.TB) *fakeReports {
	t.Helper()
	b, err := os.ReadFile("testdata/reports.json")
	if err != nil {
		t.Fatal(err)
	}
	var rs []leakwatch.Report
	if err := json.Unmarshal(b, &rs); err != nil {
		t.Fatalf("testdata/reports.json: %v", err)
	}
	return &fakeReports{reports: rs}
}

// clockAt is a fixed clock in Japan time.
func clockAt(s string) func() time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, leakwatch.JST)
	if err != nil {
		panic(err)
	}
	return func() time.Time { return t }
}
