package index

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/cjk"
	"github.com/blevesearch/bleve/v2/registry"
	"github.com/blevesearch/bleve/v2/search/query"

	leakwatch "github.com/leakwatch/leakwatch"
)

// TestCompareWithCJKBigrams runs the same searches over the fixtures with
// bleve's cjk analyzer (character bigrams, the baseline: each query word a
// phrase of bigrams, words ANDed) and with the ja index, and pins where they
// differ. The table is the written comparison; see also doc.go.
func TestCompareWithCJKBigrams(t *testing.T) {
	ix := fixture(t)
	arts := loadArticles(t)

	m := bleve.NewIndexMapping()
	m.DefaultAnalyzer = cjk.AnalyzerName
	bi, err := bleve.NewMemOnly(m)
	if err != nil {
		t.Fatal(err)
	}
	defer bi.Close()
	b := bi.NewBatch()
	for _, a := range arts {
		if err := b.Index(docID(a.ID), map[string]any{"text": a.Title + "\n" + a.Text}); err != nil {
			t.Fatal(err)
		}
	}
	if err := bi.Batch(b); err != nil {
		t.Fatal(err)
	}
	cjkFind := func(q string) []int64 {
		var words []query.Query
		for _, w := range strings.Fields(q) {
			pq := query.NewMatchPhraseQuery(w)
			pq.SetField("text")
			words = append(words, pq)
		}
		req := bleve.NewSearchRequestOptions(query.NewConjunctionQuery(words), 100, 0, false)
		res, err := bi.Search(req)
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, h := range res.Hits {
			id, _ := strconv.ParseInt(h.ID, 10, 64)
			out = append(out, id)
		}
		slices.Sort(out)
		return out
	}

	cases := []struct {
		q       string
		cjk, ja []int64
		whoWins string
	}{
		// Substrings: bigrams find 東京都 for 京都; words do not.
		{"京都", []int64{9, 10}, []int64{9}, "ja: 10 is 東京都"},
		// Spelling variants and synonyms: only the ja analyzer joins them.
		{"ランサムウェア", []int64{1, 12}, []int64{1, 2, 12}, "ja: 2 writes ランサムウエア"},
		{"漏えい", []int64{2, 8}, []int64{1, 2, 6, 8, 9, 13}, "ja: 漏洩 and 流出 are the same event"},
		{"サーバー", []int64{1}, []int64{1, 10}, "ja: 10 writes サーバ"},
		{"usb", []int64{3}, []int64{3}, "same: both fold width and case"},
		// Particles: bigrams of 不正アクセス do not match 不正にアクセス either.
		{"不正アクセス", []int64{6, 13}, []int64{6, 13}, "same"},
		// Compounds: both find the part.
		{"カード", []int64{6, 7}, []int64{6, 7}, "same"},
		{"個人情報", []int64{8}, []int64{8}, "same"},
		{"委託先 持ち出し", []int64{4}, []int64{4}, "same (cjk: a substring of 持ち出した)"},
		{"持ち出す", []int64{}, []int64{4, 5}, "ja: base forms"},
		{"フィッシング", []int64{11, 13}, []int64{11, 13}, "same"},
	}
	for _, c := range cases {
		gotCJK := cjkFind(c.q)
		if gotCJK == nil {
			gotCJK = []int64{}
		}
		gotJA := sorted(ids(find(t, ix, leakwatch.Query{Text: c.q})))
		if !slices.Equal(gotCJK, c.cjk) {
			t.Errorf("cjk %q found %v, want %v", c.q, gotCJK, c.cjk)
		}
		if !slices.Equal(gotJA, c.ja) {
			t.Errorf("ja %q found %v, want %v", c.q, gotJA, c.ja)
		}
	}
}

// BenchmarkAnalyze measures the ja analyzer against bleve's cjk analyzer on
// the fixture texts (go test -bench Analyze ./index/).
func BenchmarkAnalyze(b *testing.B) {
	var text []byte
	for _, a := range loadArticles(b) {
		text = append(text, a.Title+"\n"+a.Text+"\n"...)
	}
	cache := registry.NewCache()
	cjkAn, err := cache.AnalyzerNamed(cjk.AnalyzerName)
	if err != nil {
		b.Fatal(err)
	}
	for _, c := range []struct {
		name string
		an   analysis.Analyzer
	}{{"ja", analyzer(b)}, {"cjk", cjkAn}} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(text)))
			for b.Loop() {
				c.an.Analyze(text)
			}
		})
	}
}
