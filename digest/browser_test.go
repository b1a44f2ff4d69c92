package digest

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/leakwatch/leakwatch/internal/browsertest"
)

// TestHTMLInChromium opens the W47 digest in headless Chromium from a file
// (no network), checks what a reader sees, and keeps a screenshot and a
// printed PDF as artefacts.
func TestHTMLInChromium(t *testing.T) {
	s := New(loadFixture(t), WithClock(clockAt("2026-11-24 10:00")))
	var html bytes.Buffer
	if err := s.WriteDigest(context.Background(), &html, "2026-W47", FormatHTML); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "digest.html")
	if err := os.WriteFile(file, html.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	bctx := browsertest.Context(t, ctx, 1100, 900)

	run := func(what string, a chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(bctx, a); err != nil {
			t.Fatalf("chromium: %s: %v", what, err)
		}
	}
	run("open", chromedp.Steps(
		chromedp.EmulateViewport(1100, 900),
		chromedp.Navigate("file://"+file),
		chromedp.WaitVisible(chromedp.CSS("figure.chart svg")),
	))
	eval := func(expr string) float64 {
		t.Helper()
		v, err := chromedp.Run(bctx, chromedp.Evaluate[float64](expr))
		if err != nil {
			t.Fatalf("chromium: %s: %v", expr, err)
		}
		return v
	}
	title, err := chromedp.Run(bctx, chromedp.Title())
	if err != nil {
		t.Fatal(err)
	}
	firstOrg, err := chromedp.Run(bctx, chromedp.Text(chromedp.CSS("li.case .org")))
	if err != nil {
		t.Fatal(err)
	}
	cases := int(eval(`document.querySelectorAll("li.case").length`))
	chartWidth := eval(`document.querySelector("figure.chart svg").getBoundingClientRect().width`)
	bars := int(eval(`document.querySelectorAll("figure.chart svg path").length`))
	overflow := eval(`document.documentElement.scrollWidth - window.innerWidth`) > 0
	shot, err := chromedp.Run(bctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("chromium: screenshot: %v", err)
	}
	pdf, err := chromedp.Run(bctx, chromedp.PrintToPDF(chromedp.PDFPaper(chromedp.PaperA4), chromedp.PDFPrintBackground(), chromedp.PDFPreferCSSPageSize()))
	if err != nil {
		t.Fatalf("chromium: print: %v", err)
	}
	if title != "情報漏えい週報 2026-W47" {
		t.Errorf("title = %q", title)
	}
	if cases != 9 {
		t.Errorf("%d cases shown, want 9", cases)
	}
	if firstOrg != "ひまわり通販株式会社" {
		t.Errorf("first case = %q, want ひまわり通販株式会社", firstOrg)
	}
	if chartWidth < 600 {
		t.Errorf("chart is %.0f px wide, want it to fill the page", chartWidth)
	}
	if bars < 10 {
		t.Errorf("chart has %d paths, want bars for six causes", bars)
	}
	if overflow {
		t.Error("page is wider than the window")
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF")) {
		t.Error("printing did not produce a PDF")
	}
	out := browsertest.ArtifactDir(t)
	keep := func(name string, b []byte) {
		t.Helper()
		p := filepath.Join(out, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("kept %s (%d bytes)", p, len(b))
	}
	keep("digest-2026-W47.png", shot)
	keep("digest-2026-W47.pdf", pdf)

	// An empty week says so where the cases would be.
	html.Reset()
	if err := s.WriteDigest(context.Background(), &html, "2026-W49", FormatHTML); err != nil {
		t.Fatal(err)
	}
	empty := filepath.Join(dir, "empty.html")
	if err := os.WriteFile(empty, html.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	run("open empty week", chromedp.Steps(
		chromedp.Navigate("file://"+empty),
		chromedp.WaitVisible(chromedp.CSS("p.empty")),
	))
	msg, err := chromedp.Run(bctx, chromedp.Text(chromedp.CSS("p.empty")))
	if err != nil || msg != EmptyText {
		t.Errorf("empty week shows %q (%v)", msg, err)
	}
	if n := int(eval(`document.querySelectorAll("li.case").length`)); n != 0 {
		t.Errorf("empty week shows %d cases", n)
	}
	shot, err = chromedp.Run(bctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("chromium: screenshot: %v", err)
	}
	keep("digest-2026-W49.png", shot)
}
