package api

import (
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/leakwatch/leakwatch"
)

// Limits on what a request may ask for.
const (
	maxQueryRunes = 500
	maxOrgRunes   = 200
	maxSourceLen  = 64
	maxMultiVals  = 20
	dateLayout    = "2006-01-02"
)

// filterParams are the structured filters shared by search, incidents and the page.
var filterParams = []string{"cause", "actor", "data", "org", "source", "from", "to", "min_records", "max_records"}

// queryParse says what one endpoint accepts.
type queryParse struct {
	allowed  []string // parameters beyond filterParams
	defSize  int
	maxSize  int
	maxDepth int // page*size may not go beyond this
	// lenient skips the unknown-parameter check (the web page, where a
	// browser may add its own).
	lenient bool
}

// parseQuery reads the filters, text, sort and paging of a request into a
// leakwatch.Query. Every problem is a *ParamError naming the parameter.
func parseQuery(v url.Values, p queryParse) (leakwatch.Query, error) {
	var q leakwatch.Query
	if !p.lenient {
		if err := checkKnown(v, append(append([]string{}, filterParams...), p.allowed...)); err != nil {
			return q, err
		}
	}
	if err := checkSingles(v, "q", "org", "from", "to", "min_records", "max_records", "sort", "page", "size", "format"); err != nil {
		return q, err
	}
	accepts := func(name string) bool {
		for _, a := range p.allowed {
			if a == name {
				return true
			}
		}
		return false
	}

	if accepts("q") {
		q.Text = strings.TrimSpace(v.Get("q"))
		if !utf8.ValidString(q.Text) {
			return q, paramErrorf("q", "not valid UTF-8")
		}
		if n := utf8.RuneCountInString(q.Text); n > maxQueryRunes {
			return q, paramErrorf("q", "too long (%d characters, at most %d)", n, maxQueryRunes)
		}
	}
	for _, s := range multi(v, "cause") {
		c, err := leakwatch.ParseCause(s)
		if err != nil {
			return q, paramErrorf("cause", "unknown cause %q (one of %s)", s, causeNames())
		}
		q.Causes = appendUnique(q.Causes, c)
	}
	for _, s := range multi(v, "actor") {
		a, err := leakwatch.ParseActor(s)
		if err != nil {
			return q, paramErrorf("actor", "unknown actor %q (one of %s)", s, actorNames())
		}
		q.Actors = appendUnique(q.Actors, a)
	}
	for _, s := range multi(v, "data") {
		d, err := leakwatch.ParseDataType(s)
		if err != nil {
			return q, paramErrorf("data", "unknown data type %q (one of %s)", s, dataNames())
		}
		q.DataTypes = appendUnique(q.DataTypes, d)
	}
	for _, s := range multi(v, "source") {
		if len(s) > maxSourceLen || strings.IndexFunc(s, func(r rune) bool { return unicode.IsControl(r) || unicode.IsSpace(r) }) >= 0 || !utf8.ValidString(s) {
			return q, paramErrorf("source", "not a source id: %q", s)
		}
		q.Sources = appendUnique(q.Sources, s)
	}
	for _, name := range []string{"cause", "actor", "data", "source"} {
		if len(multi(v, name)) > maxMultiVals {
			return q, paramErrorf(name, "at most %d values", maxMultiVals)
		}
	}
	q.Org = strings.TrimSpace(v.Get("org"))
	if !utf8.ValidString(q.Org) || utf8.RuneCountInString(q.Org) > maxOrgRunes {
		return q, paramErrorf("org", "must be valid UTF-8 of at most %d characters", maxOrgRunes)
	}

	var err error
	if q.From, err = parseDate(v, "from"); err != nil {
		return q, err
	}
	if q.To, err = parseDate(v, "to"); err != nil {
		return q, err
	}
	if !q.From.IsZero() && !q.To.IsZero() && q.To.Before(q.From) {
		return q, paramErrorf("to", "%s is before from %s", v.Get("to"), v.Get("from"))
	}
	if q.MinRecords, err = parseCount(v, "min_records"); err != nil {
		return q, err
	}
	if q.MaxRecords, err = parseCount(v, "max_records"); err != nil {
		return q, err
	}
	if q.MinRecords != nil && q.MaxRecords != nil && *q.MaxRecords < *q.MinRecords {
		return q, paramErrorf("max_records", "%d is below min_records %d", *q.MaxRecords, *q.MinRecords)
	}

	if accepts("sort") {
		switch s := strings.TrimSpace(v.Get("sort")); s {
		case "":
			q.Sort = leakwatch.SortDate
			if q.Text != "" {
				q.Sort = leakwatch.SortRelevance
			}
		case string(leakwatch.SortRelevance), string(leakwatch.SortDate), string(leakwatch.SortRecords):
			q.Sort = leakwatch.SortOrder(s)
		default:
			return q, paramErrorf("sort", "unknown order %q (one of relevance, date, records)", s)
		}
	}

	if q.Page, err = parseInt(v, "page", 1, 1, 1<<20); err != nil {
		return q, err
	}
	if q.Size, err = parseInt(v, "size", p.defSize, 1, p.maxSize); err != nil {
		return q, err
	}
	if q.Page*q.Size > p.maxDepth {
		return q, paramErrorf("page", "page %d of size %d reaches beyond result %d; narrow the query", q.Page, q.Size, p.maxDepth)
	}
	return q, nil
}

// checkKnown rejects parameters the endpoint does not know, so a misspelt
// filter is an error rather than silently ignored.
func checkKnown(v url.Values, known []string) error {
	names := make([]string, 0, len(v))
	for k := range v {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		ok := false
		for _, n := range known {
			if k == n {
				ok = true
				break
			}
		}
		if !ok {
			return paramErrorf(k, "unknown parameter (known: %s)", strings.Join(known, ", "))
		}
	}
	return nil
}

func checkSingles(v url.Values, names ...string) error {
	for _, n := range names {
		if len(v[n]) > 1 {
			return paramErrorf(n, "given %d times; give it once", len(v[n]))
		}
	}
	return nil
}

// multi reads a parameter given several times or as a comma-separated list;
// empty items mean "any" (a form's unselected choice).
func multi(v url.Values, name string) []string {
	var out []string
	for _, raw := range v[name] {
		for _, s := range strings.Split(raw, ",") {
			if s = strings.TrimSpace(s); s != "" {
				out = append(out, s)
			}
		}
	}
	return out
}

func appendUnique[T comparable](xs []T, x T) []T {
	for _, y := range xs {
		if y == x {
			return xs
		}
	}
	return append(xs, x)
}

// parseDate reads YYYY-MM-DD as the start of that day in Japan time.
func parseDate(v url.Values, name string) (time.Time, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation(dateLayout, s, leakwatch.JST)
	if err != nil {
		return time.Time{}, paramErrorf(name, "%q is not a date YYYY-MM-DD", s)
	}
	return t, nil
}

func parseCount(v url.Values, name string) (*int64, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return nil, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return nil, paramErrorf(name, "%q is not a whole number ≥ 0", s)
	}
	return &n, nil
}

func parseInt(v url.Values, name string, def, lo, hi int) (int, error) {
	s := strings.TrimSpace(v.Get(name))
	if s == "" {
		return def, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, paramErrorf(name, "%q is not a whole number", s)
	}
	if n < lo || n > hi {
		return 0, paramErrorf(name, "%d is out of range %d–%d", n, lo, hi)
	}
	return n, nil
}

func causeNames() string {
	var ss []string
	for _, c := range leakwatch.Causes() {
		ss = append(ss, string(c))
	}
	return strings.Join(ss, ", ")
}

func actorNames() string {
	var ss []string
	for _, a := range leakwatch.Actors() {
		ss = append(ss, string(a))
	}
	return strings.Join(ss, ", ")
}

func dataNames() string {
	var ss []string
	for _, d := range leakwatch.DataTypes() {
		ss = append(ss, string(d))
	}
	return strings.Join(ss, ", ")
}

// encodeQuery writes q back as URL parameters, the inverse of parseQuery, so
// pages can link to a search with one filter changed. Defaults are left out
// to keep shared URLs short.
func encodeQuery(q leakwatch.Query, defSize int) url.Values {
	v := url.Values{}
	if q.Text != "" {
		v.Set("q", q.Text)
	}
	for _, c := range q.Causes {
		v.Add("cause", string(c))
	}
	for _, a := range q.Actors {
		v.Add("actor", string(a))
	}
	for _, d := range q.DataTypes {
		v.Add("data", string(d))
	}
	for _, s := range q.Sources {
		v.Add("source", s)
	}
	if q.Org != "" {
		v.Set("org", q.Org)
	}
	if !q.From.IsZero() {
		v.Set("from", q.From.In(leakwatch.JST).Format(dateLayout))
	}
	if !q.To.IsZero() {
		v.Set("to", q.To.In(leakwatch.JST).Format(dateLayout))
	}
	if q.MinRecords != nil {
		v.Set("min_records", strconv.FormatInt(*q.MinRecords, 10))
	}
	if q.MaxRecords != nil {
		v.Set("max_records", strconv.FormatInt(*q.MaxRecords, 10))
	}
	if q.Sort != "" && !(q.Sort == leakwatch.SortRelevance && q.Text != "") && !(q.Sort == leakwatch.SortDate && q.Text == "") {
		v.Set("sort", string(q.Sort))
	}
	if q.Page > 1 {
		v.Set("page", strconv.Itoa(q.Page))
	}
	if q.Size != defSize && q.Size > 0 {
		v.Set("size", strconv.Itoa(q.Size))
	}
	return v
}
