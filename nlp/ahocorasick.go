package nlp

import "sort"

// wordAutomaton finds many words in one pass over a text (Aho–Corasick over
// bytes). The cue tables hold several hundred words; searching for each with
// strings.Index cost more than tokenising the article. Transitions are kept
// sparse — a sorted edge list per state, a full table only at the root — so
// the automaton stays small enough to live in the processor's cache: dense
// 256-entry tables for every state were megabytes and slowed everything
// that ran after them.
type wordAutomaton struct {
	root  [256]int32
	edges [][]edge // edges[state], sorted by byte; unused for the root
	// tables holds a full table for states with many edges (the second byte
	// of a kana or kanji follows its first in dozens of ways); dense[state]
	// is its index in tables plus one, or 0. A slice, not a map: the lookup
	// runs for every byte of every text.
	dense  []int32
	tables []*[256]int32
	fail   []int32
	// out[state] lists the words (by index) that end at state, including
	// those reached through failure links.
	out    [][]int32
	words  []string
	maxLen int // bytes of the longest word
}

type edge struct {
	b  byte
	to int32
}

func (a *wordAutomaton) child(state int32, b byte) int32 {
	if state == 0 {
		return a.root[b]
	}
	if int(state) < len(a.dense) {
		if d := a.dense[state]; d != 0 {
			return a.tables[d-1][b]
		}
	}
	for _, e := range a.edges[state] {
		if e.b == b {
			return e.to
		}
		if e.b > b {
			break
		}
	}
	return 0
}

func (a *wordAutomaton) addChild(state int32, b byte) int32 {
	a.edges = append(a.edges, nil)
	a.out = append(a.out, nil)
	to := int32(len(a.edges) - 1)
	if state == 0 {
		a.root[b] = to
		return to
	}
	es := append(a.edges[state], edge{b, to})
	sort.Slice(es, func(i, j int) bool { return es[i].b < es[j].b })
	a.edges[state] = es
	return to
}

func newWordAutomaton(words []string) *wordAutomaton {
	a := &wordAutomaton{words: words, edges: [][]edge{nil}, out: [][]int32{nil}}
	for wi, w := range words {
		a.maxLen = max(a.maxLen, len(w))
		state := int32(0)
		for i := 0; i < len(w); i++ {
			next := a.child(state, w[i])
			if next == 0 {
				next = a.addChild(state, w[i])
			}
			state = next
		}
		if w != "" {
			a.out[state] = append(a.out[state], int32(wi))
		}
	}
	dense := make([]int32, len(a.edges))
	for st, es := range a.edges {
		if len(es) > 4 {
			t := new([256]int32)
			for _, e := range es {
				t[e.b] = e.to
			}
			a.tables = append(a.tables, t)
			dense[st] = int32(len(a.tables))
		}
	}
	a.dense = dense
	a.fail = make([]int32, len(a.edges))
	// Breadth-first: a state's failure is the longest proper suffix that is
	// also a prefix.
	var queue []int32
	for b := 0; b < 256; b++ {
		if s := a.root[b]; s != 0 {
			queue = append(queue, s)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		a.out[s] = append(a.out[s], a.out[a.fail[s]]...)
		for _, e := range a.edges[s] {
			a.fail[e.to] = a.step(a.fail[s], e.b)
			queue = append(queue, e.to)
		}
	}
	return a
}

// step follows b from state, falling back along failure links.
func (a *wordAutomaton) step(state int32, b byte) int32 {
	for {
		if next := a.child(state, b); next != 0 || state == 0 {
			return next
		}
		state = a.fail[state]
	}
}

// wordMatch is one occurrence of word Word at [Start, End).
type wordMatch struct {
	Word       int
	Start, End int
}

// findAll lists every occurrence of every word, overlapping ones included.
func (a *wordAutomaton) findAll(s string) []wordMatch {
	var out []wordMatch
	state := int32(0)
	for i := 0; i < len(s); i++ {
		state = a.step(state, s[i])
		for _, w := range a.out[state] {
			out = append(out, wordMatch{Word: int(w), Start: i + 1 - len(a.words[w]), End: i + 1})
		}
	}
	return out
}

// leftmost returns the leftmost-longest occurrence of any word, or nil. It
// stops as soon as no later byte can start an earlier match.
func (a *wordAutomaton) leftmost(s string) []int {
	var best []int
	state := int32(0)
	for i := 0; i < len(s); i++ {
		if best != nil && i-best[0] >= a.maxLen {
			break
		}
		state = a.step(state, s[i])
		for _, w := range a.out[state] {
			st := i + 1 - len(a.words[w])
			if best == nil || st < best[0] || st == best[0] && i+1 > best[1] {
				best = []int{st, i + 1}
			}
		}
	}
	return best
}

// matchAny reports whether any word occurs in s.
func (a *wordAutomaton) matchAny(s string) bool {
	state := int32(0)
	for i := 0; i < len(s); i++ {
		state = a.step(state, s[i])
		if len(a.out[state]) > 0 {
			return true
		}
	}
	return false
}

// nonOverlapping keeps, of spans sorted any way, the leftmost-longest ones
// that do not overlap: what a regexp's FindAll would return.
func nonOverlapping(spans [][]int) [][]int {
	if len(spans) < 2 {
		return spans
	}
	sort.Slice(spans, func(i, j int) bool {
		if spans[i][0] != spans[j][0] {
			return spans[i][0] < spans[j][0]
		}
		return spans[i][1] > spans[j][1]
	})
	kept := spans[:1]
	for _, m := range spans[1:] {
		if m[0] >= kept[len(kept)-1][1] {
			kept = append(kept, m)
		}
	}
	return kept
}
