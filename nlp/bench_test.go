package nlp

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchArticles are the fixture articles: the same text for both benchmarks,
// so their MB/s compare full analysis with kagome's bare tokenising.
func benchArticles(b *testing.B) []string {
	b.Helper()
	paths, err := filepath.Glob("testdata/articles/*.txt")
	if err != nil || len(paths) == 0 {
		b.Fatalf("no fixture articles: %v", err)
	}
	var out []string
	for _, p := range paths {
		body, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		out = append(out, string(body))
	}
	return out
}

func totalBytes(arts []string) int64 {
	var n int64
	for _, a := range arts {
		n += int64(len(a))
	}
	return n
}

func BenchmarkTokenize(b *testing.B) {
	arts := benchArticles(b)
	tok := testAnalyzer(b).tok
	b.SetBytes(totalBytes(arts))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, a := range arts {
			tok.Tokenize(a, Normal)
		}
	}
}

func BenchmarkAnalyze(b *testing.B) {
	arts := benchArticles(b)
	an := testAnalyzer(b)
	b.SetBytes(totalBytes(arts))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, a := range arts {
			title, _, _ := strings.Cut(a, "\n")
			an.Analyze(title, a)
		}
	}
}
