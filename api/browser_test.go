package api

import (
	"context"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/leakwatch/leakwatch/internal/browsertest"
)

// TestBrowser drives Debian's headless Chromium against the page on
// loopback: search, tick a cause filter, open an article, and check what is
// shown, keeping screenshots.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	ctx := browsertest.Context(t, context.Background(), 1200, 900)
	e := newEnv(t, nil)
	ts := httptest.NewServer(e.srv) // 127.0.0.1 only
	defer ts.Close()
	dir := browsertest.ArtifactDir(t)

	ctx, cancelTimeout := context.WithTimeout(ctx, 90*time.Second)
	defer cancelTimeout()

	// text reads an element's text, failing the test when it cannot.
	text := func(step string, sel string) string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
		if err != nil {
			t.Fatalf("%s: text of %s: %v", step, sel, err)
		}
		return strings.TrimSpace(v)
	}
	location := func() string {
		t.Helper()
		v, err := chromedp.Run(ctx, chromedp.Location())
		if err != nil {
			t.Fatalf("location: %v", err)
		}
		return v
	}

	// 1. Search for 情報 from the search box.
	err := chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/"),
		chromedp.WaitVisible(chromedp.ID("q")),
		chromedp.SendKeys(chromedp.ID("q"), "情報"),
		chromedp.Submit(chromedp.ID("q")),
		chromedp.WaitVisible(chromedp.CSS(".snippet mark")),
	)
	if err != nil {
		t.Fatalf("search: %v", err)
	}
	hits, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("li.hit").length`))
	if err != nil {
		t.Fatal(err)
	}
	if total := text("search", "#total"); total != "3" || hits != 3 {
		t.Errorf("search 情報: total %q, %d hits; want 3", total, hits)
	}
	if u, _ := url.Parse(location()); u.Query().Get("q") != "情報" {
		t.Errorf("the URL does not keep the query: %s", u)
	}

	// 2. Tick ランサムウェア: the page reloads with the filter in the URL.
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS(`input[name=cause][value=ransomware]`)),
		chromedp.WaitVisible(chromedp.ID("chips")),
	)
	if err != nil {
		t.Fatalf("filter: %v", err)
	}
	loc := location()
	u, _ := url.Parse(loc)
	if total := text("filter", "#total"); total != "1" || u.Query().Get("cause") != "ransomware" || u.Query().Get("q") != "情報" {
		t.Errorf("after ticking ransomware: total %q at %s", total, loc)
	}
	if strings.Contains(loc, "from=") || strings.Contains(loc, "org=") {
		t.Errorf("empty fields leaked into the shared URL: %s", loc)
	}
	if chips, first := text("filter", "#chips"), text("filter", "li.hit h2 a"); !strings.Contains(chips, "原因: ランサムウェア") || !strings.HasPrefix(first, "なにわ中央病院") {
		t.Errorf("chips %q, first title %q", chips, first)
	}
	if badges := text("filter", "li.hit .incidents"); !strings.Contains(badges, "ランサムウェア") || !strings.Contains(badges, "約3万2000人") {
		t.Errorf("badges %q", badges)
	}
	if checked, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector("input[name=cause][value=ransomware]").checked`)); err != nil || !checked {
		t.Errorf("the ticked filter is not shown ticked (%v)", err)
	}
	shot(t, ctx, filepath.Join(dir, "search.png"))

	// 3. Open the article: evidence is highlighted in the text.
	err = chromedp.Do(ctx,
		chromedp.Click(chromedp.CSS("li.hit h2 a")),
		chromedp.WaitVisible(chromedp.CSS("#text mark.ev")),
	)
	if err != nil {
		t.Fatalf("article: %v", err)
	}
	if h1 := text("article", "h1"); !strings.HasPrefix(h1, "なにわ中央病院") {
		t.Errorf("article heading %q", h1)
	}
	marked, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("#text mark.ev")).map(m => m.textContent)`))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"電子カルテシステムがランサムウェアに感染し", "患者約3万2000人分", "氏名や生年月日、診療情報"}
	if strings.Join(marked, "|") != strings.Join(want, "|") {
		t.Errorf("highlighted evidence %q, want %q", marked, want)
	}
	back, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(".back a"), "href"))
	if err != nil {
		t.Fatal(err)
	}
	if bu, _ := url.Parse(back.Value); bu.Query().Get("cause") != "ransomware" || bu.Query().Get("q") != "情報" {
		t.Errorf("the way back loses the search: %s", back.Value)
	}
	if cases := text("article", "#incidents"); !strings.Contains(cases, "なにわ中央病院") || !strings.Contains(cases, "根拠となった文") {
		t.Errorf("incident box %q", cases)
	}
	shot(t, ctx, filepath.Join(dir, "article.png"))

	// 4. The same search on a phone-sized screen.
	err = chromedp.Do(ctx,
		chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulatePortrait),
		chromedp.Navigate(ts.URL+"/?q="+url.QueryEscape("情報")),
		chromedp.WaitVisible(chromedp.CSS("li.hit")),
	)
	if err != nil {
		t.Fatalf("phone: %v", err)
	}
	overflow, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
	if err != nil {
		t.Fatal(err)
	}
	if overflow {
		t.Error("the page scrolls sideways on a phone")
	}
	shot(t, ctx, filepath.Join(dir, "search-phone.png"))
	t.Logf("screenshots in %s", dir)
}

func shot(t *testing.T, ctx context.Context, path string) {
	t.Helper()
	buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		t.Fatal(err)
	}
}
