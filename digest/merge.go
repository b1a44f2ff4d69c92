package digest

import (
	"slices"
	"sort"
	"time"

	"github.com/leakwatch/leakwatch"
)

// How far apart reports of one case may be. Sites report a case over a few
// days; a follow-up (第2報, 調査結果) comes weeks or months later.
const (
	sameCaseWindow = 14 * 24 * time.Hour
	followUpWindow = 180 * 24 * time.Hour
)

// cluster is one case built from the reports that tell of it, oldest first.
type cluster struct {
	seq     int // order of creation
	keys    map[string]bool
	reports []leakwatch.Report
	follow  []bool // follow[i]: reports[i] joined as a follow-up

	org       string
	causes    []leakwatch.Cause
	actor     leakwatch.Actor
	records   *int64
	qual      leakwatch.Qualifier
	counter   string
	countFrom int // index of the report the count comes from; -1 when none
	dataTypes map[leakwatch.DataType]bool
	notes     []string
	first     time.Time
	last      time.Time
}

// mergeReports groups reports into cases. Reports are taken oldest first; a
// report joins the most recent case of the same organisation when it is a
// follow-up within followUpWindow, or when it is within sameCaseWindow and
// its count and causes do not contradict the case's. Otherwise it starts a case.
func mergeReports(reports []leakwatch.Report) []*cluster {
	rs := slices.Clone(reports)
	sort.SliceStable(rs, func(i, j int) bool {
		a, b := rs[i], rs[j]
		if !a.Published.Equal(b.Published) {
			return a.Published.Before(b.Published)
		}
		if a.ArticleID != b.ArticleID {
			return a.ArticleID < b.ArticleID
		}
		if a.URL != b.URL {
			return a.URL < b.URL
		}
		return a.Incident.Org < b.Incident.Org
	})
	var cs []*cluster
	byKey := map[string][]*cluster{} // clusters of each organisation key, oldest first
	for _, r := range rs {
		keys := reportKeys(r)
		if len(keys) == 0 {
			continue // a case without an organisation cannot be told apart or merged
		}
		fu := isFollowUp(r)
		var target *cluster
		for _, c := range candidates(byKey, keys) {
			gap := r.Published.Sub(c.last)
			if fu && gap <= followUpWindow {
				target = c
				break
			}
			if gap <= sameCaseWindow && c.countCompatible(r.Incident) && c.causesCompatible(r.Incident) {
				target = c
				break
			}
		}
		if target == nil {
			target = &cluster{keys: map[string]bool{}, dataTypes: map[leakwatch.DataType]bool{}, countFrom: -1, seq: len(cs)}
			cs = append(cs, target)
		}
		for _, k := range keys {
			if !target.keys[k] {
				byKey[k] = append(byKey[k], target)
			}
		}
		target.add(r, keys, fu && len(target.reports) > 0)
	}
	return cs
}

// candidates are the clusters sharing a key with a report, most recently
// started first, each once.
func candidates(byKey map[string][]*cluster, keys []string) []*cluster {
	var out []*cluster
	for _, k := range keys {
		for _, c := range byKey[k] {
			if !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	slices.SortFunc(out, func(a, b *cluster) int { return b.seq - a.seq })
	return out
}

func reportKeys(r leakwatch.Report) []string {
	var keys []string
	for _, n := range append([]string{r.Incident.Org}, r.Incident.OrgAliases...) {
		if k := orgKey(n); k != "" && !slices.Contains(keys, k) {
			keys = append(keys, k)
		}
	}
	return keys
}

// countCompatible reports whether a count could describe the same case: either
// is unknown, they are within 20% (約12万 and 120,982), or a bound holds the other.
func (c *cluster) countCompatible(in leakwatch.Incident) bool {
	if c.records == nil || in.Records == nil {
		return true
	}
	a, b := *c.records, *in.Records
	lo, hi := min(a, b), max(a, b)
	if hi == 0 || float64(hi-lo)/float64(hi) <= 0.2 {
		return true
	}
	switch {
	case c.qual == leakwatch.QualLowerBound && b >= a, in.RecordsQualifier == leakwatch.QualLowerBound && a >= b:
		return true
	case c.qual == leakwatch.QualUpperBound && b <= a, in.RecordsQualifier == leakwatch.QualUpperBound && a <= b:
		return true
	}
	return false
}

// causesCompatible: two reports naming only different specific causes (a lost
// USB stick, a ransomware attack) are two cases even at one organisation.
func (c *cluster) causesCompatible(in leakwatch.Incident) bool {
	specific := func(cs []leakwatch.Cause) []leakwatch.Cause {
		var out []leakwatch.Cause
		for _, x := range cs {
			if x != leakwatch.CauseOther && x != "" {
				out = append(out, x)
			}
		}
		return out
	}
	a, b := specific(c.causes), specific(in.Causes)
	if len(a) == 0 || len(b) == 0 {
		return true
	}
	for _, x := range b {
		if slices.Contains(a, x) {
			return true
		}
	}
	return false
}

// qualRank orders how precisely a count is stated, for choosing among sites
// that report the same case at the same time.
func qualRank(q leakwatch.Qualifier) int {
	switch q {
	case leakwatch.QualExact, "":
		return 3
	case leakwatch.QualUpperBound, leakwatch.QualLowerBound:
		return 2
	}
	return 1
}

func (c *cluster) add(r leakwatch.Report, keys []string, followUp bool) {
	in := r.Incident
	idx := len(c.reports)
	c.reports = append(c.reports, r)
	c.follow = append(c.follow, followUp)
	for _, k := range keys {
		c.keys[k] = true
	}
	if idx == 0 {
		c.org = in.Org
		c.first = r.Published
	}
	c.last = r.Published

	for _, x := range in.Causes {
		if x != "" && !slices.Contains(c.causes, x) {
			c.causes = append(c.causes, x)
		}
	}
	// "other" means the cause was not stated; drop it once one is.
	if len(c.causes) > 1 {
		c.causes = slices.DeleteFunc(c.causes, func(x leakwatch.Cause) bool { return x == leakwatch.CauseOther })
	}
	if in.Actor != "" && in.Actor != leakwatch.ActorUnknown && (c.actor == "" || c.actor == leakwatch.ActorUnknown || followUp) {
		c.actor = in.Actor // an investigation's finding beats the first guess
	}
	if c.actor == "" {
		c.actor = in.Actor
	}
	for _, d := range in.DataTypes {
		c.dataTypes[d] = true
	}

	if in.Records == nil {
		return
	}
	v := *in.Records
	newCounter := counterOf(in.RecordsText)
	switch {
	case c.records == nil:
		if idx > 0 && followUp {
			c.notes = append(c.notes, "続報で件数を"+countText(&v, in.RecordsQualifier, newCounter)+"と公表")
		}
	case followUp && (v != *c.records || in.RecordsQualifier != c.qual):
		old := countText(c.records, c.qual, c.counter)
		c.notes = append(c.notes, "件数を"+old+"から"+countText(&v, in.RecordsQualifier, newCounter)+"に訂正")
	case followUp:
		// the same count again: keep the first statement of it.
		return
	case c.follow[c.countFrom] || qualRank(in.RecordsQualifier) <= qualRank(c.qual):
		return // a corrected count stands; another site's rounder figure does not replace a precise one
	}
	c.records = &v
	c.qual = in.RecordsQualifier
	c.counter = newCounter
	c.countFrom = idx
}
