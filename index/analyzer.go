package index

import (
	"bufio"
	_ "embed"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/registry"

	"github.com/leakwatch/leakwatch/nlp"
)

// AnalyzerName is the name the Japanese analyzer is registered under in
// bleve's registry; index mappings refer to it by this name.
const AnalyzerName = "ja"

// The dictionary is loaded once per process. bleve builds analyzers itself,
// by name, from its registry (also when it reopens an index and reads the
// mapping back from disk), so the constructor cannot take the tokenizer as
// an argument. Open and SetTokenizer therefore hand the process's one
// tokenizer to the package before bleve asks for the analyzer; a constructor
// called without one fails instead of quietly loading a second 150 MiB copy.
var shared struct {
	sync.Mutex
	tok       *nlp.Tokenizer
	analyzers map[*nlp.Tokenizer]*Analyzer
}

// ErrNoTokenizer is returned when bleve asks for the ja analyzer before Open
// or SetTokenizer has provided the process's tokenizer.
var ErrNoTokenizer = errors.New("index: no tokenizer set: call index.Open or index.SetTokenizer first")

// SetTokenizer makes tok the tokenizer of every ja analyzer bleve builds from
// now on in this process. Open calls it; call it yourself only to use the
// analyzer outside an Index (tests, tools).
func SetTokenizer(tok *nlp.Tokenizer) {
	shared.Lock()
	shared.tok = tok
	shared.Unlock()
}

// AnalyzerConstructor builds the ja analyzer for bleve's registry.
func AnalyzerConstructor(config map[string]any, cache *registry.Cache) (analysis.Analyzer, error) {
	shared.Lock()
	tok := shared.tok
	shared.Unlock()
	if tok == nil {
		return nil, ErrNoTokenizer
	}
	return NewAnalyzer(tok)
}

func init() {
	if err := registry.RegisterAnalyzer(AnalyzerName, AnalyzerConstructor); err != nil {
		panic(err)
	}
}

//go:embed synonyms.txt
var synonymsTxt string

// Analyzer is the Japanese analyzer. Per morpheme of kagome's normal
// segmentation it indexes, at one position:
//   - the surface form and the dictionary base form (流出し → 流出し, 流出する's
//     stem; 持ち出し → 持ち出し, 持ち出す), both folded (NFKC, lower case) and
//     with katakana long vowels stemmed (サーバー → サーバ), and each replaced
//     by its synonym group's first word (漏えい, 流出 → 漏洩);
//   - for long nouns, their parts (クレジットカード → クレジット, カード;
//     京都教育大学 → 京都, 教育, 大学), found with kagome's search mode or, for
//     katakana, by splitting into two dictionary words; only when indexing;
//   - a pair term "A B" for every two adjacent positions, so multi-word
//     phrases are answered by one term lookup instead of a positional phrase
//     query, which measured too slow at 100,000 articles.
//
// Particles, auxiliary verbs, symbols and a few function words are dropped
// but keep their position, so 不正にアクセス yields no pair 不正 アクセス.
type Analyzer struct {
	tok      *nlp.Tokenizer
	synonyms map[string]string
	// rewrites are synonyms the dictionary splits into several tokens
	// (マルウェア is マル/ウェア, マルウエア one unknown word): they are
	// rewritten in the folded text before tokenising, longest first.
	rewrites  [][2]string
	compounds sync.Map // folded surface → []string parts; nil slice = not a compound
	cached    atomic.Int64
}

// NewAnalyzer builds the analyzer on tok. Analyzers are memoised per
// tokenizer, since each keeps a cache of compound splits.
func NewAnalyzer(tok *nlp.Tokenizer) (*Analyzer, error) {
	shared.Lock()
	defer shared.Unlock()
	if a, ok := shared.analyzers[tok]; ok {
		return a, nil
	}
	a := &Analyzer{tok: tok}
	syn, rw, err := a.parseSynonyms(synonymsTxt)
	if err != nil {
		return nil, err
	}
	a.synonyms, a.rewrites = syn, rw
	if shared.analyzers == nil {
		shared.analyzers = map[*nlp.Tokenizer]*Analyzer{}
	}
	shared.analyzers[tok] = a
	return a, nil
}

// parseSynonyms reads the synonym list: single-token words map to their
// group's first word; the rest become text rewrites.
func (a *Analyzer) parseSynonyms(text string) (map[string]string, [][2]string, error) {
	syn := map[string]string{}
	var rewrites [][2]string
	sc := bufio.NewScanner(strings.NewReader(text))
	line := 0
	for sc.Scan() {
		line++
		l := strings.TrimSpace(sc.Text())
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		words := strings.Fields(l)
		canon, canonSingle := a.fold(words[0])
		for _, w := range words {
			term, single := a.fold(w)
			if prev, ok := syn[term]; ok && prev != canon {
				return nil, nil, fmt.Errorf("index: synonyms.txt line %d: %q already in the group of %q", line, w, prev)
			}
			if single && canonSingle {
				syn[term] = canon
			} else if term != canon {
				rewrites = append(rewrites, [2]string{term, canon})
			}
		}
	}
	sort.SliceStable(rewrites, func(i, j int) bool { return len(rewrites[i][0]) > len(rewrites[j][0]) })
	return syn, rewrites, sc.Err()
}

// fold folds w as the analyzer folds a token and says whether the
// dictionary reads it as a single token.
func (a *Analyzer) fold(w string) (string, bool) {
	n := normalize(w)
	return stemKatakana(n.text), len(a.tok.Tokenize(n.text, nlp.Normal)) == 1
}

// canonical returns the form indexed for the folded term t.
func (a *Analyzer) canonical(t string) string {
	t = stemKatakana(t)
	if c, ok := a.synonyms[t]; ok {
		return c
	}
	return t
}

// slot is one position of the analysed text.
type slot struct {
	pos        int      // 1-based, counting dropped words too
	start, end int      // byte offsets in the original text
	terms      []string // surface, base and synonym forms, deduplicated
	parts      []piece  // compound parts, index side only
}

type piece struct {
	term       string
	start, end int
}

// stopPOS are the top-level parts of speech dropped: particles, auxiliary
// verbs, symbols and spaces, conjunctions, fillers, interjections.
var stopPOS = map[string]bool{
	"助詞": true, "助動詞": true, "記号": true, "接続詞": true, "フィラー": true,
	"感動詞": true, "その他": true, "非言語音": true,
}

// stopBase are words (by base form) too frequent in news to tell articles
// apart: light verbs and dependent nouns.
var stopBase = map[string]bool{
	"する": true, "ある": true, "いる": true, "なる": true, "おる": true, "れる": true,
	"られる": true, "せる": true, "させる": true, "いう": true, "こと": true, "もの": true,
	"よう": true, "ため": true, "これ": true, "それ": true, "この": true, "その": true,
	"あの": true, "どの": true, "ほか": true, "など": true, "できる": true,
}

func stopToken(t nlp.Token) bool {
	if len(t.POS) > 0 {
		if stopPOS[t.POS[0]] {
			return true
		}
		if t.POS[0] == "名詞" && len(t.POS) > 1 && t.POS[1] == "非自立" {
			return true
		}
	}
	return stopBase[t.Base]
}

// slots analyses text. With parts set, long nouns also get their parts.
func (a *Analyzer) slots(text string, parts bool) []slot {
	n := normalize(text)
	for _, rw := range a.rewrites {
		n = n.replace(rw[0], rw[1])
	}
	toks := a.tok.Tokenize(n.text, nlp.Normal)
	out := make([]slot, 0, len(toks))
	for i, t := range toks {
		if stopToken(t) {
			continue
		}
		s := slot{pos: i + 1, start: n.at(t.Start), end: n.at(t.End)}
		surface := a.canonical(t.Surface)
		s.terms = appendUnique(s.terms, surface)
		if t.Base != t.Surface {
			s.terms = appendUnique(s.terms, a.canonical(foldTerm(t.Base)))
		}
		if parts && t.POS[0] == "名詞" {
			// Parts of the indexed form, so ランサムウエア splits like
			// ランサムウェア; exact offsets only when that form is the text.
			exact := surface == t.Surface
			off := t.Start
			for _, p := range a.split(surface) {
				pc := piece{term: a.canonical(p), start: s.start, end: s.end}
				if exact {
					pc.start, pc.end = n.at(off), n.at(off+len(p))
					off += len(p)
				}
				s.parts = append(s.parts, pc)
			}
		}
		out = append(out, s)
	}
	return out
}

func appendUnique(ss []string, s string) []string {
	for _, x := range ss {
		if x == s {
			return ss
		}
	}
	return append(ss, s)
}

// maxCachedCompounds bounds the compound cache; news vocabulary repeats, so
// a few hundred thousand entries cover it.
const maxCachedCompounds = 200_000

// split returns the parts of a long noun, or nil. Kanji compounds are split
// by kagome's search mode (京都教育大学 → 京都/教育/大学). Katakana compounds
// the dictionary holds whole (クレジットカード) or reads as one unknown word
// (フィッシングサイト) are split into two dictionary words, the first split
// from the left that works.
func (a *Analyzer) split(w string) []string {
	n := utf8.RuneCountInString(w)
	kanji, kata := true, true
	for _, r := range w {
		kanji = kanji && isKanji(r)
		kata = kata && isKatakana(r)
	}
	if !(kanji && n >= 3 || kata && n >= 6) {
		return nil
	}
	if v, ok := a.compounds.Load(w); ok {
		return v.([]string)
	}
	var parts []string
	if kanji {
		toks := a.tok.Tokenize(w, nlp.Search)
		if len(toks) > 1 {
			for _, t := range toks {
				parts = append(parts, t.Surface)
			}
		}
	} else {
		parts = a.splitKatakana(w)
	}
	if a.cached.Load() < maxCachedCompounds {
		a.compounds.Store(w, parts)
		a.cached.Add(1)
	}
	return parts
}

func (a *Analyzer) splitKatakana(w string) []string {
	rs := []rune(w)
	// First a split into two dictionary words; failing that, a dictionary
	// word of three or more characters beside an unknown one of three or
	// more (フィッシング is not in IPADIC, サイト is).
	for _, strict := range []bool{true, false} {
		for i := 2; i <= len(rs)-2; i++ {
			if rs[i] == 'ー' || isSmallKana(rs[i]) {
				continue
			}
			left, right := string(rs[:i]), string(rs[i:])
			lw, rw := a.isWord(left), a.isWord(right)
			if strict && lw && rw ||
				!strict && i >= 3 && len(rs)-i >= 3 && (lw || rw) {
				return []string{left, right}
			}
		}
	}
	return nil
}

func isSmallKana(r rune) bool {
	return strings.ContainsRune("ァィゥェォッャュョヮヵヶ", r)
}

func (a *Analyzer) isWord(w string) bool {
	toks := a.tok.Tokenize(w, nlp.Normal)
	return len(toks) == 1 && toks[0].Known && toks[0].POS[0] == "名詞"
}

// pairSep joins the two words of a pair term. Tokens never contain a space
// (kagome reads spaces as symbols, which are dropped), so a pair term can
// never collide with a word.
const pairSep = " "

// Analyze implements analysis.Analyzer: the words, their parts and the pairs
// of adjacent positions.
func (a *Analyzer) Analyze(input []byte) analysis.TokenStream {
	slots := a.slots(string(input), true)
	ts := make(analysis.TokenStream, 0, len(slots)*3)
	// Tokens and their terms are cut from a few large blocks instead of
	// being allocated one by one: three allocations per token were a tenth
	// of the indexing time, most of it the garbage collector's.
	var toks []analysis.Token
	var arena []byte
	emit := func(term string, pair string, start, end, pos int, typ analysis.TokenType) {
		if len(toks) == cap(toks) {
			toks = make([]analysis.Token, 0, max(64, len(slots)*2))
		}
		n := len(term)
		if pair != "" {
			n += len(pairSep) + len(pair)
		}
		if len(arena)+n > cap(arena) {
			arena = make([]byte, 0, max(4096, n))
		}
		at := len(arena)
		arena = append(arena, term...)
		if pair != "" {
			arena = append(arena, pairSep...)
			arena = append(arena, pair...)
		}
		toks = append(toks, analysis.Token{Term: arena[at:len(arena):len(arena)], Start: start, End: end, Position: pos, Type: typ})
		ts = append(ts, &toks[len(toks)-1])
	}
	var left, right []string
	for i, s := range slots {
		for _, t := range s.terms {
			emit(t, "", s.start, s.end, s.pos, analysis.Ideographic)
		}
		for _, p := range s.parts {
			if !contains(s.terms, p.term) {
				emit(p.term, "", p.start, p.end, s.pos, analysis.Ideographic)
			}
		}
		if i+1 < len(slots) && slots[i+1].pos == s.pos+1 {
			next := slots[i+1]
			left = append(left[:0], s.terms...)
			if len(s.parts) > 0 {
				left = appendUnique(left, s.parts[len(s.parts)-1].term)
			}
			right = append(right[:0], next.terms...)
			if len(next.parts) > 0 {
				right = appendUnique(right, next.parts[0].term)
			}
			for _, l := range left {
				for _, r := range right {
					emit(l, r, s.start, next.end, s.pos, analysis.Shingle)
				}
			}
		}
	}
	return ts
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}
