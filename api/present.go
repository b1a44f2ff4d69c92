package api

import (
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/leakwatch/leakwatch"
	"golang.org/x/text/unicode/norm"
)

// sanitizeSnippet lets through exactly what the index's highlighter makes:
// escaped text with <mark> and </mark>. Any other '<' is escaped and any '&'
// that does not start a known entity too, so a snippet can never carry markup
// of its own into the page, whatever the index returns.
func sanitizeSnippet(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], "<mark>"):
			b.WriteString("<mark>")
			i += len("<mark>")
		case strings.HasPrefix(s[i:], "</mark>"):
			b.WriteString("</mark>")
			i += len("</mark>")
		case s[i] == '<':
			b.WriteString("&lt;")
			i++
		case s[i] == '>':
			b.WriteString("&gt;")
			i++
		case s[i] == '"':
			b.WriteString("&#34;")
			i++
		case s[i] == '&':
			if n := entityLen(s[i:]); n > 0 {
				b.WriteString(s[i : i+n])
				i += n
			} else {
				b.WriteString("&amp;")
				i++
			}
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && n <= 1 {
				b.WriteString("\uFFFD")
				i++
				continue
			}
			b.WriteString(s[i : i+n])
			i += n
		}
	}
	return balanceMarks(b.String())
}

// entityLen is the length of a character reference at the start of s
// (&amp; &#34; &#x27; …), or 0.
func entityLen(s string) int {
	end := strings.IndexByte(s, ';')
	if end < 2 || end > 10 {
		return 0
	}
	body := s[1:end]
	if body[0] == '#' {
		digits := body[1:]
		if len(digits) > 0 && (digits[0] == 'x' || digits[0] == 'X') {
			digits = digits[1:]
			if _, err := strconv.ParseUint(digits, 16, 32); err != nil || digits == "" {
				return 0
			}
		} else if _, err := strconv.ParseUint(digits, 10, 32); err != nil || digits == "" {
			return 0
		}
		return end + 1
	}
	switch body {
	case "amp", "lt", "gt", "quot", "apos", "nbsp":
		return end + 1
	}
	return 0
}

// balanceMarks drops a stray </mark> and closes an open <mark>, so a cut
// snippet cannot leave the rest of the page highlighted.
func balanceMarks(s string) string {
	var b strings.Builder
	open := false
	for {
		i := strings.Index(s, "<")
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		s = s[i:]
		if strings.HasPrefix(s, "<mark>") {
			if !open {
				b.WriteString("<mark>")
				open = true
			}
			s = s[len("<mark>"):]
		} else { // "</mark>": sanitizeSnippet leaves no other '<'
			if open {
				b.WriteString("</mark>")
				open = false
			}
			s = s[len("</mark>"):]
		}
	}
	if open {
		b.WriteString("</mark>")
	}
	return b.String()
}

// facetKeys orders the facets for people and maps the names an index may use
// onto the API's parameter-shaped ones.
var facetKeys = []string{"cause", "actor", "data", "source", "month", "records"}

var facetAliases = map[string]string{
	"cause": "cause", "causes": "cause",
	"actor": "actor", "actors": "actor",
	"data": "data", "data_type": "data", "data_types": "data",
	"source": "source", "sources": "source",
	"month": "month", "months": "month", "period": "month", "published": "month",
	"records": "records", "record_range": "records", "records_range": "records",
}

type facet struct {
	key    string
	counts []leakwatch.FacetCount
}

// orderedFacets returns the facets under the API's names, known ones first.
func orderedFacets(in map[string][]leakwatch.FacetCount) []facet {
	byKey := map[string][]leakwatch.FacetCount{}
	for k, v := range in {
		name := k
		if a, ok := facetAliases[strings.ToLower(k)]; ok {
			name = a
		}
		byKey[name] = append(byKey[name], v...)
	}
	var out []facet
	for _, k := range facetKeys {
		if v, ok := byKey[k]; ok {
			out = append(out, facet{k, v})
			delete(byKey, k)
		}
	}
	rest := make([]string, 0, len(byKey))
	for k := range byKey {
		rest = append(rest, k)
	}
	sort.Strings(rest)
	for _, k := range rest {
		out = append(out, facet{k, byKey[k]})
	}
	return out
}

// facetLabel is the Japanese for one facet value.
func facetLabel(key, value string) string {
	switch key {
	case "cause":
		return leakwatch.Cause(value).Label()
	case "actor":
		return leakwatch.Actor(value).Label()
	case "data":
		return leakwatch.DataType(value).Label()
	case "month":
		return monthLabel(value)
	case "records":
		if lo, hi, ok := parseRange(value); ok {
			return rangeLabel(lo, hi)
		}
	}
	return value
}

// monthLabel writes "2024-05" as 2024年5月.
func monthLabel(k string) string {
	t, err := time.Parse("2006-01", k)
	if err != nil {
		return k
	}
	return strconv.Itoa(t.Year()) + "年" + strconv.Itoa(int(t.Month())) + "月"
}

// parseRange reads a record-count bucket written "lo-hi", "lo-" or "-hi"
// (also with ".."), either bound may be open (nil).
func parseRange(s string) (lo, hi *int64, ok bool) {
	sep := "-"
	if strings.Contains(s, "..") {
		sep = ".."
	}
	a, b, found := strings.Cut(s, sep)
	if !found {
		return nil, nil, false
	}
	read := func(x string) (*int64, bool) {
		x = strings.TrimSpace(x)
		if x == "" || x == "*" {
			return nil, true
		}
		n, err := strconv.ParseInt(x, 10, 64)
		if err != nil || n < 0 {
			return nil, false
		}
		return &n, true
	}
	lo, ok1 := read(a)
	hi, ok2 := read(b)
	if !ok1 || !ok2 || (lo == nil && hi == nil) {
		return nil, nil, false
	}
	return lo, hi, true
}

func rangeLabel(lo, hi *int64) string {
	switch {
	case lo != nil && hi != nil:
		return groupDigits(*lo) + "〜" + groupDigits(*hi) + "件"
	case lo != nil:
		return groupDigits(*lo) + "件以上"
	case hi != nil:
		return groupDigits(*hi) + "件以下"
	}
	return ""
}

// groupDigits writes 12345 as 12,345.
func groupDigits(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// recordsLabel is an incident's count as a badge shows it; a count the
// article does not give is said to be unknown, never shown as 0.
func recordsLabel(in leakwatch.Incident) string {
	if in.Records == nil {
		return "件数非公表・不明"
	}
	if in.RecordsText != "" {
		return in.RecordsText
	}
	return in.RecordsQualifier.Prefix() + groupDigits(*in.Records) + "件" + in.RecordsQualifier.Suffix()
}

// segment is a run of article text with the evidence that covers it.
type segment struct {
	Text   string
	Fields []string // evidence fields covering the run, e.g. cause, records
	Notes  []string // "原因: ランサムウェア" and the like, for the tooltip
	Anchor string   // id of the first run of an evidence span
}

// segmentText cuts text at the evidence spans (rune offsets, end exclusive)
// so each run is either plain or inside one or more spans. Spans outside the
// text, backwards, or over other words than the evidence quotes (a stale
// analysis of re-extracted text) are ignored; overlapping spans share runs.
func segmentText(text string, evs []anchoredEvidence) []segment {
	runes := []rune(text)
	n := len(runes)
	cuts := map[int]bool{0: true, n: true}
	var valid []anchoredEvidence
	for _, e := range evs {
		s, en := e.Span.Start, e.Span.End
		if s < 0 || en > n || s >= en {
			continue
		}
		if e.Text != "" && norm.NFKC.String(string(runes[s:en])) != norm.NFKC.String(e.Text) {
			continue
		}
		valid = append(valid, e)
		cuts[s], cuts[en] = true, true
	}
	points := make([]int, 0, len(cuts))
	for c := range cuts {
		points = append(points, c)
	}
	sort.Ints(points)
	var out []segment
	for i := 0; i+1 < len(points); i++ {
		a, b := points[i], points[i+1]
		seg := segment{Text: string(runes[a:b])}
		for _, e := range valid {
			if e.Span.Start <= a && b <= e.Span.End {
				seg.Fields = appendUnique(seg.Fields, e.Field)
				seg.Notes = appendUnique(seg.Notes, fieldLabel(e.Field)+": "+valueLabel(e.Field, e.Value))
				if e.Span.Start == a && seg.Anchor == "" {
					seg.Anchor = e.Anchor
				}
			}
		}
		out = append(out, seg)
	}
	return out
}

type anchoredEvidence struct {
	leakwatch.Evidence
	Anchor string
	InText bool // highlighted in the text shown, so the anchor exists
}

var fieldLabels = map[string]string{
	"org": "組織", "cause": "原因", "actor": "主体", "records": "件数", "data_types": "漏えい情報", "data": "漏えい情報",
}

func fieldLabel(f string) string {
	if l, ok := fieldLabels[f]; ok {
		return l
	}
	return f
}

// valueLabel is an evidence value in Japanese where it is from a vocabulary.
func valueLabel(field, v string) string {
	switch field {
	case "cause":
		return leakwatch.Cause(v).Label()
	case "actor":
		return leakwatch.Actor(v).Label()
	case "data_types", "data":
		parts := strings.Split(v, ",")
		for i, p := range parts {
			parts[i] = leakwatch.DataType(strings.TrimSpace(p)).Label()
		}
		return strings.Join(parts, "・")
	}
	return v
}
