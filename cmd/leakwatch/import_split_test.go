package main

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSplitTitleText(t *testing.T) {
	tests := []struct {
		in, title, text string
	}{
		{"見出し\n本文一行目\n本文二行目\n", "見出し", "本文一行目\n本文二行目"},
		{"\n\n　見出し　\n\n本文\n", "見出し", "本文"},
		{"見出し\r\n\r\n本文\r\n続き", "見出し", "本文\n続き"},
		{"見出しのみ", "見出しのみ", ""},
		{"古い改行\r本文", "古い改行", "本文"},
		{" \n\u3000\n\t", "", ""},
		{"", "", ""},
	}
	for _, tt := range tests {
		title, text := splitTitleText(tt.in)
		if title != tt.title || text != tt.text {
			t.Errorf("splitTitleText(%q) = %q, %q; want %q, %q", tt.in, title, text, tt.title, tt.text)
		}
	}
}

// FuzzSplitTitleText: any file splits without panicking into a one-line,
// trimmed title and a text, and a file with something in it has a title.
func FuzzSplitTitleText(f *testing.F) {
	for _, s := range []string{"見出し\n本文", "\r\n\r\n題\r\n文", "\xff\xfe\x00", "　\n", "a\rb\nc"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		title, text := splitTitleText(s)
		if strings.ContainsAny(title, "\r\n") || strings.TrimSpace(title) != title {
			t.Errorf("title %q", title)
		}
		if strings.Contains(text, "\r") {
			t.Errorf("text keeps \\r: %q", text)
		}
		if strings.TrimSpace(s) != "" && title == "" {
			t.Errorf("no title from %q", s)
		}
		if utf8.ValidString(s) && !utf8.ValidString(title+text) {
			t.Errorf("valid input, invalid output")
		}
	})
}
