package main

import (
	"reflect"
	"strings"
	"testing"
)

// TestCorpusDocumentFrequencies keeps the generated corpus close to real
// breach news: every query word occurs, none in most articles. A corpus whose
// shared filler sentences put common query words in every article made broad
// queries match 50–60 % of the index, which no real query does (in the
// hand-written articles of nlp/testdata the most common, 流出, is in 38 %).
func TestCorpusDocumentFrequencies(t *testing.T) {
	const n = 2000
	df := map[string]int{}
	for i := range n {
		a := article(1, i)
		s := a.Title + a.Text
		for _, w := range queryWords {
			if strings.Contains(s, w) {
				df[w]++
			}
		}
	}
	for _, w := range queryWords {
		share := float64(df[w]) / n
		t.Logf("%s %.1f%%", w, 100*share)
		if df[w] == 0 || share > 0.40 {
			t.Errorf("%s occurs in %.1f%% of articles, want (0, 40%%]", w, 100*share)
		}
	}
}

func TestCorpusDeterministic(t *testing.T) {
	for _, i := range []int{0, 1, 99_999} {
		a, b := article(7, i), article(7, i)
		if !reflect.DeepEqual(a, b) {
			t.Errorf("article %d differs between two calls", i)
		}
		if len(a.Text) < 1000 {
			t.Errorf("article %d: %d bytes of text, want about 1.5 KB", i, len(a.Text))
		}
	}
	if reflect.DeepEqual(article(7, 1).Text, article(7, 2).Text) {
		t.Error("articles 1 and 2 have the same text")
	}
}
