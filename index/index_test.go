package index

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2/search"

	leakwatch "github.com/leakwatch/leakwatch"
)

var (
	fixtureOnce sync.Once
	fixtureIx   *Index
	fixtureErr  error
	fixtureDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if fixtureIx != nil {
		fixtureIx.Close()
	}
	if fixtureDir != "" {
		os.RemoveAll(fixtureDir)
	}
	os.Exit(code)
}

func loadArticles(t testing.TB) []leakwatch.Article {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "articles.json"))
	if err != nil {
		t.Fatal(err)
	}
	var arts []leakwatch.Article
	if err := json.Unmarshal(b, &arts); err != nil {
		t.Fatal(err)
	}
	return arts
}

// fixture is an index of testdata/articles.json shared by the query tests;
// they only read it.
func fixture(t testing.TB) *Index {
	t.Helper()
	tok := tokenizer(t)
	arts := loadArticles(t)
	fixtureOnce.Do(func() {
		fixtureDir, fixtureErr = os.MkdirTemp("", "leakwatch-index-test")
		if fixtureErr != nil {
			return
		}
		fixtureIx, fixtureErr = Open(filepath.Join(fixtureDir, "index"), tok)
		if fixtureErr != nil {
			return
		}
		fixtureErr = fixtureIx.Index(context.Background(), arts)
	})
	if fixtureErr != nil {
		t.Fatal(fixtureErr)
	}
	return fixtureIx
}

func ids(res leakwatch.SearchResult) []int64 {
	out := make([]int64, len(res.Hits))
	for i, h := range res.Hits {
		out[i] = h.Article.ID
	}
	return out
}

func sorted(v []int64) []int64 {
	v = slices.Clone(v)
	slices.Sort(v)
	return v
}

func find(t *testing.T, ix *Index, q leakwatch.Query) leakwatch.SearchResult {
	t.Helper()
	if q.Size == 0 {
		q.Size = 100
	}
	res, err := ix.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("search %+v: %v", q, err)
	}
	return res
}

// TestSearchFinds runs the searches people make and checks the exact set of
// articles found, so both misses and false hits fail.
func TestSearchFinds(t *testing.T) {
	ix := fixture(t)
	cases := []struct {
		q    string
		want []int64
		why  string
	}{
		{"ランサムウェア 病院", []int64{1}, "both words; 2 has only ランサムウエア, 3 only 病院"},
		{"ランサムウェア", []int64{1, 2, 12}, "ランサムウエア spelled the other way is the same word"},
		{"ランサムウエア", []int64{1, 2, 12}, "and the other way round"},
		{"委託先 持ち出し", []int64{4}, "委託先 as adjacent tokens, 持ち出し as noun or verb; 5 has 委託 but not 委託先"},
		{"持ち出し", []int64{4, 5}, "持ち出した in running text is found by its surface"},
		{"持ち出す", []int64{4, 5}, "and by its base form"},
		{"クレジットカード", []int64{6}, ""},
		{"カード", []int64{6, 7}, "part of クレジットカード and ポイントカード"},
		{"個人情報", []int64{8}, "個人情報漏えい holds 個人情報"},
		{"漏えい", []int64{1, 2, 6, 8, 9, 13}, "漏えい, 漏洩 and 流出 are one synonym group"},
		{"漏洩", []int64{1, 2, 6, 8, 9, 13}, ""},
		{"京都", []int64{9}, "京都府, never 東京都"},
		{"東京都", []int64{10}, ""},
		{"サーバー", []int64{1, 10}, "サーバ and サーバー are one word"},
		{"サーバ", []int64{1, 10}, ""},
		{"\"不正アクセス\"", []int64{6, 13}, "11 says 不正にアクセス: the particle keeps its slot"},
		{"不正アクセス", []int64{6, 13}, "a word of two tokens needs them side by side"},
		{"不正 アクセス", []int64{6, 11, 13}, "two words need only both"},
		{"フィッシング", []int64{11, 13}, "フィッシングメール and フィッシングサイト hold it"},
		{"ＵＳＢ", []int64{3}, "full width folds to usb"},
		{"usb メモリ", []int64{3}, ""},
		{"流出した", []int64{1, 2, 6, 8, 9, 13}, "the verb ending is dropped"},
		{"ランサムウェア -病院", []int64{2, 12}, "minus excludes"},
		{"title:病院", []int64{1, 3}, "field restriction"},
		{"cause:insider", []int64{4, 5}, "keyword field"},
		{"records:>=5000", []int64{1, 4, 6, 13}, "numeric range"},
		{`published:>="2024-12-01"`, []int64{13}, "date range"},
		{"ID*", []int64{13}, "wildcards in text are punctuation"},
		{"病院　ランサムウェア", []int64{1}, "the ideographic space separates words"},
		{"の", nil, "only stop words find nothing"},
		{"マルウェア", nil, ""},
	}
	for _, c := range cases {
		t.Run(c.q, func(t *testing.T) {
			res := find(t, ix, leakwatch.Query{Text: c.q})
			got := sorted(ids(res))
			if !slices.Equal(got, c.want) {
				t.Errorf("%q found %v, want %v (%s)", c.q, got, c.want, c.why)
			}
			if res.Total != uint64(len(c.want)) {
				t.Errorf("%q total %d, want %d", c.q, res.Total, len(c.want))
			}
		})
	}
}

func i64(v int64) *int64 { return &v }

func day(s string) time.Time {
	d, err := time.ParseInLocation(time.DateOnly, s, leakwatch.JST)
	if err != nil {
		panic(err)
	}
	return d
}

func TestSearchFilters(t *testing.T) {
	ix := fixture(t)
	cases := []struct {
		name string
		q    leakwatch.Query
		want []int64
	}{
		{"cause", leakwatch.Query{Causes: []leakwatch.Cause{leakwatch.CauseRansomware}}, []int64{1, 2}},
		{"causes any of", leakwatch.Query{Causes: []leakwatch.Cause{leakwatch.CauseMisconfiguration, leakwatch.CauseLossTheft}}, []int64{3, 7, 10}},
		{"second cause counts", leakwatch.Query{Causes: []leakwatch.Cause{leakwatch.CauseUnauthorizedAccess}}, []int64{6, 13}},
		{"actor", leakwatch.Query{Actors: []leakwatch.Actor{leakwatch.ActorPartner}}, []int64{4}},
		{"data type", leakwatch.Query{DataTypes: []leakwatch.DataType{leakwatch.DataCreditCard}}, []int64{6}},
		{"source", leakwatch.Query{Sources: []string{"itwire"}}, []int64{2, 5, 7, 10, 12}},
		{"org exact", leakwatch.Query{Org: "東西電力"}, []int64{4}},
		{"org words", leakwatch.Query{Org: "サンプル物流"}, []int64{2}},
		{"org part", leakwatch.Query{Org: "病院"}, []int64{1, 3}},
		{"from and to are inclusive JST days", leakwatch.Query{From: day("2024-08-01"), To: day("2024-09-12")}, []int64{6, 7}},
		{"a UTC evening is the next JST day", leakwatch.Query{To: day("2024-07-31"), From: day("2024-07-01")}, nil},
		{"to only", leakwatch.Query{To: day("2024-01-25")}, []int64{3, 5}},
		{"min records", leakwatch.Query{MinRecords: i64(10000)}, []int64{4, 6}},
		{"record range inclusive", leakwatch.Query{MinRecords: i64(320), MaxRecords: i64(900)}, []int64{5, 8, 11}},
		{"text and filters", leakwatch.Query{Text: "漏えい", Causes: []leakwatch.Cause{leakwatch.CauseMisoperation}, From: day("2024-04-01")}, []int64{9}},
		{"misconfiguration over 1,000 records in 2024", leakwatch.Query{Causes: []leakwatch.Cause{leakwatch.CauseMisconfiguration}, MinRecords: i64(1000), From: day("2024-01-01"), To: day("2024-12-31")}, []int64{7}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := sorted(ids(find(t, ix, c.q)))
			if !slices.Equal(got, c.want) {
				t.Errorf("found %v, want %v", got, c.want)
			}
		})
	}
}

func TestSearchInvalid(t *testing.T) {
	ix := fixture(t)
	bad := []string{`"ランサムウェア`, `title:`, `+`, `病院 +`, `foo:病院`, `/ランサム.*/`, `body:>5`, `records:>abc`, `病院~x`, `published:>"x"`, `cause:>"2024-01-01"`, `\`, `:病院`}
	for _, q := range bad {
		_, err := ix.Search(context.Background(), leakwatch.Query{Text: q})
		if !errors.Is(err, leakwatch.ErrBadQuery) {
			t.Errorf("%q: err %v, want ErrBadQuery", q, err)
		}
	}
	invalid := []leakwatch.Query{
		{Causes: []leakwatch.Cause{"hacking"}},
		{Sort: "popularity"},
		{From: day("2024-05-02"), To: day("2024-05-01")},
		{MinRecords: i64(10), MaxRecords: i64(5)},
	}
	for _, q := range invalid {
		_, err := ix.Search(context.Background(), q)
		if !errors.Is(err, leakwatch.ErrInvalid) {
			t.Errorf("%+v: err %v, want ErrInvalid", q, err)
		}
	}
}

func TestSearchSortAndPages(t *testing.T) {
	ix := fixture(t)
	byRecords := ids(find(t, ix, leakwatch.Query{Sort: leakwatch.SortRecords}))
	want := []int64{4, 6, 1, 13, 7, 3, 11, 5, 8, 10, 9}
	if !slices.Equal(byRecords[:len(want)], want) {
		t.Errorf("by records %v, want %v then the two without counts", byRecords, want)
	}
	if rest := sorted(byRecords[len(want):]); !slices.Equal(rest, []int64{2, 12}) {
		t.Errorf("articles without counts last: %v", rest)
	}
	byDate := ids(find(t, ix, leakwatch.Query{Text: "漏えい", Sort: leakwatch.SortDate}))
	if !slices.Equal(byDate, []int64{13, 6, 2, 1, 9, 8}) {
		t.Errorf("by date %v", byDate)
	}
	// Relevance: a title match outranks a body-only match.
	rel := find(t, ix, leakwatch.Query{Text: "病院"})
	if len(rel.Hits) != 2 || rel.Hits[0].Score < rel.Hits[1].Score {
		t.Errorf("relevance order: %+v", ids(rel))
	}
	rel = find(t, ix, leakwatch.Query{Text: "ランサムウェア"})
	if ids(rel)[2] != 12 {
		t.Errorf("the article with ランサムウェア only in its body should rank last: %v", ids(rel))
	}
	var paged []int64
	for page := 1; page <= 5; page++ {
		res := find(t, ix, leakwatch.Query{Sort: leakwatch.SortDate, Page: page, Size: 3})
		if res.Total != 13 {
			t.Fatalf("total %d", res.Total)
		}
		paged = append(paged, ids(res)...)
	}
	all := ids(find(t, ix, leakwatch.Query{Sort: leakwatch.SortDate}))
	if !slices.Equal(paged, all) {
		t.Errorf("pages %v != all %v", paged, all)
	}
}

func TestSearchFacets(t *testing.T) {
	ix := fixture(t)
	res := find(t, ix, leakwatch.Query{Text: "漏えい"})
	facet := func(name string) map[string]int {
		m := map[string]int{}
		for _, fc := range res.Facets[name] {
			m[fc.Value] = fc.Count
		}
		return m
	}
	want := map[string]map[string]int{
		FacetCause:  {"ransomware": 2, "unauthorized_access": 2, "vulnerability": 1, "misoperation": 2, "phishing_fraud": 1},
		FacetSource: {"secnews": 5, "itwire": 1},
		FacetActor:  {"external": 4, "internal": 2},
		FacetMonth:  {"2024-05": 1, "2024-06": 1, "2024-08": 1, "2024-03": 1, "2024-04": 1, "2024-12": 1},
		FacetData:   {"name": 6, "email": 3, "credit_card": 1, "credentials": 1, "health": 1},
		// 150 and 320; 5600 and 8500; 28000; article 2 has no count.
		FacetRecords: {"1-999": 2, "1000-9999": 2, "10000-99999": 1},
	}
	for name, w := range want {
		if got := facet(name); !mapsEqual(got, w) {
			t.Errorf("facet %s = %v, want %v", name, got, w)
		}
	}
	months := res.Facets[FacetMonth]
	if !sort.SliceIsSorted(months, func(i, j int) bool { return months[i].Value > months[j].Value }) {
		t.Errorf("months not newest first: %v", months)
	}
	var recs []string
	for _, fc := range res.Facets[FacetRecords] {
		recs = append(recs, fc.Value)
	}
	if want := []string{"1-999", "1000-9999", "10000-99999"}; !slices.Equal(recs, want) {
		t.Errorf("record ranges in order %v, want %v", recs, want)
	}
}

func TestRecordsBucket(t *testing.T) {
	for _, c := range []struct {
		n    int64
		want string
	}{
		{0, ""}, {-5, ""}, {1, "1-999"}, {999, "1-999"}, {1000, "1000-9999"}, {9999, "1000-9999"},
		{10000, "10000-99999"}, {99999, "10000-99999"}, {100000, "100000-"}, {1 << 40, "100000-"},
	} {
		if got := recordsBucket(c.n); got != c.want {
			t.Errorf("recordsBucket(%d) = %q, want %q", c.n, got, c.want)
		}
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestSearchHitsAndHighlights(t *testing.T) {
	ix := fixture(t)
	res := find(t, ix, leakwatch.Query{Text: "クレジットカード"})
	if len(res.Hits) != 1 {
		t.Fatalf("hits %v", ids(res))
	}
	h := res.Hits[0]
	a := h.Article
	if a.URL != "https://news.example.jp/2024/08/01/ec-card" || a.SourceID != "secnews" || !a.IsIncident ||
		len(a.Incidents) != 1 || a.Incidents[0].Org != "みなと雑貨" || *a.Incidents[0].Records != 28000 ||
		!a.Published.Equal(time.Date(2024, 8, 1, 0, 30, 0, 0, leakwatch.JST)) {
		t.Errorf("article from stored fields: %+v", a)
	}
	joined := strings.Join(h.Snippets, "\n")
	if !strings.Contains(joined, "<mark>クレジットカード</mark>情報2万8000件") {
		t.Errorf("snippets %q lack the highlighted word", h.Snippets)
	}

	// Pair terms highlight the whole phrase; synonyms highlight the word as written.
	res = find(t, ix, leakwatch.Query{Text: "委託先 流出"})
	if len(res.Hits) != 0 {
		t.Errorf("委託先 流出: %v", ids(res))
	}
	res = find(t, ix, leakwatch.Query{Text: "個人情報 漏洩"})
	if len(res.Hits) != 1 || !strings.Contains(strings.Join(res.Hits[0].Snippets, ""), "<mark>漏えい</mark>") {
		t.Errorf("synonym highlight: %+v", res.Hits)
	}
	// Stored text is escaped in snippets.
	res = find(t, ix, leakwatch.Query{Text: "白書"})
	if len(res.Hits) != 1 {
		t.Fatalf("白書: %v", ids(res))
	}
	joined = strings.Join(res.Hits[0].Snippets, "\n")
	if !strings.Contains(joined, "&lt;速報&gt;") || strings.Contains(joined, "<script>") || !strings.Contains(joined, "<mark>白書</mark>") {
		t.Errorf("snippets not escaped or not marked: %q", res.Hits[0].Snippets)
	}
}

func TestIndexUpdateDeleteCheck(t *testing.T) {
	tok := tokenizer(t)
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := Open(dir, tok)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	arts := loadArticles(t)
	if err := ix.Index(ctx, arts[:5]); err != nil {
		t.Fatal(err)
	}
	if err := ix.Check(ctx, 5); err != nil {
		t.Errorf("check: %v", err)
	}
	if err := ix.Check(ctx, 13); !errors.Is(err, ErrOutOfDate) {
		t.Errorf("check with a bigger store: %v", err)
	}
	// Re-indexing an article replaces it.
	changed := arts[0]
	changed.Title = "市立総合病院の電子カルテ障害、復旧"
	changed.Text = "電子カルテは復旧した。"
	if err := ix.Index(ctx, []leakwatch.Article{changed}); err != nil {
		t.Fatal(err)
	}
	if got := ids(find(t, ix, leakwatch.Query{Text: "復旧"})); !slices.Equal(got, []int64{1}) {
		t.Errorf("updated article: %v", got)
	}
	if got := ids(find(t, ix, leakwatch.Query{Text: "ランサムウェア 病院"})); len(got) != 0 {
		t.Errorf("old text still found: %v", got)
	}
	if err := ix.Delete(ctx, 1, 2, 99); err != nil {
		t.Fatal(err)
	}
	if n, _ := ix.Count(); n != 3 {
		t.Errorf("count after delete %d", n)
	}
	if err := ix.Index(ctx, []leakwatch.Article{{URL: "https://x.example/"}}); !errors.Is(err, leakwatch.ErrInvalid) {
		t.Errorf("article without id: %v", err)
	}
	if err := ix.Close(); err != nil {
		t.Fatal(err)
	}
	// Reopening finds what was written.
	ix, err = Open(dir, tok)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if n, _ := ix.Count(); n != 3 {
		t.Errorf("count after reopen %d", n)
	}
}

func TestRebuildSwaps(t *testing.T) {
	tok := tokenizer(t)
	parent := t.TempDir()
	dir := filepath.Join(parent, "index")
	ctx := context.Background()
	arts := loadArticles(t)
	each := func(arts []leakwatch.Article) func(func(leakwatch.Article) error) error {
		return func(fn func(leakwatch.Article) error) error {
			for _, a := range arts {
				if err := fn(a); err != nil {
					return err
				}
			}
			return nil
		}
	}
	// A first rebuild where nothing exists yet.
	n, err := Rebuild(ctx, dir, tok, each(arts[:4]))
	if err != nil || n != 4 {
		t.Fatalf("rebuild: %d, %v", n, err)
	}
	// An index open on the old generation keeps answering during and after
	// the next rebuild.
	old, err := Open(dir, tok)
	if err != nil {
		t.Fatal(err)
	}
	defer old.Close()
	n, err = Rebuild(ctx, dir, tok, each(arts))
	if err != nil || n != len(arts) {
		t.Fatalf("rebuild: %d, %v", n, err)
	}
	if c, _ := old.Count(); c != 4 {
		t.Errorf("old handle count %d", c)
	}
	ix, err := Open(dir, tok)
	if err != nil {
		t.Fatal(err)
	}
	if c, _ := ix.Count(); c != uint64(len(arts)) {
		t.Errorf("new count %d", c)
	}
	ix.Close()
	// One generation is left beside the link.
	ents, _ := os.ReadDir(parent)
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	if len(names) != 2 {
		t.Errorf("data dir holds %v, want the link and one generation", names)
	}
	// A failed rebuild leaves the index as it was.
	boom := errors.New("store went away")
	_, err = Rebuild(ctx, dir, tok, func(fn func(leakwatch.Article) error) error {
		fn(arts[0])
		return boom
	})
	if !errors.Is(err, boom) {
		t.Errorf("failed rebuild: %v", err)
	}
	ix, err = Open(dir, tok)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if c, _ := ix.Count(); c != uint64(len(arts)) {
		t.Errorf("count after failed rebuild %d", c)
	}
	ents, _ = os.ReadDir(parent)
	if len(ents) != 2 {
		t.Errorf("failed rebuild left files: %d entries", len(ents))
	}
}

func TestRebuildReplacesPlainDirectory(t *testing.T) {
	// An index directory that is not a link (made by hand or an older
	// version) is replaced too.
	tok := tokenizer(t)
	dir := filepath.Join(t.TempDir(), "index")
	if err := os.MkdirAll(filepath.Join(dir, "junk"), 0o755); err != nil {
		t.Fatal(err)
	}
	n, err := Rebuild(context.Background(), dir, tok, func(fn func(leakwatch.Article) error) error {
		return fn(loadArticles(t)[0])
	})
	if err != nil || n != 1 {
		t.Fatalf("rebuild: %d %v", n, err)
	}
	if fi, err := os.Lstat(dir); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("index dir is not a link now: %v %v", fi, err)
	}
}

// FuzzSearchText sends arbitrary query strings: they either search or fail
// with ErrBadQuery, never panic.
func FuzzSearchText(f *testing.F) {
	for _, s := range []string{"ランサムウェア 病院", `"不正アクセス"`, "title:病院 -cause:insider", "records:>1000", `published:>"2024-01-01"`, `"`, "+", `\`, "a:b:c", "病院~2", "ID*", "(病院)", "^3"} {
		f.Add(s)
	}
	ix := fixture(f)
	f.Fuzz(func(t *testing.T, s string) {
		_, err := ix.Search(context.Background(), leakwatch.Query{Text: s, Size: 5})
		if err != nil && !errors.Is(err, leakwatch.ErrBadQuery) {
			t.Fatalf("%q: %v", s, err)
		}
	})
}

func TestOpenLocked(t *testing.T) {
	tok := tokenizer(t)
	dir := filepath.Join(t.TempDir(), "index")
	ix, err := Open(dir, tok)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	// bbolt's lock is per open file, so a second open in this process
	// stands in for a second process.
	defer func(d time.Duration) { lockTimeout = d }(lockTimeout)
	lockTimeout = 100 * time.Millisecond
	if _, err := Open(dir, tok); !errors.Is(err, ErrLocked) {
		t.Errorf("second open: %v, want ErrLocked", err)
	}
}

// TestIndexManyBatches writes in batches of two, several at once: an article
// given again in a later batch of the same call must end up as given last.
func TestIndexManyBatches(t *testing.T) {
	defer func(n int) { batchSize = n }(batchSize)
	batchSize = 2
	tok := tokenizer(t)
	ix, err := Open(filepath.Join(t.TempDir(), "index"), tok)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	arts := loadArticles(t)
	var in []leakwatch.Article
	for i, a := range arts {
		in = append(in, a)
		if i == 6 || i == 9 {
			// Article 1 again, changed: in the next batch, then two later.
			c := arts[0]
			c.Title = fmt.Sprintf("電子カルテ障害の続報%d", i)
			c.Text = fmt.Sprintf("第%d報。電子カルテは復旧した。", i)
			in = append(in, c)
		}
	}
	if err := ix.Index(context.Background(), in); err != nil {
		t.Fatal(err)
	}
	if n, _ := ix.Count(); n != uint64(len(arts)) {
		t.Errorf("count %d, want %d", n, len(arts))
	}
	res := find(t, ix, leakwatch.Query{Text: "復旧"})
	if got := ids(res); !slices.Equal(got, []int64{1}) {
		t.Fatalf("復旧 finds %v, want [1]", got)
	}
	if title := res.Hits[0].Article.Title; title != "電子カルテ障害の続報9" {
		t.Errorf("article 1 is %q, want the last version", title)
	}
	// Whether a later batch overtakes an earlier one is up to the
	// scheduler, so check the rule that prevents it directly too.
	w := &writer{ids: map[string]bool{"1": true}, busy: []flight{{ids: map[string]bool{"2": true}}}}
	if w.overlaps() {
		t.Error("batches without common articles overlap")
	}
	w.busy = append(w.busy, flight{ids: map[string]bool{"1": true}})
	if !w.overlaps() {
		t.Error("batches with article 1 in both do not overlap")
	}
}

// TestFacetTermsRoundTrip counts the facet terms of two documents the way a
// search does: every value once per document, also the second cause and
// actor, which have no primary term of their own.
func TestFacetTermsRoundTrip(t *testing.T) {
	docs := [][]string{
		facetTerms([]string{"ransomware", "unauthorized_access"}, []string{"external", "partner"}, []string{"name"}, "secnews", "2024-05", "1000-9999"),
		facetTerms([]string{"ransomware"}, nil, nil, "itwire", nil, ""),
	}
	n := map[string]int{}
	for _, d := range docs {
		for _, term := range d {
			n[term]++
		}
	}
	var terms []*search.TermFacet
	for term, c := range n {
		terms = append(terms, &search.TermFacet{Term: term, Count: c})
	}
	got := facetCounts(terms)
	want := map[string]map[string]int{
		FacetCause:   {"ransomware": 2, "unauthorized_access": 1},
		FacetActor:   {"external": 1, "partner": 1},
		FacetData:    {"name": 1},
		FacetSource:  {"secnews": 1, "itwire": 1},
		FacetMonth:   {"2024-05": 1},
		FacetRecords: {"1000-9999": 1},
	}
	if len(got) != len(want) {
		t.Errorf("facets %v, want %v", got, want)
	}
	for name, w := range want {
		m := map[string]int{}
		for _, fc := range got[name] {
			m[fc.Value] = fc.Count
		}
		if !mapsEqual(m, w) {
			t.Errorf("facet %s = %v, want %v", name, m, w)
		}
	}
	if c := got[FacetCause]; c[0].Value != "ransomware" {
		t.Errorf("causes not most frequent first: %v", c)
	}
}

// TestFilterKeepsRanking: a filter selects documents without changing their
// scores, so the filtered hits are the unfiltered ones that pass, in the
// same order with the same scores (title boosts included).
func TestFilterKeepsRanking(t *testing.T) {
	ix := fixture(t)
	for _, text := range []string{"漏えい", "個人情報", "不正アクセス", "メール"} {
		all := find(t, ix, leakwatch.Query{Text: text})
		filtered := find(t, ix, leakwatch.Query{Text: text, Sources: []string{"secnews"}})
		var want []string
		for _, h := range all.Hits {
			if h.Article.SourceID == "secnews" {
				want = append(want, fmt.Sprintf("%d:%.6f", h.Article.ID, h.Score))
			}
		}
		var got []string
		for _, h := range filtered.Hits {
			got = append(got, fmt.Sprintf("%d:%.6f", h.Article.ID, h.Score))
		}
		if len(want) == 0 || !slices.Equal(got, want) {
			t.Errorf("%s within secnews: %v, want %v", text, got, want)
		}
	}
}
