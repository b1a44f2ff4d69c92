package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch"
	"github.com/leakwatch/leakwatch/index"
	"github.com/leakwatch/leakwatch/store"
	"golang.org/x/text/encoding/japanese"
)

// runMain runs leakwatch in-process and returns its exit status and output.
func runMain(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	env := &Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr,
		Getenv: func(string) string { return "" },
		Now:    func() time.Time { return time.Date(2025, 6, 12, 3, 0, 0, 0, leakwatch.JST) }}
	code := Main(context.Background(), args, env)
	return code, stdout.String(), stderr.String()
}

// copyDir copies the files under src into dst.
func copyDir(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

func writeFile(t *testing.T, path string, body []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, body, 0o644); err != nil {
		t.Fatal(err)
	}
}

// importTree is a directory of articles to import: the testdata files, a
// Shift_JIS text file, a file import ignores, and three broken files.
func importTree(t *testing.T) (dir string, good map[string]bool) {
	t.Helper()
	dir = t.TempDir()
	copyDir(t, "testdata/import", dir)
	sjis, err := japanese.ShiftJIS.NewEncoder().String("北浜市教委、児童312人分の個人情報入りUSBメモリを紛失\n\n" +
		"北浜市教育委員会は6月5日、市立小学校の教諭が児童312人分の氏名や生年月日、健康診断の結果を保存したUSBメモリを紛失したと発表した。\n" +
		"教諭は私物のかばんに入れて持ち帰っており、帰宅途中に立ち寄った店舗で紛失に気付いたという。\n")
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "news", "kitahama-sjis.txt"), []byte(sjis))
	writeFile(t, filepath.Join(dir, "notes.md"), []byte("# 取材メモ\n"))                                       // not an article type: skipped
	writeFile(t, filepath.Join(dir, ".cache", "old.txt"), []byte("隠しディレクトリ\n本文\n"))                        // hidden: skipped
	writeFile(t, filepath.Join(dir, "broken", "blank.txt"), []byte(" \n\u3000\n\n"))                       // no title
	writeFile(t, filepath.Join(dir, "broken", "image.txt"), []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")) // binary
	writeFile(t, filepath.Join(dir, "broken", "empty.html"), []byte("<html><head></head><body><script>var x=1;</script></body></html>"))
	good = map[string]bool{}
	for _, rel := range []string{"minato.txt", "news/sakura.html", "news/ipa-threats.txt", "news/kitahama-sjis.txt"} {
		good[fileURL(filepath.Join(dir, rel))] = true
	}
	return dir, good
}

func openTestStore(t *testing.T, dataDir string) *store.Store {
	t.Helper()
	st, err := store.Open(context.Background(), storePath(dataDir))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func storedArticles(t *testing.T, st *store.Store) map[string]leakwatch.Article {
	t.Helper()
	out := map[string]leakwatch.Article{}
	if err := st.EachArticle(context.Background(), func(a leakwatch.Article) error {
		out[a.URL] = a
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestImport(t *testing.T) {
	dir, good := importTree(t)
	dataDir := filepath.Join(t.TempDir(), "nested", "data") // created by import

	code, stdout, stderr := runMain(t, "import", "--data-dir", dataDir, "--source", "desk", dir)
	if code != exitPartial {
		t.Fatalf("exit %d, want %d (broken files)\nstdout: %s\nstderr: %s", code, exitPartial, stdout, stderr)
	}
	for _, name := range []string{"blank.txt", "image.txt", "empty.html"} {
		if !strings.Contains(stderr, name) {
			t.Errorf("stderr does not name %s:\n%s", name, stderr)
		}
	}
	for _, skipped := range []string{"notes.md", "old.txt"} {
		if strings.Contains(stderr, skipped) {
			t.Errorf("%s should be skipped silently:\n%s", skipped, stderr)
		}
	}
	if !strings.Contains(stdout, "imported 4 files: 4 new articles, 0 updated") {
		t.Errorf("summary: %s", stdout)
	}

	st := openTestStore(t, dataDir)
	arts := storedArticles(t, st)
	if len(arts) != len(good) {
		t.Fatalf("%d articles stored, want %d: %v", len(arts), len(good), arts)
	}
	an, err := newAnalyzer()
	if err != nil {
		t.Fatal(err)
	}
	for url, a := range arts {
		if !good[url] {
			t.Errorf("unexpected article %s", url)
			continue
		}
		if a.SourceID != "desk" || a.Title == "" || a.Text == "" || !a.Fetched.Equal(time.Date(2025, 6, 12, 3, 0, 0, 0, leakwatch.JST)) {
			t.Errorf("%s: %+v", url, a)
		}
		// What is stored is what nlp reads from the article.
		want := an.Analyze(a.Title, a.Text)
		if a.IsIncident != want.IsIncident || len(a.Incidents) != len(want.Incidents) {
			t.Errorf("%s: stored analysis %v/%d incidents, nlp says %v/%d", url, a.IsIncident, len(a.Incidents), want.IsIncident, len(want.Incidents))
		}
		raw, _, err := st.Raw(context.Background(), a.ID)
		if err != nil || len(raw) == 0 {
			t.Errorf("%s: raw file not archived: %v", url, err)
		}
	}
	txt := arts[fileURL(filepath.Join(dir, "minato.txt"))]
	if txt.Title != "ミナト電算にランサムウェア攻撃、顧客情報約1万2000件が流出の可能性" ||
		!strings.HasPrefix(txt.Text, "ソフトウェア開発の株式会社ミナト電算は") {
		t.Errorf("txt split: title %q text %.40q", txt.Title, txt.Text)
	}
	if !txt.IsIncident {
		t.Errorf("the ransomware report was not read as an incident: %+v", txt)
	}
	html := arts[fileURL(filepath.Join(dir, "news", "sakura.html"))]
	if !strings.Contains(html.Title, "さくら珈琲本舗") || !strings.Contains(html.Text, "クレジットカード情報3456件") ||
		strings.Contains(html.Text, "ランキング") || !html.Published.Equal(time.Date(2025, 6, 10, 11, 0, 0, 0, leakwatch.JST)) {
		t.Errorf("html extraction: title %q published %v text %q", html.Title, html.Published, html.Text)
	}
	sjis := arts[fileURL(filepath.Join(dir, "news", "kitahama-sjis.txt"))]
	if !strings.HasPrefix(sjis.Title, "北浜市教委") || !strings.Contains(sjis.Text, "USBメモリを紛失") {
		t.Errorf("Shift_JIS file not decoded: %q %q", sjis.Title, sjis.Text)
	}
	if ipa := arts[fileURL(filepath.Join(dir, "news", "ipa-threats.txt"))]; ipa.IsIncident {
		t.Errorf("the threat ranking was read as an incident: %+v", ipa.Incidents)
	}

	// The articles are searchable: import indexed them.
	if ids := searchIDs(t, dataDir, leakwatch.Query{}); len(ids) != len(good) {
		t.Errorf("%d articles indexed, want %d", len(ids), len(good))
	}

	// Importing again changes nothing: same articles, same ids, same incidents.
	code, stdout, _ = runMain(t, "import", "--data-dir", dataDir, "--source", "desk", dir)
	if code != exitPartial || !strings.Contains(stdout, "0 new articles, 4 updated") {
		t.Errorf("re-import: exit %d, %s", code, stdout)
	}
	again := storedArticles(t, st)
	if len(again) != len(arts) {
		t.Fatalf("re-import: %d articles, want %d", len(again), len(arts))
	}
	if ids := searchIDs(t, dataDir, leakwatch.Query{}); len(ids) != len(good) {
		t.Errorf("re-import: %d articles indexed, want %d", len(ids), len(good))
	}
	for url, a := range arts {
		b := again[url]
		if b.ID != a.ID || b.ContentHash != a.ContentHash || !reflect.DeepEqual(stripIDs(b.Incidents), stripIDs(a.Incidents)) {
			t.Errorf("re-import changed %s", url)
		}
	}
}

// stripIDs gives incidents' content for comparison, as reanalyze compares it.
// searchIDs opens the data directory's index, searches it and closes it
// again (the commands open it themselves).
func searchIDs(t *testing.T, dataDir string, q leakwatch.Query) map[int64]bool {
	t.Helper()
	tok, err := tokenizer()
	if err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(indexPath(dataDir), tok)
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	q.Size = 100
	res, err := ix.Search(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[int64]bool{}
	for _, h := range res.Hits {
		ids[h.Article.ID] = true
	}
	return ids
}

func stripIDs(ins []leakwatch.Incident) []string {
	out := make([]string, len(ins))
	for i, in := range ins {
		out[i] = incidentKey(in)
	}
	return out
}

func TestImportSingleFilesAndErrors(t *testing.T) {
	dataDir := t.TempDir()
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"no paths", []string{"import", "--data-dir", dataDir}, exitUsage, "no files"},
		{"bad flag", []string{"import", "--nope", "x"}, exitUsage, "nope"},
		{"missing file", []string{"import", "--data-dir", dataDir, "--no-index", filepath.Join(dataDir, "missing.txt")}, exitPartial, "missing.txt"},
		{"wrong type", []string{"import", "--data-dir", dataDir, "--no-index", "testdata/import/../../../../go.mod"}, exitPartial, "not a .txt or .html"},
		{"one good file", []string{"import", "--data-dir", dataDir, "--no-index", "testdata/import/minato.txt"}, exitOK, ""},
		{"same file twice", []string{"import", "--data-dir", dataDir, "--no-index", "testdata/import/minato.txt", "testdata/import/minato.txt"}, exitOK, ""},
		{"empty source", []string{"import", "--data-dir", dataDir, "--source", " ", "testdata/import/minato.txt"}, exitUsage, "--source"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runMain(t, tt.args...)
			if code != tt.wantCode || !strings.Contains(stderr, tt.wantErr) {
				t.Errorf("exit %d, want %d; stderr %q should contain %q", code, tt.wantCode, stderr, tt.wantErr)
			}
		})
	}
	st := openTestStore(t, dataDir)
	if n, _ := st.CountArticles(context.Background()); n != 1 {
		t.Errorf("%d articles, want 1", n)
	}
	if _, err := os.Stat(indexPath(dataDir)); !os.IsNotExist(err) {
		t.Errorf("--no-index made an index: %v", err)
	}
}

func TestReanalyze(t *testing.T) {
	ctx := context.Background()
	dataDir := t.TempDir()
	if code, out, errs := runMain(t, "import", "--data-dir", dataDir, "testdata/import"); code != exitOK {
		t.Fatalf("import: exit %d\n%s\n%s", code, out, errs)
	}
	st := openTestStore(t, dataDir)
	before := storedArticles(t, st)

	// Nothing changed since import: nothing to do.
	code, out, errs := runMain(t, "reanalyze", "--data-dir", dataDir)
	if code != exitOK || !strings.Contains(out, "reanalyzed 3 articles: 0 changed") {
		t.Fatalf("reanalyze: exit %d\n%s\n%s", code, out, errs)
	}

	// Simulate analyses written by older rules: one article lost its
	// incidents, another gained a wrong one.
	txtURL, ipaURL := fileURL(mustAbs(t, "testdata/import/minato.txt")), fileURL(mustAbs(t, "testdata/import/news/ipa-threats.txt"))
	txt, ipa := before[txtURL], before[ipaURL]
	if !txt.IsIncident || len(txt.Incidents) == 0 || ipa.IsIncident {
		t.Fatalf("fixture analyses not as expected: %v %v", txt.IsIncident, ipa.IsIncident)
	}
	if err := st.SaveAnalysis(ctx, txt.ID, leakwatch.Analysis{}); err != nil {
		t.Fatal(err)
	}
	bogus := leakwatch.Incident{Org: "情報処理推進機構", Causes: []leakwatch.Cause{leakwatch.CauseRansomware}, Actor: leakwatch.ActorExternal}
	if err := st.SaveAnalysis(ctx, ipa.ID, leakwatch.Analysis{IsIncident: true, Incidents: []leakwatch.Incident{bogus}}); err != nil {
		t.Fatal(err)
	}
	// The index is as wrong as the store was.
	tampered := storedArticles(t, st)
	tok, err := tokenizer()
	if err != nil {
		t.Fatal(err)
	}
	ix, err := index.Open(indexPath(dataDir), tok)
	if err != nil {
		t.Fatal(err)
	}
	if err := ix.Index(ctx, []leakwatch.Article{tampered[txtURL], tampered[ipaURL]}); err != nil {
		t.Fatal(err)
	}
	ix.Close()
	ransom := leakwatch.Query{Causes: []leakwatch.Cause{leakwatch.CauseRansomware}}
	if ids := searchIDs(t, dataDir, ransom); !ids[ipa.ID] || ids[txt.ID] {
		t.Fatalf("index not tampered: %v", ids)
	}

	code, out, errs = runMain(t, "reanalyze", "--data-dir", dataDir)
	if code != exitOK {
		t.Fatalf("reanalyze: exit %d\n%s\n%s", code, out, errs)
	}
	total := 0
	for _, a := range before {
		total += len(a.Incidents)
	}
	wantLine := "reanalyzed 3 articles: 2 changed; incidents " +
		itoa(total-len(txt.Incidents)+1) + " → " + itoa(total) + " (" + itoa(len(txt.Incidents)) + " added, 1 removed)"
	if !strings.Contains(out, wantLine) {
		t.Errorf("reanalyze said %q, want %q", out, wantLine)
	}
	after := storedArticles(t, st)
	for url, a := range before {
		b := after[url]
		if b.IsIncident != a.IsIncident || !reflect.DeepEqual(stripIDs(b.Incidents), stripIDs(a.Incidents)) {
			t.Errorf("%s not restored by reanalyze", url)
		}
	}
	if ids := searchIDs(t, dataDir, ransom); ids[ipa.ID] || !ids[txt.ID] {
		t.Errorf("index not updated by reanalyze: ransomware hits %v (ipa %d, txt %d)", ids, ipa.ID, txt.ID)
	}
	if code, _, _ := runMain(t, "reanalyze", "--data-dir", dataDir, "extra"); code != exitUsage {
		t.Errorf("reanalyze with an argument: exit %d", code)
	}
}

func mustAbs(t *testing.T, p string) string {
	t.Helper()
	abs, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestReanalyzeReextract damages stored texts and has reanalyze --reextract
// restore them from the archived files, then re-read their incidents.
func TestReanalyzeReextract(t *testing.T) {
	ctx := context.Background()
	dataDir := t.TempDir()
	if code, out, errs := runMain(t, "import", "--data-dir", dataDir, "--no-index", "testdata/import"); code != exitOK {
		t.Fatalf("import: exit %d\n%s\n%s", code, out, errs)
	}
	st := openTestStore(t, dataDir)
	before := storedArticles(t, st)
	htmlURL := fileURL(mustAbs(t, "testdata/import/news/sakura.html"))
	txtURL := fileURL(mustAbs(t, "testdata/import/minato.txt"))
	for _, url := range []string{htmlURL, txtURL} {
		a := before[url]
		a.Text = "（本文の取得に失敗しました）"
		if _, err := st.UpsertArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
		if err := st.SaveAnalysis(ctx, a.ID, leakwatch.Analysis{}); err != nil {
			t.Fatal(err)
		}
	}
	// An article with no archived page is left as it is.
	bare := leakwatch.Article{URL: "https://news.example.jp/no-raw", Title: "アーカイブなし", Text: "本文のみ保存された記事。"}
	if _, err := st.UpsertArticle(ctx, &bare); err != nil {
		t.Fatal(err)
	}

	code, out, errs := runMain(t, "reanalyze", "--data-dir", dataDir, "--no-index", "--reextract")
	if code != exitOK {
		t.Fatalf("reanalyze --reextract: exit %d\n%s\n%s", code, out, errs)
	}
	if !strings.Contains(out, "re-extracted 3 articles from their archived pages: 2 texts changed, 0 failed") {
		t.Errorf("output: %s", out)
	}
	after := storedArticles(t, st)
	for url, a := range before {
		b := after[url]
		if b.Text != a.Text || b.Title != a.Title || b.IsIncident != a.IsIncident ||
			!reflect.DeepEqual(stripIDs(b.Incidents), stripIDs(a.Incidents)) {
			t.Errorf("%s not restored: text %.30q incidents %d, want %.30q %d", url, b.Text, len(b.Incidents), a.Text, len(a.Incidents))
		}
	}
	if b := after[bare.URL]; b.Text != bare.Text {
		t.Errorf("article without raw page changed: %q", b.Text)
	}
}

func TestReextractArticle(t *testing.T) {
	stored := leakwatch.Article{URL: "https://news.example.jp/a", Title: "フィードの見出し", Text: "古い本文"}
	page := []byte(`<html><head><title>ページの見出し</title><meta property="article:published_time" content="2025-06-10T11:00:00+09:00"></head>` +
		`<body><nav>メニュー</nav><article><p>株式会社テスト商事は、顧客情報が流出した可能性があると発表した。</p></article></body></html>`)
	tests := []struct {
		name      string
		a         leakwatch.Article
		raw       []byte
		rawType   string
		wantOK    bool
		wantErr   bool
		wantTitle string
		wantText  string
	}{
		{"html keeps the feed title", stored, page, "text/html; charset=utf-8", true, false, "フィードの見出し", "株式会社テスト商事は"},
		{"html fills a missing title", leakwatch.Article{URL: stored.URL}, page, "text/html", true, false, "ページの見出し", "株式会社テスト商事は"},
		{"plain text", stored, []byte("新しい見出し\n\n新しい本文"), "text/plain", true, false, "新しい見出し", "新しい本文"},
		{"empty text file", stored, []byte("\n \n"), "text/plain", false, true, "フィードの見出し", "古い本文"},
		{"html without text", stored, []byte("<html><body><script>x()</script></body></html>"), "text/html", false, true, "フィードの見出し", "古い本文"},
		{"feed item json is not read", stored, []byte(`{"title":"x"}`), "application/json", false, false, "フィードの見出し", "古い本文"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok, err := reextractArticle(tt.a, tt.raw, tt.rawType, "")
			if ok != tt.wantOK || (err != nil) != tt.wantErr {
				t.Fatalf("ok %v err %v", ok, err)
			}
			if got.Title != tt.wantTitle || !strings.HasPrefix(got.Text, tt.wantText) {
				t.Errorf("title %q text %q", got.Title, got.Text)
			}
		})
	}
}
