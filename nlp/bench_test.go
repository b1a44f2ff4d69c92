package nlp

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ikawaha/kagome/v2/tokenizer"
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

// BenchmarkTokenize is kagome alone, the baseline of BenchmarkAnalyze.
func BenchmarkTokenize(b *testing.B) {
	arts := benchArticles(b)
	kt := testAnalyzer(b).tok.kt
	b.SetBytes(totalBytes(arts))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, a := range arts {
			kt.Analyze(a, tokenizer.Normal)
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

// BenchmarkAnalyzeVsTokenize alternates bare tokenising and full analysis of
// the same articles in each iteration, so that both see the same machine load,
// and reports their throughputs and the ratio the issue sets a floor on
// (analysis at ≥ 0.5× tokenising).
func BenchmarkAnalyzeVsTokenize(b *testing.B) {
	arts := benchArticles(b)
	an := testAnalyzer(b)
	mb := float64(totalBytes(arts)) / 1e6
	var tokTime, anTime time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		for _, a := range arts {
			an.tok.kt.Analyze(a, tokenizer.Normal)
		}
		t1 := time.Now()
		for _, a := range arts {
			title, _, _ := strings.Cut(a, "\n")
			an.Analyze(title, a)
		}
		tokTime += t1.Sub(t0)
		anTime += time.Since(t1)
	}
	b.ReportMetric(mb*float64(b.N)/tokTime.Seconds(), "tokenize-MB/s")
	b.ReportMetric(mb*float64(b.N)/anTime.Seconds(), "analyze-MB/s")
	b.ReportMetric(tokTime.Seconds()/anTime.Seconds(), "ratio")
}
