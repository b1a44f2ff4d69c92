package nlp

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSplitTopLevel(t *testing.T) {
	got := splitTopLevel(`a|(b|c)|[|]d|e\|f|^g$`)
	want := []string{"a", "(b|c)", "[|]d", `e\|f`, "^g$"}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Errorf("splitTopLevel = %q, want %q", got, want)
	}
	if balanced("a)|(b") || !balanced("(a|b)|c") {
		t.Error("balanced")
	}
}

// TestAlternationMatchesItsRegexp checks the fast path against the regexp it
// stands for, on every line, sentence and noun-like piece of the fixtures and
// on strings built to hit each kind of alternative.
func TestAlternationMatchesItsRegexp(t *testing.T) {
	patterns := map[string]string{
		"genre":      genreRe.full.String(),
		"advisory":   advisoryRe.full.String(),
		"notVictims": notVictims.full.String(),
		"mixed":      `^(東証|名証).*|.+(新聞|日報)|(県警|府警)$|^(解説|コラム)[:|｜]|【[^】]{0,4}(特集|PR)】|とは[?？]?$|本市|a\|b`,
		"wrapped":    `^((東証|名証).*|.+(新聞|日報)|.{0,4}(県警|府警)|.*警察署|本市|JPCERT.*)$`,
	}
	var inputs []string
	paths, _ := filepath.Glob("testdata/articles/*.txt")
	more, _ := filepath.Glob("testdata/heldout*/*.txt")
	for _, p := range append(paths, more...) {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(Normalize(string(b)).Norm, "\n") {
			inputs = append(inputs, line)
			for _, piece := range strings.FieldsFunc(line, func(r rune) bool { return strings.ContainsRune("、。はがをにでと「」()", r) }) {
				inputs = append(inputs, piece)
			}
		}
	}
	inputs = append(inputs, "", "東証", "東証プライム", "x東証", "新聞", "地元新聞", "北海道新聞社", "兵庫県警", "大阪府警の", "本市", "本市役所",
		"解説:ランサム", "コラム｜", "【特集】", "【今週の特集】", "【PR】x", "ランサムウェアとは?", "とは", "a|b", "中央警察署", "警察署", "JPCERT/CC", "JPCERT", "要請", "被害の報告を求め")
	for name, p := range patterns {
		re := regexp.MustCompile(p)
		alt := compileAlternation(p)
		n := 0
		for _, s := range inputs {
			if !utf8.ValidString(s) || strings.Contains(s, "\n") {
				continue
			}
			want := re.MatchString(s)
			if want {
				n++
			}
			if got := alt.MatchString(s); got != want {
				t.Errorf("%s: MatchString(%q) = %v, the regexp says %v", name, s, got, want)
			}
		}
		if n == 0 {
			t.Errorf("%s matched none of %d inputs: the test checks nothing", name, len(inputs))
		}
	}
}

func TestWordEdge(t *testing.T) {
	for _, tt := range []struct {
		before, name, after string
		want                bool
	}{
		{"、", "ドコモ", "は", true},
		{"NTT", "ドコモ", "は", false}, // part of NTTドコモ
		{"", "東京都", "立大学", false},  // part of 東京都立大学
		{"同社と", "東京都", "の", true},
		{"", "ABC", "D社", false},
		{"", "ABC", "は", true},
		{"大手", "みなと精工", "は", false}, // a name runs on from kanji
	} {
		if got := wordEdge(tt.before, tt.name, tt.after); got != tt.want {
			t.Errorf("wordEdge(%q, %q, %q) = %v, want %v", tt.before, tt.name, tt.after, got, tt.want)
		}
	}
}

// TestMentionsAgain checks that a name the tokenizer found is found again in
// the sentences it did not read, where it stands on its own.
func TestMentionsAgain(t *testing.T) {
	text := "みなと精工は、不正アクセスを受けたと発表した。\nサーバーの調査で、みなと精工の顧客情報が流出した可能性がある。なお、みなと精工販売は関係がない。"
	tx := Normalize(text)
	d := &document{a: testAnalyzer(t), text: tx, norm: tx.Norm}
	first := strings.Index(d.norm, "みなと精工")
	found := []orgSpan{{name: "みなと精工", start: first, end: first + len("みなと精工"), strength: 2}}
	line := strings.Index(d.norm, "\n") + 1
	sents := splitSentences(d.norm, line, len(d.norm))
	got := d.mentionsAgain(sents, found)
	if len(got) != 1 {
		t.Fatalf("found %d mentions, want 1 (not the one inside みなと精工販売): %+v", len(got), got)
	}
	if m := got[0]; d.norm[m.start:m.end] != "みなと精工" || m.strength != 2 || m.start < line {
		t.Errorf("mention %+v spans %q", m, d.norm[m.start:m.end])
	}
}

func TestWordSets(t *testing.T) {
	a, b := compileSet(`流出|漏えい|漏洩|紛失|盗難|誤送信|不正アクセス`), compileSet(`発表|公表|明らかに|お知らせ|お詫び|判明|発覚`)
	ws := newWordSets(a.(wordSet), b.(wordSet))
	for _, tt := range []struct {
		text string
		want uint64
	}{
		{"顧客情報が流出したと発表した。", 3},
		{"顧客情報が流出した。", 1},
		{"新製品を発表した。", 2},
		{"天気は晴れ。", 0},
	} {
		got := ws.match(tt.text)
		if got != tt.want {
			t.Errorf("match(%q) = %b, want %b", tt.text, got, tt.want)
		}
		// The same answer as asking each list alone.
		alone := uint64(0)
		if a.MatchString(tt.text) {
			alone |= 1
		}
		if b.MatchString(tt.text) {
			alone |= 2
		}
		if got != alone {
			t.Errorf("match(%q) = %b, the lists alone say %b", tt.text, got, alone)
		}
	}
}
