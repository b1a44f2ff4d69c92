package digest

import (
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

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
	orgs    map[string]int // names as written, with how many reports use each
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
// its count and causes do not contradict the case's. Names match when equal
// after normalising or when one ends with the other ("国内航空会社のソラノ航空",
// "ソラノ航空"). Without a matching name, a report still joins a case within
// sameCaseWindow that another incident of the same article, or a distinctive
// exact count (19,876件), ties it to. Otherwise it starts a case.
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
	// Indexes from what ties reports together to the clusters that have it.
	byKey := map[string][]*cluster{}    // normalised name
	bySuffix := map[string][]*cluster{} // proper tails of names
	byURL := map[string][]*cluster{}
	byCount := map[int64][]*cluster{} // distinctive counts
	for _, r := range rs {
		keys := reportKeys(r)
		if len(keys) == 0 {
			continue // a case without an organisation cannot be told apart or merged
		}
		fu := isFollowUp(r)
		var cand []*cluster
		for _, k := range keys {
			cand = append(cand, byKey[k]...)
			cand = append(cand, bySuffix[k]...)
			for _, t := range tails(k) {
				cand = append(cand, byKey[t]...)
			}
		}
		cand = append(cand, byURL[r.URL]...)
		if v, ok := distinctive(r.Incident); ok {
			cand = append(cand, byCount[v]...)
		}
		slices.SortFunc(cand, func(a, b *cluster) int { return b.seq - a.seq })
		cand = slices.Compact(cand)

		var target *cluster
		for _, c := range cand {
			gap := r.Published.Sub(c.last)
			if c.namesMatch(keys) {
				if fu && gap <= followUpWindow {
					target = c
					break
				}
				if gap <= sameCaseWindow && c.countCompatible(r.Incident) && c.causesCompatible(r.Incident) {
					target = c
					break
				}
				continue
			}
			// Tied by the article or the count only: the count must be the same.
			if gap <= sameCaseWindow && c.records != nil && r.Incident.Records != nil &&
				*c.records == *r.Incident.Records && c.causesCompatible(r.Incident) {
				target = c
				break
			}
		}
		if target == nil {
			target = &cluster{keys: map[string]bool{}, dataTypes: map[leakwatch.DataType]bool{}, orgs: map[string]int{}, countFrom: -1, seq: len(cs)}
			cs = append(cs, target)
		}
		for _, k := range keys {
			if !target.keys[k] {
				byKey[k] = append(byKey[k], target)
				for _, t := range tails(k) {
					bySuffix[t] = append(bySuffix[t], target)
				}
			}
		}
		byURL[r.URL] = append(byURL[r.URL], target)
		if v, ok := distinctive(r.Incident); ok {
			byCount[v] = append(byCount[v], target)
		}
		target.add(r, keys, fu && len(target.reports) > 0)
	}
	return cs
}

// minTail is the shortest name tail that may stand for a whole name: shorter
// ones (市役所, 京都) are too common to identify anything.
const minTail = 4

// tails are the proper endings of a name key at least minTail runes long.
func tails(k string) []string {
	rs := []rune(k)
	var out []string
	for i := 1; len(rs)-i >= minTail; i++ {
		out = append(out, string(rs[i:]))
	}
	return out
}

// namesMatch: a key equal to one of the case's, or one ending with the other.
func (c *cluster) namesMatch(keys []string) bool {
	for _, k := range keys {
		for ck := range c.keys {
			if k == ck || hasTail(k, ck) || hasTail(ck, k) {
				return true
			}
		}
	}
	return false
}

func hasTail(long, short string) bool {
	return len(long) > len(short) && strings.HasSuffix(long, short) && utf8.RuneCountInString(short) >= minTail
}

// distinctive reports an exact count unlikely to be shared by chance by two
// cases in the same fortnight: at least a thousand and not a round hundred.
func distinctive(in leakwatch.Incident) (int64, bool) {
	if in.Records == nil || (in.RecordsQualifier != leakwatch.QualExact && in.RecordsQualifier != "") {
		return 0, false
	}
	v := *in.Records
	return v, v >= 1000 && v%100 != 0
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
		c.first = r.Published
	}
	// Show the name most reports use; the first one on a tie.
	c.orgs[in.Org]++
	if c.org == "" || c.orgs[in.Org] > c.orgs[c.org] {
		c.org = in.Org
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
