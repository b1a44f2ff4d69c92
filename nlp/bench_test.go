package nlp

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ikawaha/kagome/v2/tokenizer"
)

// benchArticle is one text of a benchmark corpus.
type benchArticle struct{ title, text string }

// benchCorpus is a named set of articles; the benchmarks run each corpus as
// a sub-benchmark, so the figures of Analyze and Tokenize compare the same text.
type benchCorpus struct {
	name     string
	articles []benchArticle
}

// benchCorpora are the texts the benchmarks read:
//   - fixtures: every article this package's tests use (testdata/articles and
//     the held-out sets), written for the project: short, and dense with
//     incidents, the hardest case for the ratio;
//   - seeds and pages, when ../shared is beside the project: the five real
//     articles the project started from, and real Japanese news pages.
func benchCorpora(b *testing.B) []benchCorpus {
	b.Helper()
	var fixtures []benchArticle
	paths, _ := filepath.Glob("testdata/articles/*.txt")
	more, _ := filepath.Glob("testdata/heldout*/*.txt")
	for _, p := range append(paths, more...) {
		body, err := os.ReadFile(p)
		if err != nil {
			b.Fatal(err)
		}
		title, _, _ := strings.Cut(string(body), "\n")
		fixtures = append(fixtures, benchArticle{title, string(body)})
	}
	if len(fixtures) == 0 {
		b.Fatal("no fixture articles")
	}
	out := []benchCorpus{{"fixtures", fixtures}}
	for _, c := range []struct{ name, path string }{
		{"seeds", "../../shared/eval/seeds.jsonl"},
		{"pages", "../../shared/extract/gold.jsonl"},
	} {
		if arts := readJSONLArticles(b, c.path); len(arts) > 0 {
			out = append(out, benchCorpus{c.name, arts})
		}
	}
	return out
}

// readJSONLArticles reads {"title","text"} lines; nil when the file is absent.
func readJSONLArticles(b *testing.B, path string) []benchArticle {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	var out []benchArticle
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 16<<20)
	for sc.Scan() {
		var rec struct{ Title, Text string }
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			b.Fatalf("%s: %v", path, err)
		}
		if rec.Text != "" {
			out = append(out, benchArticle{rec.Title, rec.Text})
		}
	}
	if err := sc.Err(); err != nil {
		b.Fatalf("%s: %v", path, err)
	}
	return out
}

func corpusBytes(arts []benchArticle) int64 {
	var n int64
	for _, a := range arts {
		n += int64(len(a.text))
	}
	return n
}

// BenchmarkTokenize is kagome alone, the baseline of BenchmarkAnalyze.
func BenchmarkTokenize(b *testing.B) {
	kt := testAnalyzer(b).tok.kt
	for _, c := range benchCorpora(b) {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(corpusBytes(c.articles))
			for i := 0; i < b.N; i++ {
				for _, a := range c.articles {
					kt.Analyze(a.text, tokenizer.Normal)
				}
			}
		})
	}
}

func BenchmarkAnalyze(b *testing.B) {
	an := testAnalyzer(b)
	for _, c := range benchCorpora(b) {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(corpusBytes(c.articles))
			for i := 0; i < b.N; i++ {
				for _, a := range c.articles {
					an.Analyze(a.title, a.text)
				}
			}
		})
	}
}

// BenchmarkAnalyzeVsTokenize alternates bare tokenising and full analysis of
// the same articles in each iteration, so that both see the same machine load,
// and reports their throughputs and the ratio the issue sets a floor on
// (analysis at ≥ 0.5× tokenising).
func BenchmarkAnalyzeVsTokenize(b *testing.B) {
	an := testAnalyzer(b)
	for _, c := range benchCorpora(b) {
		b.Run(c.name, func(b *testing.B) {
			mb := float64(corpusBytes(c.articles)) / 1e6
			var tokTime, anTime time.Duration
			for i := 0; i < b.N; i++ {
				t0 := time.Now()
				for _, a := range c.articles {
					an.tok.kt.Analyze(a.text, tokenizer.Normal)
				}
				t1 := time.Now()
				for _, a := range c.articles {
					an.Analyze(a.title, a.text)
				}
				tokTime += t1.Sub(t0)
				anTime += time.Since(t1)
			}
			b.ReportMetric(mb*float64(b.N)/tokTime.Seconds(), "tokenize-MB/s")
			b.ReportMetric(mb*float64(b.N)/anTime.Seconds(), "analyze-MB/s")
			b.ReportMetric(tokTime.Seconds()/anTime.Seconds(), "ratio")
		})
	}
}
