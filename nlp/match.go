package nlp

import (
	"regexp"
	"sort"
	"strings"
)

// pattern is what the cue tables need of a regular expression. Patterns that
// are plain alternations of words run as substring searches: Go's regexp
// tries every alternative at every position, which made cue matching cost
// twice the tokenising (BenchmarkAnalyze).
type pattern interface {
	MatchString(s string) bool
	FindStringIndex(s string) []int
	FindAllStringIndex(s string, n int) [][]int
}

// compile returns a literal matcher for "a|b|c" and a regexp otherwise.
func compile(p string) pattern {
	if !strings.ContainsAny(p, `\.+*?()[]{}^$`) {
		return literals(strings.Split(p, "|"))
	}
	return regexp.MustCompile(p)
}

type literals []string

func (l literals) MatchString(s string) bool {
	for _, w := range l {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

func (l literals) FindStringIndex(s string) []int {
	best := []int(nil)
	for _, w := range l {
		if i := strings.Index(s, w); i >= 0 && (best == nil || i < best[0] || i == best[0] && i+len(w) > best[1]) {
			best = []int{i, i + len(w)}
		}
	}
	return best
}

func (l literals) FindAllStringIndex(s string, n int) [][]int {
	var out [][]int
	for _, w := range l {
		for off := 0; off < len(s); {
			i := strings.Index(s[off:], w)
			if i < 0 {
				break
			}
			out = append(out, []int{off + i, off + i + len(w)})
			off += i + len(w)
		}
	}
	if len(out) < 2 {
		return out
	}
	// Leftmost first, longest at a position, no overlaps: as a regexp would.
	sort.Slice(out, func(i, j int) bool {
		if out[i][0] != out[j][0] {
			return out[i][0] < out[j][0]
		}
		return out[i][1] > out[j][1]
	})
	kept := out[:1]
	for _, m := range out[1:] {
		if m[0] >= kept[len(kept)-1][1] {
			kept = append(kept, m)
		}
	}
	if n >= 0 && len(kept) > n {
		kept = kept[:n]
	}
	return kept
}
