package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/leakwatch/leakwatch"
	"github.com/leakwatch/leakwatch/store"
)

// searchDataDir makes a data directory whose store holds the search fixtures.
func searchDataDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	b, err := os.ReadFile(filepath.Join("testdata", "search", "articles.json"))
	if err != nil {
		t.Fatal(err)
	}
	var arts []leakwatch.Article
	if err := json.Unmarshal(b, &arts); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	st, err := store.Open(ctx, filepath.Join(dir, "leakwatch.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for i := range arts {
		a := &arts[i]
		if _, err := st.UpsertArticle(ctx, a); err != nil {
			t.Fatal(err)
		}
		if err := st.SaveAnalysis(ctx, a.ID, leakwatch.Analysis{IsIncident: true, Incidents: a.Incidents}); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestReindexAndSearch(t *testing.T) {
	dir := searchDataDir(t)

	// Before reindex the index is empty and search says so on stderr.
	code, out, errOut := runMain(t, "search", "--data-dir", dir, "ランサムウェア")
	if code != 0 || !strings.Contains(out, "no results") || !strings.Contains(errOut, "reindex") {
		t.Fatalf("search before reindex: %d %q %q", code, out, errOut)
	}

	code, out, errOut = runMain(t, "reindex", "--data-dir", dir)
	if code != 0 || !strings.Contains(out, "indexed 3 articles (store: 3)") {
		t.Fatalf("reindex: %d %q %q", code, out, errOut)
	}

	code, out, errOut = runMain(t, "search", "--data-dir", dir, "ランサムウエア", "サーバ")
	if code != 0 || errOut != "" {
		t.Fatalf("search: %d %q %q", code, out, errOut)
	}
	for _, want := range []string{"1 results for \"ランサムウエア サーバ\"", "院内の【サーバー】が【ランサムウェア】に感染", "2025-03-03 · secnews · さくら歯科クリニック ランサムウェア 約2400人分", "https://news.example.jp/2025/03/03/clinic", "causes: ランサムウェア 1", "records: 1000-9999 1"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}

	// Filters and JSON.
	code, out, _ = runMain(t, "search", "--data-dir", dir, "--json", "--min-records", "1,000", "--sort", "records", "--from", "2025-03-01", "--to", "2025-04-10")
	if code != 0 {
		t.Fatalf("search --json: %d %s", code, out)
	}
	var res leakwatch.SearchResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("json: %v\n%s", err, out)
	}
	if res.Total != 2 || res.Hits[0].Article.Title != "通販サイトでクレジットカード情報漏えい、1万2000件" {
		t.Errorf("filtered json: %+v", res)
	}
	code, out, _ = runMain(t, "search", "--data-dir", dir, "--actor", "partner", "--cause", "insider", "持ち出す")
	if code != 0 || !strings.Contains(out, "1 results") || !strings.Contains(out, "ひばり鉄道") {
		t.Errorf("actor filter: %d %s", code, out)
	}

	// Bad input is a usage error.
	for _, args := range [][]string{
		{"\"ランサム"},
		{"--cause", "hacking", "x"},
		{"--from", "2025/01/01", "x"},
		{"--sort", "popular", "x"},
		{"--min-records", "many", "x"},
		{"--page", "0", "x"},
	} {
		code, _, errOut := runMain(t, append([]string{"search", "--data-dir", dir}, args...)...)
		if code != exitUsage || errOut == "" {
			t.Errorf("%v: exit %d, stderr %q", args, code, errOut)
		}
	}

	// Reindex again swaps in a fresh index with the same content.
	code, out, _ = runMain(t, "reindex", "--data-dir", dir)
	if code != 0 || !strings.Contains(out, "indexed 3 articles") {
		t.Fatalf("second reindex: %d %q", code, out)
	}
}
