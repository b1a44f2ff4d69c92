package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var updateClassify = flag.Bool("update-classify", false, "rewrite testdata/classify/classify.golden")

// TestClassifyJSONGolden runs `classify --json` on the fixtures and compares
// the output with the golden file: organisation, causes, counts, data types
// and the evidence offsets all show up in a diff when a rule changes them.
func TestClassifyJSONGolden(t *testing.T) {
	files, err := filepath.Glob("testdata/classify/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	code, stdout, stderr := runMain(t, append([]string{"classify", "--json"}, files...)...)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	golden := "testdata/classify/classify.golden"
	if *updateClassify {
		if err := os.WriteFile(golden, []byte(stdout), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run with -update-classify to create it)", err)
	}
	if stdout != string(want) {
		t.Errorf("classify --json differs from %s (run with -update-classify after checking the change):\n%s", golden, stdout)
	}
	// The evidence spans must point at the sentences they quote.
	sc := bufio.NewScanner(strings.NewReader(stdout))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var res classified
		if err := json.Unmarshal(sc.Bytes(), &res); err != nil {
			t.Fatal(err)
		}
		a, err := readArticleFile(res.File, "")
		if err != nil {
			t.Fatal(err)
		}
		text := []rune(a.Text)
		for _, inc := range res.Incidents {
			for _, ev := range inc.Evidence {
				if ev.InTitle {
					continue
				}
				if ev.Span.End > len(text) || ev.Span.Start > ev.Span.End {
					t.Fatalf("%s: evidence span %v out of range", res.File, ev.Span)
				}
				if got := strings.TrimSpace(string(text[ev.Span.Start:ev.Span.End])); got != ev.Text {
					t.Errorf("%s: evidence span quotes %q, want %q", res.File, got, ev.Text)
				}
			}
		}
	}
}

func TestClassifyJSONL(t *testing.T) {
	var out, errb strings.Builder
	in := `{"id":"a","title":"不正アクセスのお知らせ","text":"株式会社テスト商会\n当社サーバーが第三者による不正アクセスを受け、お客様情報約5,000件が流出した可能性があることが判明しました。"}
not json
{"id":"b","title":"","text":""}
`
	env := &Env{Stdin: strings.NewReader(in), Stdout: &out, Stderr: &errb}
	code := Main(t.Context(), []string{"classify", "--jsonl"}, env)
	if code != exitPartial {
		t.Fatalf("exit %d, want %d (one bad line): %s", code, exitPartial, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("got %d lines, want 3: %s", len(lines), out.String())
	}
	var first struct {
		ID         string `json:"id"`
		IsIncident bool   `json:"is_incident"`
		Incidents  []struct {
			Org     string `json:"org"`
			Records *int64 `json:"records"`
		} `json:"incidents"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	if first.ID != "a" || !first.IsIncident || len(first.Incidents) != 1 || first.Incidents[0].Records == nil || *first.Incidents[0].Records != 5000 {
		t.Errorf("first line = %s", lines[0])
	}
	if !strings.Contains(lines[1], `"error"`) || !strings.Contains(lines[2], `"is_incident":false`) {
		t.Errorf("bad and empty lines: %s / %s", lines[1], lines[2])
	}
}

func TestClassifyUsage(t *testing.T) {
	if code, _, _ := runMain(t, "classify", "--nope"); code != exitUsage {
		t.Errorf("unknown flag: exit %d, want %d", code, exitUsage)
	}
	if code, _, _ := runMain(t, "classify", "testdata/classify/missing.txt"); code != exitPartial {
		t.Errorf("missing file: exit %d, want %d", code, exitPartial)
	}
}
