package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/store"
)

// crawlSite is a loopback news site: an RSS 2.0 feed of n breach reports,
// each page delayed by delay.
func crawlSite(t *testing.T, n int, delay time.Duration) (*httptest.Server, *atomic.Int64) {
	t.Helper()
	var pages atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("/feed.xml", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
		fmt.Fprint(w, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>テスト速報</title>`)
		for i := range n {
			fmt.Fprintf(w, `<item><title>第%d商事に不正アクセス、顧客情報%d件流出のおそれ</title><link>http://%s/news/%d.html</link><pubDate>Mon, 02 Jun 2025 %02d:00:00 +0900</pubDate><description>不正アクセスの概要</description></item>`, i+1, (i+1)*100, r.Host, i+1, i%24)
		}
		fmt.Fprint(w, `</channel></rss>`)
	})
	mux.HandleFunc("/news/", func(w http.ResponseWriter, r *http.Request) {
		var id int
		if _, err := fmt.Sscanf(r.URL.Path, "/news/%d.html", &id); err != nil {
			http.NotFound(w, r)
			return
		}
		pages.Add(1)
		select {
		case <-time.After(delay):
		case <-r.Context().Done():
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		org := orgNames[id%len(orgNames)]
		fmt.Fprintf(w, `<html><head><title>%[1]sに不正アクセス - テスト速報</title></head><body><nav><a href="/">トップ</a></nav><article><h1>%[1]sに不正アクセス、顧客情報流出のおそれ</h1>
<p>%[1]sは6月2日、同社が運営する通販サイトが第三者による不正アクセスを受け、顧客の氏名や住所、電話番号など最大%[2]d件の個人情報が流出した可能性があると発表した。</p>
<p>同社によれば、サイトの脆弱性を突かれたもので、外部の専門機関と調査を進めている。対象の顧客には個別に連絡するという。</p></article></body></html>`, org, id*100)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv, &pages
}

var orgNames = []string{"株式会社みなと商事", "青葉物産株式会社", "株式会社北浜製作所", "東和ホールディングス株式会社", "株式会社さくら交通"}

func writeSources(t *testing.T, dir, name string, feeds ...string) string {
	t.Helper()
	var b strings.Builder
	for i, f := range feeds {
		fmt.Fprintf(&b, "[[source]]\nid = \"site%d\"\nname = \"テスト%d\"\nfeeds = [%q]\n\n", i+1, i+1, f)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCrawlCommand(t *testing.T) {
	srv, _ := crawlSite(t, 5, 0)
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	src := writeSources(t, dir, "sources.toml", srv.URL+"/feed.xml", srv.URL+"/missing.xml")

	code, out, errOut := runMain(t, "crawl", "--data-dir", data, "--sources", src, "--allow-private", "--rate", "1000")
	if code != exitPartial {
		t.Fatalf("exit %d, want 1 (one source fails)\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(out, "1 sources ok, 1 failed") || !strings.Contains(out, "5 new articles") || !strings.Contains(out, "FAILED") || !strings.Contains(out, "404") {
		t.Errorf("summary:\n%s", out)
	}
	st, err := store.Open(context.Background(), storePath(data))
	if err != nil {
		t.Fatal(err)
	}
	n, _ := st.CountArticles(context.Background())
	run, err := st.LastRun(context.Background())
	st.Close()
	if n != 5 || err != nil || run.NewArticles != 5 || run.SourcesFailed != 1 || run.Incidents == 0 {
		t.Errorf("stored %d articles; last run %+v (%v)", n, run, err)
	}

	// Without --allow-private the loopback site is refused.
	code, out, _ = runMain(t, "crawl", "--data-dir", filepath.Join(dir, "d2"), "--sources", writeSources(t, dir, "one.toml", srv.URL+"/feed.xml"), "--no-index")
	if code != exitPartial || !strings.Contains(out, "not allowed") {
		t.Errorf("loopback without --allow-private: exit %d\n%s", code, out)
	}

	// sources shows the failing feed with its error and next attempt.
	code, out, _ = runMain(t, "sources", "--data-dir", data, "--sources", src, "--json")
	if code != exitOK {
		t.Fatalf("sources --json: exit %d", code)
	}
	var list []sourceStatus
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatalf("sources --json: %v\n%s", err, out)
	}
	if len(list) != 2 || list[0].State[0].LastSuccess.IsZero() || list[1].State[0].Failures != 1 || list[1].State[0].NextAttempt.IsZero() || !strings.Contains(list[1].State[0].LastError, "404") {
		t.Errorf("sources: %+v", list)
	}
	code, out, _ = runMain(t, "sources", "--data-dir", data, "--sources", src)
	if code != exitOK || !strings.Contains(out, "backing off (1 failures)") || !strings.Contains(out, "site1") {
		t.Errorf("sources table:\n%s", out)
	}
	// Bad usage exits 2.
	if code, _, _ := runMain(t, "crawl", "--data-dir", data, "--sources", filepath.Join(dir, "nope.toml")); code != exitUsage {
		t.Errorf("missing sources file: exit %d", code)
	}
}

// TestCrawlChildProcess is the child of TestCrawlResumeAfterKill: it runs
// leakwatch with the arguments after "--" and exits with its status.
func TestCrawlChildProcess(t *testing.T) {
	if os.Getenv("LEAKWATCH_CRAWL_CHILD") != "1" {
		t.Skip("run as a child process only")
	}
	args := os.Args
	for i, a := range args {
		if a == "--" {
			args = args[i+1:]
			break
		}
	}
	os.Exit(Main(context.Background(), args, &Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv, Now: time.Now}))
}

// TestCrawlResumeAfterKill kills a crawl with SIGKILL mid-run, reruns it,
// and checks every article is stored exactly once and stored pages are not
// fetched again.
func TestCrawlResumeAfterKill(t *testing.T) {
	const n = 30
	srv, pages := crawlSite(t, n, 60*time.Millisecond)
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	src := writeSources(t, dir, "sources.toml", srv.URL+"/feed.xml")
	child := func() *exec.Cmd {
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrawlChildProcess$", "--",
			"crawl", "--data-dir", data, "--sources", src, "--allow-private", "--rate", "1000", "--no-index", "--progress", "never")
		cmd.Env = append(os.Environ(), "LEAKWATCH_CRAWL_CHILD=1", "LEAKWATCH_LOG_LEVEL=error")
		return cmd
	}
	first := child()
	if err := first.Start(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for pages.Load() < n/3 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if err := first.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = first.Wait()
	fetchedBefore := pages.Load()
	if fetchedBefore >= n {
		t.Fatalf("the first run fetched all %d pages before the kill", fetchedBefore)
	}

	second := child()
	out, err := second.CombinedOutput()
	if err != nil {
		t.Fatalf("rerun: %v\n%s", err, out)
	}
	st, err := store.Open(context.Background(), storePath(data))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	count, _ := st.CountArticles(context.Background())
	if count != n {
		t.Errorf("%d articles stored, want %d", count, n)
	}
	for i := 1; i <= n; i++ {
		if ok, err := st.HasArticle(context.Background(), fmt.Sprintf("%s/news/%d.html", srv.URL, i)); !ok || err != nil {
			t.Errorf("article %d missing (%v)", i, err)
		}
	}
	// Pages stored by the killed run were not fetched again; at most the
	// one in flight at the kill was.
	if total := pages.Load(); total > n+1 {
		t.Errorf("%d page fetches for %d articles (%d before the kill)", total, n, fetchedBefore)
	}
	t.Logf("killed after %d page fetches; %d fetches in all for %d articles", fetchedBefore, pages.Load(), n)
}
