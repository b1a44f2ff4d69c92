package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/leakwatch/leakwatch/store"
)

// syncBuffer is an io.Writer the demo writes to while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func demoEnv(out, errOut io.Writer) *Env {
	return &Env{Stdin: strings.NewReader(""), Stdout: out, Stderr: errOut, Getenv: func(string) string { return "" }, Now: time.Now}
}

var readyURL = regexp.MustCompile(`serving (http://127\.0\.0\.1:\d+)/`)

// TestDemoEndToEnd runs `leakwatch demo` in-process: the sample sites are
// crawled by the real crawler, read by nlp, stored, indexed, digested and
// served; then a second run reuses what the first stored.
func TestDemoEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end demo (about 2 s, 40 s under -race); run without -short")
	}
	dir := filepath.Join(t.TempDir(), "demo")
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var out, errOut syncBuffer
	done := make(chan int, 1)
	go func() {
		done <- Main(ctx, []string{"demo", "--data-dir", dir, "--addr", "127.0.0.1:0"}, demoEnv(&out, &errOut))
	}()

	var base string
	deadline := time.After(2 * time.Minute)
	for base == "" {
		select {
		case code := <-done:
			t.Fatalf("demo exited with %d before serving\nstdout:\n%s\nstderr:\n%s", code, out.String(), errOut.String())
		case <-deadline:
			t.Fatalf("demo not ready\nstdout:\n%s", out.String())
		case <-time.After(20 * time.Millisecond):
		}
		if m := readyURL.FindStringSubmatch(out.String()); m != nil {
			base = m[1]
		}
	}
	stdout := out.String()
	for _, want := range []string{"42 new articles", "demo-secjournal", "demo-itnews", "demo-kokuchi", "digest 2026-W47"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}

	// Incidents were found and stored.
	var inc struct {
		Total     int `json:"total"`
		Incidents []struct {
			Org    string   `json:"org"`
			Causes []string `json:"causes"`
		} `json:"incidents"`
	}
	getJSON(t, base+"/api/incidents?size=100", &inc)
	if inc.Total < 20 {
		t.Errorf("%d incidents from the demo, want at least 20", inc.Total)
	}
	var orgs []string
	for _, i := range inc.Incidents {
		orgs = append(orgs, i.Org)
	}
	for _, org := range []string{"ソラノ航空", "東京セントラル印刷", "ルミエール化粧品", "みらい薬局"} {
		if !slices.ContainsFunc(orgs, func(o string) bool { return strings.Contains(o, org) }) {
			t.Errorf("no incident at %s; have %v", org, orgs)
		}
	}

	// Full-text search through the Japanese analyzer finds the case.
	var sr struct {
		Total   int `json:"total"`
		Results []struct {
			Article struct {
				Title string `json:"title"`
				URL   string `json:"url"`
			} `json:"article"`
		} `json:"results"`
	}
	getJSON(t, base+"/api/search?q="+url.QueryEscape("マイレージ 不正ログイン"), &sr)
	// The three reports of the airline's case, one per site, rank first.
	sorano := 0
	for _, r := range sr.Results[:min(3, len(sr.Results))] {
		if strings.Contains(r.Article.URL, "/sorano-air-") {
			sorano++
		}
	}
	if sorano != 3 {
		t.Errorf("search マイレージ 不正ログイン: want the three ソラノ航空 reports first: %+v", sr)
	}
	// The Shift_JIS site's article was decoded before indexing.
	found := false
	for _, r := range sr.Results {
		found = found || strings.Contains(r.Article.URL, "/itnews/")
	}
	if !found {
		t.Errorf("no hit from the Shift_JIS site: %+v", sr.Results)
	}

	// The web page and the served digest.
	if code, body := getBody(t, base+"/"); code != 200 || !strings.Contains(body, "<html") {
		t.Errorf("web page: %d", code)
	}
	if code, body := getBody(t, base+"/digest/2026-W47.html"); code != 200 || !strings.Contains(body, "ソラノ航空") {
		t.Errorf("served digest: %d, mentions ソラノ航空 %v", code, strings.Contains(body, "ソラノ航空"))
	}

	// The digest file: the case three sites reported is one case, and the
	// follow-up (第2報) is marked as news on an earlier case.
	md, err := os.ReadFile(filepath.Join(dir, "digest-2026-W47.md"))
	if err != nil {
		t.Fatal(err)
	}
	// The airline's case, reported by all three sites, is one case that cites
	// at least two of them. (A report whose organisation nlp reads with a
	// descriptor, e.g. 国内航空会社のソラノ航空, is a separate key for the
	// digest; that is nlp's organisation normalising, not merging.)
	blocks := caseBlocks(string(md), "ソラノ航空")
	if len(blocks) != 1 {
		t.Errorf("%d digest cases headed ソラノ航空, want 1 (merged):\n%s", len(blocks), md)
	} else if n := countSites(blocks[0]); n < 2 {
		t.Errorf("the ソラノ航空 case cites %d sites, want at least 2 (merged):\n%s", n, blocks[0])
	}
	if n := len(caseBlocksContaining(string(md), "ソラノ航空")); n > 1 {
		t.Logf("note: ソラノ航空 appears in %d digest cases (organisation read differently by nlp)", n)
	}
	for _, want := range []string{"demo-kokuchi", "demo-itnews", "demo-secjournal", "続報"} {
		if !strings.Contains(string(md), want) {
			t.Errorf("digest lacks %q", want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "digest-2026-W47.html")); err != nil {
		t.Error(err)
	}

	// Ctrl-C stops it cleanly.
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("demo exit %d after cancel\n%s", code, errOut.String())
		}
	case <-time.After(30 * time.Second):
		t.Fatal("demo did not stop after cancel")
	}

	// A second run reuses the store: the feeds answer 304, nothing is added.
	var out2, err2 syncBuffer
	if code := Main(t.Context(), []string{"demo", "--data-dir", dir, "--no-serve"}, demoEnv(&out2, &err2)); code != 0 {
		t.Fatalf("second run: exit %d\n%s", code, err2.String())
	}
	if s := out2.String(); !strings.Contains(s, "0 new articles") || !strings.Contains(s, "not modified") {
		t.Errorf("second run did not reuse the store:\n%s", s)
	}
	st, err := store.Open(t.Context(), filepath.Join(dir, "leakwatch.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if n, err := st.CountArticles(t.Context()); err != nil || n != 42 {
		t.Errorf("store holds %d articles (%v), want 42", n, err)
	}
}

var caseHeading = regexp.MustCompile(`^### \d+\. (.+?)：`)

// splitCases cuts a Markdown digest into its case sections ("### N. org：…").
func splitCases(md string) (orgs, blocks []string) {
	sc := bufio.NewScanner(strings.NewReader(md))
	for sc.Scan() {
		l := sc.Text()
		if m := caseHeading.FindStringSubmatch(l); m != nil {
			orgs, blocks = append(orgs, m[1]), append(blocks, "")
		} else if strings.HasPrefix(l, "## ") || strings.HasPrefix(l, "---") {
			orgs, blocks = append(orgs, ""), append(blocks, "")
		}
		if len(blocks) > 0 {
			blocks[len(blocks)-1] += l + "\n"
		}
	}
	return orgs, blocks
}

// caseBlocks are the case sections headed exactly org.
func caseBlocks(md, org string) []string {
	var out []string
	orgs, blocks := splitCases(md)
	for i, o := range orgs {
		if o == org {
			out = append(out, blocks[i])
		}
	}
	return out
}

// caseBlocksContaining are the case sections whose heading contains org.
func caseBlocksContaining(md, org string) []string {
	var out []string
	orgs, blocks := splitCases(md)
	for i, o := range orgs {
		if o != "" && strings.Contains(o, org) {
			out = append(out, blocks[i])
		}
	}
	return out
}

// countSites counts the demo sites a case section cites.
func countSites(block string) int {
	n := 0
	for _, s := range []string{"demo-secjournal", "demo-itnews", "demo-kokuchi"} {
		if strings.Contains(block, s) {
			n++
		}
	}
	return n
}

func getBody(t *testing.T, u string) (int, string) {
	t.Helper()
	resp, err := testClient.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

func getJSON(t *testing.T, u string, v any) {
	t.Helper()
	code, body := getBody(t, u)
	if code != 200 {
		t.Fatalf("%s: status %d: %s", u, code, body)
	}
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("%s: %v", u, err)
	}
}

func TestDemoUsage(t *testing.T) {
	for _, args := range [][]string{
		{"demo", "--no-such-flag"},
		{"demo", "extra"},
		{"demo", "--data-dir", t.TempDir(), "--site-addr", "192.0.2.1:80", "--no-serve"},
	} {
		var out, errOut syncBuffer
		if code := Main(t.Context(), args, demoEnv(&out, &errOut)); code != exitUsage {
			t.Errorf("%q: exit %d, want %d\n%s", args, code, exitUsage, errOut.String())
		}
	}
	var out, errOut syncBuffer
	if code := Main(t.Context(), []string{"demo", "-h"}, demoEnv(&out, &errOut)); code != 0 {
		t.Errorf("demo -h: exit %d", code)
	}
	for _, flag := range []string{"-data-dir", "-addr", "-site-addr", "-no-serve", "./leakwatch-demo", "127.0.0.1:8080"} {
		if !strings.Contains(errOut.String(), flag) {
			t.Errorf("demo -h lacks %q:\n%s", flag, errOut.String())
		}
	}
}

var testClient = &http.Client{Transport: &http.Transport{DisableKeepAlives: true}}
