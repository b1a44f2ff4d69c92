// Package browsertest starts Debian's headless Chromium for the tests that
// look at leakwatch's pages as a person would (the web page, the HTML
// digest), and keeps their screenshots.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"testing"

	"github.com/chromedp/chromedp"
)

// Chromium returns a Chromium binary, or "" when the machine has none.
// LEAKWATCH_CHROMIUM overrides the search.
func Chromium() string {
	if p := os.Getenv("LEAKWATCH_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// ArtifactDir is where screenshots are kept: $LEAKWATCH_ARTIFACTS (CI sets
// it), or the test's temporary directory.
func ArtifactDir(t testing.TB) string {
	t.Helper()
	if d := os.Getenv("LEAKWATCH_ARTIFACTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

// Context starts Chromium with a fresh profile and returns a browser context
// ready for chromedp.Run. It skips the test when there is no Chromium. The
// machine has no network: without these flags Chromium stalls on background
// fetches.
func Context(t testing.TB, parent context.Context, width, height int) context.Context {
	t.Helper()
	bin := Chromium()
	if bin == "" {
		t.Skip("no chromium found (apt-get install chromium, or set LEAKWATCH_CHROMIUM)")
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(bin),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(width, height),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(parent, opts...)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(func() { cancel(); cancelAlloc() })
	return ctx
}
