package nlp

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Text is an article text normalised for reading, with a map back to the
// original so evidence can point at what the author wrote.
//
// Normalising is NFKC (full-width digits and Latin to half-width, half-width
// katakana to full-width, ① to 1), unification of the wave dashes and long
// vowel marks Japanese writers mix, and collapsing runs of spaces. Newlines are
// kept: they carry the structure of round-ups.
type Text struct {
	Norm string
	// origRune[i] is the index, in runes of the original, of the character that
	// produced byte i of Norm; origRune[len(Norm)] is the original's rune length.
	origRune []int32
}

// Normalize normalises s and records where each normalised byte came from.
func Normalize(s string) *Text {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	b := make([]byte, 0, len(s))
	orig := make([]int32, 0, len(s)+1)
	var it norm.Iter
	it.InitString(norm.NFKC, s)
	runeIdx := 0 // runes of s consumed so far
	pos := 0     // bytes of s consumed so far
	lastSpace := true
	for !it.Done() {
		seg := it.Next()
		next := it.Pos()
		segStart := runeIdx
		runeIdx += utf8.RuneCountInString(s[pos:next])
		pos = next
		for len(seg) > 0 {
			r, size := utf8.DecodeRune(seg)
			seg = seg[size:]
			r = foldRune(r)
			if r == '\n' {
				// Drop trailing spaces before a newline.
				for len(b) > 0 && b[len(b)-1] == ' ' {
					b = b[:len(b)-1]
					orig = orig[:len(orig)-1]
				}
				lastSpace = true
			} else if unicode.IsSpace(r) {
				if lastSpace {
					continue
				}
				r = ' '
				lastSpace = true
			} else {
				lastSpace = false
			}
			n := utf8.RuneLen(r)
			b = utf8.AppendRune(b, r)
			for k := 0; k < n; k++ {
				orig = append(orig, int32(segStart))
			}
		}
	}
	orig = append(orig, int32(runeIdx))
	return &Text{Norm: string(b), origRune: orig}
}

// foldRune unifies characters that NFKC leaves apart but writers use
// interchangeably in numbers and ranges.
func foldRune(r rune) rune {
	switch r {
	case '〜', '~', '∼', '－', '‐', '—', '―', '−':
		if r == '〜' || r == '~' || r == '∼' {
			return '〜'
		}
		return '-'
	case '\u00a0', '\u3000':
		return ' '
	case '\r':
		return '\n'
	}
	return r
}

// Span converts a byte range of Norm into a rune range of the original text.
func (t *Text) Span(start, end int) (int, int) {
	if start < 0 {
		start = 0
	}
	if end > len(t.Norm) {
		end = len(t.Norm)
	}
	if start > end {
		start = end
	}
	s := int(t.origRune[start])
	e := int(t.origRune[len(t.Norm)])
	if end < len(t.Norm) {
		e = int(t.origRune[end])
		// A normalised character that ends mid-way through one original
		// character still covers all of it.
		if e == s && end > start {
			e = s + 1
		}
	}
	return s, e
}
