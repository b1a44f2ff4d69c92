package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch"
	"github.com/leakwatch/leakwatch/index"
	"github.com/leakwatch/leakwatch/store"
)

// TestServe runs the real program: import the sample announcement, build
// the index, `leakwatch serve` on port 0, query it over loopback, then stop
// it by cancelling the context as Ctrl-C does.
func TestServe(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the dictionary and builds an index")
	}
	dir := t.TempDir()
	if code, _, stderr := runMain(t, "import", "--data-dir", dir, filepath.Join("..", "..", "data", "sample", "announcement.txt")); code != 0 {
		t.Fatalf("import: %d %s", code, stderr)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	st, err := store.Open(ctx, storePath(dir))
	if err != nil {
		t.Fatal(err)
	}
	tok, err := tokenizer()
	if err != nil {
		t.Fatal(err)
	}
	if n, err := index.Rebuild(ctx, indexPath(dir), tok, func(fn func(leakwatch.Article) error) error { return st.EachArticle(ctx, fn) }); err != nil || n != 1 {
		t.Fatalf("rebuild: %d %v", n, err)
	}
	st.Close()

	pr, pw := io.Pipe()
	env := &Env{Stdin: strings.NewReader(""), Stdout: pw, Stderr: io.Discard, Getenv: func(string) string { return "" },
		Now: func() time.Time { return time.Date(2026, 9, 30, 12, 0, 0, 0, leakwatch.JST) }}
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, []string{"serve", "--data-dir", dir, "--addr", "127.0.0.1:0"}, env)
		pw.Close()
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		t.Fatalf("no URL printed: %v (exit %d?)", err, <-done)
	}
	go io.Copy(io.Discard, pr)
	i := strings.Index(line, "http://127.0.0.1:")
	if i < 0 {
		t.Fatalf("printed %q", line)
	}
	base := strings.Fields(line[i:])[0]

	get := func(path string) (int, string) {
		t.Helper()
		resp, err := http.Get(base + strings.TrimPrefix(path, "/"))
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	if code, body := get("/healthz"); code != 200 || !strings.Contains(body, `"status":"ok"`) {
		t.Errorf("healthz: %d %s", code, body)
	}
	code, body := get("/api/search?q=" + url.QueryEscape("不正アクセス"))
	if code != 200 {
		t.Fatalf("search: %d %s", code, body)
	}
	var res struct {
		Total   int `json:"total"`
		Results []struct {
			Article struct {
				ID    int64  `json:"id"`
				Title string `json:"title"`
			} `json:"article"`
			Snippet   string               `json:"snippet"`
			Incidents []leakwatch.Incident `json:"incidents"`
		} `json:"results"`
	}
	if err := json.Unmarshal([]byte(body), &res); err != nil {
		t.Fatal(err)
	}
	if res.Total != 1 || len(res.Results) != 1 || !strings.Contains(res.Results[0].Snippet, "<mark>") || len(res.Results[0].Incidents) == 0 {
		t.Fatalf("search result: %s", body)
	}
	id := res.Results[0].Article.ID
	if code, body := get("/api/articles/" + strconv.FormatInt(id, 10)); code != 200 || !strings.Contains(body, `"evidence"`) {
		t.Errorf("article: %d %s", code, body)
	}
	if code, body := get("/api/search?cause=nonsense"); code != 400 || !strings.Contains(body, `"param":"cause"`) {
		t.Errorf("bad cause: %d %s", code, body)
	}
	if code, body := get("/api/incidents?format=csv"); code != 200 || !strings.HasPrefix(body, "\ufeffarticle_id,") || !strings.Contains(body, "みなと") {
		t.Errorf("csv: %d %s", code, body)
	}
	if code, body := get("/api/stats"); code != 200 || !strings.Contains(body, `"incidents":1`) {
		t.Errorf("stats: %d %s", code, body)
	}
	if code, body := get("/?q=" + url.QueryEscape("個人情報")); code != 200 || !strings.Contains(body, "<mark>") {
		t.Errorf("page: %d", code)
	}
	if code, body := get("/articles/" + strconv.FormatInt(id, 10)); code != 200 || !strings.Contains(body, `<mark class="ev`) {
		t.Errorf("article page: %d", code)
	}
	if code, body := get("/digest/2026-W38.html"); code != 200 || !strings.Contains(body, "<html") {
		t.Errorf("digest html: %d %.200s", code, body)
	}
	if code, body := get("/digest/latest.html"); code != 200 || !strings.Contains(body, "<html") {
		t.Errorf("latest digest html: %d %.200s", code, body)
	}
	if code, body := get("/digest/latest.atom"); code != 200 || !strings.Contains(body, "<feed") {
		t.Errorf("digest atom: %d %.200s", code, body)
	}
	code, body = get("/metrics")
	for _, want := range []string{"leakwatch_index_documents 1", "leakwatch_index_size_bytes ", `route="GET /api/search",code="200"`, "leakwatch_last_crawl_timestamp_seconds 0"} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %q", want)
		}
	}

	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("serve exited %d after cancel", code)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("serve did not stop after cancel")
	}
}
