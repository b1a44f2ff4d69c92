package nlp

import (
	"math"
	"strings"
	"unicode/utf8"
)

// Number is a Japanese number expression found in normalised text.
type Number struct {
	// Value is the number; for a range (3万〜4万) it is the upper end and Low the lower.
	Value int64
	Low   int64
	Range bool
	// Vague marks amounts like 数千, 数万, 十数: a size, not a count.
	Vague bool
	// Start and End are byte offsets in the text scanned.
	Start, End int
}

var kanjiDigit = map[rune]int64{'〇': 0, '零': 0, '一': 1, '二': 2, '三': 3, '四': 4, '五': 5,
	'六': 6, '七': 7, '八': 8, '九': 9, '壱': 1, '弐': 2, '参': 3}

var smallUnit = map[rune]int64{'十': 10, '百': 100, '千': 1000, '拾': 10, '阡': 1000}

var bigUnit = map[rune]int64{'万': 1e4, '億': 1e8, '兆': 1e12}

func isASCIIDigit(r rune) bool { return r >= '0' && r <= '9' }

func isNumeralRune(r rune) bool {
	_, d := kanjiDigit[r]
	_, u := smallUnit[r]
	return isASCIIDigit(r) || d || u || r == '数'
}

// numberStart reports whether a number may begin at byte i of s: a digit or a
// kanji numeral that does not continue one to its left, or 数 before a unit.
func numberStart(s string, i int) bool {
	r, size := utf8.DecodeRuneInString(s[i:])
	if i > 0 {
		p, _ := utf8.DecodeLastRuneInString(s[:i])
		if isNumeralRune(p) || p == '.' && isASCIIDigit(r) || p == ',' && isASCIIDigit(r) {
			return false
		}
		if _, ok := bigUnit[p]; ok && isNumeralRune(r) {
			return false
		}
	}
	if r == '数' {
		n, _ := utf8.DecodeRuneInString(s[i+size:])
		_, su := smallUnit[n]
		_, bu := bigUnit[n]
		return su || bu || strings.ContainsRune("人件名", n)
	}
	return isNumeralRune(r)
}

// scanSmall reads a number below 10,000 (or an Arabic number of any size, as in
// 120,982) starting at byte i: Arabic digits with thousands commas and a
// decimal part, optionally times 千/百/十 (2千), or kanji numerals (三千二百,
// 一〇〇, 十数). It returns the value, whether it is vague, and the end.
func scanSmall(s string, i int) (val float64, vague bool, end int, ok bool) {
	j := i
	r, size := utf8.DecodeRuneInString(s[j:])
	if isASCIIDigit(r) {
		k := j
		for k < len(s) && isASCIIDigit(rune(s[k])) {
			k++
		}
		// Thousands groups: a comma followed by exactly three digits.
		for k+4 <= len(s) && s[k] == ',' && allDigits(s[k+1:k+4]) && (k+4 == len(s) || !isASCIIDigit(rune(s[k+4]))) {
			k += 4
		}
		if k+1 < len(s) && s[k] == '.' && isASCIIDigit(rune(s[k+1])) {
			k++
			for k < len(s) && isASCIIDigit(rune(s[k])) {
				k++
			}
		}
		v, err := parseFloatDigits(s[j:k])
		if err {
			return 0, false, 0, false
		}
		// 2千, 3百: an Arabic digit times a kanji unit, then possibly more (2千5百);
		// accounts write thousands as 2,094千.
		if u, usize := utf8.DecodeRuneInString(s[k:]); smallUnit[u] > 0 && (v < 10 || u == '千') {
			rest, rv, rend, rok := 0.0, false, k+usize, true
			if rend < len(s) {
				if nr, _ := utf8.DecodeRuneInString(s[rend:]); isASCIIDigit(nr) || kanjiDigit[nr] > 0 {
					rest, rv, rend, rok = scanSmall(s, rend)
					if !rok {
						rest, rv, rend = 0, false, k+usize
					}
				}
			}
			return v*float64(smallUnit[u]) + rest, rv, rend, true
		}
		return v, false, k, true
	}
	// Kanji numerals.
	var acc, digit int64 = 0, -1
	seen := false
	for j < len(s) {
		r, size = utf8.DecodeRuneInString(s[j:])
		if d, isD := kanjiDigit[r]; isD {
			if digit >= 0 {
				digit = digit*10 + d // positional: 一〇〇
			} else {
				digit = d
			}
		} else if u := smallUnit[r]; u > 0 {
			if digit < 0 {
				digit = 1
			}
			acc += digit * u
			digit = -1
		} else if r == '数' {
			vague = true
			digit = 1
		} else {
			break
		}
		seen = true
		j += size
	}
	if !seen {
		return 0, false, 0, false
	}
	if digit >= 0 {
		acc += digit
	}
	return float64(acc), vague, j, true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isASCIIDigit(rune(s[i])) {
			return false
		}
	}
	return s != ""
}

// parseFloatDigits parses digits with commas and one decimal point. It reports
// err for numbers too long to be a count (IDs, card numbers).
func parseFloatDigits(s string) (float64, bool) {
	var v float64
	frac := 0.0
	digits := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ',':
		case c == '.':
			frac = 1
		case frac > 0:
			frac /= 10
			v += float64(c-'0') * frac
		default:
			v = v*10 + float64(c-'0')
			digits++
		}
	}
	return v, digits > 16
}

// ScanNumber reads the number expression that starts at byte i of s, with 万,
// 億 and 兆 groups (29万6000, 1億2千万, 1.2万) and ranges (3万〜4万, 3〜4万).
func ScanNumber(s string, i int) (Number, bool) {
	if i >= len(s) || !numberStart(s, i) {
		return Number{}, false
	}
	n, ok := scanGroups(s, i)
	if !ok {
		return Number{}, false
	}
	// A range: 3万〜4万, 3〜4万人, 10から20件.
	for _, sep := range []string{"〜", "から"} {
		if strings.HasPrefix(s[n.End:], sep) {
			k := n.End + len(sep)
			if k < len(s) && numberStart(s, k) {
				if m, ok := scanGroups(s, k); ok && !m.Vague {
					low := n.Value
					if lastUnit := unitOfLastGroup(s, n); lastUnit == 1 {
						// 3〜4万: the unit of the upper end applies to both.
						if u := unitOfLastGroup(s, m); u > 1 && low*u <= m.Value {
							low *= u
						}
					}
					if low <= m.Value {
						return Number{Value: m.Value, Low: low, Range: true, Vague: n.Vague, Start: n.Start, End: m.End}, true
					}
				}
			}
		}
	}
	return n, true
}

// unitOfLastGroup is the 万/億/兆 unit the expression ends with, or 1.
func unitOfLastGroup(s string, n Number) int64 {
	r, _ := utf8.DecodeLastRuneInString(s[n.Start:n.End])
	if u, ok := bigUnit[r]; ok {
		return u
	}
	return 1
}

func scanGroups(s string, i int) (Number, bool) {
	total := 0.0
	vague := false
	j := i
	lastUnit := int64(math.MaxInt64)
	any := false
	for j < len(s) {
		v, vg, end, ok := scanSmall(s, j)
		if !ok {
			break
		}
		r, size := utf8.DecodeRuneInString(s[end:])
		if u, isBig := bigUnit[r]; isBig && u < lastUnit {
			total += v * float64(u)
			vague = vague || vg
			lastUnit = u
			j = end + size
			any = true
			// Another group follows only directly: 29万6000, 1億2千万.
			if j < len(s) {
				if nr, _ := utf8.DecodeRuneInString(s[j:]); isNumeralRune(nr) && nr != '数' || nr == '数' {
					continue
				}
			}
			break
		}
		total += v
		vague = vague || vg
		j = end
		any = true
		break
	}
	if !any {
		return Number{}, false
	}
	if total > math.MaxInt64/2 {
		return Number{}, false
	}
	return Number{Value: int64(math.Round(total)), Low: int64(math.Round(total)), Vague: vague, Start: i, End: j}, true
}

// ParseNumber parses s as a whole as one number expression.
func ParseNumber(s string) (Number, bool) {
	t := Normalize(strings.TrimSpace(s)).Norm
	n, ok := ScanNumber(t, 0)
	if !ok || n.End != len(t) {
		return Number{}, false
	}
	return n, true
}

// FindNumbers lists every number expression in normalised text s, left to right.
func FindNumbers(s string) []Number {
	var out []Number
	for i := 0; i < len(s); {
		if n, ok := ScanNumber(s, i); ok {
			out = append(out, n)
			i = n.End
			continue
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return out
}
