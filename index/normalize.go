package index

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// normalized is text folded for tokenising, with a map back to the original
// bytes so that highlights land on the text as stored.
type normalized struct {
	text string
	// orig[i] is the byte offset in the original text of normalised byte i;
	// orig[len(text)] is the original length. nil when the text is the
	// original (most Japanese news is already folded): a map of eight bytes
	// per byte of text is then all garbage.
	orig []int
}

// at is the offset in the original text of normalised byte i.
func (n normalized) at(i int) int {
	if n.orig == nil {
		return i
	}
	return n.orig[i]
}

// origMap is n.orig, built when n has none.
func (n normalized) origMap() []int {
	if n.orig != nil {
		return n.orig
	}
	orig := make([]int, len(n.text)+1)
	for i := range orig {
		orig[i] = i
	}
	return orig
}

// normalize folds width and case (NFKC, then lower case) before kagome sees
// the text: full-width digits and letters (１万２０００件, ＵＳＢ) would
// otherwise be split one character per token, and half-width katakana would
// not match the dictionary. It works one normalisation segment at a time so
// every output byte can be traced to the input segment it came from.
func normalize(s string) normalized {
	if isFolded(s) {
		return normalized{text: s}
	}
	var b strings.Builder
	b.Grow(len(s))
	orig := make([]int, 0, len(s)+1)
	var it norm.Iter
	it.InitString(norm.NFKC, s)
	for !it.Done() {
		start := it.Pos()
		seg := it.Next()
		lower := foldCase(seg)
		for range lower {
			orig = append(orig, start)
		}
		b.Write(lower)
	}
	orig = append(orig, len(s))
	return normalized{text: b.String(), orig: orig}
}

// isFolded reports whether s is already NFKC and lower case, the common case
// for Japanese news in full-width kana and kanji with ASCII digits.
func isFolded(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if 'A' <= c && c <= 'Z' {
				return false
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsUpper(r) {
			return false
		}
		// Full-width forms, half-width katakana and compatibility ideographs
		// all change under NFKC; everything else in Japanese text is rare.
		if r >= 0xFF00 && r <= 0xFFEF || r == 0x3000 {
			return false
		}
		i += n
	}
	return norm.NFKC.IsNormalString(s)
}

func foldCase(seg []byte) []byte {
	for _, c := range seg {
		if c >= utf8.RuneSelf || 'A' <= c && c <= 'Z' {
			return []byte(strings.ToLower(string(seg)))
		}
	}
	return seg
}

// foldTerm folds one term the way the tokenizer's input was folded; used for
// dictionary base forms, which kagome returns as written in the dictionary.
func foldTerm(s string) string {
	if isFolded(s) {
		return s
	}
	return strings.ToLower(norm.NFKC.String(s))
}

// stemKatakana drops a final long-vowel mark from katakana words of four
// characters or more, as kuromoji's katakana stemmer does: サーバー and
// サーバ, ユーザー and ユーザ are spelled both ways in the same newspaper.
// Short words keep it (コピー, メール) since there the mark is the word.
func stemKatakana(s string) string {
	if !strings.HasSuffix(s, "ー") {
		return s
	}
	n := 0
	for _, r := range s {
		if !isKatakana(r) {
			return s
		}
		n++
	}
	if n < 4 {
		return s
	}
	return strings.TrimSuffix(s, "ー")
}

func isKatakana(r rune) bool {
	return r >= 0x30A0 && r <= 0x30FF || r == 0x31F0
}

func isKanji(r rune) bool {
	return unicode.Is(unicode.Han, r) || r == '々'
}

// replace rewrites every from in n to to, keeping the map to the original:
// bytes of a replacement map to where the replaced text started.
func (n normalized) replace(from, to string) normalized {
	if from == "" || !strings.Contains(n.text, from) {
		return n
	}
	n.orig = n.origMap()
	var b strings.Builder
	b.Grow(len(n.text))
	orig := make([]int, 0, len(n.orig))
	rest := 0
	for {
		i := strings.Index(n.text[rest:], from)
		if i < 0 {
			break
		}
		i += rest
		b.WriteString(n.text[rest:i])
		orig = append(orig, n.orig[rest:i]...)
		b.WriteString(to)
		for range len(to) {
			orig = append(orig, n.orig[i])
		}
		rest = i + len(from)
	}
	b.WriteString(n.text[rest:])
	orig = append(orig, n.orig[rest:]...)
	return normalized{text: b.String(), orig: orig}
}
