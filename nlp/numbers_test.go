package nlp

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/leakwatch/leakwatch"
)

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in    string
		want  int64
		low   int64 // for ranges; 0 means same as want
		vague bool
		ok    bool
	}{
		{"12", 12, 0, false, true},
		{"120,982", 120982, 0, false, true},
		{"1,234,567", 1234567, 0, false, true},
		{"１２０，９８２", 120982, 0, false, true},
		{"１２万", 120000, 0, false, true},
		{"12万", 120000, 0, false, true},
		{"29万6000", 296000, 0, false, true},
		{"29万6,000", 296000, 0, false, true},
		{"596万", 5960000, 0, false, true},
		{"1億2千万", 120000000, 0, false, true},
		{"1億2000万", 120000000, 0, false, true},
		{"3億", 300000000, 0, false, true},
		{"1兆", 1000000000000, 0, false, true},
		{"1.2万", 12000, 0, false, true},
		{"0.5万", 5000, 0, false, true},
		{"2.5億", 250000000, 0, false, true},
		{"三千", 3000, 0, false, true},
		{"三千二百", 3200, 0, false, true},
		{"十二", 12, 0, false, true},
		{"二十五", 25, 0, false, true},
		{"百", 100, 0, false, true},
		{"千", 1000, 0, false, true},
		{"一〇〇", 100, 0, false, true},
		{"二〇二六", 2026, 0, false, true},
		{"十二万", 120000, 0, false, true},
		{"三十万五千", 305000, 0, false, true},
		{"2千", 2000, 0, false, true},
		{"2千5百", 2500, 0, false, true},
		{"2,094千", 2094000, 0, false, true},
		{"5千万", 50000000, 0, false, true},
		{"1万2千", 12000, 0, false, true},
		{"3万〜4万", 40000, 30000, false, true},
		{"3〜4万", 40000, 30000, false, true},
		{"3万～4万", 40000, 30000, false, true},
		{"10から20", 20, 10, false, true},
		{"数千", 1000, 0, true, true},
		{"数万", 10000, 0, true, true},
		{"数十万", 100000, 0, true, true},
		{"十数", 11, 0, true, true},
		{"数百", 100, 0, true, true},
		{"千数百", 1100, 0, true, true},
		{"", 0, 0, false, false},
		{"万", 0, 0, false, false},
		{"約", 0, 0, false, false},
		{"abc", 0, 0, false, false},
		{"12345678901234567890", 0, 0, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			n, ok := ParseNumber(tt.in)
			if ok != tt.ok {
				t.Fatalf("ParseNumber(%q) ok = %v, want %v (%+v)", tt.in, ok, tt.ok, n)
			}
			if !ok {
				return
			}
			low := tt.low
			if low == 0 {
				low = tt.want
			}
			if n.Value != tt.want || n.Low != low || n.Vague != tt.vague {
				t.Errorf("ParseNumber(%q) = %d (low %d, vague %v), want %d (low %d, vague %v)", tt.in, n.Value, n.Low, n.Vague, tt.want, low, tt.vague)
			}
		})
	}
}

func TestFindCounts(t *testing.T) {
	type want struct {
		value  int64
		qual   leakwatch.Qualifier
		total  bool
		subset bool
	}
	tests := []struct {
		in   string
		want []want
	}{
		// Plain counts with every counter.
		{"顧客情報12万件が流出", []want{{120000, leakwatch.QualExact, false, false}}},
		{"約12万件の個人情報", []want{{120000, leakwatch.QualApprox, false, false}}},
		{"29万6000人分のデータ", []want{{296000, leakwatch.QualExact, false, false}}},
		{"顧客約29万6000人分", []want{{296000, leakwatch.QualApprox, false, false}}},
		{"120,982件が漏えい", []want{{120982, leakwatch.QualExact, false, false}}},
		{"１２０，９８２件", []want{{120982, leakwatch.QualExact, false, false}}},
		{"会員3,412名の氏名", []want{{3412, leakwatch.QualExact, false, false}}},
		{"1,038名分", []want{{1038, leakwatch.QualExact, false, false}}},
		{"最大3万アカウント", []want{{30000, leakwatch.QualUpperBound, false, false}}},
		{"約1200万ユーザー", []want{{12000000, leakwatch.QualApprox, false, false}}},
		{"412件分", []want{{412, leakwatch.QualExact, false, false}}},
		{"2,300世帯", []want{{2300, leakwatch.QualExact, false, false}}},
		{"約5千口座", []want{{5000, leakwatch.QualApprox, false, false}}},
		{"誤送信は350通", []want{{350, leakwatch.QualExact, false, false}}},
		{"三千件", []want{{3000, leakwatch.QualExact, false, false}}},
		{"顧客約三千件分", []want{{3000, leakwatch.QualApprox, false, false}}},
		{"一名", []want{{1, leakwatch.QualExact, false, false}}},
		{"1.2万件", []want{{12000, leakwatch.QualExact, false, false}}},
		{"1億2千万件", []want{{120000000, leakwatch.QualExact, false, false}}},
		{"約1万2千件", []want{{12000, leakwatch.QualApprox, false, false}}},
		// Qualifiers.
		{"およそ8000人", []want{{8000, leakwatch.QualApprox, false, false}}},
		{"概ね2万件", []want{{20000, leakwatch.QualApprox, false, false}}},
		{"最大で約4万人", []want{{40000, leakwatch.QualUpperBound, false, false}}},
		{"上限1万件", []want{{10000, leakwatch.QualUpperBound, false, false}}},
		{"1万件以上", []want{{10000, leakwatch.QualLowerBound, false, false}}},
		{"10万人超", []want{{100000, leakwatch.QualLowerBound, false, false}}},
		{"10万件超の情報", []want{{100000, leakwatch.QualLowerBound, false, false}}},
		{"少なくとも500人", []want{{500, leakwatch.QualLowerBound, false, false}}},
		{"1万人を超える", []want{{10000, leakwatch.QualLowerBound, false, false}}},
		{"2万件余り", []want{{20000, leakwatch.QualLowerBound, false, false}}},
		{"3000件程度", []want{{3000, leakwatch.QualApprox, false, false}}},
		{"500人前後", []want{{500, leakwatch.QualApprox, false, false}}},
		{"計約192万人分", []want{{1920000, leakwatch.QualApprox, true, false}}},
		{"合計4,200件", []want{{4200, leakwatch.QualExact, true, false}}},
		{"延べ3万人", []want{{30000, leakwatch.QualExact, true, false}}},
		{"3万〜4万件", []want{{40000, leakwatch.QualUpperBound, false, false}}},
		// Totals and subsets.
		{"120,982件(うちカード情報112,132件)", []want{{120982, leakwatch.QualExact, false, false}, {112132, leakwatch.QualExact, false, true}}},
		{"個人情報120,982件(顧客のクレジットカード情報112,132件含む)", []want{{120982, leakwatch.QualExact, false, false}, {112132, leakwatch.QualExact, false, true}}},
		{"1万件のうち3000件", []want{{10000, leakwatch.QualExact, false, false}, {3000, leakwatch.QualExact, false, true}}},
		{"96件(81名分)", []want{{96, leakwatch.QualExact, false, false}, {81, leakwatch.QualExact, false, true}}},
		// Not counts: vague amounts.
		{"数千人の顧客", nil},
		{"数万件", nil},
		{"十数件", nil},
		{"数十万人", nil},
		{"数名", nil},
		{"原告1人あたり3000円の支払い", nil},
		{"1件につき500円", nil},
		{"利用者100人ごとに1台", nil},
		// Not counts: money, percentages, dates, times.
		{"約2億円", nil},
		{"2,094千米ドル", nil},
		{"280百万円", nil},
		{"12%", nil},
		{"3割", nil},
		{"令和5年3月30日", nil},
		{"2023年4月17日", nil},
		{"午後4時10分", nil},
		{"10:30", nil},
		{"3ヶ月", nil},
		{"2週間", nil},
		// Not counts: phone numbers, postal codes, versions, IDs.
		{"0120-123-456", nil},
		{"〒100-0001", nil},
		{"バージョン7.3.2", nil},
		{"CVE-2026-50231", nil},
		{"Ver.2件", nil},
		{"2026/11/09", nil},
		{"対象者:1,534名", []want{{1534, leakwatch.QualExact, false, false}}},
		{"件数/412件", []want{{412, leakwatch.QualExact, false, false}}},
		// Words that begin like counters.
		{"3人気", nil},
		{"1件名", nil},
		{"5名義", nil},
		{"2通信", nil},
		{"一人前", []want{{1, leakwatch.QualExact, false, false}}},
		{"千葉県", nil},
		{"十分", nil},
		{"三菱", nil},
		{"PC6台", nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := FindCounts(Normalize(tt.in).Norm)
			if len(got) != len(tt.want) {
				t.Fatalf("FindCounts(%q) = %+v, want %d counts", tt.in, got, len(tt.want))
			}
			for i, w := range tt.want {
				g := got[i]
				if g.Value != w.value || g.Qualifier != w.qual || g.Total != w.total || g.Subset != w.subset {
					t.Errorf("FindCounts(%q)[%d] = %+v, want %+v", tt.in, i, g, w)
				}
			}
		})
	}
}

func TestNormalizeOffsets(t *testing.T) {
	tests := []struct {
		in, norm string
	}{
		{"ＡＢＣ１２３", "ABC123"},
		{"約１２万件", "約12万件"},
		{"ｶﾞｲﾄﾞ", "ガイド"},
		{"a\u3000\u3000b", "a b"},
		{"行1  \n行2", "行1\n行2"},
		{"①", "1"},
		{"3万～4万", "3万〜4万"},
	}
	for _, tt := range tests {
		tx := Normalize(tt.in)
		if tx.Norm != tt.norm {
			t.Errorf("Normalize(%q) = %q, want %q", tt.in, tx.Norm, tt.norm)
		}
		// The whole normalised text maps back to the whole original.
		s, e := tx.Span(0, len(tx.Norm))
		if s != 0 || e != len([]rune(tt.in)) {
			t.Errorf("Span of all of %q = [%d,%d), want [0,%d)", tt.in, s, e, len([]rune(tt.in)))
		}
	}
	// A span in the middle maps to the characters the author wrote.
	orig := "顧客情報１２万件が流出"
	tx := Normalize(orig)
	i := len("顧客情報")
	j := i + len("12万件")
	s, e := tx.Span(i, j)
	if got := string([]rune(orig)[s:e]); got != "１２万件" {
		t.Errorf("span maps to %q, want １２万件", got)
	}
}

func TestExpandPatterns(t *testing.T) {
	tests := []struct {
		in   string
		want []string // nil: left to the regexp engine
	}{
		{"a|b", []string{"a", "b"}},
		{"不正(な)?(アクセス|ログイン)", []string{"不正なアクセス", "不正なログイン", "不正アクセス", "不正ログイン"}},
		{"ウ[イィ]ルス", []string{"ウイルス", "ウィルス"}},
		{"誤って[^。]{0,20}送信", nil},
		{"^見出し", nil},
		{`a\.b`, nil},
		{"(a|b", nil},
	}
	for _, tt := range tests {
		got, ok := expand(tt.in)
		if tt.want == nil {
			if ok {
				t.Errorf("expand(%q) = %q, want a regexp", tt.in, got)
			}
			continue
		}
		if !ok || strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("expand(%q) = %q %v, want %q", tt.in, got, ok, tt.want)
		}
		// The literal matcher finds what the regexp finds.
		re := regexp.MustCompile(tt.in)
		lit := compile(tt.in)
		for _, w := range tt.want {
			s := "前置き" + w + "後書き"
			if re.FindStringIndex(s) == nil || lit.FindStringIndex(s) == nil {
				t.Errorf("%q not found in %q", tt.in, s)
			}
		}
	}
}

func TestLatinWords(t *testing.T) {
	for _, p := range []string{`(^|[^A-Za-z])BEC([^A-Za-z]|$)`, `(^|[^A-Za-z])(Lock|Black)Bit([^A-Za-z]|$)`} {
		if m := compile(p); fmt.Sprintf("%T", m) != "nlp.latinWords" {
			t.Errorf("compile(%q) is %T, want latinWords", p, m)
		}
	}
	p := `(^|[^A-Za-z])(LockBit|BEC)([^A-Za-z]|$)`
	m := compile(p)
	re := regexp.MustCompile(p)
	for _, tt := range []struct {
		text string
		want []string
	}{
		{"BEC被害", []string{"BEC"}},
		{"ランサムウェアLockBitによる", []string{"LockBit"}},
		{"BECOME a member", nil},
		{"OBEC", nil},
		{"(BEC)とLockBit", []string{"BEC", "LockBit"}},
		{"LockBit", []string{"LockBit"}},
		{"", nil},
	} {
		var got []string
		for _, loc := range m.FindAllStringIndex(tt.text, -1) {
			got = append(got, tt.text[loc[0]:loc[1]])
		}
		if strings.Join(got, ",") != strings.Join(tt.want, ",") {
			t.Errorf("in %q found %q, want %q", tt.text, got, tt.want)
		}
		if m.MatchString(tt.text) != re.MatchString(tt.text) {
			t.Errorf("in %q MatchString = %v, the regexp says %v", tt.text, m.MatchString(tt.text), re.MatchString(tt.text))
		}
	}
}

func TestWordAutomaton(t *testing.T) {
	words := []string{"不正アクセス", "アクセス", "流出", "漏えい", "he", "she", "his", "hers"}
	a := newWordAutomaton(words)
	text := "ushers 不正アクセスで情報が流出、漏えいのおそれ"
	got := map[string]int{}
	for _, m := range a.findAll(text) {
		if text[m.Start:m.End] != words[m.Word] {
			t.Fatalf("match %+v spans %q, want %q", m, text[m.Start:m.End], words[m.Word])
		}
		got[words[m.Word]]++
	}
	for _, w := range words {
		// Overlapping words all count: "ushers" holds she, he and hers.
		want := strings.Count(text, w)
		if got[w] != want {
			t.Errorf("%q found %d times, want %d", w, got[w], want)
		}
	}
	if !a.matchAny("…漏えい…") || a.matchAny("無関係な文") {
		t.Error("matchAny")
	}
}
