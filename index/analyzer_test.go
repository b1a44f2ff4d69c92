package index

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/leakwatch/leakwatch/nlp"
)

var (
	testTokOnce sync.Once
	testTok     *nlp.Tokenizer
	testTokErr  error
)

// tokenizer loads the dictionary once for the whole test binary.
func tokenizer(t testing.TB) *nlp.Tokenizer {
	t.Helper()
	testTokOnce.Do(func() { testTok, testTokErr = nlp.NewTokenizer() })
	if testTokErr != nil {
		t.Fatal(testTokErr)
	}
	return testTok
}

func analyzer(t testing.TB) *Analyzer {
	t.Helper()
	a, err := NewAnalyzer(tokenizer(t))
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// render writes a token stream as "pos:term" per token, "|" between positions.
func render(a *Analyzer, text string) string {
	var b strings.Builder
	last := 0
	for _, tk := range a.Analyze([]byte(text)) {
		if last != 0 {
			if tk.Position != last {
				b.WriteString(" | ")
			} else {
				b.WriteString(" ")
			}
		}
		fmt.Fprintf(&b, "%d:%s", tk.Position, tk.Term)
		last = tk.Position
	}
	return b.String()
}

func TestAnalyzerTokens(t *testing.T) {
	a := analyzer(t)
	cases := []struct{ in, want string }{
		// Base and surface forms at one position; the auxiliary verb goes.
		{"委託先の社員が持ち出した", "1:委託 1:委託 先 | 2:先 | 4:社員 | 6:持ち出し 6:持ち出す"},
		// Synonyms are indexed as their group's first word.
		{"個人情報漏えい", "1:個人 1:個人 情報 | 2:情報 2:情報 漏洩 | 3:漏洩"},
		{"流出した", "1:漏洩"},
		{"ランサムウエアに感染", "1:ランサムウェア 1:ランサム 1:ウェア | 3:感染"},
		// マルウエア is one unknown word, マルウェア two tokens: rewritten before tokenising.
		{"マルウエア", "1:マル 1:マル ウェア | 2:ウェア"},
		// The particle keeps its slot: no pair 不正 アクセス.
		{"不正にアクセス", "1:不正 | 3:アクセス"},
		{"不正アクセス", "1:不正 1:不正 アクセス | 2:アクセス"},
		// Katakana long vowels, width and case.
		{"サーバー", "1:サーバ"},
		{"ＵＳＢメモリ", "1:usb 1:usb メモリ | 2:メモリ"},
		{"１万２０００件", "1:1 1:1 万 | 2:万 2:万 2000 | 3:2000 3:2000 件 | 4:件"},
		{"ｻｰﾊﾞｰ", "1:サーバ"},
		{"コピー", "1:コピー"},
		// Compounds: the whole word and its parts.
		{"クレジットカード", "1:クレジットカード 1:クレジット 1:カード"},
		{"フィッシングサイト", "1:フィッシングサイト 1:フィッシング 1:サイト"},
		{"京都教育大学", "1:京都教育大学 1:京都 1:教育 1:大学"},
		{"東京都", "1:東京 1:東京 都 | 2:都"},
		// Parts take part in pairs with their neighbours.
		{"クレジットカード情報", "1:クレジットカード 1:クレジット 1:カード 1:クレジットカード 情報 1:カード 情報 | 2:情報"},
		{"Facebook", "1:facebook"},
		{"フェイスブック", "1:facebook"},
		{"、。「」", ""},
	}
	for _, c := range cases {
		if got := render(a, c.in); got != c.want {
			t.Errorf("%s\n got %s\nwant %s", c.in, got, c.want)
		}
	}
}

// TestAnalyzerOffsets checks that every token points at the text it came
// from in the original, unfolded input, which highlighting relies on.
func TestAnalyzerOffsets(t *testing.T) {
	a := analyzer(t)
	in := "ｻｰﾊﾞｰとＵＳＢに１万２０００件、ランサムウエアで漏えい。"
	want := map[string]string{"サーバ": "ｻｰﾊﾞｰ", "usb": "ＵＳＢ", "2000": "２０００", "ランサムウェア": "ランサムウエア", "漏洩": "漏えい"}
	for _, tk := range a.Analyze([]byte(in)) {
		if w, ok := want[string(tk.Term)]; ok {
			if got := in[tk.Start:tk.End]; got != w {
				t.Errorf("%s at %d:%d is %q, want %q", tk.Term, tk.Start, tk.End, got, w)
			}
			delete(want, string(tk.Term))
		}
	}
	if len(want) > 0 {
		t.Errorf("terms not produced: %v", want)
	}
}

func TestSynonymsLoad(t *testing.T) {
	a := analyzer(t)
	if _, _, err := a.parseSynonyms("漏洩 漏えい\n流出 漏洩\n"); err == nil {
		t.Error("a word in two groups should fail")
	}
	// The embedded list: every line's words analyse to the same terms.
	for _, line := range strings.Split(synonymsTxt, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		ws := strings.Fields(line)
		first := render(a, ws[0])
		for _, w := range ws[1:] {
			if got := render(a, w); got != first {
				t.Errorf("%s => %s, but %s => %s", w, got, ws[0], first)
			}
		}
	}
}

func TestAnalyzerRegistered(t *testing.T) {
	SetTokenizer(tokenizer(t))
	m := newMapping()
	an := m.AnalyzerNamed(AnalyzerName)
	if an == nil {
		t.Fatal("ja analyzer not found in bleve's registry")
	}
	if got := len(an.Analyze([]byte("ランサムウェア"))); got == 0 {
		t.Error("registered analyzer yields no tokens")
	}
}

// FuzzAnalyze feeds arbitrary text (crawled pages are untrusted) through the
// analyzer: no panic, offsets inside the input and on rune boundaries.
func FuzzAnalyze(f *testing.F) {
	for _, s := range []string{"個人情報漏えい", "ｻｰﾊﾞｰ", "ＵＳＢ", "\xff\xfe", "ﾞﾞﾞ", "ランサムウエアマルウエア", "Ａ\u0301"} {
		f.Add(s)
	}
	a := analyzer(f)
	f.Fuzz(func(t *testing.T, s string) {
		for _, tk := range a.Analyze([]byte(s)) {
			if tk.Start < 0 || tk.End > len(s) || tk.Start > tk.End {
				t.Fatalf("%q: token %s at %d:%d", s, tk.Term, tk.Start, tk.End)
			}
			if len(tk.Term) == 0 {
				t.Fatalf("%q: empty term", s)
			}
		}
	})
}
