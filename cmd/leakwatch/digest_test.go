package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch"
	"github.com/leakwatch/leakwatch/store"
)

// digestDataDir fills a data directory's store with the digest package's
// fixture reports, one article per report, through the store's real API.
func digestDataDir(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("../../digest/testdata/reports.json")
	if err != nil {
		t.Fatal(err)
	}
	var rs []leakwatch.Report
	if err := json.Unmarshal(b, &rs); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	ctx := context.Background()
	st, err := store.Open(ctx, storePath(dir))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, r := range rs {
		text := r.Title + "\n" + r.Incident.Summary
		for _, e := range r.Incident.Evidence {
			text += "\n" + e.Text
		}
		a := leakwatch.Article{URL: r.URL, SourceID: r.SourceID, Title: r.Title, Text: text,
			Published: r.Published, Fetched: r.Published.Add(time.Hour)}
		if _, err := st.UpsertArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
		if err := st.SaveAnalysis(ctx, a.ID, leakwatch.Analysis{IsIncident: true, Incidents: []leakwatch.Incident{r.Incident}}); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func runDigestCmd(t *testing.T, now time.Time, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr,
		Getenv: func(string) string { return "" }, Now: func() time.Time { return now }}
	code := Main(context.Background(), append([]string{"digest"}, args...), env)
	return code, stdout.String(), stderr.String()
}

func TestDigestCommand(t *testing.T) {
	dir := digestDataDir(t)
	monday := time.Date(2026, 11, 23, 9, 0, 0, 0, leakwatch.JST)

	// Default: the previous full week, Markdown.
	code, out, errOut := runDigestCmd(t, monday, "--data-dir", dir)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"# 情報漏えい週報 2026-W47", "### 1. ひまわり通販株式会社：15万件",
		"件数を12万件から15万件に訂正", "### 2. みなと銀河物流株式会社：12万382件", "人数非公表/不明"} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	if n := strings.Count(out, "blogwatch.example.net"); n != 1 {
		t.Errorf("the merged case lists the blog %d times, want once", n)
	}

	// --json is --format json.
	code, out, errOut = runDigestCmd(t, monday, "--data-dir", dir, "--week", "2026-W47", "--json")
	if code != 0 {
		t.Fatalf("--json: exit %d: %s", code, errOut)
	}
	var d struct {
		Week  string `json:"week"`
		Cases []struct {
			Org     string `json:"org"`
			Sources []any  `json:"sources"`
		} `json:"cases"`
	}
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatalf("--json output: %v", err)
	}
	if d.Week != "2026-W47" || len(d.Cases) != 9 || len(d.Cases[1].Sources) != 3 {
		t.Errorf("json: week %s, %d cases, want 2026-W47 with 9 (second with 3 sources)", d.Week, len(d.Cases))
	}

	// --from/--to, HTML to a file.
	file := filepath.Join(t.TempDir(), "nov.html")
	code, _, errOut = runDigestCmd(t, monday, "--data-dir", dir, "--from", "2026-11-01", "--to", "2026-11-30", "--format", "html", "--out", file)
	if code != 0 {
		t.Fatalf("--out: exit %d: %s", code, errOut)
	}
	html, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(html, []byte("<svg")) || !bytes.Contains(html, []byte("情報漏えいダイジェスト 2026-11-01〜2026-11-30")) {
		t.Error("html digest of November lacks its chart or title")
	}

	// Atom across the year boundary: 2027-W01 and the seven weeks before.
	code, out, errOut = runDigestCmd(t, time.Date(2027, 1, 12, 9, 0, 0, 0, leakwatch.JST), "--data-dir", dir, "--format", "atom", "--base-url", "https://leakwatch.example.jp/")
	if code != 0 {
		t.Fatalf("atom: exit %d: %s", code, errOut)
	}
	var feed struct {
		Entries []struct {
			ID   string `xml:"id"`
			Link struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(out), &feed); err != nil {
		t.Fatalf("atom: %v", err)
	}
	if len(feed.Entries) != 8 || feed.Entries[0].ID != "urn:leakwatch:digest:2027-W01" || feed.Entries[1].ID != "urn:leakwatch:digest:2026-W53" {
		t.Errorf("atom entries = %+v", feed.Entries)
	} else if feed.Entries[0].Link.Href != "https://leakwatch.example.jp/digest/2027-W01.html" {
		t.Errorf("atom link = %s", feed.Entries[0].Link.Href)
	}
}

func TestDigestCommandUsage(t *testing.T) {
	dir := t.TempDir()
	now := time.Date(2026, 11, 23, 9, 0, 0, 0, leakwatch.JST)
	for _, args := range [][]string{
		{"--week", "2025-W53"},
		{"--week", "2026-W47", "--from", "2026-11-01", "--to", "2026-11-30"},
		{"--from", "2026-11-01"},
		{"--from", "2026-11-30", "--to", "2026-11-01"},
		{"--format", "pdf"},
		{"extra"},
	} {
		code, _, errOut := runDigestCmd(t, now, append([]string{"--data-dir", dir}, args...)...)
		if code != exitUsage || !strings.Contains(errOut, "leakwatch digest:") {
			t.Errorf("%v: exit %d (%q), want %d with a message", args, code, errOut, exitUsage)
		}
	}
	// An empty store gives a digest that says the week was quiet.
	code, out, errOut := runDigestCmd(t, now, "--data-dir", dir)
	if code != 0 || !strings.Contains(out, "この期間に報じられた情報漏えいの事案はありませんでした。") {
		t.Errorf("empty store: exit %d, %q, %q", code, out, errOut)
	}
}

// TestDigestFromStoreMatchesGolden runs the command on the real store and
// compares with the golden file the digest package made from its in-memory
// fake: the fake and the store must agree on what Reports returns.
func TestDigestFromStoreMatchesGolden(t *testing.T) {
	dir := digestDataDir(t)
	for _, tc := range []struct{ week, golden, clock string }{
		{"2026-W47", "week_2026-W47.md.golden", "2026-11-24 10:00"},
		{"2026-W53", "week_2026-W53.md.golden", "2027-01-12 10:00"},
		{"2026-W49", "week_2026-W49.md.golden", "2026-12-08 10:00"},
	} {
		now, _ := time.ParseInLocation("2006-01-02 15:04", tc.clock, leakwatch.JST)
		code, out, errOut := runDigestCmd(t, now, "--data-dir", dir, "--week", tc.week)
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", tc.week, code, errOut)
		}
		want, err := os.ReadFile(filepath.Join("../../digest/testdata", tc.golden))
		if err != nil {
			t.Fatal(err)
		}
		if out != string(want) {
			t.Errorf("%s from the store differs from %s:\n%s", tc.week, tc.golden, out)
		}
	}
}
