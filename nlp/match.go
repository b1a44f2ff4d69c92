package nlp

import (
	"regexp"
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

// compile returns a literal matcher for patterns that only alternate words
// ("a|b", "不正(な)?(アクセス|ログイン)", "ウ[イィ]ルス") and a regexp otherwise.
func compile(p string) pattern {
	if words, ok := expand(p); ok {
		return literals(words)
	}
	if mid, ok := strings.CutPrefix(p, latinOpen); ok {
		if mid, ok := strings.CutSuffix(mid, latinClose); ok {
			if words, ok := expand(mid); ok && !containsEmpty(words) {
				return latinWords(words)
			}
		}
	}
	g := gated{re: regexp.MustCompile(p)}
	// A pattern like 誤って[^。]{0,20}(送信|送付) can only match a text that
	// holds a word of each literal part: check that first, cheaply.
	parts := gapRe.Split(p, -1)
	if first, ok := expand(parts[0]); ok && len(parts) > 1 && !containsEmpty(first) {
		// And it can only start where a word of its first part does: run the
		// regexp anchored there instead of trying every position.
		g.first = wordSet{newWordAutomaton(first)}
		g.anchored = regexp.MustCompile(`^(?:` + p + `)`)
	}
	for _, part := range parts {
		words, ok := expand(part)
		if !ok {
			continue
		}
		nonEmpty := true
		for _, w := range words {
			if w == "" {
				nonEmpty = false
			}
		}
		if nonEmpty && len(words) > 0 {
			g.gates = append(g.gates, words)
		}
	}
	if len(g.gates) == 0 {
		return g.re
	}
	return g
}

// gapRe finds the bounded gaps ([^。]{0,20}) between the literal parts of a cue.
var gapRe = regexp.MustCompile(`\[\^[^\]]*\]\{\d+,\d+\}`)

// gated is a regexp behind literal gates: every gate needs one of its words
// in the text before the regexp runs.
type gated struct {
	re    *regexp.Regexp
	gates [][]string
	// first finds where a match can start; anchored matches from there.
	first    pattern
	anchored *regexp.Regexp
}

func containsEmpty(words []string) bool {
	for _, w := range words {
		if w == "" {
			return true
		}
	}
	return false
}

func (g gated) open(s string) bool {
	for _, words := range g.gates {
		if !literals(words).MatchString(s) {
			return false
		}
	}
	return true
}

func (g gated) MatchString(s string) bool { return g.open(s) && g.re.MatchString(s) }

func (g gated) FindStringIndex(s string) []int {
	if !g.open(s) {
		return nil
	}
	return g.re.FindStringIndex(s)
}

func (g gated) FindAllStringIndex(s string, n int) [][]int {
	if !g.open(s) {
		return nil
	}
	return g.findAllOpen(s, n)
}

// findAllOpen is FindAllStringIndex for a caller that has checked the gates.
func (g gated) findAllOpen(s string, n int) [][]int {
	if g.first == nil {
		return g.re.FindAllStringIndex(s, n)
	}
	var out [][]int
	end := 0
	for _, st := range g.first.FindAllStringIndex(s, -1) {
		if st[0] < end {
			continue
		}
		if m := g.anchored.FindStringIndex(s[st[0]:]); m != nil {
			out = append(out, []int{st[0], st[0] + m[1]})
			end = st[0] + m[1]
			if n >= 0 && len(out) >= n {
				break
			}
		}
	}
	return out
}

// maxExpansion bounds how many words a pattern may stand for before it is
// left to the regexp engine.
const maxExpansion = 256

// expand lists the words a pattern of literals, groups of alternatives,
// optional groups and plain character classes matches; ok is false for
// anything else (repetition, negated classes, anchors, escapes).
func expand(p string) ([]string, bool) {
	rs := []rune(p)
	words, i, ok := expandAlt(rs, 0)
	return words, ok && i == len(rs)
}

// expandAlt reads alternatives separated by | until ) or the end.
func expandAlt(rs []rune, i int) ([]string, int, bool) {
	var out []string
	for {
		seq, j, ok := expandSeq(rs, i)
		if !ok {
			return nil, j, false
		}
		out = append(out, seq...)
		i = j
		if i < len(rs) && rs[i] == '|' {
			i++
			continue
		}
		return out, i, len(out) <= maxExpansion
	}
}

// expandSeq reads one alternative: a sequence of literals, groups and classes.
func expandSeq(rs []rune, i int) ([]string, int, bool) {
	acc := []string{""}
	for i < len(rs) && rs[i] != '|' && rs[i] != ')' {
		var part []string
		switch r := rs[i]; {
		case r == '(':
			inner, j, ok := expandAlt(rs, i+1)
			if !ok || j >= len(rs) || rs[j] != ')' {
				return nil, j, false
			}
			part, i = inner, j+1
		case r == '[':
			j := i + 1
			if j < len(rs) && rs[j] == '^' {
				return nil, i, false
			}
			for j < len(rs) && rs[j] != ']' {
				if strings.ContainsRune(`\-`, rs[j]) {
					return nil, i, false
				}
				part = append(part, string(rs[j]))
				j++
			}
			if j >= len(rs) {
				return nil, i, false
			}
			i = j + 1
		case strings.ContainsRune(`\.+*{}^$]`, r):
			return nil, i, false
		default:
			part, i = []string{string(r)}, i+1
		}
		if i < len(rs) && rs[i] == '?' {
			part = append(part, "")
			i++
		}
		if i < len(rs) && strings.ContainsRune(`*+{`, rs[i]) {
			return nil, i, false
		}
		next := make([]string, 0, len(acc)*len(part))
		for _, a := range acc {
			for _, b := range part {
				next = append(next, a+b)
			}
		}
		if len(next) > maxExpansion {
			return nil, i, false
		}
		acc = next
	}
	return acc, i, true
}

type literals []string

func (l literals) MatchString(s string) bool {
	for _, w := range l {
		if w != "" && strings.Contains(s, w) {
			return true
		}
	}
	return false
}

func (l literals) FindStringIndex(s string) []int {
	best := []int(nil)
	for _, w := range l {
		if w == "" {
			continue
		}
		if i := strings.Index(s, w); i >= 0 && (best == nil || i < best[0] || i == best[0] && i+len(w) > best[1]) {
			best = []int{i, i + len(w)}
		}
	}
	return best
}

func (l literals) FindAllStringIndex(s string, n int) [][]int {
	var out [][]int
	for _, w := range l {
		if w == "" {
			continue
		}
		for off := 0; off < len(s); {
			i := strings.Index(s[off:], w)
			if i < 0 {
				break
			}
			out = append(out, []int{off + i, off + i + len(w)})
			off += i + len(w)
		}
	}
	kept := nonOverlapping(out)
	if n >= 0 && len(kept) > n {
		kept = kept[:n]
	}
	return kept
}

// latinOpen and latinClose fence a Latin word (BEC, not BECOME). The regexp
// engine finds no literal to skip ahead with in such a pattern and tries every
// position of the text, so compile turns it into latinWords.
const (
	latinOpen  = `(^|[^A-Za-z])`
	latinClose = `([^A-Za-z]|$)`
)

// latinWords matches its words where no Latin letter touches them. Matches
// span the word alone, without the fence.
type latinWords []string

func isLatinLetter(b byte) bool { return b|0x20 >= 'a' && b|0x20 <= 'z' }

func (l latinWords) fenced(s string, m []int) bool {
	return (m[0] == 0 || !isLatinLetter(s[m[0]-1])) && (m[1] == len(s) || !isLatinLetter(s[m[1]]))
}

func (l latinWords) MatchString(s string) bool { return l.FindStringIndex(s) != nil }

func (l latinWords) FindStringIndex(s string) []int {
	if m := l.FindAllStringIndex(s, 1); m != nil {
		return m[0]
	}
	return nil
}

func (l latinWords) FindAllStringIndex(s string, n int) [][]int {
	var out [][]int
	for _, m := range literals(l).FindAllStringIndex(s, -1) {
		if l.fenced(s, m) {
			out = append(out, m)
			if n >= 0 && len(out) >= n {
				break
			}
		}
	}
	return out
}

// compileSet is compile for word lists searched often in short texts
// (negations, data words, actors): past a few words one automaton pass beats
// a strings.Index per word.
func compileSet(p string) pattern {
	words, ok := expand(p)
	if !ok || len(words) <= 6 {
		return compile(p)
	}
	var nonEmpty []string
	for _, w := range words {
		if w != "" {
			nonEmpty = append(nonEmpty, w)
		}
	}
	return wordSet{newWordAutomaton(nonEmpty)}
}

type wordSet struct{ a *wordAutomaton }

func (w wordSet) MatchString(s string) bool { return w.a.matchAny(s) }

func (w wordSet) FindStringIndex(s string) []int { return w.a.leftmost(s) }

func (w wordSet) FindAllStringIndex(s string, n int) [][]int {
	var spans [][]int
	for _, m := range w.a.findAll(s) {
		spans = append(spans, []int{m.Start, m.End})
	}
	kept := nonOverlapping(spans)
	if n >= 0 && len(kept) > n {
		kept = kept[:n]
	}
	return kept
}

// alternation is a regexp of many alternatives, most of them words, some
// anchored (要請$, ^(解説|コラム)[:|｜], 東証.*), asked only whether it matches.
// The regexp engine tries every alternative at every position; words, prefixes
// and suffixes are checked with string searches instead, and only the
// alternatives that are not words go to a (much smaller) regexp. Find* use
// the whole regexp, so their matches are the regexp's own.
type alternation struct {
	full       *regexp.Regexp
	words      pattern // unanchored words; nil if none
	exact      map[string]bool
	prefixes   []string
	suffixes   []string
	longerThan []string // .+word: a suffix with something before it
	rest       *regexp.Regexp
}

// compileAlternation compiles p, a top-level alternation, possibly wrapped
// whole in ^(…)$.
func compileAlternation(p string) alternation {
	a := alternation{full: regexp.MustCompile(p), exact: map[string]bool{}}
	body, whole := p, false
	if inner, ok := strings.CutPrefix(p, "^("); ok {
		if inner, ok := strings.CutSuffix(inner, ")$"); ok && len(splitTopLevel(inner)) > 0 && balanced(inner) {
			body, whole = inner, true
		}
	}
	var words, rest []string
	for _, alt := range splitTopLevel(body) {
		begin, end := whole, whole
		core := alt
		if c, ok := strings.CutPrefix(core, "^"); ok {
			core, begin = c, true
		}
		if c, ok := strings.CutSuffix(core, "$"); ok && !strings.HasSuffix(c, `\`) {
			core, end = c, true
		}
		plus := false
		if whole {
			if c, ok := strings.CutSuffix(core, ".*"); ok {
				core, end = c, false
			} else if c, ok := strings.CutPrefix(core, ".*"); ok {
				core, begin = c, false
			} else if c, ok := strings.CutPrefix(core, ".+"); ok {
				core, begin, plus = c, false, true
			}
		}
		ws, ok := expand(core)
		if !ok || containsEmpty(ws) {
			if whole {
				alt = "^(?:" + alt + ")$"
			}
			rest = append(rest, alt)
			continue
		}
		for _, w := range ws {
			switch {
			case begin && end:
				a.exact[w] = true
			case begin:
				a.prefixes = append(a.prefixes, w)
			case end && plus:
				a.longerThan = append(a.longerThan, w)
			case end:
				a.suffixes = append(a.suffixes, w)
			default:
				words = append(words, w)
			}
		}
	}
	if len(words) > 0 {
		a.words = compileSet(strings.Join(words, "|"))
	}
	if len(rest) > 0 {
		a.rest = regexp.MustCompile(strings.Join(rest, "|"))
	}
	return a
}

// splitTopLevel splits p at the | that are outside groups and classes.
func splitTopLevel(p string) []string {
	var out []string
	start := 0
	cuts, _ := patternGroups(p)
	for _, i := range cuts {
		out = append(out, p[start:i])
		start = i + 1
	}
	return append(out, p[start:])
}

// balanced reports whether p's groups close within it, so that ^(p)$ wraps
// all of p rather than two groups that happen to sit at its ends.
func balanced(p string) bool {
	_, ok := patternGroups(p)
	return ok
}

// patternGroups walks a pattern's groups and classes: it returns the offsets of
// the | outside them, and whether every group opened is closed, none before
// it was opened.
func patternGroups(p string) (cuts []int, balanced bool) {
	depth, inClass := 0, false
	balanced = true
	for i := 0; i < len(p); i++ {
		switch c := p[i]; {
		case c == '\\':
			i++
		case inClass:
			inClass = c != ']'
		case c == '[':
			inClass = true
		case c == '(':
			depth++
		case c == ')':
			depth--
			if depth < 0 {
				balanced = false
			}
		case c == '|' && depth == 0:
			cuts = append(cuts, i)
		}
	}
	return cuts, balanced && depth == 0
}

func (a alternation) MatchString(s string) bool {
	if a.exact[s] {
		return true
	}
	for _, p := range a.prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	for _, x := range a.suffixes {
		if strings.HasSuffix(s, x) {
			return true
		}
	}
	for _, x := range a.longerThan {
		if len(s) > len(x) && strings.HasSuffix(s, x) {
			return true
		}
	}
	return a.words != nil && a.words.MatchString(s) || a.rest != nil && a.rest.MatchString(s)
}

func (a alternation) FindStringIndex(s string) []int { return a.full.FindStringIndex(s) }

func (a alternation) FindAllStringIndex(s string, n int) [][]int {
	return a.full.FindAllStringIndex(s, n)
}

// wordSets finds the words of several word lists in one pass and tells which
// lists matched, for texts asked about many lists at once.
type wordSets struct {
	a     *wordAutomaton
	owner []uint64 // word index → bit of its list
}

func newWordSets(lists ...wordSet) *wordSets {
	ws := &wordSets{}
	var words []string
	for i, l := range lists {
		for _, w := range l.a.words {
			words = append(words, w)
			ws.owner = append(ws.owner, 1<<i)
		}
	}
	ws.a = newWordAutomaton(words)
	return ws
}

// match returns a bit for each list that has a word in s.
func (ws *wordSets) match(s string) uint64 {
	var found uint64
	state := int32(0)
	for i := 0; i < len(s); i++ {
		state = ws.a.step(state, s[i])
		for _, w := range ws.a.out[state] {
			found |= ws.owner[w]
		}
	}
	return found
}
