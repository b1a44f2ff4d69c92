package nlp

import "sort"

// wordAutomaton finds many words in one pass over a text (Aho–Corasick over
// bytes). The cue tables hold several hundred words; searching for each with
// strings.Index cost more than tokenising the article.
type wordAutomaton struct {
	next [][256]int32
	fail []int32
	// out[state] lists the words (by index) that end at state, including
	// those reached through failure links.
	out   [][]int32
	words []string
}

func newWordAutomaton(words []string) *wordAutomaton {
	a := &wordAutomaton{words: words}
	a.next = append(a.next, [256]int32{})
	a.out = append(a.out, nil)
	for wi, w := range words {
		state := int32(0)
		for i := 0; i < len(w); i++ {
			c := w[i]
			if a.next[state][c] == 0 {
				a.next = append(a.next, [256]int32{})
				a.out = append(a.out, nil)
				a.next[state][c] = int32(len(a.next) - 1)
			}
			state = a.next[state][c]
		}
		if w != "" {
			a.out[state] = append(a.out[state], int32(wi))
		}
	}
	a.fail = make([]int32, len(a.next))
	// Breadth-first: a state's failure is the longest proper suffix that is
	// also a prefix; missing transitions are filled in to make a DFA.
	var queue []int32
	for c := 0; c < 256; c++ {
		if s := a.next[0][c]; s != 0 {
			queue = append(queue, s)
		}
	}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		a.out[s] = append(a.out[s], a.out[a.fail[s]]...)
		for c := 0; c < 256; c++ {
			t := a.next[s][c]
			if t == 0 {
				a.next[s][c] = a.next[a.fail[s]][c]
				continue
			}
			a.fail[t] = a.next[a.fail[s]][c]
			queue = append(queue, t)
		}
	}
	return a
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
		state = a.next[state][s[i]]
		for _, w := range a.out[state] {
			out = append(out, wordMatch{Word: int(w), Start: i + 1 - len(a.words[w]), End: i + 1})
		}
	}
	return out
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
