package digest

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch"
)

// synthReports makes n reports over the 30 weeks before 2026-11-23 about
// orgs organisations, a third of them reported by a second site, some with
// follow-ups: the shape of a half-year store.
func synthReports(n, orgs int) []leakwatch.Report {
	rng := rand.New(rand.NewPCG(1, 2))
	end := time.Date(2026, 11, 23, 0, 0, 0, 0, leakwatch.JST)
	causes := leakwatch.Causes()
	out := make([]leakwatch.Report, 0, n)
	for i := 0; len(out) < n; i++ {
		org := fmt.Sprintf("株式会社テスト%04d", rng.IntN(orgs))
		at := end.Add(-time.Duration(rng.Int64N(int64(30 * 7 * 24 * time.Hour))))
		rec := int64(rng.IntN(200000) + 1)
		in := leakwatch.Incident{Org: org, Causes: []leakwatch.Cause{causes[rng.IntN(len(causes))]}, Actor: leakwatch.ActorExternal,
			Records: &rec, RecordsQualifier: leakwatch.QualExact, RecordsText: fmt.Sprintf("%d件", rec),
			DataTypes: []leakwatch.DataType{leakwatch.DataName}, Summary: org + "で個人情報が流出した可能性がある。"}
		r := leakwatch.Report{Incident: in, ArticleID: int64(i), URL: fmt.Sprintf("https://a.example.jp/%d", i), SourceID: "a", Title: org + "に不正アクセス", Published: at}
		out = append(out, r)
		if i%3 == 0 && len(out) < n {
			r2 := r
			r2.URL, r2.SourceID, r2.Published = fmt.Sprintf("https://b.example.jp/%d", i), "b", at.Add(5*time.Hour)
			out = append(out, r2)
		}
		if i%10 == 0 && len(out) < n {
			r3 := r
			rec3 := rec + 1000
			r3.Incident.Records = &rec3
			r3.URL, r3.Title, r3.Published = fmt.Sprintf("https://a.example.jp/%d-2", i), org+"、不正アクセスの調査結果（第2報）", at.Add(20*24*time.Hour)
			out = append(out, r3)
		}
	}
	return out
}

// BenchmarkSortBaseline is the floor: sorting the reports by date, which
// Compile must do anyway.
func BenchmarkSortBaseline(b *testing.B) {
	rs := synthReports(10000, 3000)
	for b.Loop() {
		c := slices.Clone(rs)
		sort.SliceStable(c, func(i, j int) bool { return c[i].Published.Before(c[j].Published) })
	}
}

func BenchmarkCompile(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		rs := synthReports(n, n*3/10)
		p, _ := ParseWeek("2026-W47")
		now := clockAt("2026-11-24 10:00")()
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			for b.Loop() {
				Compile(rs, p, now)
			}
		})
	}
}

func BenchmarkRender(b *testing.B) {
	p, _ := ParseWeek("2026-W47")
	d := Compile(synthReports(10000, 3000), p, clockAt("2026-11-24 10:00")())
	b.Logf("%d cases in the week", len(d.Cases))
	for _, f := range []string{FormatMarkdown, FormatHTML, FormatJSON, FormatAtom} {
		b.Run(f, func(b *testing.B) {
			for b.Loop() {
				if err := Render(io.Discard, d, f); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	var buf bytes.Buffer
	_ = Render(&buf, d, FormatHTML)
	b.Logf("html: %d bytes", buf.Len())
}
