// Package digest writes the weekly digest: the period's data breaches in
// Japan, one entry per case however many sites reported it, ranked by size and
// severity, with causes tallied against the weeks before, in Markdown, HTML
// (with a chart), JSON and Atom.
//
// It reads incidents through the small Reports interface, which the store
// satisfies; everything after the read is a pure function of the reports, the
// period and the clock, so the output is reproducible.
package digest

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/leakwatch/leakwatch"
)

// Reports is what the digest needs from the store: incidents with their
// articles, filtered on the article's published day (Japan time, inclusive);
// Size 0 means all of them.
type Reports interface {
	Reports(ctx context.Context, q leakwatch.Query) ([]leakwatch.Report, int, error)
}

// compareWeeks is how many periods before the digest's are tallied for comparison.
const compareWeeks = 4

// Digest is one period's digest, as rendered in every format.
type Digest struct {
	Period    string    `json:"period"` // "2026-W47" or "2026-11-01_2026-11-30"
	Week      string    `json:"week,omitempty"`
	From      string    `json:"from"` // YYYY-MM-DD, Japan time, inclusive
	To        string    `json:"to"`
	Label     string    `json:"label"` // the period in Japanese
	Generated time.Time `json:"generated"`
	Summary   Summary   `json:"summary"`
	Cases     []Case    `json:"cases"`

	period Period
}

// Summary tallies the period's new cases against the periods before.
type Summary struct {
	Cases      int   `json:"cases"`      // cases first reported in the period
	Continuing int   `json:"continuing"` // earlier cases with news in the period
	Records    int64 `json:"records"`    // sum of the new cases' known counts
	Uncounted  int   `json:"uncounted"`  // new cases with no published count (not counted as zero)
	// Previous are the compareWeeks periods before, oldest first.
	Previous []PeriodStat `json:"previous"`
	// PrevCases and PrevRecords sum Previous.
	PrevCases   int         `json:"prev_cases"`
	PrevRecords int64       `json:"prev_records"`
	ByCause     []CauseStat `json:"by_cause"`
	Largest     *CaseRef    `json:"largest,omitempty"`
	Rising      []CauseStat `json:"rising,omitempty"`
}

// PeriodStat is the number of new cases and known records in one period.
type PeriodStat struct {
	Period    string `json:"period"`
	From      string `json:"from"`
	To        string `json:"to"`
	Cases     int    `json:"cases"`
	Records   int64  `json:"records"`
	Uncounted int    `json:"uncounted"`
}

// CauseStat is one cause's line in the summary, by each case's primary cause.
type CauseStat struct {
	Cause         leakwatch.Cause `json:"cause"`
	Label         string          `json:"label"`
	Cases         int             `json:"cases"`
	Records       int64           `json:"records"`
	Uncounted     int             `json:"uncounted"`
	PrevCases     int             `json:"prev_cases"` // over the previous periods
	PrevRecords   int64           `json:"prev_records"`
	PrevUncounted int             `json:"prev_uncounted"`
	// PrevAvg is the previous periods' mean number of cases.
	PrevAvg float64 `json:"prev_avg"`
	Rising  bool    `json:"rising"`
}

// CaseRef points at one entry.
type CaseRef struct {
	Rank      int    `json:"rank"`
	Org       string `json:"org"`
	CountText string `json:"count_text"`
}

// Case is one entry: a case merged from every report of it.
type Case struct {
	Rank        int                  `json:"rank"`
	Org         string               `json:"org"`
	Causes      []leakwatch.Cause    `json:"causes"`
	CauseLabels []string             `json:"cause_labels"`
	Actor       leakwatch.Actor      `json:"actor"`
	ActorLabel  string               `json:"actor_label"`
	Records     *int64               `json:"records"` // nil: no published count
	Qualifier   leakwatch.Qualifier  `json:"records_qualifier,omitempty"`
	CountText   string               `json:"count_text"` // 約15万人, or 人数非公表/不明
	DataTypes   []leakwatch.DataType `json:"data_types"`
	DataLabels  []string             `json:"data_labels"`
	Summary     string               `json:"summary"`
	FirstReport string               `json:"first_report"` // YYYY-MM-DD
	LastReport  string               `json:"last_report"`
	// New is false for a case first reported before the period that had news in it.
	New      bool     `json:"new"`
	FollowUp bool     `json:"follow_up"` // a follow-up report (第2報, 続報 …) joined the case
	Notes    []string `json:"notes,omitempty"`
	Sources  []Source `json:"sources"`

	severity int
	last     time.Time
}

// Source is one report of a case.
type Source struct {
	URL       string `json:"url"`
	Source    string `json:"source"`
	Title     string `json:"title"`
	Published string `json:"published"` // YYYY-MM-DD, Japan time
	FollowUp  bool   `json:"follow_up,omitempty"`
}

// Compile builds the digest of p from reports, which must include the
// periods before p (compareWeeks, plus the follow-up window) so that
// follow-ups join their cases and the comparison has its data. Reports after
// p are ignored. now stamps the digest.
func Compile(reports []leakwatch.Report, p Period, now time.Time) *Digest {
	var rs []leakwatch.Report
	for _, r := range reports {
		if !r.Published.IsZero() && r.Published.Before(p.End()) {
			rs = append(rs, r)
		}
	}
	clusters := mergeReports(rs)

	d := &Digest{
		Period: p.Name(), Week: p.Week,
		From: day(p.From), To: day(p.To), Label: p.Label(),
		Generated: now.In(leakwatch.JST), period: p,
		Cases: []Case{},
	}
	for _, c := range clusters {
		if !c.touches(p) {
			continue
		}
		d.Cases = append(d.Cases, c.entry(p))
	}
	rank(d.Cases)
	d.Summary = summarise(clusters, d.Cases, p)
	return d
}

// loadWindow is the earliest day Compile needs reports from for p.
func loadWindow(p Period) time.Time {
	return p.Shift(-compareWeeks).From.Add(-followUpWindow)
}

func day(t time.Time) string { return t.In(leakwatch.JST).Format("2006-01-02") }

func (c *cluster) touches(p Period) bool {
	for _, r := range c.reports {
		if p.Contains(r.Published) {
			return true
		}
	}
	return false
}

func (c *cluster) entry(p Period) Case {
	e := Case{
		Org:         c.org,
		Causes:      slices.Clone(c.causes),
		Actor:       c.actor,
		Records:     c.records,
		Qualifier:   c.qual,
		CountText:   countText(c.records, c.qual, c.counter),
		FirstReport: day(c.first),
		LastReport:  day(c.last),
		New:         !c.first.Before(p.From),
		Notes:       slices.Clone(c.notes),
		last:        c.last,
	}
	if len(e.Causes) == 0 {
		e.Causes = []leakwatch.Cause{leakwatch.CauseOther}
	}
	for _, x := range e.Causes {
		e.CauseLabels = append(e.CauseLabels, x.Label())
	}
	if e.Actor == "" {
		e.Actor = leakwatch.ActorUnknown
	}
	e.ActorLabel = e.Actor.Label()
	e.DataTypes = []leakwatch.DataType{}
	e.DataLabels = []string{}
	for _, dt := range leakwatch.DataTypes() { // vocabulary order, for stable output
		if c.dataTypes[dt] {
			e.DataTypes = append(e.DataTypes, dt)
			e.DataLabels = append(e.DataLabels, dt.Label())
		}
	}
	for dt := range c.dataTypes {
		if !dt.Valid() {
			e.DataTypes = append(e.DataTypes, dt)
		}
	}
	e.severity = severity(e.DataTypes)
	e.Summary = c.summary()
	seen := map[string]bool{}
	for i, r := range c.reports {
		if c.follow[i] {
			e.FollowUp = true
		}
		if seen[r.URL] {
			continue // one article reporting the case twice (a round-up) is one source
		}
		seen[r.URL] = true
		e.Sources = append(e.Sources, Source{
			URL: r.URL, Source: r.SourceID, Title: strings.TrimSpace(r.Title),
			Published: day(r.Published), FollowUp: c.follow[i],
		})
	}
	return e
}

// summary is the one sentence shown for the case, taken from the evidence:
// from the report that gave the count when it has one, else the first that does.
func (c *cluster) summary() string {
	order := make([]int, 0, len(c.reports))
	if c.countFrom >= 0 {
		order = append(order, c.countFrom)
	}
	for i := range c.reports {
		if i != c.countFrom {
			order = append(order, i)
		}
	}
	for _, i := range order {
		if s := sentenceOf(c.reports[i].Incident); s != "" {
			return oneLine(s)
		}
	}
	return oneLine(c.reports[0].Title)
}

func sentenceOf(in leakwatch.Incident) string {
	if s := strings.TrimSpace(in.Summary); s != "" {
		return s
	}
	for _, e := range in.Evidence {
		if e.Field == "records" && strings.TrimSpace(e.Text) != "" {
			return e.Text
		}
	}
	for _, e := range in.Evidence {
		if strings.TrimSpace(e.Text) != "" {
			return e.Text
		}
	}
	return ""
}

// severity ranks the data that leaked: card numbers, passports, My Number and
// health data are the most harmful, then bank accounts and credentials.
func severity(ds []leakwatch.DataType) int {
	s := 0
	for _, d := range ds {
		switch d {
		case leakwatch.DataCreditCard, leakwatch.DataPassport, leakwatch.DataMyNumber, leakwatch.DataHealth:
			s = max(s, 2)
		case leakwatch.DataBankAccount, leakwatch.DataCredentials:
			s = max(s, 1)
		}
	}
	return s
}

// rank orders the entries: known counts first, largest first; then the more
// harmful data; then the most recent news; then by name, so output is stable.
func rank(cs []Case) {
	sort.SliceStable(cs, func(i, j int) bool {
		a, b := cs[i], cs[j]
		if (a.Records == nil) != (b.Records == nil) {
			return a.Records != nil
		}
		if a.Records != nil && *a.Records != *b.Records {
			return *a.Records > *b.Records
		}
		if a.severity != b.severity {
			return a.severity > b.severity
		}
		if !a.last.Equal(b.last) {
			return a.last.After(b.last)
		}
		if a.Org != b.Org {
			return a.Org < b.Org
		}
		return a.Sources[0].URL < b.Sources[0].URL
	})
	for i := range cs {
		cs[i].Rank = i + 1
	}
}

// summarise tallies new cases by primary cause in p and in the periods before.
func summarise(clusters []*cluster, entries []Case, p Period) Summary {
	var s Summary
	type tally struct {
		cases, uncounted int
		records          int64
	}
	this := map[leakwatch.Cause]*tally{}
	prev := map[leakwatch.Cause]*tally{}
	add := func(m map[leakwatch.Cause]*tally, c *cluster) {
		cause := leakwatch.CauseOther
		if len(c.causes) > 0 {
			cause = c.causes[0]
		}
		t := m[cause]
		if t == nil {
			t = &tally{}
			m[cause] = t
		}
		t.cases++
		if c.records == nil {
			t.uncounted++
		} else {
			t.records += *c.records
		}
	}
	for k := compareWeeks; k >= 1; k-- {
		q := p.Shift(-k)
		ps := PeriodStat{Period: q.Name(), From: day(q.From), To: day(q.To)}
		for _, c := range clusters {
			if q.Contains(c.first) {
				add(prev, c)
				ps.Cases++
				if c.records == nil {
					ps.Uncounted++
				} else {
					ps.Records += *c.records
				}
			}
		}
		s.Previous = append(s.Previous, ps)
		s.PrevCases += ps.Cases
		s.PrevRecords += ps.Records
	}
	for _, c := range clusters {
		if p.Contains(c.first) {
			add(this, c)
			s.Cases++
			if c.records == nil {
				s.Uncounted++
			} else {
				s.Records += *c.records
			}
		}
	}
	for _, e := range entries {
		if !e.New {
			s.Continuing++
		}
	}
	s.ByCause = []CauseStat{}
	for _, cause := range leakwatch.Causes() {
		t, pt := this[cause], prev[cause]
		if t == nil && pt == nil {
			continue
		}
		cs := CauseStat{Cause: cause, Label: cause.Label()}
		if t != nil {
			cs.Cases, cs.Records, cs.Uncounted = t.cases, t.records, t.uncounted
		}
		if pt != nil {
			cs.PrevCases, cs.PrevRecords, cs.PrevUncounted = pt.cases, pt.records, pt.uncounted
		}
		cs.PrevAvg = float64(cs.PrevCases) / compareWeeks
		cs.Rising = rising(cs.Cases, cs.PrevAvg)
		s.ByCause = append(s.ByCause, cs)
		if cs.Rising {
			s.Rising = append(s.Rising, cs)
		}
	}
	sort.SliceStable(s.Rising, func(i, j int) bool {
		return float64(s.Rising[i].Cases)-s.Rising[i].PrevAvg > float64(s.Rising[j].Cases)-s.Rising[j].PrevAvg
	})
	for _, e := range entries {
		if e.New && e.Records != nil {
			s.Largest = &CaseRef{Rank: e.Rank, Org: e.Org, CountText: e.CountText}
			break
		}
	}
	return s
}

// rising: at least two new cases and half again the previous average, so one
// stray case after a quiet month is not called a trend.
func rising(cases int, prevAvg float64) bool {
	return cases >= 2 && float64(cases) >= 1.5*prevAvg && float64(cases) > prevAvg
}

// ErrFormat is wrapped by errors for a format the digest cannot write.
var errFormat = fmt.Errorf("digest: unknown format: %w", leakwatch.ErrInvalid)
