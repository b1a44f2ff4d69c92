package nlp

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/leakwatch/leakwatch"
)

// CountMention is a number with a counter of people or records: 約12万件,
// 29万6000人分, 120,982件, 最大3万アカウント.
type CountMention struct {
	Value     int64
	Qualifier leakwatch.Qualifier
	Counter   string
	Total     bool // written with 計, 合計, 延べ
	// Subset marks a part of another count: (うちカード情報112,132件).
	Subset bool
	// Start and End are byte offsets of the whole mention in the normalised text.
	Start, End int
}

// recordCounters are counters of people or records, longest first so 人分
// wins over 人. Money (円, ドル), percentages, dates and times have counters
// of their own and never match here.
var recordCounters = []string{"アカウント", "レコード", "ユーザー", "ユーザ", "事業所分", "事業所", "人分", "件分", "名分",
	"世帯", "口座", "人", "名", "件", "通", "枚", "ID"}

// Qualifiers written before a number, longest first.
var preQualifiers = []struct {
	text string
	q    leakwatch.Qualifier
	tot  bool
}{
	{"最大で約", leakwatch.QualUpperBound, false}, {"最大約", leakwatch.QualUpperBound, false},
	{"最大で", leakwatch.QualUpperBound, false}, {"最大", leakwatch.QualUpperBound, false},
	{"上限", leakwatch.QualUpperBound, false},
	{"少なくとも", leakwatch.QualLowerBound, false},
	{"おおよそ", leakwatch.QualApprox, false}, {"およそ", leakwatch.QualApprox, false},
	{"おおむね", leakwatch.QualApprox, false}, {"概ね", leakwatch.QualApprox, false},
	{"推定", leakwatch.QualApprox, false}, {"約", leakwatch.QualApprox, false},
	{"合計で約", leakwatch.QualApprox, true}, {"合計約", leakwatch.QualApprox, true},
	{"計約", leakwatch.QualApprox, true}, {"延べ約", leakwatch.QualApprox, true},
	{"合計で", leakwatch.QualExact, true}, {"合計", leakwatch.QualExact, true},
	{"総計", leakwatch.QualExact, true}, {"累計", leakwatch.QualExact, true},
	{"延べ", leakwatch.QualExact, true}, {"のべ", leakwatch.QualExact, true},
	{"計", leakwatch.QualExact, true},
}

func init() {
	// Longest first, so 計約 wins over 約 and 最大で約 over 最大.
	sort.SliceStable(preQualifiers, func(i, j int) bool { return len(preQualifiers[i].text) > len(preQualifiers[j].text) })
}

// Qualifiers written after the number or its counter.
var postQualifiers = []struct {
	text string
	q    leakwatch.Qualifier
}{
	{"以上", leakwatch.QualLowerBound}, {"を超える", leakwatch.QualLowerBound},
	{"を上回る", leakwatch.QualLowerBound}, {"超え", leakwatch.QualLowerBound},
	{"超", leakwatch.QualLowerBound}, {"余り", leakwatch.QualLowerBound},
	{"あまり", leakwatch.QualLowerBound}, {"余", leakwatch.QualLowerBound},
	{"強", leakwatch.QualApprox}, {"弱", leakwatch.QualApprox},
	{"程度", leakwatch.QualApprox}, {"前後", leakwatch.QualApprox},
	{"ほど", leakwatch.QualApprox}, {"近く", leakwatch.QualApprox},
	{"以下", leakwatch.QualUpperBound}, {"未満", leakwatch.QualUpperBound},
}

// FindCounts lists the record counts in normalised text s.
func FindCounts(s string) []CountMention {
	var out []CountMention
	for _, n := range FindNumbers(s) {
		if n.Vague {
			continue
		}
		if m, ok := countAt(s, n); ok {
			out = append(out, m)
		}
	}
	markSubsets(s, out)
	return out
}

func countAt(s string, n Number) (CountMention, bool) {
	if idLike(s, n) {
		return CountMention{}, false
	}
	m := CountMention{Value: n.Value, Qualifier: leakwatch.QualExact, Start: n.Start}
	if n.Range {
		m.Qualifier = leakwatch.QualUpperBound
	}
	j := n.End
	j = skipSpace(s, j)
	// 1万超の件数 is rare; 1万人超 is common: a qualifier may sit before the counter.
	for _, pq := range postQualifiers {
		if pq.text == "超" || pq.text == "余" || pq.text == "強" {
			if strings.HasPrefix(s[j:], pq.text) && hasCounterAt(s, j+len(pq.text)) != "" {
				m.Qualifier = pq.q
				j += len(pq.text)
				break
			}
		}
	}
	c := hasCounterAt(s, j)
	if c == "" {
		return CountMention{}, false
	}
	// 人 followed by kanji that make a different word (人気, 人材, 人間, 名義, 名前, 件名, 通信, 通知 …).
	if next, _ := utf8.DecodeRuneInString(s[j+len(c):]); wordContinues(c, next) {
		return CountMention{}, false
	}
	m.Counter = c
	j += len(c)
	// 1人あたり3000円, 1件につき: a rate, not a number of records.
	for _, per := range []string{"あたり", "当たり", "につき", "ごと", "毎"} {
		if strings.HasPrefix(s[j:], per) {
			return CountMention{}, false
		}
	}
	for _, pq := range postQualifiers {
		if strings.HasPrefix(s[j:], pq.text) {
			m.Qualifier = pq.q
			j += len(pq.text)
			break
		}
	}
	m.End = j
	before := s[:n.Start]
	before = strings.TrimRight(before, " ")
	for _, pq := range preQualifiers {
		if strings.HasSuffix(before, pq.text) {
			if pq.q != leakwatch.QualExact {
				m.Qualifier = pq.q
			}
			m.Total = pq.tot
			m.Start = len(before) - len(pq.text)
			break
		}
	}
	return m, true
}

func hasCounterAt(s string, j int) string {
	for _, c := range recordCounters {
		if strings.HasPrefix(s[j:], c) {
			return c
		}
	}
	return ""
}

// wordContinues reports whether counter c followed by rune r is really a
// longer word that is not a counter.
func wordContinues(c string, r rune) bool {
	switch c {
	case "人":
		return strings.ContainsRune("気材間物口事員工的権体類", r)
	case "名":
		return strings.ContainsRune("義前称簿刺目字門乗所産", r)
	case "件":
		return strings.ContainsRune("名数", r)
	case "通":
		return strings.ContainsRune("信知報常過勤販貨算行帳話り", r)
	case "枚":
		return strings.ContainsRune("数", r)
	case "ID":
		return r >= 'A' && r <= 'z'
	}
	return false
}

// idLike reports numbers that are parts of phone numbers, postal codes,
// versions, dates written with slashes, times and identifiers.
func idLike(s string, n Number) bool {
	if n.Start > 0 {
		p, size := utf8.DecodeLastRuneInString(s[:n.Start])
		if strings.ContainsRune("#〒_", p) || p >= 'A' && p <= 'Z' || p >= 'a' && p <= 'z' {
			return true
		}
		// 10:30, 2026/11/09, 03-1234-5678, 7.3.2 — but not 「対象者:1,534名」.
		if strings.ContainsRune("-/:.", p) && n.Start-size > 0 && isASCIIDigit(rune(s[n.Start-size-1])) {
			return true
		}
	}
	if n.End < len(s) {
		r, size := utf8.DecodeRuneInString(s[n.End:])
		if strings.ContainsRune("-/:_", r) {
			if n.End+size < len(s) && isASCIIDigit(rune(s[n.End+size])) {
				return true
			}
		}
		if r == '.' && n.End+1 < len(s) && isASCIIDigit(rune(s[n.End+1])) {
			return true
		}
	}
	return false
}

func skipSpace(s string, j int) int {
	for j < len(s) && s[j] == ' ' {
		j++
	}
	return j
}

// markSubsets flags counts that are a part of a count just before them:
// 120,982件(うちカード情報112,132件), 1万件のうち3000件, (…112,132件含む).
func markSubsets(s string, ms []CountMention) {
	for i := range ms {
		from := 0
		if i > 0 {
			from = ms[i-1].End
		}
		gap := s[from:ms[i].Start]
		if i > 0 && len(gap) <= 60 && !strings.ContainsAny(gap, "。\n") {
			if strings.Contains(gap, "うち") || strings.Contains(gap, "内訳") || strings.Contains(gap, "(") && !strings.Contains(gap, ")") {
				if ms[i].Value <= ms[i-1].Value {
					ms[i].Subset = true
				}
			}
		}
		after := s[ms[i].End:min(len(s), ms[i].End+12)]
		if strings.HasPrefix(after, "を含む") || strings.HasPrefix(after, "含む") {
			if i > 0 && ms[i].Value <= ms[i-1].Value {
				ms[i].Subset = true
			}
		}
	}
}
